"""Byte ranges of files, copied from file to file by the kernel.

A document's N-Quads and Turtle blocks are a few hundred KB, several times
its text.  Once the worker that made them has written them into the
document's cache entry (:mod:`kg.cache`), the build carries them as ranges
of that file: they reach the graph's files by ``copy_file_range``, never
through a pipe, a pickle or Python's buffers (one to two seconds of CPU
less per 1,000 documents).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileRange:
    path: str
    offset: int
    length: int

    def read(self) -> bytes:
        with open(self.path, "rb") as f:
            data = os.pread(f.fileno(), self.length, self.offset)
        if len(data) != self.length:
            raise EOFError(f"{self.path}: {self.length - len(data)} bytes missing at {self.offset + len(data)}")
        return data

    def copy_to(self, output: BinaryIO) -> None:
        """Appended to ``output``: by the kernel to a regular file (left at its end),
        else in pieces (one huge document's graph can be hundreds of MB)."""
        try:
            output.flush()
            dst = output.fileno()
        except (AttributeError, OSError, ValueError):  # not a file (io.UnsupportedOperation is an OSError)
            dst = None
        with open(self.path, "rb") as f:
            if dst is not None:
                copy_range(f.fileno(), dst, self.offset, self.length)
                output.seek(0, os.SEEK_END)  # its buffer's idea of the position, after a write it did not see
                return
            offset, length = self.offset, self.length
            while length:
                piece = os.pread(f.fileno(), min(length, 1 << 22), offset)
                if not piece:
                    raise EOFError(f"{self.path}: {length} bytes missing at {offset}")
                output.write(piece)
                offset, length = offset + len(piece), length - len(piece)


def copy_range(src: int, dst: int, offset: int, length: int) -> None:
    """``length`` bytes of the file ``src`` from ``offset`` appended to the
    file ``dst`` (descriptors), copied by the kernel where it can."""
    while length:
        try:
            n = os.copy_file_range(src, dst, length, offset)
        except OSError:  # another file system, an old kernel
            n = os.write(dst, os.pread(src, min(length, 1 << 22), offset))
        if not n:
            raise EOFError(f"{length} bytes missing at {offset}")
        offset += n
        length -= n
