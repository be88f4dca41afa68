"""The previous build's graph.ttl and graph.nq changed by a few documents, not written again.

Oxigraph's Turtle writer gives each subject one block (its lines: the first
starts at column 0, the rest with a tab; literals' line breaks are escaped)
and a block depends on that subject's triples alone, so the merged graph of
a build that changed a few documents is the previous file with the blocks
of the subjects whose triples changed written again, the rest copied.  The
rows a graph gains or loses are known from the documents removed and added
and from :attr:`GraphWriter.shared` (in how many graphs a row is; a row not
listed is in one graph if it is in the merged graph).

Anything that does not add up (a block count that differs from the subjects
kept, a removed row the old block lacks, a blank node, whose label the store
does not keep) raises :class:`Stale`: the build then writes everything anew.
"""
from __future__ import annotations

import bisect
import os
import re
from collections import defaultdict
from typing import BinaryIO, Iterable

import pyoxigraph as ox

from ..ranges import copy_range
from .stream import ox_term
from .turtle import row_key

_BLOCK = re.compile(rb"\n(?=[^\t])")  # a line that starts a subject's block (or a prefix)


class Stale(Exception):
    """The previous build's state does not fit: write the graph anew."""


def blocks(turtle: bytes) -> tuple[int, list[int]]:
    """The length of the prefix header and the offset of every subject block of ``turtle``."""
    starts = [0] + [m.start() + 1 for m in _BLOCK.finditer(turtle)]
    body = [s for s in starts if s < len(turtle) and not turtle.startswith(b"@prefix", s)]
    return (body[0] if body else len(turtle)), body


class Delta:
    """Rows a merged graph loses and gains when ``minus`` graphs go and ``plus`` graphs come."""

    def __init__(self, minus: list[list[tuple]], plus: list[list[tuple]]):
        net: dict[tuple, int] = defaultdict(int)
        for rows in minus:  # a graph's rows are distinct
            for r in rows:
                net[r] -= 1
        for rows in plus:
            for r in rows:
                net[r] += 1
        self.net = {r: n for r, n in net.items() if n}
        if any(t[0] == 1 for r in self.net for t in r):
            raise Stale("blank nodes")
        self.gone: list[tuple] = []  # rows no graph has any more
        self.added: list[tuple] = []  # rows no graph had


def turtle(old: bytes, subjects: list[tuple], shared: dict[tuple, int], delta: Delta,
           prefixes: dict, output: BinaryIO) -> list[tuple]:
    """Write the merged graph ``old`` (Turtle, one block per subject of
    ``subjects``) changed by ``delta`` to ``output``; update ``shared`` and
    ``delta.gone``/``delta.added``; return the new subjects."""
    head, starts = blocks(old)
    if len(starts) != len(subjects):
        raise Stale(f"{len(starts)} blocks for {len(subjects)} subjects")
    ends = starts[1:] + [len(old)]
    by_subject: dict[tuple, list[tuple]] = defaultdict(list)
    for r in delta.net:
        by_subject[r[0]].append(r)
    prefixes = {k: str(v) for k, v in prefixes.items()}
    header = old[:head]
    pieces: list[tuple] = []  # (index in subjects, replaces it, subject, new block)
    for s in sorted(by_subject):
        i = bisect.bisect_left(subjects, s)
        exists = i < len(subjects) and subjects[i] == s
        rows = set()
        if exists:
            rows = {row_key(t) for t in ox.parse(header + old[starts[i]:ends[i]], format=ox.RdfFormat.TURTLE)}
        for r in by_subject[s]:
            present = r in rows
            n = shared.get(r, 1) if present else 0
            after = n + delta.net[r]
            if after < 0:
                raise Stale(f"a row in {n} graphs leaves {-delta.net[r]}")
            if after >= 2:
                shared[r] = after
            else:
                shared.pop(r, None)
            if present and not after:
                rows.discard(r)
                delta.gone.append(r)
            elif after and not present:
                rows.add(r)
                delta.added.append(r)
        text = b""
        if rows:
            text = ox.serialize((ox.Triple(*map(ox_term, r)) for r in sorted(rows)),
                                format=ox.RdfFormat.TURTLE, prefixes=prefixes)
            if not text.startswith(header):
                raise Stale("prefixes changed")
            text = text[len(header):]
        if exists or text:
            pieces.append((i, exists, s, text))
    # the old file's bytes between the changed blocks, then each changed block
    old_view = memoryview(old)
    new_subjects: list[tuple] = []
    output.write(header)
    at, done = head, 0
    for i, exists, s, text in pieces:
        start = starts[i] if i < len(starts) else len(old)
        output.write(old_view[at:start])
        new_subjects.extend(subjects[done:i])
        output.write(text)
        if text:
            new_subjects.append(s)
        at, done = (ends[i], i + 1) if exists else (start, i)
    output.write(old_view[at:])
    new_subjects.extend(subjects[done:])
    return new_subjects


def nquads(old: str, index: dict[tuple, tuple[int, int]], gone: set[tuple],
           new: dict[tuple, Iterable[bytes]], output: BinaryIO) -> dict[tuple, tuple[int, int]]:
    """graph.nq (the file ``old``, its graphs at ``index``) without the graphs
    ``gone`` and with the graphs ``new`` (each its N-Quads in pieces), in the order of their names; the new
    index.  Unchanged graphs are copied by the kernel, a run of them at once."""
    out_index = {}
    at = 0
    run = None  # (offset, length) of old graphs next to each other, not yet copied
    output.flush()
    dst = output.fileno()
    with open(old, "rb") as f:
        src = f.fileno()
        for graph in sorted((set(index) - gone) | set(new)):
            if graph in new:
                if run:
                    _copy(src, dst, *run)
                    run = None
                length = 0
                for piece in new[graph]:
                    _write(dst, piece)
                    length += len(piece)
            else:
                offset, length = index[graph]
                if run and run[0] + run[1] == offset:
                    run = (run[0], run[1] + length)
                else:
                    if run:
                        _copy(src, dst, *run)
                    run = (offset, length)
            out_index[graph] = (at, length)
            at += length
        if run:
            _copy(src, dst, *run)
    return out_index


def _write(fd: int, data) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _copy(src: int, dst: int, offset: int, length: int) -> None:
    try:
        copy_range(src, dst, offset, length)
    except EOFError:
        raise Stale("graph.nq is shorter than its index") from None
