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


class CannotRead(KGError):
    """The file system refused: permission denied, path too long, file gone."""

    code = "KG100"


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


# The folder walk: entries that are not files to open.
class NotARegularFile(KGError):
    """A FIFO, socket or device (also through a link): opening it could block or never end."""

    code = "KG110"


class LinkLoop(KGError):
    """A symbolic link that leads back to itself or to a folder above it."""

    code = "KG111"


class DanglingLink(KGError):
    code = "KG112"


# Limits, checked before anything is unpacked or read.
class TooLarge(KGError):
    """Over the per-file limit (``kg build --max-file-mb``)."""

    code = "KG120"


class ArchiveOverLimits(KGError):
    """A ZIP (.docx) or a PDF stream that would inflate past sane limits: a decompression bomb."""

    code = "KG121"


class MissingEngine(KGError):
    """A format read through an optional engine (OCR, a .doc converter) that is not installed."""

    code = "KG106"


class NotAnOfficialDocument(KGError):
    """Text that carries none of the marks of a 公文 (title with a 文种, number)."""

    code = "KG201"


class InvalidGraph(KGError):
    code = "KG301"


class InternalError(KGError):
    """A bug in kg met on this file; the batch goes on, the report names it."""

    code = "KG999"
