"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, on loopback.

    kg serve [GRAPH...] [--port 8000] [--timeout 10] [--workers 2] [--max-memory-mb 1024]
             [--cors ORIGIN] [--allow-service HOST] [--host 127.0.0.1]

GET and POST queries at /sparql (query= parameter, form-encoded or
application/sparql-query body), results by content negotiation (SPARQL JSON,
XML, CSV, TSV; Turtle, N-Triples or JSON-LD for CONSTRUCT/DESCRIBE), and at /
a page to type a query and see the result as a table.

It is built to be safe on a desktop where a browser visits other sites:
SPARQL Update and any write are refused (403/405); SERVICE is refused unless
``--allow-service`` names the host (so the endpoint makes no request for a
caller); no CORS header unless ``--cors`` names the origin, and a request from
a page of another origin is refused; only loopback ``Host`` values are
answered (against DNS rebinding); malformed requests get 400.  Queries run in
a pool of worker processes (:mod:`.workers`) under a time and memory limit.
"""
from __future__ import annotations

import base64
import hashlib
import re
import signal
import socket
import sys
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .service import refusal
from .workers import TEXT, Pool

_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
_WILDCARD = ("0.0.0.0", "::", "")
MAX_BODY = 1024 * 1024  # bytes of a POSTed query (the SERVICE scan reads it all)
_QUERY_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query")
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"


class Refused(Exception):
    """A request answered with ``status`` and a one-line reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Policy:
    hosts: frozenset[str]  # Host header values answered, with the port
    origins: frozenset[str]  # --cors: origins whose pages may query us ("*": any)
    services: frozenset[str]  # --allow-service: hosts SERVICE may call


def host_names(host: str, port: int) -> frozenset[str]:
    """The Host header values the server answers: loopback, and the
    interface it listens on when that is another (for a wildcard, this
    machine's names)."""
    names = set(_LOOPBACK)
    if host in _WILDCARD:
        names |= {socket.gethostname(), socket.getfqdn()}
        try:
            names |= set(socket.gethostbyname_ex(socket.gethostname())[2])
        except OSError:
            pass
    elif host not in ("::1", *_LOOPBACK):
        names.add(f"[{host}]" if ":" in host else host)
    names = {n.lower() for n in names}
    return frozenset({f"{n}:{port}" for n in names} | (names if port == 80 else set()))


def make_server(graphs: list[Path], host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
                workers: int = 2, max_memory_mb: int = 1024, cors: tuple[str, ...] = (),
                allow_service: tuple[str, ...] = ()):
    # HOST or HOST:PORT; [::1] is ::1, as urlsplit gives a SERVICE IRI's host
    services = frozenset(re.sub(r"^\[([^\]]*)\]$", r"\1", h.strip().lower()) for h in allow_service)
    origins = frozenset(o.rstrip("/").lower() for o in cors)
    # the server is made first: a port in use fails before any worker starts
    server = _Server((host, port), Handler, ipv6=":" in host)
    try:
        server.pool = Pool(graphs, workers, timeout, max_memory_mb, isolate=not services)
    except BaseException:
        server.server_close()
        raise
    server.policy = Policy(host_names(host, server.server_address[1]), origins, services)
    server.page = files("kg.sparql").joinpath("endpoint.html").read_bytes()
    server.page_policy = _page_policy(server.page.decode("utf-8"))
    return server


def _page_policy(page: str) -> str:
    """A Content-Security-Policy for the query page: its own inline script
    and style (by hash) and requests to this server only, so that a result
    that slipped into the page as markup could neither run nor call out."""
    def hashes(tag: str) -> str:
        return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
                        for body in re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.DOTALL))

    return (f"default-src 'none'; script-src {hashes('script')}; style-src {hashes('style')}; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, ipv6: bool):
        if ipv6:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def handle_error(self, request, client_address):  # one line, not a traceback
        print(f"kg serve: {client_address[0]}: {sys.exc_info()[1]!r}", file=sys.stderr)

    def close(self) -> None:
        self.server_close()
        if hasattr(self, "pool"):
            self.pool.close()


class Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql"
    timeout = 30  # seconds a client may take to send its request
    # what http.server itself answers to a request it cannot parse: a status
    # line even for garbage, and one line of text
    default_request_version = "HTTP/1.0"
    error_content_type = TEXT
    error_message_format = "%(code)d %(message)s\n"

    def log_message(self, fmt, *args):  # quiet; errors go to stderr through handle_error
        pass

    def _send(self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Origin")
        origin = (self.headers.get("Origin") or "").lower()
        if origin and self.server.policy.origins & {origin, "*"}:
            self.send_header("Access-Control-Allow-Origin", "*" if "*" in self.server.policy.origins else origin)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if status >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self, method) -> None:
        """Every request goes through the same checks, and any failure is a
        clear answer, never a traceback or a dropped connection."""
        try:
            self._admit()
            method()
        except Refused as exc:
            self._send(exc.status, TEXT, exc.reason.encode("utf-8"))
        except TimeoutError:  # a client that stopped sending its body
            self.close_connection = True
            try:
                self._send(408, TEXT, f"no complete request within {self.timeout} s".encode())
            except OSError:
                pass
        except ConnectionError:
            self.close_connection = True
        except Exception as exc:
            self.server.handle_error(self.request, self.client_address)
            self._send(500, TEXT, f"internal error: {type(exc).__name__}".encode())

    def _admit(self) -> None:
        policy = self.server.policy
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in policy.hosts:
            raise Refused(421, f"unknown Host {host[:100]!r}: this endpoint answers to "
                               f"{', '.join(sorted(policy.hosts))} (kg serve --host NAME adds one)")
        origin = self.headers.get("Origin")
        if origin is not None:
            origin = origin.strip().lower()
            if origin != f"http://{host}" and not policy.origins & {origin, "*"}:
                raise Refused(403, f"a request from a page of {origin[:100]} is refused "
                                   "(kg serve --cors ORIGIN allows one)")
        elif (self.headers.get("Sec-Fetch-Site", "none") not in ("none", "same-origin")
              and not (self.command in ("GET", "HEAD") and self.path == "/")):  # a link to the page is fine
            raise Refused(403, "a request from another site is refused (kg serve --cors ORIGIN allows one)")

    def _get(self) -> None:
        url = urlsplit(self.path)
        params = _form(url.query)
        if url.path == "/" and "query" not in params:
            return self._send(200, "text/html; charset=utf-8", self.server.page,
                              {"Content-Security-Policy": self.server.page_policy})
        if url.path == "/favicon.ico":  # browsers ask; no 404 in the page's console
            return self._send(204, TEXT, b"")
        if url.path not in ("/", "/sparql"):
            raise Refused(404, "not found: the endpoint is /sparql")
        self._query(params)

    def _post(self) -> None:
        if urlsplit(self.path).path not in ("/", "/sparql"):
            raise Refused(404, "not found: the endpoint is /sparql")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise Refused(403, READ_ONLY)
        if ctype not in _QUERY_TYPES:
            raise Refused(415, f"Content-Type {ctype[:100]!r} is not accepted: send "
                               "application/x-www-form-urlencoded or application/sparql-query")
        body = self._body()
        if ctype == "application/sparql-query":
            return self._query({"query": [body]})
        self._query(_form(body))

    def _body(self) -> str:
        if self.headers.get("Transfer-Encoding"):
            raise Refused(411, "send the query with a Content-Length, not chunked")
        raw = self.headers.get("Content-Length")
        if raw is None:
            raise Refused(411, "a POST needs a Content-Length")
        if not re.fullmatch(r"\s*\d{1,15}\s*", raw):
            raise Refused(400, f"bad Content-Length {raw[:40]!r}")
        length = int(raw)
        if length > MAX_BODY:
            raise Refused(413, f"a query of {length} bytes is too long (at most {MAX_BODY})")
        data = self.rfile.read(length)
        if len(data) < length:
            raise Refused(400, f"the body ended after {len(data)} of {length} bytes")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Refused(400, f"the body is not UTF-8 (byte {exc.start})") from None

    def _options(self) -> None:
        self._send(204, TEXT, b"", {"Allow": "GET, HEAD, POST, OPTIONS",
                                     "Access-Control-Allow-Methods": "GET, POST",
                                     "Access-Control-Allow-Headers": "Content-Type, Accept",
                                     "Access-Control-Max-Age": "600"})

    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise Refused(403, READ_ONLY)
        if len(params.get("query", ())) != 1:
            raise Refused(400, "give one query parameter")
        text = params["query"][0]
        if _looks_like_update(text):
            raise Refused(403, READ_ONLY)
        if reason := refusal(text, self.server.policy.services):
            raise Refused(400, reason)
        self._send(*self.server.pool.ask(text, self.headers.get("Accept", "")))

    def do_GET(self):
        self._handle(self._get)

    do_HEAD = do_GET

    def do_POST(self):
        self._handle(self._post)

    def do_OPTIONS(self):
        self._handle(self._options)

    def _refuse(self):
        self._handle(self._write)

    def _write(self) -> None:
        raise Refused(405, "this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _refuse


def _form(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, encoding="utf-8", errors="strict", max_num_fields=50)
    except UnicodeDecodeError as exc:
        raise Refused(400, f"the parameters are not UTF-8 once decoded (byte {exc.start})") from None
    except ValueError as exc:
        raise Refused(400, f"bad parameters: {exc}") from None


def _looks_like_update(text: str) -> bool:
    """An update is refused with a clear 403 before the parser calls it malformed."""
    body = re.sub(r"#[^\n]*|(?i:PREFIX\s+\S*\s*<[^>]*>)|(?i:BASE\s*<[^>]*>)", " ", text).strip().upper()
    return body.startswith(_UPDATE_WORDS) or body.startswith("WITH ")


class _Stop(Exception):
    pass


def _stop(signum, frame):
    raise _Stop(signal.Signals(signum).name)


def _stop_helpers() -> None:
    """End what multiprocessing started for the workers (a worker still
    loading, the resource tracker) before we exit, rather than after."""
    from multiprocessing import active_children, resource_tracker

    for child in active_children():
        child.kill()
        child.join()
    stop = getattr(resource_tracker._resource_tracker, "_stop", None)  # private, so looked up with care
    if stop is not None:
        stop()


def serve(graphs: list[Path], host: str, port: int, timeout: float, echo=print, **options) -> None:
    """Serve until Ctrl-C, SIGTERM or SIGHUP; then stop the workers too."""
    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    server = None
    try:
        server = make_server(graphs, host, port, timeout, **options)
        pool = server.pool
        shown = f"[{host}]" if ":" in host else host
        echo(f"SPARQL endpoint on http://{shown}:{server.server_address[1]}/sparql (read-only, "
             f"{len(pool.pids())} workers of at most {pool.max_memory_mb} MB); Ctrl-C stops it")
        server.serve_forever()
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        for s in previous:  # a second signal must not cut the clean-up short
            signal.signal(s, signal.SIG_IGN)
        if server is not None:
            server.close()
        _stop_helpers()
        for s, handler in previous.items():
            signal.signal(s, handler)
