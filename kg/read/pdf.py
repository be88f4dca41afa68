"""PDF text layers through pdfminer.six, which maps CJK CID fonts to Unicode.

Before pdfminer sees a file, its Flate streams are inflated once, in chunks
and without keeping the output, to check the same limits as a ZIP
(:mod:`kg.read.archive`): pdfminer inflates a stream whole, so a 100 KB PDF
holding a 1 GB stream of blanks would take gigabytes.  Other failures of
pdfminer (a syntax error, a reference loop ending in RecursionError,
corrupt streams) are put in words by :mod:`kg.read`.
"""
from __future__ import annotations

import io
import logging
import re
import zlib

from ..errors import ArchiveOverLimits, NoTextLayer
from . import archive

# pdfminer warns on every oddity of a damaged file ("Could not get FontBBox…");
# with no handler, Python would print each to stderr between kg's own lines.
# A program that configures logging still sees them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 20  # output per zlib call
_PIECE = 1 << 16  # input per zlib call


def extract(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    _check_streams(data)
    _patch_pdfminer()
    content = extract_text(io.BytesIO(data))
    # Form feeds separate pages; they are layout, not text.
    content = content.replace("\x0c", "\n")
    if not content.strip():
        raise NoTextLayer("the PDF has no text layer (a scan?); run OCR first")
    return content


def _check_streams(data: bytes) -> None:
    """Refuse a PDF whose Flate streams would inflate past the limits; nothing is kept.

    Each stream is fed to zlib in small pieces and its output counted and
    dropped, so the check costs one pass over the data and little memory.
    """
    total = 0
    done = 0  # streams are taken in order, each once, never one inside another
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        if m.start() < done:
            continue
        end = data.find(b"endstream", m.end())
        done = end if end >= 0 else len(data)
        size = _inflated_size(view[m.end():done], total)
        total += size
        if end < 0:
            break


def _inflated_size(raw: memoryview, before: int) -> int:
    inflater = zlib.decompressobj()
    size = 0
    try:
        for k in range(0, len(raw), _PIECE):
            pending = raw[k:k + _PIECE]
            while pending and not inflater.eof:
                size += len(inflater.decompress(pending, _CHUNK))
                pending = inflater.unconsumed_tail
                if before + size > archive.MAX_UNPACKED or (
                        size > archive.RATIO_FROM and size > archive.MAX_RATIO * len(raw)):
                    raise ArchiveOverLimits(
                        f"refused to unpack: a stream of {len(raw) // 1024} KB would inflate to over "
                        f"{size // 2**20} MB (a decompression bomb?)")
            if inflater.eof:
                break
    except zlib.error:
        pass  # not Flate (an image, another filter) or damaged: pdfminer decides
    return size


_patched = False


def _patch_pdfminer() -> None:
    """Recover damaged Flate streams in linear time.

    pdfminer's ``decompress_corrupted`` inflates a stream whose checksum is
    wrong one byte at a time, appending to a bytes object: quadratic, 80 s
    for a 600 KB stream (pdfminer.six issue #1163, open).  This does the
    same, keeping what inflates and tolerating errors only in the last 3
    bytes (the checksum), in one call for the body.
    """
    global _patched
    if _patched:
        return
    from pdfminer import pdftypes

    def decompress_corrupted(data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        result = inflater.decompress(data[:-3])  # an error here is raised, as pdfminer's own does
        try:
            for k in range(max(len(data) - 3, 0), len(data)):
                result += inflater.decompress(data[k:k + 1])
        except zlib.error:
            pass
        return result

    if hasattr(pdftypes, "decompress_corrupted"):
        pdftypes.decompress_corrupted = decompress_corrupted
    _patched = True
