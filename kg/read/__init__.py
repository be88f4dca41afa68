"""Read a file into a :class:`~kg.model.Source`, whatever its format.

The format is sniffed from the bytes, by the table :data:`FORMATS` (first
row that claims the file wins); the extension only breaks ties (a damaged
ZIP called .docx) and names the expectation in errors.  Bytes no row claims
are decoded as text.  To read a new format, add a row.  Scans (a PDF or
OFD without text, an image) go through OCR when the optional engine is
installed (``kg[ocr]``); a .doc or .wps through antiword or LibreOffice.

Whatever a reader's library raises on a damaged file (RecursionError from a
reference loop, zlib.error, KeyError, lxml's errors…) becomes a
:class:`~kg.errors.BrokenFile` whose reason says it in words; the file is
skipped and the batch goes on.
"""
from __future__ import annotations

import hashlib
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import (BrokenFile, CannotRead, EmptyFile, KGError, NoTextLayer, NotARegularFile, TooLarge,
                      UnsupportedFormat)
from ..limits import MAX_FILE_MB
from ..model import Source
from . import archive, doc, docx, html, ocr, ofd, pdf, text
from .walk import Walk, discover, hidden, os_reason

__all__ = ["FORMATS", "Format", "MAX_FILE_MB", "Walk", "discover", "hidden", "read"]


@dataclass(frozen=True)
class Format:
    """A row of the table: a file whose bytes start with ``magic`` (and that
    ``claims`` accepts, if given) is read by ``read``."""

    name: str  # Source.format
    label: str  # how messages name it: "not a readable .docx: …"
    magic: bytes  # the file starts with these bytes; b"" leaves it to ``claims``
    # bytes → text; (text, encoding) for formats that declare one; an ocr.Scan for
    # recognised pages; raises KGError or anything its library raises
    read: Callable[[bytes], "str | tuple[str, str | None] | ocr.Scan"]
    suffixes: tuple[str, ...] = ()  # names that expect this format
    claims: Callable[[bytes, str], bool] | None = None  # (data, lower-case suffix): e.g. which kind of ZIP


def _is_docx(data: bytes, suffix: str) -> bool:
    names = archive.names(data)
    if names is None:  # a damaged directory: the .docx reader says so, if the name expects a .docx
        return suffix in (".docx", "")
    return "word/document.xml" in names


def _pdf(data: bytes):
    try:
        return pdf.extract(data)
    except NoTextLayer:  # a scan
        return ocr.read_pdf(data)


def _ofd(data: bytes):
    try:
        return ofd.extract(data)
    except NoTextLayer:  # an OFD of scanned pages
        images = ofd.page_images(data)
        if not images:
            raise
        return ocr.read_images(images, "an OFD of scanned pages")


FORMATS: list[Format] = [
    Format("pdf", "PDF", b"%PDF", _pdf, (".pdf",)),
    Format("ofd", "OFD file", b"PK\x03\x04", _ofd, (".ofd",), lambda data, suffix: suffix == ".ofd" or ofd.is_ofd(data)),
    Format("docx", ".docx", b"PK\x03\x04", docx.extract, (".docx",), _is_docx),
    Format("doc", "Word 97-2003 or WPS file", doc.MAGIC, doc.extract, (".doc", ".wps")),
    Format("png", "PNG image", b"\x89PNG\r\n\x1a\n", ocr.read_image, (".png",)),
    Format("jpeg", "JPEG image", b"\xff\xd8\xff", ocr.read_image, (".jpg", ".jpeg")),
    Format("tiff", "TIFF image", b"", ocr.read_image, (".tif", ".tiff"),
           lambda data, suffix: ocr.image_format(data) == "tiff"),
    # a page saved as one file: its HTML part, read as a page
    Format("html", "MHTML page", b"", html.extract_mhtml, (".mht", ".mhtml"),
           lambda data, suffix: suffix in (".mht", ".mhtml") or html.sniff_mhtml(data)),
    # the text is the page's document as extracted: evidence offsets point into it
    Format("html", "HTML page", b"", html.extract, (".html", ".htm"),
           lambda data, suffix: suffix in (".html", ".htm") or html.sniff(data)),
]

# Formats kg does not read, named so the skip says what the file is.
NOT_READ: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a ZIP archive that is no Word document (.docx), or a damaged one"),
    (b"GIF8", "a GIF image"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
]


def read(path: Path, max_bytes: int | None = MAX_FILE_MB * 2**20) -> Source:
    """The text of the file at ``path``; raises a KGError naming the problem."""
    path = Path(path)
    data = _bytes(path, max_bytes)
    if not data.strip():
        raise EmptyFile("empty file")
    suffix = path.suffix.lower()
    fmt = _sniff(data, suffix)
    warnings: list[str] = []
    if fmt is None:
        content, encoding, warnings = text.decoded(data)
        name = "txt"
    else:
        try:
            content, encoding, name = fmt.read(data), None, fmt.name
            if isinstance(content, tuple):
                content, encoding = content
        except KGError:
            raise
        except Exception as exc:  # noqa: BLE001 - any library failure on a damaged file is a skip
            raise BrokenFile(f"not a readable {fmt.label}: {in_words(exc)}") from None
    sha256 = hashlib.sha256(data).hexdigest()
    if isinstance(content, ocr.Scan):  # recognised text: where each line stood, and by which engine
        return Source(path, content.text, f"{name}-ocr", None, sha256, warnings, content.regions, content.engine)
    return Source(path, content, name, encoding, sha256, warnings)


def _sniff(data: bytes, suffix: str) -> Format | None:
    for fmt in FORMATS:
        if data.startswith(fmt.magic) and (fmt.claims is None or fmt.claims(data, suffix)):
            return fmt
    for magic, what in NOT_READ:
        if data.startswith(magic):
            raise UnsupportedFormat(f"{what}; not read")
    expected = next((f for f in FORMATS if suffix in f.suffixes), None)
    if expected is not None:
        raise BrokenFile(f"not {_a(expected.label)}: it does not start like one")
    return None


def _a(label: str) -> str:
    """The label after its article: "an OFD file", "a PDF" (initialisms by the sound of their first letter)."""
    return ("an " if label[0] in "AEFHILMNORSX" else "a ") + label


def _bytes(path: Path, max_bytes: int | None) -> bytes:
    """The file's bytes, once it is known to be a regular file within the limit."""
    try:
        # O_NONBLOCK: should a FIFO have taken the file's place since the walk, opening it must not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise CannotRead(f"cannot open: {os_reason(exc, path)}") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotARegularFile("not a regular file; not read")
        if max_bytes is not None and st.st_size > max_bytes:
            raise TooLarge(f"{st.st_size / 2**20:.1f} MB, over the limit of {max_bytes / 2**20:g} MB "
                           "(raise it with --max-file-mb)")
        try:
            return f.read()
        except OSError as exc:
            raise CannotRead(f"cannot read: {os_reason(exc, path)}") from None


def in_words(exc: BaseException) -> str:
    """What a library's exception on a damaged file means, in words."""
    name = type(exc).__name__
    module = type(exc).__module__ or ""
    if isinstance(exc, RecursionError):
        return "its structure refers to itself (a reference loop)"
    if isinstance(exc, MemoryError):
        return "it would not fit in memory"
    if isinstance(exc, zlib.error):
        return "compressed data in it is corrupt"
    if isinstance(exc, zipfile.BadZipFile) or name in ("PackageNotFoundError",):
        return "the archive is damaged"
    if isinstance(exc, (EOFError,)) or name == "PDFEOFError":
        return "it ends too early (truncated)"
    if name == "XMLSyntaxError" or module.startswith("lxml"):
        return "its XML is malformed" + (f" (line {exc.lineno})" if getattr(exc, "lineno", None) else "")
    if isinstance(exc, KeyError) and module == "builtins":
        return "a part or an entry it needs is missing"
    if name.startswith("PDFPassword") or name == "PDFEncryptionError":
        return "it is encrypted; save an unprotected copy"
    if name in ("PDFSyntaxError", "PSSyntaxError", "PSEOF", "PDFNoValidXRef") or module.startswith("pdfminer"):
        return "its PDF syntax is damaged"
    if isinstance(exc, UnicodeError):
        return "text in it is in no valid encoding"
    return f"its contents are damaged ({name})"
