"""ZIP containers (.docx, and any other format that is a ZIP), checked before unpacking.

A zip bomb is a small file whose members inflate to gigabytes.  The central
directory states each member's compressed and uncompressed size, and
:mod:`zipfile` never inflates a member past its stated size (it stops there
and the CRC check fails), so checking the directory is enough: nothing is
inflated before these limits hold.
"""
from __future__ import annotations

import io
import zipfile

from ..errors import ArchiveOverLimits

MAX_UNPACKED = 512 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 100  # uncompressed / compressed; Word's XML compresses about 5 to 20 times
RATIO_FROM = 1024 * 1024  # members smaller than this may compress as they like


def names(data: bytes) -> list[str] | None:
    """The member names of a ZIP, or None when its directory cannot be read."""
    try:
        return zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError, UnicodeDecodeError):
        return None


def checked(data: bytes) -> zipfile.ZipFile:
    """The ZIP in ``data``, once its directory is within the limits; raises ArchiveOverLimits.

    A damaged archive raises zipfile.BadZipFile (the readers turn that into words).
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if total > MAX_UNPACKED:
            raise ArchiveOverLimits(
                f"refused to unpack: its members would inflate to over {MAX_UNPACKED // 2**20} MB (a zip bomb?)")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveOverLimits(
                f"refused to unpack: {info.filename!r} would inflate {info.file_size // max(info.compress_size, 1)} "
                f"times, to {info.file_size / 2**20:.0f} MB (a zip bomb?)")
    return archive
