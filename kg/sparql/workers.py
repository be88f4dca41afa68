"""A small pool of worker processes that answer SPARQL queries for ``kg serve``.

Each worker opens the build's on-disk store read-only (or loads the graph files) once and answers one query at a time under a
memory limit (RLIMIT_AS) it sets on itself; the pool enforces the time limit.
A worker that overruns is killed, one that dies (out of memory, a crash in the
engine) is noticed at once through its process sentinel: the client gets 503
and a fresh worker takes its place.  So one heavy query neither blocks the
others nor takes the machine's memory.  Unless SERVICE is allowed, a worker
also gives up the network (a Linux network namespace of its own), a second
wall behind the endpoint's SERVICE scan.

Workers are started from one long-lived supervisor thread, so that the
parent-death signal they ask for (Linux ties it to the creating thread)
fires only when the server itself goes.
"""
from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import queue
import resource
import signal
import sys
import threading
from multiprocessing.connection import wait
from pathlib import Path

import pyoxigraph as ox

from . import store as q
from .results import render

Answer = tuple[int, str, bytes]
TEXT = "text/plain; charset=utf-8"
SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}
_MEDIA = {v: k for k, v in {**SELECT_TYPES, **GRAPH_TYPES}.items()
          if k not in ("application/json", "application/xml")}
_PR_SET_PDEATHSIG = 1
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # not Linux: the limits below are best effort
        return None


def _die_with_parent(parent: int) -> None:
    libc = _libc()
    if libc is not None and sys.platform.startswith("linux"):
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent went before the signal was asked for
        os._exit(1)


def _without_network() -> bool:
    """Move this process into a network namespace of its own (no interface
    but a loopback that is down): with SERVICE refused, a second wall."""
    libc = _libc()
    if libc is None or not sys.platform.startswith("linux"):
        return False
    return libc.unshare(_CLONE_NEWNET) == 0 or libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0


def _work(paths: list[str], conn, max_memory_mb: int, isolate: bool, parent: int) -> None:
    """Load the store once, then answer (query, accept) jobs until told to stop."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    # past the memory limit the engine aborts by design: one line, no backtrace
    os.environ["RUST_BACKTRACE"] = "0"
    # first: a new user namespace needs a process of one thread
    isolated = isolate and _without_network()
    if max_memory_mb:
        limit = max_memory_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):  # a hard limit already lower, or a system without RLIMIT_AS
            pass
    try:
        store = q.open_store([Path(p) for p in paths])
    except q.QueryError as exc:
        conn.send(("failed", exc.message))
        return
    except MemoryError:
        conn.send(("failed", f"the graph does not fit in {max_memory_mb} MB (raise --max-memory-mb)"))
        return
    conn.send(("ready", isolated))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        answer, retire = _answer(store, *job, max_memory_mb=max_memory_mb)
        conn.send((answer, retire))
        if retire:
            return


def _answer(store, text: str, accept: str, max_memory_mb: int) -> tuple[Answer, bool]:
    """The reply to one query, and whether this worker should stop after it."""
    try:
        # parameters were bound by the client: the text is run as given
        result = q.run(store, q.NamedQuery("query", text, ""))
        graph = isinstance(result, ox.QueryTriples)
        fmt = negotiate(accept, GRAPH_TYPES if graph else SELECT_TYPES, "ttl" if graph else "json")
        return (200, _MEDIA[fmt] + "; charset=utf-8", render(result, fmt).encode("utf-8")), False
    except q.QueryError as exc:
        return (400, TEXT, exc.message.encode("utf-8")), False
    except MemoryError:
        return (503, TEXT, f"query stopped: it needs more than {max_memory_mb} MB".encode()), True
    except OSError as exc:  # a SERVICE that was allowed and failed
        return (502, TEXT, f"query failed: {exc}".encode("utf-8")), False
    except Exception as exc:  # an evaluation error is the query's fault, not the server's
        return (400, TEXT, f"query failed: {exc}".encode("utf-8")), False
    except BaseException as exc:  # a panic in the engine (pyo3's PanicException): start afresh
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return (500, TEXT, f"query failed in the engine: {exc}".encode("utf-8")), True


def negotiate(accept: str, offered: dict[str, str], default: str) -> str:
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


class Worker:
    def __init__(self, process, conn, isolated: bool):
        self.process, self.conn, self.isolated = process, conn, isolated

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _pinned(graphs: list[Path]) -> list[Path]:
    """A build's folder as its store's own path, pinned for the server's life
    (:func:`kg.atomic.pin`): a later build into the folder neither changes nor
    removes what the workers, and the ones started later, open."""
    if len(graphs) == 1 and Path(graphs[0]).is_dir():
        from ..atomic import pin

        folder = q.store_folder(graphs[0])
        if folder is None:
            raise q.QueryError(f"{graphs[0]}: no kg store in this folder (run `kg build -o {graphs[0]}`)")
        return [pin(folder)]
    return graphs


class Pool:
    """``size`` workers over ``graphs``; ``ask`` is safe to call from many threads."""

    def __init__(self, graphs: list[Path], size: int = 2, timeout: float = 10.0,
                 max_memory_mb: int = 1024, isolate: bool = True):
        self.graphs = [str(g) for g in _pinned(graphs)]
        self.timeout, self.max_memory_mb, self.isolate = timeout, max_memory_mb, isolate
        self.ctx = mp.get_context("spawn")  # no fork of a threaded server
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.workers: set[Worker] = set()
        self.lock = threading.Lock()
        self.closed = self.running = False
        self._orders: queue.Queue = queue.Queue()
        self._started: queue.Queue = queue.Queue()
        self._supervisor = threading.Thread(target=self._supervise, name="kg-serve-workers", daemon=True)
        self._supervisor.start()
        for _ in range(size):
            self._orders.put("start")
        try:
            for _ in range(size):
                error = self._started.get()
                if error:
                    raise q.QueryError(error)
            self.running = True
        except BaseException:
            self.close()
            raise

    def _supervise(self) -> None:
        while (order := self._orders.get()) is not None:
            try:
                worker = self._spawn()
            except Exception as exc:  # the supervisor must live on, or start() waits forever
                message = exc.message if isinstance(exc, q.QueryError) else f"cannot start a query worker: {exc}"
                if self.running:  # a replacement that failed: the pool runs one short
                    print(f"kg serve: {message}", file=sys.stderr)
                self._started.put(message)
                continue
            with self.lock:
                if self.closed:
                    worker.stop()
                    continue
                self.workers.add(worker)
            self.idle.put(worker)
            self._started.put(None)

    def _spawn(self) -> Worker:
        parent_end, child_end = self.ctx.Pipe()
        process = self.ctx.Process(target=_work, name="kg-serve-worker", daemon=True,
                                   args=(self.graphs, child_end, self.max_memory_mb, self.isolate, os.getpid()))
        process.start()
        child_end.close()
        status, message = None, None
        if wait([parent_end, process.sentinel], timeout=600) and parent_end.poll():
            try:
                status, message = parent_end.recv()
            except (EOFError, OSError):
                pass
        if status != "ready":
            process.kill()
            process.join()
            parent_end.close()
            raise q.QueryError(message or f"the query worker stopped while loading the graph "
                                          f"(exit code {process.exitcode}; raise --max-memory-mb?)")
        return Worker(process, parent_end, bool(message))

    def _retire(self, worker: Worker) -> None:
        """Stop ``worker`` and have the supervisor start another."""
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        with self.lock:
            self.workers.discard(worker)
            if self.closed:
                return
        self._orders.put("start")

    def ask(self, text: str, accept: str) -> Answer:
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, TEXT, f"all query workers busy for {self.timeout:g} s; try again".encode()
        try:
            worker.conn.send((text, accept))
            ready = wait([worker.conn, worker.process.sentinel], timeout=self.timeout)
            if worker.conn in ready:
                answer, retire = worker.conn.recv()
                if retire:
                    self._retire(worker)
                else:
                    self.idle.put(worker)
                return answer
        except (EOFError, OSError):
            ready = [worker.process.sentinel]
        self._retire(worker)
        if not ready:
            return 503, TEXT, f"query cut off after {self.timeout:g} s".encode()
        return 503, TEXT, (f"query stopped: the worker ended (exit code {worker.process.exitcode}), "
                           f"most likely past the memory limit of {self.max_memory_mb} MB").encode()

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.workers)
            self.workers.clear()
        self._orders.put(None)
        for worker in workers:
            worker.stop()
        self._supervisor.join(timeout=5)

    @property
    def isolated(self) -> bool:
        """Whether every worker runs without network (Linux namespaces)."""
        with self.lock:
            return bool(self.workers) and all(w.isolated for w in self.workers)

    def pids(self) -> list[int]:
        with self.lock:
            return [w.process.pid for w in self.workers]

