"""Errors a user can act on: each has a code and one line naming the problem.

Codes let logs, reports and tests match on what went wrong rather than on
wording.  The file name is added by whoever reports the error.
"""
from __future__ import annotations


class KGError(Exception):
    code = "KG000"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code} {self.message}"


class EmptyFile(KGError):
    code = "KG101"


class UnreadableText(KGError):
    """Bytes that decode to no plausible text in any supported encoding."""

    code = "KG102"


class BrokenFile(KGError):
    """A .docx or .pdf its library cannot open."""

    code = "KG103"


class NoTextLayer(KGError):
    code = "KG104"


class UnsupportedFormat(KGError):
    code = "KG105"


class MissingEngine(KGError):
    """A format read through an optional engine (OCR, a .doc converter) that is not installed."""

    code = "KG106"


class NotAnOfficialDocument(KGError):
    """Text that carries none of the marks of a 公文 (title with a 文种, number)."""

    code = "KG201"


class InvalidGraph(KGError):
    code = "KG301"
