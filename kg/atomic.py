"""Write outputs so that a crash never leaves a half-written or mixed set.

Two tools:

- :class:`StagedFiles`: single files (``kg export -o FILE``), written to a
  temporary beside the target and renamed into place.
- :class:`Generation`: a build's whole output (graph, records, report and
  views) as one unit.  Several renames are not atomic together, so the files
  are never renamed into place one by one.  Instead each build writes a new
  *generation* folder ``OUT/.kg/<id>/``, and the names the user sees are
  fixed symbolic links into the current one::

      OUT/graph.ttl          -> .kg/current/graph.ttl
      OUT/docs/doc-….html    -> ../.kg/current/docs/doc-….html
      OUT/.kg/current        -> <id>            (swapped by one rename)

  Replacing the link ``.kg/current`` is a single atomic rename, so after a
  crash or ``kill -9`` at any point every name shows the previous build or
  every name shows the new one, never a mix.  Names a build has no longer
  (pages of documents gone, views not written) are removed after the swap;
  until then they are links to nothing, never stale pages.

A generation may hold folders too (``store/``, the build's Oxigraph store),
linked as one name (``OUT/store -> .kg/current/store``).  A process reading
a generation (a query on the store, ``kg serve``) *pins* it (:func:`pin`: a
shared ``flock`` on the generation's folder), and cleaning skips pinned
generations, so a build replacing the output never pulls a store from under
a running reader; the old generation goes at the first build after the
reader ended.

Only one process writes into a folder at a time: :func:`locked` holds
``fcntl.flock`` on ``OUT/.kg.lock`` (released by the kernel if the holder
dies).  Whoever holds it removes what killed builds left: generations that are
not current, and ``.NAME.PID.tmp`` files of processes no longer alive.  Files
of the user's own in ``OUT`` are never touched; outputs an older kg wrote as
plain files are first adopted into a generation of their own (content
unchanged), then replaced by links.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import time
from pathlib import Path
from typing import IO, Callable, Iterator

from .errors import KGError

STORE = ".kg"  # inside the output folder: the generations and the `current` link
LOCK = ".kg.lock"
CURRENT = "current"
CACHE = "cache"  # per-document results kept between builds (kg.cache)
# files earlier kg versions wrote in place: adopted (then replaced) when found as plain files
OWNED = re.compile(r"(graph\.ttl|graph\.nq|records\.jsonl|report\.json|index\.html|graph\.html|roles\.html"
                   r"|docs/doc-[0-9a-f]{12}\.html)")
FOLDERS = frozenset({"store"})  # names that are folders in a generation, linked as one entry
_TMP = re.compile(r"\.(.+)\.(\d+)\.tmp")  # StagedFiles' temporaries: .NAME.PID.tmp
LOCK_TIMEOUT = 600.0  # seconds a build waits for another one into the same folder


class OutputBusy(KGError):
    code = "KG701"


class StagedFiles:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._staged: list[tuple[Path, Path]] = []

    def open(self, name: str, mode: str = "w") -> IO:
        target = self.folder / name
        tmp = self.folder / f".{name}.{os.getpid()}.tmp"
        self._staged.append((tmp, target))
        return open(tmp, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "\n")

    def commit(self) -> list[Path]:
        for tmp, _ in self._staged:
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
        for tmp, target in self._staged:
            os.replace(tmp, target)
        done = [target for _, target in self._staged]
        self._staged = []
        return done

    def abort(self) -> None:
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged = []

    def __enter__(self) -> "StagedFiles":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


# ------------------------------------------------------------------ the lock

_held: dict[str, list] = {}  # realpath of a folder -> [lock file, depth]: re-entrant within a process


@contextlib.contextmanager
def locked(out_dir: Path, timeout: float | None = None,
           on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the output folder's lock; wait up to ``timeout`` seconds for another holder.

    ``on_wait`` is told once, with a message naming the other process, when
    the folder is busy.  Raises :class:`OutputBusy` when the wait runs out.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = os.path.realpath(out_dir)
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    f = open(out_dir / LOCK, "a+")
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pid = _holder(f)
                if time.monotonic() >= deadline:
                    raise OutputBusy(f"{out_dir}: another build into it (pid {pid}) is still running "
                                     f"after {timeout:g} s; try again when it is done") from None
                if not told and on_wait:
                    on_wait(f"waiting for another build into {out_dir} (pid {pid})")
                    told = True
                time.sleep(0.05)
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n")
        f.flush()
        _held[key] = [f, 1]
        try:
            yield
        finally:
            del _held[key]
            f.seek(0)
            f.truncate()  # no pid of a process gone
            fcntl.flock(f, fcntl.LOCK_UN)
    finally:
        f.close()


def _holder(f: IO) -> str:
    f.seek(0)
    return f.read().strip() or "?"


# ------------------------------------------------------------------ generations

class Generation:
    """A new output of ``out_dir``, staged in a folder of its own and made current at once.

    Use as a context manager (it holds the folder's lock); write with
    :meth:`open`, carry files of the current output over with :meth:`keep`,
    then :meth:`commit`.  Leaving the block without committing discards the
    stage.  Names are relative paths with ``/`` (``docs/doc-….html``).
    """

    def __init__(self, out_dir: Path, timeout: float | None = None,
                 on_wait: Callable[[str], None] | None = None):
        self.out_dir = Path(out_dir)
        self.store = self.out_dir / STORE
        self._lock = locked(self.out_dir, timeout, on_wait)
        self.path: Path | None = None
        self._names: set[str] = set()

    def __enter__(self) -> "Generation":
        self._lock.__enter__()
        try:
            self.store.mkdir(exist_ok=True)
            clean(self.out_dir)
            # unique among the generations of this folder: the id of a dead
            # build may come again, but its folder is gone by now (clean)
            self.path = self.store / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
            self.path.mkdir()
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.path is not None and self.path.exists() and _current(self.store) != self.path.name:
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            self._lock.__exit__(exc_type, exc, tb)

    def open(self, name: str, mode: str = "w") -> IO:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        self._names.add(name)
        return open(target, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "\n")

    def folder(self, name: str) -> Path:
        """A folder of this generation (one of :data:`FOLDERS`), linked as one name."""
        assert name in FOLDERS, name
        target = self.path / name
        target.mkdir(parents=True, exist_ok=True)
        self._names.add(name)
        return target

    def link(self, name: str, source: Path) -> None:
        """``source``, a file or folder of an earlier generation (never written
        again), as ``name`` of this one: hard links, not a copy."""
        if name in FOLDERS and (self.path / name).exists():
            shutil.rmtree(self.path / name)
        _link_or_copy(source, self.path / name)
        self._names.add(name)

    def keep(self, exclude: Callable[[str], bool] = lambda name: False) -> list[str]:
        """Carry the current output's files over (hard links), all but those ``exclude`` names."""
        kept = []
        for name, path in sorted(visible(self.out_dir).items()):
            if name not in self._names and not exclude(name):
                _link_or_copy(path, self.path / name)
                self._names.add(name)
                kept.append(name)
        return kept

    def sync(self, *names: str) -> None:
        """Write these files to disk now (:meth:`commit` then finds them clean), while other work goes on."""
        for name in names:
            _fsync(self.path / name)

    def commit(self) -> list[Path]:
        """Make this generation the output; return the names (paths in ``out_dir``) it shows."""
        for name in self._names:
            for path in _files(self.path / name) if name in FOLDERS else [self.path / name]:
                _fsync(path)
        for d in {(self.path / n).parent for n in self._names} | {self.path} | \
                 {self.path / n for n in self._names if n in FOLDERS}:
            _fsync(d)
        _adopt(self.out_dir, self._names)
        for name in sorted(self._names):
            _entry(self.out_dir, name)
        _swap(self.store, self.path.name)
        clean(self.out_dir)
        return [self.out_dir / n for n in sorted(self._names)]


def visible(out_dir: Path) -> dict[str, Path]:
    """The kg outputs a reader of ``out_dir`` sees now: name -> the file it reads."""
    out_dir = Path(out_dir)
    seen: dict[str, Path] = {}
    cur = _current(out_dir / STORE)
    if cur:
        gen = out_dir / STORE / cur
        for path in _files(gen):
            name = path.relative_to(gen).as_posix()
            if (out_dir / name).is_file():
                seen[name] = out_dir / name
        for name in sorted(FOLDERS):
            if (gen / name).is_dir() and _ours(out_dir, out_dir / name):
                seen[name] = out_dir / name
    for name in _plain_outputs(out_dir):
        seen[name] = out_dir / name
    return seen


def clean(out_dir: Path) -> None:
    """Remove what killed builds left in ``out_dir`` (call with the lock held)."""
    out_dir = Path(out_dir)
    store = out_dir / STORE
    cur = _current(store)
    if store.is_dir():
        for entry in store.iterdir():
            if entry.name in (CURRENT, cur, CACHE):
                continue
            if entry.is_dir() and not entry.is_symlink():
                _remove_unpinned(entry)
            else:
                entry.unlink(missing_ok=True)
    for folder in [out_dir] + _subdirs(out_dir):
        for entry in _scandir(folder):
            m = _TMP.fullmatch(entry.name)
            if m and _kg_name(out_dir, Path(folder) / m.group(1)) and not _alive(int(m.group(2))) \
                    and (entry.is_file(follow_symlinks=False) or entry.is_symlink()):
                os.unlink(entry.path)
            elif entry.is_symlink() and _ours(out_dir, Path(entry.path)) and not os.path.exists(entry.path):
                os.unlink(entry.path)  # a name the current build does not have


# ------------------------------------------------------------------ readers' pins

_pins: list[int] = []  # folder descriptors holding a shared lock, for the life of the process


def pin(path: Path) -> Path:
    """Pin the generation ``path`` (a name in an output folder, or a path in a
    generation) lies in, for the life of this process; return ``path`` resolved
    into it.  Cleaning leaves a pinned generation alone.  ``path`` outside any
    generation is returned resolved, unpinned."""
    for _ in range(5):
        real = Path(os.path.realpath(path))
        gen = next((p for p in real.parents if p.parent.name == STORE), None)
        if gen is None:
            return real
        try:
            fd = os.open(gen, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue  # cleaned while it was looked up: the link shows a newer one now
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits while a cleaner removes it
        if real.exists():
            _pins.append(fd)
            return real
        os.close(fd)
    raise KGError(f"{path}: the output changed five times while it was opened; try again")


def _remove_unpinned(gen: Path) -> None:
    try:
        fd = os.open(gen, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        shutil.rmtree(gen, ignore_errors=True)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)  # a reader has it open: removed by a later build
        return
    try:
        shutil.rmtree(gen, ignore_errors=True)
    finally:
        os.close(fd)


# --- helpers

def _current(store: Path) -> str | None:
    try:
        return os.readlink(store / CURRENT)
    except OSError:
        return None


def _files(folder: Path) -> list[Path]:
    """The files of ``folder`` (a generation), not those in its :data:`FOLDERS`."""
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and p.relative_to(folder).parts[0] not in FOLDERS)


def _subdirs(out_dir: Path) -> list[Path]:
    return [Path(e.path) for e in _scandir(out_dir)
            if e.is_dir(follow_symlinks=False) and e.name != STORE]


def _scandir(folder: Path):
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return []


def _kg_name(out_dir: Path, path: Path) -> bool:
    """A name kg writes in ``out_dir`` (an output, or an export beside the graph): its temporaries
    may go; a user's ``.x.123.tmp`` stays."""
    name = path.relative_to(out_dir).as_posix()
    return bool(OWNED.fullmatch(name) or re.fullmatch(r"graph\.\w+", name))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _link_target(name: str) -> str:
    """What ``OUT/name`` points at: relative, so the folder can be moved or copied."""
    up = "../" * name.count("/")
    return f"{up}{STORE}/{CURRENT}/{name}"


def _ours(out_dir: Path, path: Path) -> bool:
    """Is ``path`` (in ``out_dir``) kg's link into the current generation?"""
    try:
        return os.readlink(path) == _link_target(path.relative_to(out_dir).as_posix())
    except OSError:
        return False


def _plain_outputs(out_dir: Path) -> list[str]:
    """Outputs of an older kg (or ``kg export -o OUT/graph.ttl``) present as plain files."""
    names = []
    for folder in [out_dir] + _subdirs(out_dir):
        for entry in _scandir(folder):
            name = (Path(folder) / entry.name).relative_to(out_dir).as_posix()
            if OWNED.fullmatch(name) and entry.is_file() and not _ours(out_dir, Path(entry.path)):
                names.append(name)
    return names


def _adopt(out_dir: Path, new_names: set[str]) -> None:
    """Turn outputs present as plain files into links, without changing what a reader sees.

    The files seen now are gathered (hard links) into a generation of their own,
    which becomes current; then each plain file is replaced by its link, which
    shows the same bytes.  A crash at any step leaves the same content visible.
    """
    plain = _plain_outputs(out_dir)
    plain += [n for n in sorted(new_names) if n not in plain and os.path.lexists(out_dir / n)
              and not _ours(out_dir, out_dir / n)]
    if not plain:
        return
    store = out_dir / STORE
    gen = store / f"adopted-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    for name, path in visible(out_dir).items():
        _link_or_copy(path, gen / name)
    for name in plain:
        if not (gen / name).exists() and (out_dir / name).is_file():
            _link_or_copy(out_dir / name, gen / name)
    for p in _files(gen):
        _fsync(p)
    _swap(store, gen.name)
    for name in plain:
        if (out_dir / name).is_dir() and not (out_dir / name).is_symlink():
            raise KGError(f"{out_dir / name}: a folder is where kg writes this output; move it away")
        _entry(out_dir, name)


def _entry(out_dir: Path, name: str) -> None:
    """Make ``OUT/name`` the link into the current generation (if it is not yet)."""
    path = out_dir / name
    target = _link_target(name)
    with contextlib.suppress(OSError):
        if os.readlink(path) == target:
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _swap(store: Path, gen: str) -> None:
    tmp = store / f".{CURRENT}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(gen, tmp)
    os.replace(tmp, store / CURRENT)
    _fsync(store)


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    real = os.path.realpath(src)
    if os.path.isdir(real):  # a folder of a generation: never written again, so its files are shared
        for path in sorted(Path(real).rglob("*")):
            if path.is_file():
                _link_or_copy(path, dst / path.relative_to(real))
        dst.mkdir(exist_ok=True)
        return
    try:
        os.link(real, dst)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copy2(real, dst)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
