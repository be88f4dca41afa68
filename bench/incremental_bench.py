"""How long ``kg build`` takes into a folder built before, when a few files changed.

    python bench/incremental_bench.py --n 1000           # corpus from bench/synth.py
    python bench/incremental_bench.py --corpus DIR --check

Builds the corpus once (``kg build DIR -o OUT -q``, a fresh process), then
builds it again into the same folder after each change: nothing changed, one
file edited, one file added, one file removed.  Each rebuild is a fresh
process too (interpreter start and imports included, as the user sees it):
wall time, CPU time (user+sys, less disturbed by other jobs on the machine),
kg's own build time (report.json) and peak RSS.  ``--check``: after the
changes, a clean build (``--rebuild``) into another folder must give
byte-identical graph.ttl, graph.nq and records.jsonl, and a store with the
same triples.  Plain text, one figure per line.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import synth  # noqa: E402  (bench/ is on sys.path when run as a script)

OUTPUTS = ("graph.ttl", "graph.nq", "records.jsonl")


def kg_build(corpus: Path, out: Path, *extra: str) -> dict:
    """``kg build`` in a fresh interpreter: wall, CPU (its own and its workers'), peak RSS, report."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-q", *extra],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    # this child's own usage (with its workers'), not that of every child so far
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if child.returncode:
        sys.exit(f"kg build failed ({child.returncode}):\n{stderr.decode()}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "report": report}


def show(label: str, got: dict) -> None:
    print(f"{label}: wall {got['wall']:.2f} s, CPU {got['cpu']:.2f} s, build (report.json) "
          f"{got['report']['seconds']:.2f} s, {got['report']['documents']} documents, "
          f"{got['report']['triples']} triples, peak RSS {got['rss_mb']:.0f} MB; "
          f"load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="documents to generate")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, help="a folder to copy instead of generating one")
    ap.add_argument("--check", action="store_true", help="compare with a clean build at the end")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="kg-incremental-") as tmp:
        corpus, out = Path(tmp, "corpus"), Path(tmp, "out")
        if args.corpus:
            shutil.copytree(args.corpus, corpus)
        else:
            synth.generate(args.n, corpus, args.seed)
        files = sorted(p for p in corpus.rglob("*.txt"))
        show("first build (every file extracted)", kg_build(corpus, out))

        show("again, nothing changed", kg_build(corpus, out))
        edited = files[len(files) // 2]
        text = edited.read_text(encoding="utf-8")
        # a sentence of the body made longer: the document's graph and records change
        edited.write_text(text.replace("。", "，切实抓好落实。", 1), encoding="utf-8")
        show(f"one file changed ({edited.name})", kg_build(corpus, out))
        added = corpus / "zz-added.txt"
        shutil.copy(files[1], added)
        added.write_text(files[1].read_text(encoding="utf-8").replace("〔", "〔9", 1), encoding="utf-8")
        show("one file added", kg_build(corpus, out))
        files[2].unlink()
        show(f"one file removed ({files[2].name})", kg_build(corpus, out))

        if args.check:
            import pyoxigraph as ox

            clean = Path(tmp, "clean")
            show("clean build of the same files (--rebuild)", kg_build(corpus, clean, "--rebuild"))
            for name in OUTPUTS:
                same = (out / name).read_bytes() == (clean / name).read_bytes()
                print(f"{name} identical to a clean build: {same}")
            same = set(ox.Store.read_only(str(out / "store"))) == set(ox.Store.read_only(str(clean / "store")))
            print(f"store holds the same triples as a clean build's: {same}")


if __name__ == "__main__":
    main()
