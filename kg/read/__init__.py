"""Read a file into a :class:`~kg.model.Source`, whatever its format.

The format is sniffed from the bytes (a .docx is a ZIP, an .ofd a ZIP with
OFD.xml at its root, a PDF starts with %PDF, a .doc or .wps is an OLE2
compound file, images by their magic numbers); the extension only breaks ties
and names the expectation in errors.  Scans (a PDF without a text layer, an
image) go through OCR when the optional engine is installed.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import BrokenFile, EmptyFile, NoTextLayer, UnsupportedFormat
from ..model import Source
from . import doc, docx, ocr, ofd, pdf, text

SUFFIXES = {".txt", ".text", ".docx", ".pdf", ".ofd", ".doc", ".wps",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def read(path: Path) -> Source:
    data = Path(path).read_bytes()
    if not data.strip():
        raise EmptyFile("empty file")
    suffix = Path(path).suffix.lower()
    sha256 = hashlib.sha256(data).hexdigest()
    encoding = None
    if data.startswith(b"%PDF"):
        try:
            fmt, content = "pdf", pdf.extract(data)
        except NoTextLayer:
            scan = ocr.read_pdf(data)
            return Source(Path(path), scan.text, "pdf-ocr", None, sha256, scan.regions, scan.engine)
    elif data.startswith(b"PK\x03\x04") and (ofd.is_ofd(data) or suffix == ".ofd"):
        try:
            fmt, content = "ofd", ofd.extract(data)
        except NoTextLayer:
            images = ofd.page_images(data)
            if not images:
                raise
            scan = ocr.read_images(images, "an OFD of scanned pages")
            return Source(Path(path), scan.text, "ofd-ocr", None, sha256, scan.regions, scan.engine)
    elif data.startswith(b"PK\x03\x04") or suffix == ".docx":
        if suffix not in (".docx", ""):
            raise UnsupportedFormat(f"a ZIP archive with a {suffix} name; only .docx and .ofd are read")
        fmt, content = "docx", docx.extract(data)
    elif data.startswith(doc.MAGIC):
        fmt, content = "doc", doc.extract(data)
    elif ocr.image_format(data):
        scan = ocr.read_image(data)
        return Source(Path(path), scan.text, f"{ocr.image_format(data)}-ocr", None, sha256, scan.regions, scan.engine)
    elif suffix == ".pdf":
        raise BrokenFile("not a PDF (no %PDF signature)")
    elif suffix in (".doc", ".wps", ".ofd") or suffix in ocr.SUFFIXES:
        raise BrokenFile(f"not a {suffix} file: it does not start like one")
    else:
        fmt = "txt"
        content, encoding = text.decode(data)
    return Source(Path(path), content, fmt, encoding, sha256)


def discover(paths: list[Path]) -> list[Path]:
    """The readable files under ``paths`` (folders recursively), sorted, once each."""
    found: dict[Path, None] = {}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("."):
                    found[f] = None
        else:
            found[p] = None
    return list(found)
