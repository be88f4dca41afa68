"""PDF text layers through pdfminer.six, which maps CJK CID fonts to Unicode."""
from __future__ import annotations

import io

from ..errors import BrokenFile, NoTextLayer


def extract(data: bytes) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        content = extract_text(io.BytesIO(data))
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise BrokenFile(f"not a readable PDF ({exc.__class__.__name__})") from None
    # Form feeds separate pages; they are layout, not text.
    content = content.replace("\x0c", "\n")
    if not content.strip():
        raise NoTextLayer("the PDF has no text layer (a scan?); run OCR first")
    return content
