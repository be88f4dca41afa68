"""CPU time of each step of ``kg.pipeline.process``, in ms per document.

    python bench/extract_bench.py --n 300             # corpus from bench/synth.py
    python bench/extract_bench.py --corpus DIR        # or an existing folder
    python bench/extract_bench.py --n 300 --repeat 3  # the least of 3 runs, each in a fresh process

The files are read first (reading is not timed); one document of corpus/
then goes through the pipeline untimed, so that loading jieba's dictionaries
and the lexicons is not counted; then every document goes through each step
once, as in a build's worker, and the CPU time (user+sys of this process, not
wall time: the cores may be shared) of each step is summed.  With --repeat,
each run is a fresh process (the caches of a run would make a second run in
the same process faster than a build) and the least figure of each step is
printed.  Plain text, one figure per line.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the working tree's kg

import synth  # noqa: E402  (bench/ is on sys.path when run as a script)


def one_run(corpus: Path) -> dict[str, float]:
    """Seconds of CPU per step over the documents of ``corpus``, and their count."""
    from kg import pipeline
    from kg.errors import KGError
    from kg.model import Document
    from kg.read import read

    sources = []
    for path in sorted(p for p in corpus.iterdir() if p.is_file()):
        try:
            sources.append(read(path))
        except KGError:
            continue  # what a build skips (the synthetic corpus's manifest)
    pipeline.process(read(sorted((ROOT / "corpus").glob("*.txt"))[0]))  # load dictionaries and lexicons
    spent = dict.fromkeys((name for name, _ in pipeline.STEPS), 0.0)
    done = 0
    for source in sources:
        doc = Document(source)
        try:
            for name, step in pipeline.STEPS:  # as pipeline.process does, each step timed
                started = time.process_time()
                doc = step(doc)
                if name in pipeline.PART_STEPS:
                    for part in doc.parts:
                        step(part)
                        if name == "elements" and part.issuer is None:
                            part.issuer = doc.issuer
                spent[name] += time.process_time() - started
        except KGError:
            continue  # not an official document: a build skips it too
        done += 1
    return {"documents": done, **spent}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="documents to generate with bench/synth.py")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, help="an existing folder instead")
    ap.add_argument("--repeat", type=int, default=1, help="runs, each in a fresh process; the least is printed")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(one_run(args.corpus)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            synth.generate(args.n, corpus, args.seed)
        runs = []
        for _ in range(args.repeat):
            child = subprocess.run([sys.executable, __file__, "--child", "--corpus", str(corpus)],
                                   check=True, capture_output=True, text=True)
            runs.append(json.loads(child.stdout))
    n = runs[0]["documents"]
    best = {name: min(r[name] for r in runs) for name in runs[0] if name != "documents"}
    print(f"documents: {n}")
    print(f"load average (1 min, other jobs on this machine): {os.getloadavg()[0]:.2f}")
    for name, seconds in best.items():
        print(f"step {name}: {1000 * seconds / n:.2f} ms/document (CPU)")
    total = [sum(v for k, v in r.items() if k != "documents") for r in runs]
    print(f"pipeline.process: {1000 * min(total) / n:.2f} ms/document (CPU, least of {len(runs)})")


if __name__ == "__main__":
    main()
