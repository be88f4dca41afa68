"""Progress of a build on stderr: each stage named, a bar with an honest estimate.

click's progressbar estimates the time left from the first items, which a
pool's start-up delays and then delivers in bursts: on 300 documents it first
said 13 minutes for 30 seconds of work.  Here no estimate is shown until a
few seconds have passed since the first item came back and a few items are
done, and the rate is measured from that first item, not from the start.
After the bar each later stage (writing the graph, the store, the views) is
announced as it starts and given its time when done, so the tail is never
silent.

A :class:`Progress` is what :func:`kg.api.build` takes as ``progress``: called
with the files it wraps their iteration in the bar; :meth:`stage` names the
next stage.  Disabled (``-q``, or stderr no terminal) it prints nothing.
"""
from __future__ import annotations

import sys
import time
from typing import IO, Iterable, Iterator

ESTIMATE_AFTER_S = 3.0  # seconds since the first item before an estimate is shown
ESTIMATE_AFTER_ITEMS = 5
REDRAW_S = 0.2  # the bar is redrawn at most this often
BAR_FROM = 20  # files; fewer are read too fast for a bar to say anything


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m {seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    def __init__(self, enabled: bool = True, stream: IO[str] | None = None, clock=time.monotonic):
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.clock = clock
        self._stage: str | None = None
        self._since = 0.0

    # --- stages

    def stage(self, name: str) -> None:
        """End the current stage (its time said) and announce ``name``."""
        self._end()
        self._stage, self._since = name, self.clock()
        self._write(f"{name}…", end="")

    def done(self) -> None:
        self._end()

    def _end(self) -> None:
        if self._stage is not None:
            self._write(f"\r{self._stage}: {self.clock() - self._since:.1f} s\033[K")
            self._stage = None

    # --- the bar

    def __call__(self, files: Iterable) -> Iterator:
        files = list(files)
        if len(files) < BAR_FROM or not self.enabled:
            self._stage, self._since = "reading and extracting", self.clock()
            yield from files
            return
        self.stage("reading and extracting")
        total, first, drawn = len(files), None, 0.0
        for done, item in enumerate(files, 1):
            yield item  # the caller has its outcome when it asks for the next one
            now = self.clock()
            if first is None:
                first = (now, done)
            if now - drawn >= REDRAW_S or done == total:
                drawn = now
                self._write(f"\r{self._line(done, total, now, first)}\033[K", end="")
        self._write(f"\r{self._stage}: {total}/{total} files, {self.clock() - self._since:.1f} s\033[K")
        self._stage = None

    def _line(self, done: int, total: int, now: float, first: tuple[float, int]) -> str:
        width = 24
        filled = width * done // total
        line = f"reading and extracting [{'#' * filled}{'-' * (width - filled)}] {done}/{total}"
        t0, n0 = first
        if now - t0 >= ESTIMATE_AFTER_S and done - n0 >= ESTIMATE_AFTER_ITEMS and done < total:
            rate = (done - n0) / (now - t0)
            line += f"  {rate:.0f}/s, about {duration((total - done) / rate)} left"
        return line

    def _write(self, text: str, end: str = "\n") -> None:
        if self.enabled:
            self.stream.write(text + end)
            self.stream.flush()
