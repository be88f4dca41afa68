"""A build's graph written as its documents arrive, never held whole.

Each document becomes, where it is extracted (a worker process or this one),
its named graph as N-Quads text and its triples as sorted rows of plain term
keys (:func:`document`), and the Turtle blocks of its own subjects
(:mod:`kg.graph.turtle`; the rows of the others are kept).  The parent
(:class:`GraphWriter`) appends the N-Quads and the blocks to spool files and
merges the rows, a row standing for each block: every few hundred thousand
rows it merges what it holds into one sorted run on disk, and at the end it
merges the runs (in sorted batches) into the Turtle of the merged graph,
copying the blocks and writing the rest, dropping and counting the
statements several documents share (organs, persons, the ontology).  Memory
grows with one run and one chunk per run, not with the corpus.

A term's key (:func:`kg.graph.write._key`: IRIs, then blank nodes, then
literals, by text) orders it as :func:`kg.graph.write.sorted_quads` does, so
the output is byte for byte what sorting everything at once gave.
"""
from __future__ import annotations

import bisect
import io
import marshal
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..ranges import FileRange
from .write import _key

RUN_ROWS = 100_000  # rows merged in memory before they go to disk as one sorted run (~20 MB)
SUBJECTS_CHUNK = 65536  # subjects per marshalled list of the subjects' spool
CHUNK = 4096  # rows per marshalled chunk of a run: what each run keeps in memory while merged
NQ_CHUNK = 8192  # rows of N-Quads made into text at a time
# the predicate of a block's row in the merge: (subject, BLOCK, (offset, length, statements)) stands for
# the Turtle block of that subject made where the document was (kg.graph.turtle); it sorts before the subject's rows
BLOCK = (-1, "")


def document(quads: Iterable[tuple]) -> tuple[tuple, list[tuple], bytes]:
    """One document's (graph key, sorted distinct (s, p, o) key rows, N-Quads).

    ``quads``: its (s, p, o, graph) rdflib terms, all in one named graph.
    """
    g, rows = quads_rows(quads)
    return g, rows, nquads(g, rows)


def quads_rows(quads: Iterable[tuple]) -> tuple[tuple, list[tuple]]:
    """The (graph key, sorted distinct (s, p, o) key rows) of rdflib quads all
    in one named graph (the ontology's; a document's rows are made as keys
    by :func:`kg.graph.build.document_rows`)."""
    k = lru_cache(maxsize=None)(_key)  # a term repeats in many statements

    graphs = set()
    rows = set()
    for s, p, o, g in quads:
        graphs.add(g)
        rows.add((k(s), k(p), k(o)))
    if len(graphs) != 1:
        raise ValueError(f"a document's statements are in {len(graphs)} graphs, not one")
    return k(graphs.pop()), sorted(rows)


def nquads(g: tuple, rows: list[tuple]) -> bytes:
    """Rows of one named graph as N-Quads, byte for byte what Oxigraph writes."""
    out = io.BytesIO()
    for chunk in nquads_chunks(g, rows):
        out.write(chunk)
    return out.getvalue()  # the buffer itself, not a copy


def nquads_chunks(g: tuple, rows: list[tuple], size: int = NQ_CHUNK) -> Iterator[bytes]:
    """Rows of one named graph as N-Quads, ``size`` rows at a time.

    Written here rather than by Oxigraph: its terms had to be made for every
    statement first, which took longer than the text itself.  Each distinct
    term is written once (a chunk's terms are kept, then let go).
    """
    tail = " " + nt_term(g) + " .\n"
    memo: dict = {}
    get = memo.get
    for start in range(0, len(rows), size):
        lines = []
        for row in rows[start:start + size]:
            s, p, o = row
            lines.append(f"{get(s) or memo.setdefault(s, nt_term(s))} {get(p) or memo.setdefault(p, nt_term(p))} "
                         f"{get(o) or memo.setdefault(o, nt_term(o))}{tail}")
        if len(memo) > 100_000:
            memo.clear()
        yield "".join(lines).encode("utf-8")


# N-Triples' string escapes as Oxigraph writes them: the named controls, then
# \uXXXX for the other C0 controls, DEL and the noncharacters U+FFFE and U+FFFF;
# everything else as it is (tests/test_stream.py checks every character)
_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_ESCAPE = str.maketrans({**{c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]}, **_ESCAPES})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f\ufffe\uffff]')
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def nt_term(k: tuple) -> str:
    """A key's term as N-Triples/N-Quads write it."""
    if k[0] == 0:
        return "<" + k[1] + ">"
    if k[0] == 1:
        return "_:" + k[1]
    _, value, language, datatype = k
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_ESCAPE)
    if language:
        return f'"{value}"@{language.lower()}'  # as Oxigraph normalises a tag
    if datatype and datatype != _XSD_STRING:
        return f'"{value}"^^<{datatype}>'
    return f'"{value}"'


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


def _dump_chunk(chunk: list, f: BinaryIO) -> None:
    """A chunk of a run, marshalled, after its length: ``marshal.load`` of a
    file reads it with a call of the file's ``readinto`` per object, which took
    more time than all the rest of the merge; ``loads`` of one read does not."""
    data = marshal.dumps(chunk)
    f.write(len(data).to_bytes(8, "little"))
    f.write(data)


def _read_chunks(path: Path) -> Iterator[list]:
    """A run's sorted chunks, one at a time."""
    with open(path, "rb") as f:
        while size := f.read(8):
            yield marshal.loads(f.read(int.from_bytes(size, "little")))


def _merged(runs: list[Iterator[list]]) -> Iterator[list]:
    """Sorted runs (each an iterator of sorted chunks) merged, as sorted batches.

    Each batch is every row up to the least of the runs' current chunks'
    last rows, sorted at once (Timsort merges the sorted pieces in C): a
    heap of Python tuples per row took most of the merge's time."""
    heads = []  # [chunk, offset into it, the run]
    for run in runs:
        chunk = next(run, None)
        if chunk:
            heads.append([chunk, 0, run])
    while heads:
        bound = min(h[0][-1] for h in heads)
        batch: list = []
        for h in heads:
            chunk, start, run = h
            end = bisect.bisect_right(chunk, bound, start)
            batch += chunk[start:end] if start or end < len(chunk) else chunk
            if end < len(chunk):
                h[1] = end
            else:  # rows equal to ``bound`` at the next chunk's start come in the next batch, still in order
                h[0], h[1] = next(run, None), 0
        heads = [h for h in heads if h[0]]
        batch.sort()
        yield batch


class _Sink:
    """The merged Turtle's output: text, and ranges of the blocks' spool
    (``fd``), the ranges next to each other copied as one; the header first."""

    def __init__(self, fd: int, output: BinaryIO, header: bytes) -> None:
        self.fd, self.output, self.header = fd, output, header
        self.start = self.end = 0

    def write(self, data: bytes) -> None:
        self._copied()
        self._out(data)

    def copy(self, at: int, length: int) -> None:
        if at != self.end or self.end - self.start > COPY_MAX:
            self._copied()
            self.start = at
        self.end = at + length

    def read(self, at: int, length: int) -> bytes:
        return os.pread(self.fd, length, at)

    def _copied(self) -> None:
        if self.end > self.start:
            data = self.read(self.start, self.end - self.start)
            self.start = self.end
            self._out(data)

    def _out(self, data: bytes) -> None:
        if self.header:  # as Oxigraph: no header before the first statement, none for no statement
            self.output.write(self.header)
            self.header = b""
        self.output.write(data)

    def close(self) -> None:
        self._copied()


COPY_MAX = 4 << 20  # bytes of blocks copied at once


def _append(f: BinaryIO, data: bytes | FileRange) -> None:
    if isinstance(data, FileRange):
        data.copy_to(f)
    else:
        f.write(data)


class GraphWriter:
    """Takes documents in order (:meth:`add`), writes the merged graph at the end."""

    def __init__(self, run_rows: int | None = None, folder: Path | None = None):
        """``folder``: where to keep the spools (made, and removed at :meth:`close`; default: a
        temporary one).  A build's are in the generation it writes, which the next build removes
        if this one was killed: in /tmp they stayed, gigabytes at 10,000 documents."""
        self.run_rows = run_rows or RUN_ROWS
        if folder is None:
            self._dir = Path(tempfile.mkdtemp(prefix="kg-graph-"))
        else:
            self._dir = Path(folder)
            self._dir.mkdir()
        self._nq = open(self._dir / "graphs.nq", "w+b")
        self._tt = open(self._dir / "blocks.ttl", "w+b")  # the documents' own Turtle blocks
        self._index: list[tuple[tuple, FileRange]] = []  # (graph key, where its N-Quads are)
        self._pending: list[list[tuple]] = []
        self._pending_rows = 0
        self._runs: list[Path] = []
        self.triples = 0
        # filled by turtle() and nquads(), for the next build's patching (kg.incremental)
        self._subjects = self._dir / "subjects"  # the distinct subjects, in order: one Turtle block each
        self.shared: dict[tuple, int] = {}  # rows in two graphs or more: in how many
        self.nq_index: dict[tuple, tuple[int, int]] = {}  # graph key -> (offset, length) in graph.nq

    def add(self, graph: tuple, rows: list[tuple], nquads: bytes | FileRange | None = None,
            blocks: tuple[bytes | FileRange, list[tuple]] | None = None) -> None:
        """One document's graph key, sorted rows and N-Quads (None: written here from the rows,
        a chunk at a time, as a big document's are: they are several times its text), and the
        Turtle blocks of the subjects not in ``rows`` (:func:`kg.graph.turtle.own_blocks`).
        The N-Quads and the blocks' text may be ranges of a file (a cache entry): the N-Quads
        are then copied into graph.nq from there at the end, the blocks into the spool now."""
        if blocks:
            text, index = blocks
            base = self._tt.tell()
            _append(self._tt, text)
            self._pending.append([(s, BLOCK, (base + at, length, n)) for s, at, length, n in index])
            self._pending_rows += len(index)
        if not isinstance(nquads, FileRange):
            start = self._nq.tell()
            if nquads is None:
                for chunk in nquads_chunks(graph, rows):
                    self._nq.write(chunk)
            else:
                self._nq.write(nquads)
            nquads = FileRange(self._nq.name, start, self._nq.tell() - start)
        self._index.append((graph, nquads))
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
            # one sort of the documents' sorted lists: Timsort merges the runs
            # it finds in C, five times quicker than heapq.merge's generator
            rows = [row for rows in self._pending for row in rows]
            rows.sort()
            for s, p, o in rows:
                chunk.append((one(s, s), one(p, p), one(o, o)))
                if len(chunk) == CHUNK:
                    _dump_chunk(chunk, f)
                    chunk = []
                    memo.clear()
            if chunk:
                _dump_chunk(chunk, f)
        self._runs.append(path)
        self._pending, self._pending_rows = [], 0

    def _batches(self) -> Iterator[list]:
        """Every row of every graph (duplicates too), in order, in sorted batches."""
        if self._runs and self._pending:
            self._spill()
        if self._runs:
            return _merged([_read_chunks(p) for p in self._runs])
        rows = [row for rows in self._pending for row in rows]
        rows.sort()
        return iter([rows])

    def turtle(self, prefixes: dict, output: BinaryIO) -> None:
        """The merged graph (every document's and the ontology's statements once) as Turtle.

        The documents' own blocks are copied as they came; the other
        subjects' rows are merged and written here.  A subject with a block
        and statements from elsewhere (a document another one cites) has its
        block read back and merged with them.  On the way, counts the rows
        that are in several graphs (:attr:`shared`) and collects the distinct
        subjects (:meth:`subject_chunks`), for the next build's patching
        (:mod:`kg.graph.patch`)."""
        from .turtle import parse, writer as turtle_writer  # it writes terms with this module's nt_term

        w = turtle_writer(prefixes)
        self._tt.flush()
        sink = _Sink(self._tt.fileno(), output, w.header)
        shared: dict = {}
        subjects: list = []
        rows: list = []  # distinct rows of subjects without a block, not yet written
        blocks: list = []  # the current subject's blocks
        start = 0  # where the current subject's rows start in ``rows``
        n = 0
        last, count, subject = None, 0, None

        def write_rows() -> None:
            nonlocal n
            if rows:
                sink.write(w.blocks(rows)[0])
                n += len(rows)
                rows.clear()

        def end_subject() -> None:
            """The current subject's block copied, or merged with its other statements."""
            nonlocal n
            if len(blocks) == 1 and len(rows) == start:
                write_rows()
                at, length, k = blocks[0]
                sink.copy(at, length)
                n += k
            else:
                counts = {r: shared.get(r, 1) for r in rows[start:]}
                del rows[start:]
                for at, length, _ in blocks:
                    for r in parse(w.header, sink.read(at, length)):
                        counts[r] = counts.get(r, 0) + 1
                for r, c in counts.items():
                    if c > 1:
                        shared[r] = c
                rows.extend(sorted(counts))
            blocks.clear()

        with open(self._subjects, "wb") as spool:  # a million subjects at 10,000 documents: not kept in memory
            for batch in self._batches():
                for row in batch:
                    if row == last:
                        count += 1
                        continue
                    if count > 1:
                        shared[last] = count
                    last, count = row, 1
                    s, p, o = row
                    if s != subject:
                        if blocks:
                            end_subject()
                        subject, start = s, len(rows)
                        subjects.append(s)
                        if len(subjects) == SUBJECTS_CHUNK:
                            marshal.dump(subjects, spool)
                            subjects.clear()
                        if len(rows) > NQ_CHUNK:
                            write_rows()
                            start = 0
                    if p == BLOCK:
                        blocks.append(o)
                    else:
                        rows.append(row)
            if count > 1:
                shared[last] = count
            if blocks:
                end_subject()
            write_rows()
            sink.close()
            if subjects:
                marshal.dump(subjects, spool)
        self.shared = shared
        self.triples = n

    def subject_chunks(self) -> Iterator[list]:
        """The merged graph's distinct subjects, in order, in lists (after :meth:`turtle`)."""
        with open(self._subjects, "rb") as f:
            while True:
                try:
                    yield marshal.load(f)
                except EOFError:
                    return

    def nquads(self, output: BinaryIO) -> None:
        """Every named graph, in the order of their names, each sorted."""
        self._nq.flush()
        at = 0
        self.nq_index = {}
        for graph, where in sorted(self._index, key=lambda e: e[0]):
            self.nq_index[graph] = (at, where.length)
            at += where.length
            where.copy_to(output)

    def close(self) -> None:
        self._nq.close()
        self._tt.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> "GraphWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
