"""Streaming and incremental ``kg build``: documents/s, peak memory of the
parent and of the workers, and the time to build again after one change.

    python bench/stream_bench.py --n 1000
    python bench/stream_bench.py --corpus DIR

Builds the corpus (from bench/synth.py into a temporary folder, or a copy of
DIR) into a fresh folder in a new process, sampling the resident memory of
that process and of its workers from /proc every 0.1 s (Linux); then changes
one file (a clause added to its first sentence), builds again into the same
folder, and checks that the outputs equal those of a clean build of the
changed folder.  Plain text, one figure per line.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("graph.ttl", "graph.nq", "records.jsonl")


def _rss_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def build(corpus: Path, out: Path, *extra: str) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-q", *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = worker = together = 0
    while proc.poll() is None:
        a = _rss_mb(proc.pid)
        kids = [_rss_mb(k) for k in _children(proc.pid)]
        parent, worker, together = max(parent, a), max([worker, *kids]), max(together, a + sum(kids))
        time.sleep(0.1)
    out_text, err = proc.communicate()
    if proc.returncode:
        sys.exit(f"kg build failed ({proc.returncode}):\n{err}")
    return {"wall": time.perf_counter() - started, "parent": parent, "worker": worker, "together": together,
            "summary": out_text.strip().splitlines()[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--corpus", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-stream-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        if args.corpus:
            shutil.copytree(args.corpus, corpus)
        else:
            subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "--n", str(args.n), "--out", str(corpus)],
                           check=True, stdout=subprocess.DEVNULL)
        files = sorted(p for p in corpus.rglob("*.txt"))
        first = build(corpus, tmp / "out")
        n = int(first["summary"].split()[0])
        print(f"documents: {n}")
        print(f"clean build: {first['wall']:.1f} s, {n / first['wall']:.0f} documents/s")
        print(f"peak memory: parent {first['parent']} MB, largest worker {first['worker']} MB, "
              f"all processes {first['together']} MB")
        changed = files[len(files) // 2]
        text = changed.read_text(encoding="utf-8")
        at = text.find("。")
        changed.write_text(text[:at] + "，切实" + text[at:], encoding="utf-8")
        again = build(corpus, tmp / "out")
        print(f"building again after changing one file of {len(files)}: {again['wall']:.1f} s "
              f"(peak parent {again['parent']} MB)")
        build(corpus, tmp / "clean", "--rebuild")
        same = all((tmp / "out" / f).read_bytes() == (tmp / "clean" / f).read_bytes() for f in OUTPUTS)
        print(f"identical to a clean build: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
