"""kg serve under load: does a small query wait behind heavy ones, and how much
memory does a runaway query take?

    python bench/serve_bench.py [--graph output/graph.nq] [--workers 2] [--timeout 10] [--max-memory-mb 1024]

Serves GRAPH (default: a fresh build of corpus/) on loopback and prints the
latency of a small query alone and while 1 and 2 cartesian queries run, then
the peak memory of a worker running a cartesian query with ORDER BY (which
keeps every row) and how that query ends.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SMALL = "PREFIX kg: <https://w3id.org/kg-gongwen/ontology#> SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:OfficialDocument }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


def ask(base: str, text: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"{base}/sparql?query={quote(text)}", timeout=600) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.monotonic() - started


def small_latency(base: str, heavy: int) -> tuple[list[float], list[int]]:
    """Latencies of 5 small queries sent one after the other while ``heavy``
    cartesian ones run, and how those ended."""
    threads, statuses = [], []
    for _ in range(heavy):
        threads.append(threading.Thread(target=lambda: statuses.append(ask(base, CARTESIAN)[0])))
        threads[-1].start()
    time.sleep(0.5 if heavy else 0)
    times = [ask(base, SMALL)[1] for _ in range(5)]
    for t in threads:
        t.join()
    return times, statuses


def peak_rss_mb(pids: list[int], stop: threading.Event, out: list[float]) -> None:
    peak = 0
    while not stop.is_set():
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                peak = max(peak, int(status.split("VmRSS:")[1].split()[0]))
            except (OSError, IndexError):
                pass
        time.sleep(0.02)
    out.append(peak / 1024)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--graph", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--max-memory-mb", type=int, default=1024)
    args = parser.parse_args()

    from kg.sparql.endpoint import make_server

    graph = args.graph
    if graph is None:
        from kg.api import build

        out = Path(tempfile.mkdtemp(prefix="serve-bench-"))
        build([ROOT / "corpus"], out, views=False)
        graph = out / "graph.nq"
    server = make_server([graph], port=0, timeout=args.timeout, workers=args.workers,
                         max_memory_mb=args.max_memory_mb)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"graph {graph}, {args.workers} workers, --timeout {args.timeout:g}, --max-memory-mb {args.max_memory_mb}")
    try:
        for heavy in (0, 1, 2):
            times, statuses = small_latency(base, heavy)
            print(f"small query while {heavy} cartesian run: first {times[0] * 1000:.0f} ms, "
                  f"median {statistics.median(times) * 1000:.0f} ms"
                  + (f" (the cartesian ones: {statuses})" if statuses else ""))
        time.sleep(2)  # workers replaced after the cut-offs
        stop, peak = threading.Event(), []
        watcher = threading.Thread(target=peak_rss_mb, args=(server.pool.pids(), stop, peak))
        watcher.start()
        status, seconds = ask(base, RUNAWAY)
        stop.set()
        watcher.join()
        print(f"runaway query (ORDER BY over the cartesian product): {status} after {seconds:.1f} s, "
              f"worker peak RSS {peak[0]:.0f} MB")
    finally:
        server.shutdown()
        server.close()


if __name__ == "__main__":
    main()
