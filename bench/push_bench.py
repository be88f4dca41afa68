"""How fast ``kg push`` loads a build into a SPARQL store, and how the
shipped queries then compare there with the embedded store.

    python bench/push_bench.py --n 1000                  # a private Virtuoso (tests/virtuoso.py)
    python bench/push_bench.py --n 1000 --endpoint http://HOST:8890/sparql \\
        --graph-store http://HOST:8890/sparql-graph-crud-auth --user dba --password …

Builds a synthetic corpus of N documents (bench/synth.py), pushes graph.nq
twice (the second push replaces every graph), then runs every shipped query
with its doc examples on both stores.  Plain text, one figure per line.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import synth  # noqa: E402  (bench/ is on sys.path when run as a script)

from kg.sparql import store as q  # noqa: E402
from kg.sparql import remote  # noqa: E402
from kg.api import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents in the synthetic corpus")
    parser.add_argument("--endpoint", help="a store's SPARQL endpoint (default: start a private Virtuoso)")
    parser.add_argument("--graph-store", help="its Graph Store endpoint, if not the SPARQL endpoint")
    parser.add_argument("--nq", type=Path, help="push this graph.nq instead of building a synthetic corpus")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (to reuse with --nq)")
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
            result = build([tmp / "corpus"], out)
            nq = out / "graph.nq"
            print(f"build: {len(result.documents)} documents, {result.triples} triples, "
                  f"{time.perf_counter() - started:.1f} s")
        print(f"graph.nq: {nq.stat().st_size / 1e6:.1f} MB")

        server = None
        if args.endpoint:
            endpoint, store, user, password = args.endpoint, args.graph_store, args.user, args.password
        else:
            sys.path.insert(0, str(ROOT))
            from tests.virtuoso import start

            (tmp / "virtuoso").mkdir()
            server = start(tmp / "virtuoso")
            print(f"virtuoso: started in {server.started_in:.1f} s")
            endpoint, store, user, password = server.sparql, server.graph_store, server.user, server.password
        try:
            for attempt in ("first push", "second push"):
                report = remote.push(nq, endpoint, graph_store=store, user=user, password=password)
                print(f"{attempt}: {report.summary()}; {report.triples / report.seconds:,.0f} triples/s")
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
        finally:
            if server:
                server.stop()


if __name__ == "__main__":
    main()
