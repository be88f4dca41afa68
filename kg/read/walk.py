"""The folder walk: which files to read, and why each other entry is not read.

Folders are walked recursively in name order, following links, and every
entry ends in one of three lists: a file to read (whatever its extension:
the readers sniff the bytes), a skip with a code and a reason (a link loop, a
dangling link, a FIFO, socket or device, a folder or file the system will
not open), or, quietly, an ignored entry (hidden files such as ``.DS_Store``
and editor temporaries such as ``~$x.docx``; report.json still lists them).
Nothing is opened here: a FIFO would block a reader.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CannotRead, DanglingLink, KGError, LinkLoop, NotARegularFile

_KINDS = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device")]


@dataclass
class Walk:
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, KGError]] = field(default_factory=list)
    ignored: list[tuple[Path, str]] = field(default_factory=list)


def discover(paths: list[Path]) -> Walk:
    """Walk ``paths`` (files as given, folders recursively); each file once."""
    walk = Walk()
    seen: dict[tuple[int, int], Path] = {}
    for p in paths:
        _visit(Path(p), walk, seen, ancestors=())  # a hidden file named here is read
    return walk


def hidden(name: str) -> bool:
    """Hidden files and the owner/lock files editors leave beside a document."""
    return name.startswith((".", "~$")) or name.endswith("~")


def _visit(path: Path, walk: Walk, seen: dict, ancestors: tuple) -> None:
    try:
        st = os.stat(path)  # through links: what matters is what they lead to
    except OSError as exc:
        walk.skipped.append((path, _stat_error(path, exc)))
        return
    key = (st.st_dev, st.st_ino)
    if stat.S_ISDIR(st.st_mode):
        if key in ancestors:
            walk.skipped.append((path, LinkLoop("a link back to a folder above it (a loop); not followed")))
            return
        if key in seen:
            walk.ignored.append((path, f"the same folder as {seen[key]}, already read"))
            return
        seen[key] = path
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            walk.skipped.append((path, CannotRead(f"cannot open the folder: {os_reason(exc, path)}")))
            return
        for entry in entries:
            child = Path(entry.path)
            if hidden(entry.name):
                walk.ignored.append((child, "hidden or an editor's temporary file"))
            else:
                _visit(child, walk, seen, ancestors + (key,))
    elif stat.S_ISREG(st.st_mode):
        if key in seen:
            if seen[key] != path:
                walk.ignored.append((path, f"the same file as {seen[key]}, already read"))
            return
        seen[key] = path
        walk.files.append(path)
    else:
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a file or folder")
        via = " (through a link)" if path.is_symlink() else ""
        walk.skipped.append((path, NotARegularFile(f"not a regular file: {kind}{via}; not opened")))


def _stat_error(path: Path, exc: OSError) -> KGError:
    if exc.errno == errno.ELOOP:
        return LinkLoop("a symbolic link that leads back to itself (a loop)")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return DanglingLink(f"a link to {os.readlink(path)!r}, which does not exist")
    return CannotRead(os_reason(exc, path))


def os_reason(exc: OSError, path: Path | str | None = None) -> str:
    """An OSError in words, without the path (the caller names the file)."""
    if exc.errno == errno.ENAMETOOLONG and path is not None:
        return f"the path is too long ({len(os.fsencode(path))} bytes; the system allows {_path_max()})"
    if exc.errno == errno.ENOENT:
        return "no such file"
    return (exc.strerror or exc.__class__.__name__).lower()


def _path_max() -> int:
    try:
        return os.pathconf("/", "PC_PATH_MAX")
    except (OSError, ValueError):
        return 4096
