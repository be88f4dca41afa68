"""What the command line does, callable from Python: build and validate."""
from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from . import cluster, workers
from .atomic import Generation, locked
from .errors import InternalError, KGError
from .cache import Cache, extractor_version, put as cache_entry
from . import incremental
from .graph import patch, stream, turtle
from .graph.build import PREFIXES, document_iri, document_rows
from .graph.quads import Quads, new_quads
from .graph.stream import GraphWriter
from .graph.iris import iri
from .pipeline import process
from .ranges import FileRange
from .read import MAX_FILE_MB, discover, read
from .records import record
from .text import tokens


@dataclass
class Skipped:
    file: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason} [{self.code}]"

    @classmethod
    def of(cls, path: Path, exc: KGError) -> "Skipped":
        return cls(str(path), exc.code, exc.message)


@dataclass
class BuildResult:
    documents: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)  # hidden and editor files, said only in report.json
    warnings: list[str] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.documents)


def build(paths: Iterable[Path], out_dir: Path, progress: Callable[[Iterable], Iterable] | None = None,
          jobs: int | None = None, views: bool = True, max_file_mb: float = MAX_FILE_MB,
          lock_timeout: float | None = None, on_wait: Callable[[str], None] | None = None,
          rebuild: bool = False, scheduler: str | None = None) -> BuildResult:
    """Read, extract and graph every document under ``paths``; write into ``out_dir``.

    A file that cannot be read or is no official document is skipped with a
    reason; the rest of the batch goes on.  Outputs are replaced atomically,
    and only when at least one document was built.  ``jobs`` processes read
    and extract in parallel (default: one per core, for batches large enough
    to repay each process's start-up).  ``views``: also write the HTML views
    (index.html, graph.html, roles.html, docs/).  ``max_file_mb``: files
    larger than this are skipped before they are read.

    One build at a time writes into ``out_dir``: a second one waits for the
    first (``on_wait`` is told so, once) up to ``lock_timeout`` seconds, then
    raises :class:`kg.atomic.OutputBusy`.  ``rebuild``: extract every file
    again, whatever the cache of the previous builds holds (:mod:`kg.cache`).
    ``scheduler``: the address of a Dask distributed scheduler
    (``tcp://HOST:8786``) or a ``distributed.Client``: files are read and
    extracted on its workers (which must see them at the same paths).
    All outputs of a build replace the
    previous ones as one unit, even if the process is killed (:mod:`kg.atomic`).
    """
    started = time.perf_counter()  # the summary's time is the wall time of all of it
    # millions of small term objects and no cycles worth collecting: the cyclic
    # collector would only rescan them (about a tenth of the time)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with locked(Path(out_dir), lock_timeout, on_wait):
            result = _build(paths, out_dir, progress, jobs, views, max_file_mb, started, rebuild, scheduler)
        _stage(progress, None)
        result.seconds = time.perf_counter() - started
        return result
    finally:
        if gc_was_enabled:
            gc.enable()


def _stage(progress, name: str | None) -> None:
    """Tell ``progress`` (a :class:`kg.progress.Progress`, or a plain wrapper of
    the files without stages) the next stage; None: all done."""
    if name is None:
        getattr(progress, "done", lambda: None)()
    else:
        getattr(progress, "stage", lambda name: None)(name)


def _build(paths, out_dir, progress, jobs, views, max_file_mb, started, rebuild=False, scheduler=None) -> BuildResult:
    result = BuildResult()
    walk = discover([Path(p) for p in paths])
    result.skipped.extend(Skipped.of(path, exc) for path, exc in walk.skipped)
    result.ignored.extend({"file": str(path), "reason": why} for path, why in walk.ignored)
    # records.jsonl's lines as documents come (they are a tenth of the input's size: not kept in memory)
    records = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
    taken: dict[str, str] = {}
    max_bytes = None if max_file_mb is None else int(max_file_mb * 2**20)
    cache = Cache(out_dir, read=not rebuild)
    keys = [cache.key(f, max_bytes) for f in walk.files]
    prev = None if rebuild else incremental.previous(Path(out_dir), extractor_version())
    if prev is not None:
        patched = _patched(prev, walk, keys, Path(out_dir), progress, jobs, max_bytes, cache, scheduler,
                           views, started)
        if patched is not None:
            return patched
        # the changes were too many or did not fit the previous graph: everything anew
    state = incremental.State(extractor_version())
    # the views read rdflib terms of the whole graph: kept only while few enough for views
    shown: list | None = [] if views else None
    blocks = not views or len(walk.files) > VIEWS_UP_TO  # Turtle made in the workers when no views read the rows
    shown_rows = 0
    out_dir = Path(out_dir)
    # the spools in the generation: a killed build's go with it, at the next build (kg.atomic.clean)
    with Generation(out_dir) as gen, GraphWriter(folder=gen.path / WORK) as writer:
        ontology = new_quads()
        writer.add(*stream.document(ontology.quads()))
        if shown is not None:
            shown.append(ontology.quads_set)  # rdflib terms already
        del ontology
        for path, key, outcome in _processed(walk.files, progress, jobs, max_bytes, cache, scheduler, keys, blocks):
            if isinstance(outcome, Skipped):
                result.skipped.append(outcome)
                continue
            if outcome.subject in taken:
                state = None  # a subject that depends on the other files: not patched later
                # the same document number in two files: keep both, told apart by file
                result.warnings.append(f"{path}: same document number as {taken[outcome.subject]}; "
                                       "kept as a separate node")
                stem = Path(path).stem
                outcome = _graphed(path, max_bytes, lambda doc: iri("doc", doc.doc_number or "", "file", stem), blocks)
                if isinstance(outcome, Skipped):  # the file changed under us
                    result.skipped.append(outcome)
                    continue
            taken[outcome.subject] = str(path)
            writer.add(outcome.graph, outcome.rows, outcome.nquads, outcome.blocks)
            records.write(_record_line(outcome.record))
            result.documents.append(str(path))
            said = [f"{path}: {w}" for w in outcome.warnings]
            result.warnings.extend(said)
            if state is not None:
                state.docs.append(incremental.Doc(key, str(path), outcome.subject, outcome.graph, said))
            if shown is not None:
                shown.append(outcome)  # its key rows made rdflib terms if there are views
                shown_rows += outcome.statements()
                if len(result.documents) > VIEWS_UP_TO or shown_rows > VIEWS_UP_TO_STATEMENTS:
                    shown = None
        _stage(progress, "writing the graph")
        outcome = None
        if _input_bytes(result.documents) >= RELEASE_TOKENIZERS_FROM:
            tokens.release()  # their memory is worth more to the writing than reloading them costs
        if result.ok:
            def meanwhile() -> None:
                """What needs the graph written but not the store, done while its last chunks load."""
                result.triples = writer.triples
                if state is not None and all(d.key for d in state.docs):
                    state.subject_chunks, state.shared = writer.subject_chunks(), writer.shared
                    state.nq_index, state.triples = writer.nq_index, writer.triples
                    state.save(gen.path / incremental.NAME)
                gen.sync("graph.ttl", "graph.nq", "records.jsonl")

            _write_graph(gen, writer, records, progress, meanwhile)
            writer.close()  # the spools go before the generation is made the output
            _write_views(gen, shown, views, result, progress)
            result.seconds = time.perf_counter() - started
            with gen.open("report.json") as f:
                json.dump(_report(result), f, ensure_ascii=False, indent=2)
        else:
            # nothing built: keep what the user had, but say why in a report
            writer.close()
            result.seconds = time.perf_counter() - started
            with gen.open("report.json") as f:
                json.dump(_report(result), f, ensure_ascii=False, indent=2)
            gen.keep()
        written = gen.commit()
    if result.ok:
        cache.prune()
        result.outputs = written
    return result


def _record_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"


PATCH_UP_TO = 0.1  # of the documents: more changed, and merging all again is as quick as patching


def _patched(prev: incremental.State, walk, keys: list, out_dir: Path, progress, jobs, max_bytes,
             cache: Cache, scheduler, views: bool, started: float) -> BuildResult | None:
    """The build as a patch of the previous one (:mod:`kg.incremental`): only
    new and changed files are read, and the outputs are the previous ones with
    their documents' graphs and records replaced.  None when it does not fit
    (too many changes, views to write, a document number taken twice, a
    state that does not add up): the caller then builds everything anew,
    taking what this extracted from the cache."""
    by_key = {d.key: (i, d) for i, d in enumerate(prev.docs)}
    files = walk.files
    kept = [key is not None and key in by_key and cache.has(key) for key in keys]
    fresh = [f for f, k in zip(files, kept) if not k]
    current = {k for k, ok in zip(keys, kept) if ok}
    removed = [d for d in prev.docs if d.key not in current]
    if len(fresh) + len(removed) > max(2, PATCH_UP_TO * len(prev.docs)):
        return None
    if views and sum(kept) <= VIEWS_UP_TO:
        return None  # the views need every document's statements
    old_entries = [cache.get(d.key) for d in removed]  # kept until this build prunes them
    if any(e is None for e in old_entries):
        return None
    old_entries = [Graphed.from_entry(*e) for e in old_entries]
    outcomes = {str(path): outcome for path, _, outcome
                in _processed(fresh, progress, jobs, max_bytes, cache, scheduler,
                              [k for k, ok in zip(keys, kept) if not ok])}
    subjects = {d.subject for d in prev.docs if d.key in current}
    new = [o for o in outcomes.values() if isinstance(o, Graphed)]
    if len({o.subject for o in new} | subjects) != len(new) + len(subjects):
        return None  # a document number taken twice: which file keeps it depends on their order

    result = BuildResult()
    result.skipped.extend(Skipped.of(path, exc) for path, exc in walk.skipped)
    result.ignored.extend({"file": str(path), "reason": why} for path, why in walk.ignored)
    state = incremental.State(prev.version)
    old_records = (prev.folder / "records.jsonl").read_bytes().split(b"\n")
    lines = []
    for path, key, ok in zip(files, keys, kept):
        if ok:
            i, doc = by_key[key]
            lines.append(old_records[i] + b"\n")
        else:
            outcome = outcomes[str(path)]
            if isinstance(outcome, Skipped):
                result.skipped.append(outcome)
                continue
            lines.append(_record_line(outcome.record).encode())
            doc = incremental.Doc(key, str(path), outcome.subject, outcome.graph,
                                  [f"{path}: {w}" for w in outcome.warnings])
        state.docs.append(doc)
        result.documents.append(doc.path)
        result.warnings.extend(doc.warnings)
    if not result.ok:
        return None  # nothing built: the full path says so

    _stage(progress, "writing the graph")
    try:
        delta = patch.Delta([e.all_rows() for e in old_entries], [o.all_rows() for o in new])
        with Generation(out_dir) as gen:
            if not new and not old_entries:
                # no document came or went: the same graph, records and store (hard links)
                for name in ("graph.ttl", "graph.nq", "records.jsonl", "store"):
                    gen.link(name, prev.folder / name)
                state.subjects, state.shared, state.nq_index = prev.subjects, prev.shared, prev.nq_index
                state.triples = result.triples = prev.triples
            else:
                _patch_outputs(gen, prev, state, result, delta, old_entries, new, lines, progress)
            state.save(gen.path / incremental.NAME)
            _write_views(gen, None, views, result, progress)
            result.seconds = time.perf_counter() - started
            with gen.open("report.json") as f:
                json.dump(_report(result), f, ensure_ascii=False, indent=2)
            written = gen.commit()
    except patch.Stale:
        return None
    cache.prune()
    result.outputs = written
    return result


def _patch_outputs(gen: Generation, prev: incremental.State, state: incremental.State, result: BuildResult,
                   delta, old_entries: list, new: list, lines: list[bytes], progress) -> None:
    """graph.ttl, graph.nq, records.jsonl and the store: the previous ones, patched."""
    old = (prev.folder / "graph.ttl").read_bytes()
    shared = dict(prev.shared)
    with gen.open("graph.ttl", "wb") as f:
        state.subjects = patch.turtle(old, prev.subjects, shared, delta, PREFIXES, f)
    del old
    state.shared = shared
    state.triples = result.triples = prev.triples + len(delta.added) - len(delta.gone)
    with gen.open("graph.nq", "wb") as f:
        state.nq_index = patch.nquads(str(prev.folder / "graph.nq"), prev.nq_index,
                                      {e.graph for e in old_entries}, {o.graph: _nquads(o) for o in new}, f)
    with gen.open("records.jsonl", "wb") as f:
        f.writelines(lines)
    _stage(progress, "writing the store")
    incremental.store(prev.folder / "store", gen.folder("store"), delta.gone, delta.added)


def _nquads(outcome: "Graphed"):
    """A document's N-Quads in pieces (a big document's are written from its rows here)."""
    if outcome.nquads is not None:
        return [_bytes(outcome.nquads)]
    return stream.nquads_chunks(outcome.graph, outcome.rows)


RELEASE_TOKENIZERS_FROM = 1_000_000  # bytes of input: below, reloading jieba (~0.3 s) costs more than it saves


def _input_bytes(files: list[str]) -> int:
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += os.path.getsize(f)
    return total


VIEWS_UP_TO = 300  # documents; each document page carries its own copy of vis-network (~0.5 MB)
# statements of the documents' graphs: past this (a single document of some 2.5 MB of text), the
# pages would draw more nodes than a browser lays out, and making them took 0.8 GB at 5 MB
VIEWS_UP_TO_STATEMENTS = 500_000
PARALLEL_FROM = 200  # files; below this, starting worker processes costs more than it saves


WORK = "work"  # the GraphWriter's spools, in the generation being written


def _write_graph(gen: Generation, writer: GraphWriter, records, progress=None,
                 meanwhile: Callable[[], None] = lambda: None) -> None:
    """graph.ttl, graph.nq, records.jsonl and the store; ``meanwhile`` runs
    once the files are written, while the store's loader threads finish."""
    from .sparql.store import TurtleLoader

    # the readers' store (kg query, kg serve), loaded from the Turtle as it is
    # written, in threads that overlap the merging and the other files
    with TurtleLoader(gen.folder("store")) as loader:
        with gen.open("graph.ttl", "wb") as f:
            writer.turtle(PREFIXES, _Tee(f, loader))
        with gen.open("graph.nq", "wb") as f:
            writer.nquads(f)
        records.seek(0)
        with gen.open("records.jsonl") as f:
            shutil.copyfileobj(records, f)
        records.close()
        _stage(progress, "writing the store")
        meanwhile()


class _Tee:
    """A binary sink writing into two."""

    def __init__(self, *sinks):
        self.sinks = sinks

    def write(self, data) -> int:
        for sink in self.sinks:
            sink.write(data)
        return len(data)

    def flush(self) -> None:
        for sink in self.sinks:
            getattr(sink, "flush", lambda: None)()


def _write_views(gen: Generation, shown: list | None, views: bool, result: BuildResult, progress=None) -> None:
    """Stage the views of the statements in ``shown`` (None: too many documents, or views not asked for)."""
    if shown is not None:
        from .views import render_views

        _stage(progress, "writing the views")
        graph = _shown_graph(shown)
        # the pages' networkx graphs and templates make reference cycles (a
        # graph's cached views point back at it): with the collector off, as
        # the build keeps it, every page's would stay; the statements made so
        # far are frozen, so collections do not go through them
        gc.freeze()
        gc.enable()
        try:
            for name, html in render_views(graph):
                with gen.open(name) as f:
                    f.write(html)
                del html  # a big document's page is tens of MB: not kept while the next is made
        finally:
            gc.disable()
            gc.unfreeze()
    elif views and len(result.documents) > VIEWS_UP_TO:
        result.warnings.append(
            f"views not written: {len(result.documents)} documents would make about "
            f"{len(result.documents) // 2} MB of pages (each inlines vis-network); run kg view to write them")
    elif views:
        result.warnings.append(
            f"views not written: the documents make more than {VIEWS_UP_TO_STATEMENTS:,} statements, "
            "more than the pages can draw; run kg view to write them")


class _Shown:
    """The statements kept for the views, as rdflib quads made as they are read
    (:func:`kg.views.statements_read` reads them once, then each is kept or not)."""

    def __init__(self, shown: list) -> None:
        self.shown = shown
        self.memo: dict = {}  # key → rdflib term: both passes make each term once

    def term(self, k):
        got = self.memo.get(k)
        if got is None:
            got = self.memo[k] = stream.rdflib_term(k)
        return got

    def quads(self):
        term = self.term
        for part in self.shown:
            if isinstance(part, set):  # the ontology: rdflib quads already
                yield from part
            else:  # a Graphed
                g = term(part.graph)
                for s, p, o in part.all_rows():
                    yield term(s), term(p), term(o), g


def _shown_graph(shown: list):
    """The one rdflib Graph the views read: the statements they read (no evidence,
    four fifths of a big build's), made without ever holding all statements' rdflib terms."""
    from .views import statements_read

    view = _Shown(shown)
    keep = statements_read(view)
    kept = [q[:3] for q in view.quads() if keep(q)]
    shown.clear()  # the key rows and the terms of the statements not kept go before the graph is made
    del view, keep
    return Quads.graph_from(kept)


@dataclass
class Graphed:
    """One document as a build needs it: what :func:`_graphed` returns, from a worker or the cache."""
    subject: str
    graph: tuple  # the key (kg.graph.write._key) of its named graph
    rows: list  # its distinct (s, p, o) as sorted key rows, less those in ``blocks``
    # its named graph as N-Quads, sorted (bytes, or where they are in its cache entry); None for
    # a big document: the GraphWriter writes them from ``rows`` in chunks, never held whole
    nquads: bytes | FileRange | None
    record: dict
    warnings: list
    # the Turtle blocks of its own subjects (bytes or a FileRange) and their index
    # (kg.graph.turtle.own_blocks), or None
    blocks: tuple | None = None

    def entry(self) -> tuple[tuple, list]:
        """Its cache entry: a head of plain values, and the N-Quads and blocks as bytes after it."""
        text, index = self.blocks or (None, None)
        return (self.subject, self.graph, self.rows, self.record, self.warnings, index), [self.nquads, text]

    @classmethod
    def from_entry(cls, head: tuple, sections: list) -> "Graphed":
        subject, graph, rows, record, warnings, index = head
        nquads, text = sections
        return cls(subject, graph, rows, nquads, record, warnings, None if index is None else (text, index))

    def stored(self, folder: Path, key: str | None) -> "Graphed":
        """Written into the cache ``folder`` as ``key``: the same, with its N-Quads and
        blocks as ranges of the entry (itself if it could not be written)."""
        head, sections = self.entry()
        ranges = cache_entry(folder, key, head, sections)
        return self if ranges is None else Graphed.from_entry(head, ranges)

    def statements(self) -> int:
        return len(self.rows) + (sum(entry[3] for entry in self.blocks[1]) if self.blocks else 0)

    def all_rows(self) -> list:
        """Every row of its graph, those of its blocks read back."""
        if not self.blocks:
            return self.rows
        return sorted(self.rows + turtle.parse(turtle.writer(PREFIXES).header, _bytes(self.blocks[0])))


def _bytes(data: bytes | FileRange) -> bytes:
    return data.read() if isinstance(data, FileRange) else data


# a document of more rows than this has its N-Quads (about 0.3 KB a row) written by
# the GraphWriter from its rows, not held whole in the worker, the pipe and the cache
NQUADS_IN_WORKER_UP_TO = 50_000


def _graphed(path: Path, max_bytes: int | None = MAX_FILE_MB * 2**20, subject=None, blocks: bool = False):
    """The per-document step, the same in this process or a worker: read,
    extract, graph.  A :class:`Graphed`, or why the file was skipped.
    ``subject``: a function of the Document giving its IRI (default: by number).
    ``blocks``: also write the Turtle of the document's own subjects (most of
    its statements), here rather than in the parent, which only copies it."""
    doc = _one(path, max_bytes)
    if isinstance(doc, Skipped):
        return doc
    try:
        iri_ = subject(doc) if subject else document_iri(doc)
        rec, warnings = record(doc), list(doc.warnings)
        graph, rows = document_rows(doc, iri_)
        del doc  # a big document's lines and tokens: let them go once used
        nquads = stream.nquads(graph, rows) if len(rows) <= NQUADS_IN_WORKER_UP_TO else None
        own = None
        if blocks and nquads is not None:  # a big document's rows make its N-Quads in the parent
            rows, own = turtle.own_blocks(str(iri_), rows, PREFIXES)
        return Graphed(str(iri_), graph, rows, nquads, rec, warnings, own)
    except Exception as exc:  # noqa: BLE001 - one file's bug must not sink the batch
        return Skipped.of(path, InternalError(f"internal error ({type(exc).__name__}: {exc}); please report"))


def _one(path: Path, max_bytes: int | None = MAX_FILE_MB * 2**20):
    """Read and extract one file: its Document, or why it was skipped.

    No exception escapes: the readers turn their libraries' failures into
    KGErrors, and anything else is a bug of kg's, reported for this file
    (KG999) while the batch goes on.
    """
    try:
        source = read(path, max_bytes)
        doc = process(source)
        doc.warnings[:0] = source.warnings
        return doc
    except KGError as exc:
        return Skipped.of(path, exc)
    except RecursionError:
        return Skipped.of(path, InternalError("internal error: too deeply nested for kg's extraction; please report"))
    except Exception as exc:  # noqa: BLE001 - one file's bug must not sink the batch
        return Skipped.of(path, InternalError(f"internal error ({type(exc).__name__}: {exc}); please report"))


def _processed(files: list[Path], progress, jobs: int | None, max_bytes: int | None = MAX_FILE_MB * 2**20,
               cache: Cache | None = None, scheduler=None, keys: list | None = None, blocks: bool = False):
    """(path, cache key, Graphed or Skipped) for each file, in order: from
    the cache when the file and kg are as they were, else read and extracted
    (in worker processes when there are enough such files).  ``keys``: the
    files' cache keys, if known; ``blocks``: see :func:`_graphed`."""
    jobs = jobs or os.cpu_count() or 1
    one = partial(_graphed, max_bytes=max_bytes, blocks=blocks)
    if keys is None:
        keys = [cache.key(f, max_bytes) for f in files] if cache else [None] * len(files)
    cached = [bool(cache and cache.has(k)) for k in keys]  # loaded one at a time, in turn
    todo = [(f, k) for f, k, c in zip(files, keys, cached) if not c]
    # where the file system is shared, whoever extracts a document writes its cache entry
    # and sends back only where its N-Quads and blocks are in it (kg.ranges); a cluster's
    # workers send everything back, and it is written here
    kept = cache is not None and scheduler is None
    make = partial(_made, one, cache.folder if kept else None)
    with contextlib.ExitStack() as stack:
        if scheduler is not None and todo:
            fresh = stack.enter_context(cluster.mapped(scheduler, make, todo))
        elif jobs > 1 and len(todo) >= PARALLEL_FROM:
            if multiprocessing.get_start_method() == "fork":
                tokens.tagger()  # jieba's dictionaries loaded once, here, for the forked workers to share
            pool = stack.enter_context(workers.pool(jobs))
            fresh = pool.map(make, todo, chunksize=8)
        else:
            fresh = map(make, todo)
        for path, key, hit in zip(progress(files) if progress else files, keys, cached):
            if hit:
                got = cache.get(key)
                # damaged or removed since: extracted here
                outcome = Graphed.from_entry(*got) if got is not None else make((path, key))
            else:
                outcome = next(fresh)
                if cache and not kept and isinstance(outcome, Graphed):
                    outcome = outcome.stored(cache.folder, key)
            yield path, key, outcome


def _made(one: Callable, folder: Path | None, item: tuple):
    """``one`` of the item's path; a Graphed is written into the cache ``folder`` (if
    any) as the item's key, and comes back with ranges of its entry, not its bytes."""
    path, key = item
    outcome = one(path)
    if folder is not None and isinstance(outcome, Graphed):
        outcome = outcome.stored(folder, key)
    return outcome


def _report(result: BuildResult) -> dict:
    return {
        "documents": len(result.documents),
        "built": result.documents,
        "skipped": [vars(s) for s in result.skipped],
        "ignored": result.ignored,
        "warnings": result.warnings,
        "triples": result.triples,
        "seconds": round(result.seconds, 3),
    }
