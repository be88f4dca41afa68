"""What a build keeps of its merged graph so that the next build can patch it.

A build into a folder built before, where only a few files changed, need not
merge a million rows again: it removes the graphs of the documents gone or
changed and adds those of the new ones (:mod:`kg.graph.patch`), copies the
rest of graph.ttl, graph.nq and records.jsonl, and gives the store only the
triples that changed, in a copy of the previous store (hard links: a RocksDB
checkpoint).  For that each build leaves :class:`State` in its generation
(``.kg/<id>/merge.state``, marshalled plain values, no pickle): per document
its cache key, path, subject, graph and warnings, and of the merged graph
its subjects in order and the rows that are in more than one graph.

The state belongs to its generation (written in it, committed with it), so it
always describes the outputs beside it; a ``kg view`` into the folder makes a
generation without one, and the next build then writes everything anew.
"""
from __future__ import annotations

import marshal
import os
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .atomic import CURRENT, STORE
from .graph.stream import ox_term

NAME = "merge.state"
FORMAT = 2  # 2: the subjects after the rest, a list at a time


@dataclass
class Doc:
    key: str  # its cache key (kg.cache)
    path: str
    subject: str
    graph: tuple  # its named graph's key
    warnings: list  # as the report says them ("path: warning")


@dataclass
class State:
    version: str  # kg.cache.extractor_version(): the rows depend on the extractor
    docs: list[Doc] = field(default_factory=list)  # in the order of records.jsonl
    subjects: list = field(default_factory=list)  # the merged graph's, in order: one Turtle block each
    shared: dict = field(default_factory=dict)  # row -> in how many graphs, for rows in two or more
    nq_index: dict = field(default_factory=dict)  # graph key -> (offset, length) in graph.nq
    triples: int = 0
    folder: Path | None = None  # the generation it was read from
    subject_chunks: Iterable[list] | None = None  # the subjects in pieces, where a full build spooled them

    def save(self, path: Path) -> None:
        """The state, then its subjects a list at a time (a million at 10,000 documents)."""
        with open(path, "wb") as f:
            marshal.dump((FORMAT, self.version, [astuple(d) for d in self.docs],
                          self.shared, self.nq_index, self.triples), f)
            for chunk in self.subject_chunks if self.subject_chunks is not None else [self.subjects]:
                marshal.dump(chunk, f)
            f.flush()
            os.fsync(f.fileno())


def previous(out_dir: Path, version: str) -> State | None:
    """The state of the current output of ``out_dir``, if it has one that this kg can patch."""
    try:
        folder = Path(os.path.realpath(Path(out_dir) / STORE / CURRENT))
        with open(folder / NAME, "rb") as f:
            data = marshal.load(f)
            if not isinstance(data, tuple) or len(data) != 6 or data[0] != FORMAT or data[1] != version:
                return None
            subjects = []
            while True:
                try:
                    subjects += marshal.load(f)
                except EOFError:
                    break
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not all((folder / name).exists() for name in ("graph.ttl", "graph.nq", "records.jsonl", "store")):
        return None
    _, version, docs, shared, nq_index, triples = data
    return State(version, [Doc(*d) for d in docs], subjects, shared, nq_index, triples, folder)


def store(old: Path, new: Path, gone: list[tuple], added: list[tuple]) -> None:
    """The store ``old`` with the triples ``gone`` removed and ``added`` added, as a new store in ``new``.

    A checkpoint shares the previous store's immutable table files (hard
    links), so this takes milliseconds and little disk, and never writes
    into ``old``, which readers may have open."""
    if new.exists():
        new.rmdir()  # the checkpoint makes its own folder
    ox.Store.read_only(str(old)).backup(str(new))
    s = ox.Store(str(new))
    for r in gone:
        s.remove(ox.Quad(*map(ox_term, r)))
    if added:
        s.extend([ox.Quad(*map(ox_term, r)) for r in added])
    s.flush()
    del s  # closed: a reader may open it now
