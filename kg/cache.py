"""What a build made of each file, kept for the next build into the same folder.

``OUT/.kg/cache/<key>``: one file per document built, keyed by the file's
path and content (sha256) and by the extractor (kg's version and a hash of
its code and data, so an edited rule never serves a stale result).  Building
a folder again extracts only new and changed files; entries no build used
last time are removed after it, so documents whose files are gone leave
nothing behind.  An entry is a marshalled head of plain values (no pickle:
loading one runs no code) and, after it, sections of bytes as they are (a
document's N-Quads and Turtle blocks), which a build copies from the entry
by the kernel (:class:`kg.ranges.FileRange`) without reading them.  Entries
are written atomically, by the worker that extracted the document.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path

from . import __version__
from .atomic import CACHE, STORE
from .ranges import FileRange

HEAD = 8  # bytes before an entry's head: the head's length


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """kg's version, Python's (marshal's format), and a hash of kg's code and data."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{__version__}\0{sys.version}".encode())
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix not in (".pyc",) and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(root)).encode() + b"\0")
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    def __init__(self, out_dir: Path, read: bool = True):
        self.folder = Path(out_dir) / STORE / CACHE
        self.read = read  # False: kg build --rebuild, results are stored but none is taken
        self.used: set[str] = set()

    def key(self, path: Path, max_bytes: int | None) -> str | None:
        """The key of ``path`` as it is now (None: unreadable or too large; not cached)."""
        try:
            if max_bytes is not None and os.path.getsize(path) > max_bytes:
                return None
            with open(path, "rb") as f:
                content = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError:
            return None
        name = hashlib.sha256(f"{path}\0{content}\0{extractor_version()}".encode()).hexdigest()
        self.used.add(name)
        return name

    def has(self, key: str | None) -> bool:
        return key is not None and self.read and (self.folder / key).is_file()

    def get(self, key: str | None) -> tuple | None:
        """(head, its sections' ranges in the entry) of ``key``; None: none, or damaged."""
        if key is None or not self.read:
            return None
        path = self.folder / key
        try:
            with open(path, "rb") as f:
                end = os.fstat(f.fileno()).st_size
                size = int.from_bytes(f.read(HEAD), "little")
                if size > end - HEAD:
                    return None
                head, lengths = marshal.loads(f.read(size))
        except (OSError, EOFError, ValueError, TypeError):
            return None  # missing or damaged: extract again
        ranges = _ranges(path, HEAD + size, lengths)
        whole = all(r is None or r.offset + r.length <= end for r in ranges)
        return (head, ranges) if whole else None

    def prune(self) -> None:
        """Remove the entries this build did not use (files gone or changed, older kg)."""
        if not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if entry.name not in self.used:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def put(folder: Path, key: str | None, head, sections: list[bytes | None]) -> list[FileRange | None] | None:
    """The entry ``key`` in the cache folder ``folder``: ``head`` (plain values) and
    ``sections`` (bytes, or None) after it; where each section is in it (None for
    None), or None if it could not be written (the build goes on without it)."""
    if key is None:
        return None
    lengths = [-1 if part is None else len(part) for part in sections]
    meta = marshal.dumps((head, lengths))
    path = Path(folder) / key
    tmp = path.with_name(f".{key}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(len(meta).to_bytes(HEAD, "little"))
            f.write(meta)
            for part in sections:
                if part is not None:
                    f.write(part)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return None
    return _ranges(path, HEAD + len(meta), lengths)


def _ranges(path: Path, at: int, lengths: list[int]) -> list[FileRange | None]:
    """Where sections of these lengths (-1: None) are, one after the other from ``at``."""
    ranges = []
    for length in lengths:
        ranges.append(None if length < 0 else FileRange(str(path), at, length))
        at += max(length, 0)
    return ranges
