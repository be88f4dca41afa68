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
import zipfile

from ..errors import BrokenFile, NoTextLayer

# The same limits as every ZIP kg opens: a small file whose members inflate to
# gigabytes is refused before anything is inflated (sizes from the directory;
# zipfile never inflates past a member's stated size).
MAX_UNPACKED = 512 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024


def is_ofd(data: bytes) -> bool:
    """A ZIP with OFD.xml at its root (GB/T 33190 §7.4: the package's entry point)."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError, UnicodeDecodeError):
        return False
    return any(n.lstrip("/").lower() == "ofd.xml" for n in names)


def extract(data: bytes) -> str:
    import ofdkit

    _check_sizes(data)
    try:
        with ofdkit.open(data) as document:
            content = document.text(page_separator="\n\n")
            problems = document.warnings
    except ofdkit.OFDError as exc:
        raise BrokenFile(f"not a readable OFD file ({exc})") from None
    if not content.strip():
        why = f" ({problems[0]})" if problems else ""
        raise NoTextLayer(f"the OFD file holds no text{why}; a scan inside an OFD needs OCR")
    return content


def _check_sizes(data: bytes) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise BrokenFile(f"not a readable OFD file (the ZIP is damaged: {exc})") from None
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNPACKED or (info.file_size > RATIO_FROM
                                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise BrokenFile(f"refused to unpack the OFD package: {info.filename!r} would inflate "
                             f"to {info.file_size / 2**20:.0f} MB (a zip bomb?)")
