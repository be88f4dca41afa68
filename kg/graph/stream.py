"""A build's graph written as its documents arrive, never held whole.

Each document becomes, where it is extracted (a worker process or this one),
its named graph as N-Quads text and its triples as sorted rows of plain term
keys (:func:`document`).  The parent (:class:`GraphWriter`) appends the
N-Quads to a spool file and merges the rows: every few hundred thousand rows
it merges what it holds into one sorted run on disk, and at the end it merges
the runs into the Turtle of the merged graph, dropping the statements several
documents share (organs, persons, the ontology).  Memory grows with one run
and one chunk per run, not with the corpus.

A term's key (:func:`kg.graph.write._key`: IRIs, then blank nodes, then
literals, by text) orders it as :func:`kg.graph.write.sorted_quads` does, so
the output is byte for byte what sorting everything at once gave.
"""
from __future__ import annotations

import heapq
import marshal
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .write import _key

RUN_ROWS = 300_000  # rows merged in memory before they go to disk as one sorted run
CHUNK = 4096  # rows per marshalled chunk of a run: what each run keeps in memory while merged


def document(quads: Iterable[tuple]) -> tuple[tuple, list[tuple], bytes]:
    """One document's (graph key, sorted distinct (s, p, o) key rows, N-Quads).

    ``quads``: its (s, p, o, graph) rdflib terms, all in one named graph.
    """
    g, rows = document_rows(quads)
    return g, rows, nquads(g, rows)


def document_rows(quads: Iterable[tuple]) -> tuple[tuple, list[tuple]]:
    """One document's (graph key, sorted distinct (s, p, o) key rows)."""
    memo: dict = {}

    def k(t):
        got = memo.get(t)
        if got is None:
            got = memo[t] = _key(t)
        return got

    graphs = set()
    rows = set()
    for s, p, o, g in quads:
        graphs.add(g)
        rows.add((k(s), k(p), k(o)))
    if len(graphs) != 1:
        raise ValueError(f"a document's statements are in {len(graphs)} graphs, not one")
    return k(graphs.pop()), sorted(rows)


def nquads(g: tuple, rows: list[tuple]) -> bytes:
    """Rows of one named graph as N-Quads."""
    og = ox_term(g)
    return ox.serialize((ox.Quad(ox_term(s), ox_term(p), ox_term(o), og) for s, p, o in rows),
                        format=ox.RdfFormat.N_QUADS)


def ox_term(k: tuple):
    """The Oxigraph term of a key (what :func:`kg.graph.write._term` gives for its term)."""
    if k[0] == 0:
        return ox.NamedNode(k[1])
    if k[0] == 1:
        return ox.BlankNode(k[1])
    _, value, language, datatype = k
    if language:
        return ox.Literal(value, language=language)
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


def rdflib_term(k: tuple):
    """The rdflib term of a key (for the views, which read rdflib graphs)."""
    if k[0] == 0:
        return URIRef(k[1])
    if k[0] == 1:
        return BNode(k[1])
    _, value, language, datatype = k
    return Literal(value, lang=language or None, datatype=URIRef(datatype) if datatype else None)


def _read_run(path: Path) -> Iterator[tuple]:
    with open(path, "rb") as f:
        while True:
            try:
                chunk = marshal.load(f)
            except EOFError:
                return
            yield from chunk


class GraphWriter:
    """Takes documents in order (:meth:`add`), writes the merged graph at the end."""

    def __init__(self, run_rows: int | None = None):
        self.run_rows = run_rows or RUN_ROWS
        self._dir = Path(tempfile.mkdtemp(prefix="kg-graph-"))
        self._nq = open(self._dir / "graphs.nq", "w+b")
        self._index: list[tuple[tuple, int, int]] = []  # (graph key, offset, length)
        self._pending: list[list[tuple]] = []
        self._pending_rows = 0
        self._runs: list[Path] = []
        self.triples = 0
        # filled by turtle() and nquads(), for the next build's patching (kg.incremental)
        self.subjects: list[tuple] = []  # the distinct subjects, in order: one Turtle block each
        self.shared: dict[tuple, int] = {}  # rows in two graphs or more: in how many
        self.nq_index: dict[tuple, tuple[int, int]] = {}  # graph key -> (offset, length) in graph.nq

    def add(self, graph: tuple, rows: list[tuple], nquads: bytes) -> None:
        self._index.append((graph, self._nq.tell(), len(nquads)))
        self._nq.write(nquads)
        self._pending.append(rows)
        self._pending_rows += len(rows)
        if self._pending_rows >= self.run_rows:
            self._spill()

    def _spill(self) -> None:
        path = self._dir / f"run-{len(self._runs)}"
        with open(path, "wb") as f:
            chunk = []
            # one object per distinct term in a chunk: marshal then writes a
            # repeated predicate or subject as a reference, not again
            memo: dict = {}
            one = memo.setdefault
            # duplicates kept: the final merge counts in how many graphs a row is (kg.incremental)
            for s, p, o in heapq.merge(*self._pending):
                chunk.append((one(s, s), one(p, p), one(o, o)))
                if len(chunk) == CHUNK:
                    marshal.dump(chunk, f)
                    chunk = []
                    memo.clear()
            if chunk:
                marshal.dump(chunk, f)
        self._runs.append(path)
        self._pending, self._pending_rows = [], 0

    def _triples(self) -> Iterator[tuple]:
        """The distinct rows, in order; counts rows in several graphs (:attr:`shared`)
        and collects the distinct subjects (:attr:`subjects`) on the way."""
        if self._runs and self._pending:
            self._spill()
        streams = [_read_run(p) for p in self._runs] or self._pending
        shared, subjects = {}, []
        last, n, subject = None, 0, None
        for row in heapq.merge(*streams):
            if row == last:
                n += 1
                continue
            if n > 1:
                shared[last] = n
            if last is not None:
                yield last
                if last[0] != subject:
                    subject = last[0]
                    subjects.append(subject)
            last, n = row, 1
        if last is not None:
            if n > 1:
                shared[last] = n
            yield last
            if last[0] != subject:
                subjects.append(last[0])
        self.shared, self.subjects = shared, subjects

    def turtle(self, prefixes: dict, output: BinaryIO) -> None:
        """The merged graph (every document's and the ontology's statements once) as Turtle."""
        memo: dict = {}

        def term(k):
            got = memo.get(k)
            if got is None:
                if len(memo) > 100_000:  # terms of documents long merged: let them go
                    memo.clear()
                got = memo[k] = ox_term(k)
            return got

        def triples():
            n = 0
            for s, p, o in self._triples():
                n += 1
                yield ox.Triple(term(s), term(p), term(o))
            self.triples = n

        ox.serialize(triples(), output, format=ox.RdfFormat.TURTLE,
                     prefixes={k: str(v) for k, v in prefixes.items()})

    def nquads(self, output: BinaryIO) -> None:
        """Every named graph, in the order of their names, each sorted."""
        self._nq.flush()
        at = 0
        self.nq_index = {}
        for graph, offset, length in sorted(self._index, key=lambda e: e[0]):
            self.nq_index[graph] = (at, length)
            at += length
            self._nq.seek(offset)
            while length:  # in pieces: one huge document's graph can be hundreds of MB
                piece = self._nq.read(min(length, 1 << 22))
                output.write(piece)
                length -= len(piece)

    def close(self) -> None:
        self._nq.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> "GraphWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
