"""Byte-level fuzzing of the readers: how many mutated files crash, hang or build.

    python bench/fuzz_readers.py --n 3000 --formats docx
    python bench/fuzz_readers.py --n 500 --formats txt docx pdf --seed 7

Each variant (``tests/fuzz.py``: seeded mutations of a corpus document as
.txt, as .docx made by python-docx, and of tests/data/004.pdf) goes through
``kg.api._one``, what a build calls per file, in this process.  Printed per
format: documents built, skips per code, exceptions that escaped (crashes),
variants that ran past ``--timeout`` seconds (hangs), and the slowest.
"""
from __future__ import annotations

import argparse
import collections
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import variants  # noqa: E402


class Hang(BaseException):
    """Raised by the alarm; a BaseException so no reader's `except Exception` swallows it."""


def sources() -> dict[str, bytes]:
    import io

    import docx

    text = (ROOT / "corpus" / "003_fd2a9579d902d1ba.txt").read_bytes()
    document = docx.Document()
    for line in text.decode("utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return {"txt": text, "docx": buf.getvalue(), "pdf": (ROOT / "tests" / "data" / "004.pdf").read_bytes()}


def run(fmt: str, data: bytes, n: int, seed: int, timeout: float, show: int) -> dict:
    from kg.api import Skipped, _one

    def alarm(signum, frame):
        raise Hang()

    signal.signal(signal.SIGALRM, alarm)
    outcomes: collections.Counter = collections.Counter()
    slowest = 0.0
    shown = 0
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
        path = Path(tmp) / f"variant.{fmt}"
        for k, variant in enumerate(variants(data, fmt, n, seed)):
            path.write_bytes(variant)
            started = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                outcome = _one(path)
                key = f"skipped {outcome.code}" if isinstance(outcome, Skipped) else "built"
            except Hang:
                key = "HANG"
            except BaseException as exc:  # noqa: BLE001 - counting what escapes is the point
                key = f"CRASH {type(exc).__name__}"
                if shown < show:
                    shown += 1
                    print(f"--- {fmt} variant {k}:", "".join(traceback.format_exception_only(exc)).strip())
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            slowest = max(slowest, time.perf_counter() - started)
            outcomes[key] += 1
    return {"outcomes": outcomes, "slowest": slowest}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="variants per format")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", nargs="+", default=["txt", "docx", "pdf"], choices=["txt", "docx", "pdf"])
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a variant counts as a hang")
    ap.add_argument("--show", type=int, default=3, help="crashes to print per format")
    args = ap.parse_args()
    data = sources()
    for fmt in args.formats:
        started = time.perf_counter()
        res = run(fmt, data[fmt], args.n, args.seed, args.timeout, args.show)
        crashes = sum(v for k, v in res["outcomes"].items() if k.startswith(("CRASH", "HANG")))
        print(f"{fmt}: {args.n} variants, {crashes} crashes or hangs, {time.perf_counter() - started:.0f} s, "
              f"slowest {res['slowest']:.2f} s")
        for key, count in sorted(res["outcomes"].items()):
            print(f"  {key:<28} {count}")


if __name__ == "__main__":
    main()
