"""How long ``kg query`` takes end to end, per shipped query, on a build.

    python bench/query_bench.py OUT                 # the build's store (first page of the table)
    python bench/query_bench.py OUT --files         # and parsing OUT/graph.ttl, as before the store
    python bench/build_bench.py --n 1000 ...        # makes a build to measure

Each query runs as the user runs it, ``python -m kg query NAME -g OUT``, in a
fresh process (start-up included), printing its first page as a table (and
counting the rest); the figures are its wall time and its CPU time (user+sys,
steadier than wall time on a shared machine), best of --repeat.
Parameters: those in VALUES (the document: one the build holds, for evidence);
optional ones left out.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.sparql.store import shipped  # noqa: E402

VALUES = {"role": "党员", "heading": "工作", "document": "校党发〔2022〕19号", "slogan": "两个维护"}


def once(args: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one ``kg query`` process, and its lines of output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", "query", *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"kg query {' '.join(args)}: {proc.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout.count("\n")


def a_document(out: Path) -> str | None:
    """A document number the build holds (the default one may not be in it)."""
    from kg.sparql.store import open_store

    store = open_store([out])
    rows = store.query("SELECT ?n WHERE { ?d <http://purl.org/dc/terms/identifier> ?n } ORDER BY ?n LIMIT 1")
    return next((row["n"].value for row in rows), None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="a build's output folder")
    ap.add_argument("--files", action="store_true", help="also query OUT/graph.ttl (parsed every call)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="these queries only")
    a = ap.parse_args()
    sources = [("store", str(a.out))] + ([("graph.ttl", str(a.out / "graph.ttl"))] if a.files else [])
    values = dict(VALUES, document=a_document(a.out) or VALUES["document"])
    print(f"{'query':<24} {'source':<10} {'wall s':>7} {'cpu s':>6} {'lines':>6}")
    worst = worst_cpu = 0.0
    for name, nq in shipped().items():
        if a.only and name not in a.only:
            continue
        params = [f"--param={p.name}={values[p.name]}" for p in nq.params if not p.optional and p.name in values]
        for label, source in sources:
            runs = [once([name, "-g", source, *params]) for _ in range(a.repeat)]
            wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
            if label == "store":
                worst, worst_cpu = max(worst, wall), max(worst_cpu, cpu)
            print(f"{name:<24} {label:<10} {wall:7.2f} {cpu:6.2f} {runs[0][2]:6d}", flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"slowest first page from the store: {worst:.2f} s wall, {worst_cpu:.2f} s cpu (load average {load})")


if __name__ == "__main__":
    main()
