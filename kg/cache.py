"""What a build made of each file, kept for the next build into the same folder.

``OUT/.kg/cache/<key>``: one file per document built, keyed by the file's
path and content (sha256) and by the extractor (kg's version and a hash of
its code and data, so an edited rule never serves a stale result).  Building
a folder again extracts only new and changed files; entries no build used
last time are removed after it, so documents whose files are gone leave
nothing behind.  Entries are marshalled plain values (no pickle: loading one
runs no code) and written atomically.
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

    def get(self, key: str | None):
        if key is None or not self.read:
            return None
        try:
            return marshal.loads((self.folder / key).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None  # missing or damaged: extract again

    def put(self, key: str | None, value) -> None:
        if key is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            tmp.write_bytes(marshal.dumps(value))
            os.replace(tmp, self.folder / key)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def prune(self) -> None:
        """Remove the entries this build did not use (files gone or changed, older kg)."""
        if not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if entry.name not in self.used:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
