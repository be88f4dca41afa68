"""OFD (GB/T 33190, the national fixed-layout format) through ofdkit.

An .ofd file is a ZIP: OFD.xml → DocBody/DocRoot → Document.xml → Pages →
each page's Content.xml, whose TextObjects place TextCodes at X/Y with
per-character advances (DeltaX/DeltaY).  ofdkit (pure Python, no
dependencies, Apache-2.0) follows templates, PageBlocks, CTMs and the
``g`` shorthand of DeltaX, groups runs into lines by baseline and sorts them
left to right, refuses DTDs and entities, and bounds part sizes; easyofd, the
other maintained reader, renders rather than reads and pulls in PyMuPDF.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from ..errors import BrokenFile, NoTextLayer
from .archive import checked as checked_zip, names as zip_names


def is_ofd(data: bytes) -> bool:
    """A ZIP with OFD.xml at its root (GB/T 33190 §7.4: the package's entry point)."""
    names = zip_names(data) or []
    return any(n.lstrip("/").lower() == "ofd.xml" for n in names)


def extract(data: bytes) -> str:
    import ofdkit

    checked_zip(data)  # the zip-bomb limits, before ofdkit unpacks anything
    try:
        with ofdkit.open(data) as document:
            content = document.text(page_separator="\n\n")
            problems = document.warnings
    except ofdkit.OFDError as exc:
        raise BrokenFile(f"not a readable OFD file ({exc})") from None
    if not content.strip():
        why = f" ({problems[0]})" if problems else ""
        raise NoTextLayer(f"the OFD file holds no text{why}")
    return content


def page_images(data: bytes) -> list[bytes]:
    """The scan inside a text-less OFD: for each page, the bytes of its largest
    ImageObject (Content.xml → ResourceID → MultiMedia → MediaFile)."""
    from lxml import etree

    try:
        return _page_images(data, etree)
    except (etree.XMLSyntaxError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise BrokenFile(f"not a readable OFD file ({exc.__class__.__name__}: {exc})") from None


def _page_images(data: bytes, etree) -> list[bytes]:

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = {n.lstrip("/").lower(): n for n in archive.namelist()}

    def part(path: str):
        name = names.get(posixpath.normpath(path.replace("\\", "/")).lstrip("/").lower())
        if name is None:
            raise BrokenFile(f"not a readable OFD file ({path} is missing)")
        return etree.fromstring(archive.read(name), parser)

    def local(el) -> str:
        return etree.QName(el).localname if isinstance(el.tag, str) else ""

    def find(el, name):
        return [e for e in el.iter() if local(e) == name]

    def near(base: str, location: str) -> str:
        location = (location or "").strip()
        return location.lstrip("/") if location.startswith("/") else posixpath.join(posixpath.dirname(base), location)

    root = part("OFD.xml")
    doc_path = near("OFD.xml", next((e.text for e in find(root, "DocRoot")), ""))
    document = part(doc_path)
    media: dict[str, str] = {}
    for res in find(document, "PublicRes") + find(document, "DocumentRes"):
        res_path = near(doc_path, res.text)
        if res_path.lower() not in names:
            continue
        res_root = part(res_path)
        # media files are named relative to the resource file's BaseLoc folder
        folder = near(res_path, res_root.get("BaseLoc")) if res_root.get("BaseLoc") else posixpath.dirname(res_path)
        for mm in find(res_root, "MultiMedia"):
            files = find(mm, "MediaFile")
            if files and mm.get("ID"):
                media[mm.get("ID")] = near(folder + "/", files[0].text)
    images = []
    for page in find(document, "Page"):
        if not page.get("BaseLoc"):
            continue
        best, area = None, 0.0
        for obj in find(part(near(doc_path, page.get("BaseLoc"))), "ImageObject"):
            box = [float(v) for v in (obj.get("Boundary") or "0 0 0 0").split()[:4]] + [0, 0, 0, 0]
            path = media.get(obj.get("ResourceID", ""))
            if path and box[2] * box[3] > area and path.lower() in names:
                best, area = path, box[2] * box[3]
        if best:
            images.append(archive.read(names[best.lower()]))
    return images


