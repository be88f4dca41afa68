"""SPARQL over a built graph: the embedded store, shipped queries, parameters.

The embedded store is Oxigraph (pyoxigraph), chosen by measurement (see the
README and bench/store_bench.py): on a graph of a million triples it answers
the shipped queries tens of times faster than rdflib's memory store and
loads Turtle about ten times faster, with no server to run.

Parameters are bound as RDF terms through Oxigraph's substitutions (SEP-0007),
never pasted into the query text.
"""
from __future__ import annotations

import queue
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from ..errors import KGError

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_PARAM = re.compile(r"^#\s*param\s+(?P<name>\w+)\s*\((?P<kind>\w+)(?P<optional>,\s*optional)?\)\s*:\s*(?P<doc>.*)$")
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
            ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
            ".jsonld": ox.RdfFormat.JSON_LD, ".n3": ox.RdfFormat.N3}


class QueryError(KGError):
    code = "KG401"


class UnknownQuery(KGError):
    code = "KG402"


@dataclass
class Param:
    name: str
    kind: str  # zh (a Chinese-tagged literal), string, date or iri
    optional: bool
    doc: str


@dataclass
class NamedQuery:
    name: str
    text: str
    summary: str
    params: list[Param] = field(default_factory=list)


@cache
def shipped() -> dict[str, NamedQuery]:
    """The queries in kg/sparql/queries/, by name (the file name without .rq)."""
    out = {}
    for entry in sorted(files("kg.sparql.queries").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            out[entry.name[:-3]] = parse_header(entry.name[:-3], entry.read_text(encoding="utf-8"))
    return out


def parse_header(name: str, text: str) -> NamedQuery:
    comments = [line for line in text.splitlines() if line.startswith("#")]
    summary = comments[0].lstrip("# ").strip() if comments else ""
    params = [Param(m["name"], m["kind"], bool(m["optional"]), m["doc"])
              for line in comments if (m := _PARAM.match(line))]
    return NamedQuery(name, text, summary, params)


def resolve(text_or_name: str) -> NamedQuery:
    """A shipped query by name, or the text given as an ad-hoc query."""
    if re.fullmatch(r"[\w-]+", text_or_name):
        queries = shipped()
        if text_or_name not in queries:
            raise UnknownQuery(f"no shipped query named {text_or_name!r}; available: {', '.join(queries)}")
        return queries[text_or_name]
    return parse_header("query", text_or_name)


# SPARQL 1.1 Update operations, after an optional prologue (PREFIX, BASE)
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
                     r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def read_only(query: NamedQuery) -> None:
    """Refuse SPARQL Update, saying so (the parser would only say it expected a query form)."""
    text = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    if _UPDATE.match(text):
        raise QueryError("kg query is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR…) is not supported; "
                         "change the documents and run `kg build` again")


_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*\n?|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)


_TAIL = re.compile(r"(?:\s|#[^\n]*(?:\n|$))*$")  # blanks and comment lines at the end
_LIMITS = re.compile(r"(?:\s+(?:LIMIT|OFFSET)\s+\d+)+$", re.IGNORECASE)


def paged(query: NamedQuery, limit: int | None, offset: int = 0) -> NamedQuery:
    """``query`` (a SELECT) limited to a page of rows: LIMIT and OFFSET are
    added at its end (combined with a LIMIT or OFFSET it ends with), so the
    engine stops at the page and the rows keep the query's order and columns.
    A query they cannot end (one ending in VALUES) is refused when run."""
    if limit is None and not offset:
        return query
    text = _TAIL.sub("", query.text)
    if not re.match(r"SELECT\b", text[len(_PROLOGUE.match(text).group(0)):], re.IGNORECASE):
        raise QueryError("--limit and --offset page the rows of a SELECT query; this query is no SELECT")
    own_limit, own_offset = None, 0
    if m := _LIMITS.search(text):
        for word, n in re.findall(r"(LIMIT|OFFSET)\s+(\d+)", m.group(0), re.IGNORECASE):
            if word.upper() == "LIMIT":
                own_limit = int(n)
            else:
                own_offset = int(n)
        text = text[:m.start()]
    if own_limit is not None:  # a page of the query's own rows
        left = max(own_limit - offset, 0)
        limit = left if limit is None else min(limit, left)
    text += (f"\nLIMIT {int(limit)}" if limit is not None else "") + f"\nOFFSET {own_offset + int(offset)}"
    return NamedQuery(query.name, text, query.summary, query.params)


def term(kind: str, value: str):
    if kind == "zh":
        return ox.Literal(value, language="zh")
    if kind == "string":
        return ox.Literal(value)
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"{value!r} is not a date (YYYY-MM-DD)") from None
        return ox.Literal(value, datatype=XSD_DATE)
    if kind == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"{value!r} is not an IRI: {exc}") from None
    raise QueryError(f"unknown parameter kind {kind!r}")


def bindings(query: NamedQuery, values: dict[str, str]) -> dict[ox.Variable, object]:
    """Parameter values as RDF terms.  For an ad-hoc query a name may carry its
    kind (``role:zh=党员``); untyped values are plain strings."""
    declared = {p.name: p for p in query.params}
    out = {}
    for key, value in values.items():
        name, _, kind = key.partition(":")
        if declared and name not in declared:
            raise QueryError(f"{query.name} takes no parameter {name!r}; it takes: {', '.join(declared) or 'none'}")
        kind = kind or (declared[name].kind if name in declared else "string")
        out[ox.Variable(name)] = term(kind, value)
    missing = [p.name for p in query.params if not p.optional and ox.Variable(p.name) not in out]
    if missing:
        raise QueryError(f"{query.name} needs --param {missing[0]}=… ({declared[missing[0]].doc})")
    return out


def store_folder(path: Path) -> Path | None:
    """The on-disk store ``path`` names: a build's output folder (its
    ``store/``) or the store folder itself; None for anything else."""
    path = Path(path)
    for folder in (path / "store", path):
        if folder.is_dir() and (folder / "CURRENT").is_file():  # RocksDB's marker of a database
            return folder
    return None


def open_store(paths: list[Path]) -> ox.Store:
    """The store to query: a build's on-disk store, opened read-only, when
    ``paths`` is one folder (a build's output or its ``store/``); else an
    in-memory store holding the RDF files ``paths``.

    Opening the on-disk store takes milliseconds where parsing the graph
    files takes seconds; it is pinned (:func:`kg.atomic.pin`), so a build
    replacing it meanwhile leaves this process its own until it ends."""
    folders = [p for p in paths if Path(p).is_dir()]
    if folders:
        if len(paths) > 1:
            raise QueryError(f"{folders[0]}: give one build's folder, or RDF files, not both")
        folder = store_folder(folders[0])
        if folder is None:
            raise QueryError(f"{folders[0]}: no kg store in this folder (run `kg build -o {folders[0]}`, "
                             f"or give its graph files)")
        return open_persistent(folder)
    store = ox.Store()
    for path in paths:
        fmt = _FORMATS.get(Path(path).suffix.lower())
        if fmt is None:
            raise QueryError(f"{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .jsonld or .rdf)")
        try:
            store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"{path}: cannot load: {exc}") from None
    return store


def open_persistent(folder: Path) -> ox.Store:
    from ..atomic import pin

    real = pin(folder)
    try:
        return ox.Store.read_only(str(real))
    except OSError as exc:
        raise QueryError(f"{folder}: cannot open the store: {first_line(str(exc))}") from None


STORE_CHUNK = 8 << 20  # bytes of Turtle per call of the bulk loader: about 100,000 statements
LOADERS = 2  # threads of the bulk loader: the cores of the machines kg was measured on


def write_store(folder: Path, turtle: Path) -> None:
    """Load the merged graph ``turtle`` (a graph.ttl kg wrote) into a new on-disk store in ``folder``."""
    with open(turtle, "rb") as f, TurtleLoader(folder) as loader:
        while data := f.read(1 << 20):
            loader.write(data)


class TurtleLoader:
    """A sink for the merged graph's Turtle as it is written (``kg build``):
    loads it into a new on-disk store in ``folder`` with Oxigraph's bulk
    loader, in a thread of its own, so that the store fills while the Turtle
    is still being merged and written (the loader parses in Rust, without
    Python's lock: it runs on the core the writing leaves idle).

    The merged graph, not graph.nq: statements every document repeats (a
    role's label, its scheme) are once in it, where the union of the
    per-document graphs holds them once per document, and a join over them
    gave millions of duplicate rows (and minutes) at 1,000 documents.

    In chunks of whole subject blocks (kg's Turtle: a block's first line
    starts at column 0, the others with a tab; line breaks in literals are
    escaped), each given the prefixes: the bulk loader holds its whole input
    in memory (about 0.9 GB for a million triples in one go); chunks of
    :data:`STORE_CHUNK` peak under 0.2 GB.  ``lenient``: kg wrote the Turtle
    from terms it checked.

    The loading takes longer than the writing (about 5 s of CPU for a million
    statements): :data:`LOADERS` threads load chunks side by side, each its
    own files of the store."""

    def __init__(self, folder: Path):
        self.store = ox.Store(str(folder))
        self._buffer = bytearray()
        self._header: bytes | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=LOADERS)
        self._error: BaseException | None = None
        self._threads = [threading.Thread(target=self._load, name="kg-store-loader", daemon=True)
                         for _ in range(LOADERS)]
        for thread in self._threads:
            thread.start()

    def write(self, data) -> int:
        self._buffer += data
        if len(self._buffer) >= STORE_CHUNK:
            self._send(self._cut())
        return len(data)

    def flush(self) -> None:
        pass  # whole blocks only: what is buffered goes when more comes, or at close()

    def _cut(self) -> int:
        """The offset of the last block's start in the buffer (what precedes it is whole blocks)."""
        buf = self._buffer
        i = buf.rfind(b"\n", 0, len(buf) - 1)
        while i >= 0 and buf[i + 1] == 9:  # a tab: the block goes on
            i = buf.rfind(b"\n", 0, i)
        return i + 1

    def _send(self, end: int) -> None:
        if self._error is not None:
            raise self._error
        if end <= 0:
            return
        chunk = bytes(self._buffer[:end])
        del self._buffer[:end]
        if self._header is None:
            head = 0
            while chunk.startswith(b"@prefix", head):
                head = chunk.index(b"\n", head) + 1
            self._header = chunk[:head]
        else:
            chunk = self._header + chunk
        self._queue.put(chunk)

    def _load(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self.store.bulk_load(input=chunk, format=ox.RdfFormat.TURTLE, lenient=True)
                except BaseException as exc:  # noqa: BLE001 - told to the writer
                    self._error = exc

    def close(self) -> None:
        """Load what is left, wait for the loader, close the store."""
        try:
            self._send(len(self._buffer))
        finally:
            self._stop()
        if self._error is not None:
            raise self._error
        self.store.flush()
        del self.store  # closed: a reader may open it now

    def __enter__(self) -> "TurtleLoader":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.close()
        else:  # stop the thread; the generation with the half store is discarded
            self._error = self._error or RuntimeError("abandoned")
            self._stop()

    def _stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()


_GRAPH = re.compile(r"\bGRAPH\s*[?$<]|\bGRAPH\s+\w*:", re.IGNORECASE)  # GRAPH ?g {…}, GRAPH <iri> {…}


def graphless(store: ox.Store, query: NamedQuery) -> bool:
    """Does ``query`` ask for named graphs (GRAPH …) of a store that has none (a build's
    store holds the merged graph)?  Such a pattern can match nothing there."""
    return bool(_GRAPH.search(query.text)) and not _has_named_graphs(store)


def _has_named_graphs(store: ox.Store) -> bool:
    return next(iter(store.named_graphs()), None) is not None


def run(store: ox.Store, query: NamedQuery, values: dict[str, str] | None = None):
    """Results of ``query``: QuerySolutions, QueryTriples or a boolean."""
    # the default graph is the union of all graphs, as in most stores, so the
    # same query works on a graph.ttl and on per-document graphs (.nq); a
    # build's store holds one merged default graph, which the union view would
    # only slow down (by up to 15% on the shipped queries)
    union = _has_named_graphs(store)
    try:
        return store.query(query.text, use_default_graph_as_union=union,
                           substitutions=bindings(query, values or {}) or None)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {first_line(str(exc))}") from None


def first_line(message: str) -> str:
    """pyoxigraph lists every expected token; the position and first words say enough."""
    line = re.sub(r"^error at (\d+):(\d+):", r"line \1, column \2:", message.splitlines()[0])
    return line if len(line) < 160 else line[:157] + "…"
