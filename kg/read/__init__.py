"""Read a file into a :class:`~kg.model.Source`, whatever its format.

The format is sniffed from the bytes (a .docx is a ZIP, a PDF starts with
%PDF); the extension only breaks ties and names the expectation in errors.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import BrokenFile, EmptyFile, UnsupportedFormat
from ..model import Source
from . import docx, html, pdf, text

SUFFIXES = {".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".mht", ".mhtml"}


def read(path: Path) -> Source:
    data = Path(path).read_bytes()
    if not data.strip():
        raise EmptyFile("empty file")
    suffix = Path(path).suffix.lower()
    if data.startswith(b"%PDF"):
        fmt, content, encoding = "pdf", pdf.extract(data), None
    elif data.startswith(b"PK\x03\x04") or suffix == ".docx":
        if suffix not in (".docx", ""):
            raise UnsupportedFormat(f"a ZIP archive with a {suffix} name; only .docx is read")
        fmt, content, encoding = "docx", docx.extract(data), None
    elif suffix == ".pdf":
        raise BrokenFile("not a PDF (no %PDF signature)")
    elif suffix in (".mht", ".mhtml") or html.sniff_mhtml(data):
        fmt = "html"  # a page saved as one file: its HTML part, read as a page
        content, encoding = html.extract_mhtml(data)
    elif suffix in (".html", ".htm") or html.sniff(data):
        # the text is the page's document as extracted: evidence offsets point into it
        fmt = "html"
        content, encoding = html.extract(data)
    else:
        fmt = "txt"
        content, encoding = text.decode(data)
    return Source(Path(path), content, fmt, encoding, hashlib.sha256(data).hexdigest())


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
