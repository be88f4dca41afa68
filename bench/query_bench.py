"""How long ``kg query`` takes end to end, per shipped query, on a build.

    python bench/query_bench.py OUT                 # the build's store (first page of the table)
    python bench/query_bench.py OUT --files         # and parsing OUT/graph.ttl, as before the store
    python bench/build_bench.py --n 1000 ...        # makes a build to measure

Each query runs as the user runs it, ``python -m kg query NAME -g OUT``, in a
fresh process; the figure is its wall time (best of --repeat).
Parameters: those in VALUES; optional ones left out.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.sparql.store import shipped  # noqa: E402

VALUES = {"role": "党员", "heading": "工作", "document": "校党发〔2022〕19号", "slogan": "两个维护"}


def once(args: list[str]) -> tuple[float, int]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", "query", *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"kg query {' '.join(args)}: {proc.stderr.strip()}")
    return wall, proc.stdout.count("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="a build's output folder")
    ap.add_argument("--files", action="store_true", help="also query OUT/graph.ttl (parsed every call)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="these queries only")
    a = ap.parse_args()
    sources = [("store", str(a.out))] + ([("graph.ttl", str(a.out / "graph.ttl"))] if a.files else [])
    print(f"{'query':<24} {'source':<10} {'wall s':>7} {'lines':>6}")
    worst = 0.0
    for name, nq in shipped().items():
        if a.only and name not in a.only:
            continue
        params = [f"--param={p.name}={VALUES[p.name]}" for p in nq.params if not p.optional and p.name in VALUES]
        for label, source in sources:
            runs = [once([name, "-g", source, *params]) for _ in range(a.repeat)]
            wall = min(r[0] for r in runs)
            if label == "store":
                worst = max(worst, wall)
            print(f"{name:<24} {label:<10} {wall:7.2f} {runs[0][1]:6d}", flush=True)
    print(f"slowest first page from the store: {worst:.2f} s")


if __name__ == "__main__":
    main()
