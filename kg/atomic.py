"""Write output files so that a crash never leaves a half-written one.

Everything is written to temporary files beside the targets first and only
renamed into place once all of them are complete; a rename within a folder
is atomic, so a reader sees the old file or the new one, never a torn one.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO


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
