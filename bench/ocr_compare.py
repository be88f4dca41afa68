"""Compare OCR engines on the corpus rendered as 300-dpi scans (tests/scans.py).

For each engine and each page: character accuracy (1 - Levenshtein distance
/ length of the drawn text, whitespace left out since line breaks differ) and
seconds a page.  Pages carry a red masthead, a red seal over the date and
page numbers, as real scans do.  Needs the OCR extra and the engines:
    pip install -e '.[ocr]' rapidocr-onnxruntime   # rapidocr only to compare
    apt-get install tesseract-ocr tesseract-ocr-chi-sim
    python bench/ocr_compare.py [--pages N]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scans import render  # noqa: E402


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def accuracy(truth: str, got: str) -> float:
    from rapidfuzz.distance import Levenshtein

    t, g = squash(truth), squash(got)
    return 1 - Levenshtein.distance(t, g) / len(t)


def tesseract_plain(image) -> str:
    import pytesseract

    return pytesseract.image_to_string(image.convert("L"), lang="chi_sim", config="--psm 6")


def kg_engine(image) -> str:
    from kg.read import ocr

    return ocr.recognise([image]).text


def rapidocr(image) -> str:
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR

    global _rapid
    try:
        engine = _rapid
    except NameError:
        engine = _rapid = RapidOCR()
    result, _ = engine(np.asarray(image))
    if not result:
        return ""
    # rows by the box's top edge, then left to right
    rows = sorted(result, key=lambda r: (round(r[0][0][1] / 60), r[0][0][0]))
    return "\n".join(r[1] for r in rows)


ENGINES = {"tesseract-grey": tesseract_plain, "kg": kg_engine,
           "rapidocr": rapidocr}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=None, help="pages per document (default: all)")
    ap.add_argument("--engines", default=",".join(ENGINES))
    args = ap.parse_args()
    pages = []
    for source in sorted((ROOT / "corpus").glob("*.txt")):
        images, truths = render(source, args.pages)
        pages += [(source.name[:3], k + 1, image, truth) for k, (image, truth) in enumerate(zip(images, truths))]
    print(f"{len(pages)} pages of {len({p[0] for p in pages})} documents, 300 dpi")
    for name in args.engines.split(","):
        engine = ENGINES[name]
        engine(pages[0][2])  # load models once, outside the timing
        scores, seconds = [], 0.0
        for doc, page, image, truth in pages:
            t = time.perf_counter()
            got = engine(image)
            seconds += time.perf_counter() - t
            scores.append(accuracy(truth, got))
        total = sum(len(squash(p[3])) for p in pages)
        weighted = sum(s * len(squash(p[3])) for s, p in zip(scores, pages)) / total
        print(f"{name:40} accuracy {weighted:.4f} (worst page {min(scores):.4f})  {seconds / len(pages):.2f} s/page")


if __name__ == "__main__":
    main()
