"""Peak memory of ``kg build`` on one long document (1 MB and 5 MB of text by default).

    python bench/memory_bench.py                 # 1 MB and 5 MB
    python bench/memory_bench.py --mb 1 5 20 --keep /tmp/big
    python bench/memory_bench.py --no-views      # without the HTML views (kg build --no-views)

The document is one official document of the corpus whose body is the
bodies of all corpus documents, in turn, until the text reaches the size: a
real header, title and signature, and many real sections, directives and
mentions.  Each build runs as the user runs it, ``python -m kg build DIR -o
OUT -q``, in a fresh process; its peak resident memory (and its workers',
none for one file) is read from ``wait4``.  Plain text, one line per size.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus"
_FIRST_SECTION = re.compile(r"^\s*一、", re.M)


def _parts(text: str) -> tuple[str, str, str]:
    """Header (up to the first section), body, and the signature and date after it."""
    start = _FIRST_SECTION.search(text).start()
    lines = text[start:].split("\n")
    # the signature block: from the last line naming the issuing 委员会 on
    end = max(i for i, line in enumerate(lines) if "委员会" in line and len(line.strip()) < 40)
    return text[:start], "\n".join(lines[:end]) + "\n", "\n".join(lines[end:])


def long_document(mb: float, path: Path) -> Path:
    sources = sorted(SOURCES.glob("*.txt"))
    head, _, tail = _parts(sources[0].read_text("utf-8"))
    bodies = []
    for s in sources:
        try:
            bodies.append(_parts(s.read_text("utf-8"))[1])
        except (AttributeError, ValueError):
            continue  # no numbered sections or no signature found: not used
    target = int(mb * 1_000_000)
    parts, size, k = [head], len(head.encode()) + len(tail.encode()), 0
    while size < target:
        body = bodies[k % len(bodies)]
        parts.append(body)
        size += len(body.encode())
        k += 1
    parts.append(tail)
    path.write_text("".join(parts), "utf-8")
    return path


def measure(folder: Path, out: Path, views: bool = True) -> dict:
    """``python -m kg build folder -o out -q`` in a fresh process: peak RSS, CPU and wall time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(folder), "-o", str(out), "-q",
                             *([] if views else ["--no-views"])],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # wait4: the rusage of this child alone (RUSAGE_CHILDREN keeps the largest of all so far)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stdout, stderr = proc.stdout.read(), proc.stderr.read()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"kg build failed:\n{stderr.decode()}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    # ru_maxrss is in KiB on Linux
    return {"rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime, "wall": wall,
            "triples": report["triples"], "summary": stdout.decode().strip()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1, 5], help="sizes of the document, in MB of UTF-8 text")
    ap.add_argument("--no-views", dest="views", action="store_false", help="build without the HTML views")
    ap.add_argument("--keep", type=Path, help="folder to keep the documents and outputs in (default: temporary)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-memory-") as tmp:
        root = args.keep or Path(tmp)
        for mb in args.mb:
            folder = root / f"doc-{mb:g}mb"
            folder.mkdir(parents=True, exist_ok=True)
            doc = long_document(mb, folder / f"long-{mb:g}mb.txt")
            chars = len(doc.read_text("utf-8"))
            r = measure(folder, root / f"out-{mb:g}mb", args.views)
            print(f"{doc.stat().st_size / 1e6:.1f} MB ({chars:,} characters{'' if args.views else ', no views'}): peak RSS {r['rss_mb']:,.0f} MB, "
                  f"{r['triples']:,} triples, CPU {r['cpu']:.1f} s, wall {r['wall']:.1f} s", flush=True)


if __name__ == "__main__":
    main()
