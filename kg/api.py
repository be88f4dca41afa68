"""What the command line does, callable from Python: build and validate."""
from __future__ import annotations

import contextlib
import gc
import json
import os
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from . import workers
from .atomic import Generation, locked
from .errors import InternalError, KGError
from .graph import write
from .graph.build import PREFIXES, add_document, document_iri
from .graph.quads import new_quads
from .graph.iris import iri
from .pipeline import process
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
          lock_timeout: float | None = None, on_wait: Callable[[str], None] | None = None) -> BuildResult:
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
    raises :class:`kg.atomic.OutputBusy`.  All outputs of a build replace the
    previous ones as one unit, even if the process is killed (:mod:`kg.atomic`).
    """
    started = time.perf_counter()  # the summary's time is the wall time of all of it
    # millions of small term objects and no cycles worth collecting: the cyclic
    # collector would only rescan them (about a tenth of the time)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with locked(Path(out_dir), lock_timeout, on_wait):
            result = _build(paths, out_dir, progress, jobs, views, max_file_mb, started)
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


def _build(paths, out_dir, progress, jobs, views, max_file_mb, started) -> BuildResult:
    result = BuildResult()
    walk = discover([Path(p) for p in paths])
    result.skipped.extend(Skipped.of(path, exc) for path, exc in walk.skipped)
    result.ignored.extend({"file": str(path), "reason": why} for path, why in walk.ignored)
    ds = new_quads()
    records = []
    taken: dict[str, str] = {}
    max_bytes = None if max_file_mb is None else int(max_file_mb * 2**20)
    for path, outcome in _processed(walk.files, progress, jobs, max_bytes):
        if isinstance(outcome, Skipped):
            result.skipped.append(outcome)
            continue
        doc = outcome
        subject = document_iri(doc)
        if str(subject) in taken:
            # the same document number in two files: keep both, told apart by file
            result.warnings.append(f"{path}: same document number as {taken[str(subject)]}; kept as a separate node")
            subject = iri("doc", doc.doc_number or "", "file", path.stem)
        taken[str(subject)] = str(path)
        add_document(ds, doc, subject)
        records.append(record(doc))
        result.documents.append(str(path))
        result.warnings.extend(f"{path}: {w}" for w in doc.warnings)

    _stage(progress, "writing the graph")
    outcome = doc = None  # a big document's lines and tokens: not needed any more
    if _input_bytes(result.documents) >= RELEASE_TOKENIZERS_FROM:
        tokens.release()  # their memory is worth more to the writing than reloading them costs
    quads = write.sorted_quads(ds)
    result.triples = sum(1 for k, q in enumerate(quads) if not k or q[:3] != quads[k - 1][:3])
    out_dir = Path(out_dir)
    with Generation(out_dir) as gen:
        if result.ok:
            _write_graph(gen, quads, records, progress)
            del quads, records  # written: a big build's sorted copy and records can go
            _write_views(gen, ds if views else None, result, progress)
            result.seconds = time.perf_counter() - started
            with gen.open("report.json") as f:
                json.dump(_report(result), f, ensure_ascii=False, indent=2)
        else:
            # nothing built: keep what the user had, but say why in a report
            result.seconds = time.perf_counter() - started
            with gen.open("report.json") as f:
                json.dump(_report(result), f, ensure_ascii=False, indent=2)
            gen.keep()
        written = gen.commit()
    if result.ok:
        result.outputs = written
    return result


RELEASE_TOKENIZERS_FROM = 1_000_000  # bytes of input: below, reloading jieba (~1.5 s) costs more than it saves


def _input_bytes(files: list[str]) -> int:
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += os.path.getsize(f)
    return total


VIEWS_UP_TO = 300  # documents; each document page carries its own copy of vis-network (~0.5 MB)
PARALLEL_FROM = 200  # files; below this, starting worker processes costs more than it saves


def _write_graph(gen: Generation, quads: list[tuple], records: list[dict], progress=None) -> None:
    with gen.open("graph.ttl", "wb") as f:
        write.turtle(quads, PREFIXES, f)
    with gen.open("graph.nq", "wb") as f:
        write.nquads(quads, f)
    with gen.open("records.jsonl") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False, sort_keys=False) + "\n")
    _stage(progress, "writing the store")
    from .sparql.store import write_store

    # the readers' store (kg query, kg serve), loaded from the file just written
    write_store(gen.folder("store"), gen.path / "graph.ttl")


def _write_views(gen: Generation, ds, result: BuildResult, progress=None) -> None:
    """Stage the views of ``ds`` (None: views not asked for)."""
    if ds is not None and len(result.documents) <= VIEWS_UP_TO:
        from .views import render_views, statements_read

        _stage(progress, "writing the views")
        ds.retain(statements_read(ds))  # the graph files are written: the evidence can go first
        graph = ds.graph_of()
        ds.quads_set.clear()  # the views read ``graph``
        for name, html in render_views(graph):
            with gen.open(name) as f:
                f.write(html)
    elif ds is not None:
        result.warnings.append(
            f"views not written: {len(result.documents)} documents would make about "
            f"{len(result.documents) // 2} MB of pages (each inlines vis-network); run kg view to write them")


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


def _processed(files: list[Path], progress, jobs: int | None, max_bytes: int | None = MAX_FILE_MB * 2**20):
    """(path, Document or Skipped) for each file, in order."""
    jobs = jobs or os.cpu_count() or 1
    one = partial(_one, max_bytes=max_bytes)
    if jobs > 1 and len(files) >= PARALLEL_FROM:
        with workers.pool(jobs) as pool:
            outcomes = pool.map(one, files, chunksize=16)
            yield from zip(progress(files) if progress else files, outcomes)
    else:
        for path in progress(files) if progress else files:
            yield path, one(path)


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
