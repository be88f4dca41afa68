"""PDF text layers through pdfminer.six, which maps CJK CID fonts to Unicode.

Failures of pdfminer (a syntax error, a reference loop ending in
RecursionError, corrupt streams) are put in words by :mod:`kg.read`.
"""
from __future__ import annotations

import io
import logging

from ..errors import NoTextLayer

# pdfminer warns on every oddity of a damaged file ("Could not get FontBBox…");
# with no handler, Python would print each to stderr between kg's own lines.
# A program that configures logging still sees them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


def extract(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    content = extract_text(io.BytesIO(data))
    # Form feeds separate pages; they are layout, not text.
    content = content.replace("\x0c", "\n")
    if not content.strip():
        raise NoTextLayer("the PDF has no text layer (a scan?); run OCR first")
    return content
