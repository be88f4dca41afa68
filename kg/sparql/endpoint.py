"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, on loopback.

    kg serve [GRAPH...] [--port 8000] [--timeout 10]

GET and POST queries at /sparql (query= parameter, form-encoded or
application/sparql-query body), results by content negotiation (SPARQL JSON,
XML, CSV, TSV; Turtle, N-Triples or JSON-LD for CONSTRUCT/DESCRIBE), and at /
a page to type a query and see the result as a table.  SPARQL Update and any
write are refused with 403/405.  Queries run in a worker process holding the
store, so one that runs past the time limit is stopped for real (the worker is
killed and replaced) and answered with 503.
"""
from __future__ import annotations

import multiprocessing as mp
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from . import store as q

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}
_MEDIA = {v: k for k, v in {**SELECT_TYPES, **GRAPH_TYPES}.items()
          if k not in ("application/json", "application/xml")}
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")


def _worker(paths: list[str], jobs, answers) -> None:
    """Load the store once, then answer (query, accept) jobs until told to stop."""
    import pyoxigraph as ox

    from .results import render

    try:
        store = q.open_store([Path(p) for p in paths])
    except q.QueryError as exc:
        answers.put(("failed", None, exc.message))
        return
    answers.put(("ready", None, None))
    while True:
        job = jobs.get()
        if job is None:
            return
        text, accept = job
        try:
            # parameters were bound by the client: the text is run as given
            result = q.run(store, q.NamedQuery("query", text, ""))
        except q.QueryError as exc:
            answers.put((400, "text/plain; charset=utf-8", exc.message.encode("utf-8")))
            continue
        except Exception as exc:  # an evaluation error is the query's fault, not the server's
            answers.put((400, "text/plain; charset=utf-8", f"query failed: {exc}".encode("utf-8")))
            continue
        graph = isinstance(result, ox.QueryTriples)
        fmt = _negotiate(accept, GRAPH_TYPES if graph else SELECT_TYPES, "ttl" if graph else "json")
        answers.put((200, _MEDIA[fmt] + "; charset=utf-8", render(result, fmt).encode("utf-8")))


def _negotiate(accept: str, offered: dict[str, str], default: str) -> str:
    """The first acceptable type we offer, in the client's order of preference."""
    ranked = []
    for i, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        qv = 1.0
        for p in params.split(";"):
            if p.strip().startswith("q="):
                try:
                    qv = float(p.strip()[2:])
                except ValueError:
                    pass
        ranked.append((-qv, i, media.strip().lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return offered[media]
    return default


class Endpoint:
    """The worker process and the time limit; safe to call from many threads."""

    def __init__(self, graphs: list[Path], timeout: float):
        self.graphs = [str(g) for g in graphs]
        self.timeout = timeout
        self.lock = threading.Lock()
        self.ctx = mp.get_context("spawn")  # no fork of a threaded server
        self._start()

    def _start(self) -> None:
        self.jobs, self.answers = self.ctx.Queue(), self.ctx.Queue()
        self.process = self.ctx.Process(target=_worker, args=(self.graphs, self.jobs, self.answers), daemon=True)
        self.process.start()
        status, _, message = self.answers.get(timeout=600)
        if status != "ready":
            raise q.QueryError(message)

    def ask(self, text: str, accept: str) -> tuple[int, str, bytes]:
        with self.lock:  # one query at a time: the worker is single-threaded
            self.jobs.put((text, accept))
            try:
                return self.answers.get(timeout=self.timeout)
            except Exception:  # queue.Empty: past the time limit
                self.process.kill()
                self.process.join()
                self._start()
                return 503, "text/plain; charset=utf-8", f"query cut off after {self.timeout:g} s".encode()

    def close(self) -> None:
        self.jobs.put(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


def make_server(graphs: list[Path], host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0):
    endpoint = Endpoint(graphs, timeout)
    page = files("kg.sparql").joinpath("endpoint.html").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql"

        def log_message(self, fmt, *args):  # quiet; the CLI prints one line per request
            pass

        def _send(self, status: int, ctype: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _text(self, status: int, message: str) -> None:
            self._send(status, "text/plain; charset=utf-8", message.encode("utf-8"))

        def do_GET(self):
            url = urlparse(self.path)
            params = parse_qs(url.query)
            if url.path == "/" and "query" not in params:
                return self._send(200, "text/html; charset=utf-8", page)
            if url.path not in ("/", "/sparql"):
                return self._text(404, "not found: the endpoint is /sparql")
            if "update" in params:
                return self._text(403, "this endpoint is read-only: SPARQL Update is refused")
            if "query" not in params:
                return self._text(400, "missing query parameter")
            self._query(params["query"][0])

        do_HEAD = do_GET

        def do_POST(self):
            url = urlparse(self.path)
            if url.path not in ("/", "/sparql"):
                return self._text(404, "not found: the endpoint is /sparql")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return self._text(403, "this endpoint is read-only: SPARQL Update is refused")
            if ctype == "application/sparql-query":
                return self._query(body)
            params = parse_qs(body)
            if "update" in params:
                return self._text(403, "this endpoint is read-only: SPARQL Update is refused")
            if "query" not in params:
                return self._text(400, "missing query parameter")
            self._query(params["query"][0])

        def _refuse(self):
            self._text(405, "this endpoint is read-only")

        do_PUT = do_DELETE = do_PATCH = _refuse

        def _query(self, text: str) -> None:
            if _looks_like_update(text):
                return self._text(403, "this endpoint is read-only: SPARQL Update is refused")
            self._send(*endpoint.ask(text, self.headers.get("Accept", "")))

    server = ThreadingHTTPServer((host, port), Handler)
    server.endpoint = endpoint
    return server


def _looks_like_update(text: str) -> bool:
    """An update is refused with a clear 403 before the parser calls it malformed."""
    body = re.sub(r"#[^\n]*|(?i:PREFIX\s+\S*\s*<[^>]*>)|(?i:BASE\s*<[^>]*>)", " ", text).strip().upper()
    return body.startswith(_UPDATE_WORDS) or body.startswith("WITH ")


def serve(graphs: list[Path], host: str, port: int, timeout: float, echo=print) -> None:
    server = make_server(graphs, host, port, timeout)
    echo(f"SPARQL endpoint on http://{host}:{server.server_address[1]}/sparql (read-only); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.endpoint.close()

