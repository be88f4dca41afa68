"""How fast ``kg push`` loads a build into Virtuoso: the Graph Store protocol
(one HTTP PUT per graph) against Virtuoso's bulk loader (``kg push --bulk-dir``),
and how the shipped queries then compare there with the embedded store.

    python bench/push_bench.py --n 1000                  # a private Virtuoso (tests/virtuoso.py) per method
    python bench/push_bench.py --nq OUT/graph.nq --method bulk
    python bench/push_bench.py --n 300 --endpoint http://HOST:8890/sparql \\
        --graph-store http://HOST:8890/sparql-graph-crud-auth --user dba --bulk-dir /shared/virtuoso-load

Builds a synthetic corpus of N documents (bench/synth.py) unless --nq is
given; then, for each method, starts a fresh Virtuoso (so the first push goes
into an empty store) and pushes graph.nq twice (the second push replaces
every graph).  Prints wall seconds, triples/s and CPU seconds of this process
and of the server (wall time is noisy on a shared machine; CPU time less so),
one figure per line.  --queries also runs every shipped query on both stores.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import synth  # noqa: E402  (bench/ is on sys.path when run as a script)

from kg.sparql import store as q  # noqa: E402
from kg.sparql import bulk, remote  # noqa: E402
from kg.api import build  # noqa: E402


def server_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a process so far (Linux /proc), 0 if unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_push(method: str, nq: Path, endpoint: str, graph_store: str | None, user, password, bulk_dir,
             pid: int | None):
    cpu, server, started = time.process_time(), server_cpu(pid), time.perf_counter()
    if method == "gsp":
        report = remote.push(nq, endpoint, graph_store=graph_store, user=user, password=password)
    else:
        report = bulk.push(nq, endpoint, bulk_dir, user=user, password=password)
    wall = time.perf_counter() - started
    return report, wall, time.process_time() - cpu, server_cpu(pid) - server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents in the synthetic corpus")
    parser.add_argument("--method", choices=("gsp", "bulk", "both"), default="both")
    parser.add_argument("--endpoint", help="a store's SPARQL endpoint (default: start a private Virtuoso)")
    parser.add_argument("--graph-store", help="its Graph Store endpoint, if not the SPARQL endpoint")
    parser.add_argument("--bulk-dir", type=Path, help="with --endpoint: a folder the server reads (DirsAllowed)")
    parser.add_argument("--buffers", type=int, default=100000,
                        help="NumberOfBuffers of the private Virtuoso (8 kB pages; default 0.8 GB)")
    parser.add_argument("--nq", type=Path, help="push this graph.nq instead of building a synthetic corpus")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (to reuse with --nq)")
    parser.add_argument("--queries", action="store_true", help="also compare the shipped queries' answers")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.nq:
            nq = args.nq
        else:
            out = args.keep or tmp / "out"
            synth.generate(args.n, tmp / "corpus")
            started = time.perf_counter()
            result = build([tmp / "corpus"], out, views=False)
            nq = out / "graph.nq"
            print(f"build: {len(result.documents)} documents, {result.triples} triples, "
                  f"{time.perf_counter() - started:.1f} s")
        print(f"graph.nq: {nq.stat().st_size / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f}")
        methods = ("gsp", "bulk") if args.method == "both" else (args.method,)
        for method in methods:
            server = None
            if args.endpoint:
                endpoint, store, user, password = args.endpoint, args.graph_store, args.user, args.password
                bulk_dir = args.bulk_dir
            else:
                from tests.virtuoso import start

                folder = tmp / f"virtuoso-{method}"
                folder.mkdir()
                server = start(folder, buffers=args.buffers)
                print(f"virtuoso ({method}): started in {server.started_in:.1f} s, {args.buffers} buffers")
                endpoint, store, user, password = server.sparql, server.graph_store, server.user, server.password
                bulk_dir = folder
            try:
                for attempt in ("first push", "second push"):
                    report, wall, cpu, there = one_push(method, nq, endpoint, store, user, password, bulk_dir,
                                                        server.process.pid if server else None)
                    print(f"{method} {attempt}: {report.graphs} graphs, {report.triples} triples, {wall:.1f} s, "
                          f"{report.triples / wall:,.0f} triples/s; CPU: kg {cpu:.1f} s, server {there:.1f} s; "
                          f"load average {os.getloadavg()[0]:.1f}")
                    if report.steps:
                        print("    steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.steps.items()))
                if args.queries and method == methods[-1]:
                    compare_queries(nq, endpoint)
            finally:
                if server:
                    server.stop()


def compare_queries(nq: Path, endpoint: str) -> None:
    started = time.perf_counter()
    embedded = q.open_store([nq])
    print(f"embedded load: {time.perf_counter() - started:.2f} s")
    for name, named in q.shipped().items():
        values = {p.name: re.search(r"e\.g\.\s*(\S+)", p.doc)[1] for p in named.params}
        started = time.perf_counter()
        local = len(list(q.run(embedded, named, values)))
        middle = time.perf_counter()
        try:
            there = f"{len(list(remote.query(endpoint, named, values))):6} rows"
        except remote.RemoteError as exc:
            there = f"error: {exc.message}"
        print(f"{name:24} embedded {local:6} rows {middle - started:6.3f} s   "
              f"remote {time.perf_counter() - middle:6.3f} s {there}")


if __name__ == "__main__":
    main()
