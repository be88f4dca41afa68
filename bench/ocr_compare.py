"""Compare OCR engines on the corpus rendered as 300-dpi scans (tests/scans.py).

For each engine and each page: character accuracy (1 - Levenshtein distance
/ length of the drawn text; white space and page numbers left out) and
seconds a page.  Pages carry a red masthead, a red seal over the date and
page numbers, as real scans do.  By default the first and the last page of
each corpus document (the masthead, and the seal over the date).  Needs the
OCR extra and, to compare, the other engines (in a separate virtualenv:
rapidocr-onnxruntime brings its own OpenCV):
    pip install -e '.[ocr]' pytesseract rapidocr-onnxruntime rapidfuzz
    apt-get install tesseract-ocr tesseract-ocr-chi-sim
    python bench/ocr_compare.py [--all] [--engines tesseract,rapidocr-v4,kg]
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


FOLIO = re.compile(r"^[\s\-－—–─_一]*\d{1,4}[\s\-－—–─_一]*$")


def squash(text: str) -> str:
    """The text without white space and without page numbers (furniture, not text:
    left out of the truth and of every engine's reading alike)."""
    return re.sub(r"\s+", "", "".join(line for line in text.splitlines() if not FOLIO.match(line)))


def accuracy(truth: str, got: str) -> float:
    from rapidfuzz.distance import Levenshtein

    t, g = squash(truth), squash(got)
    return 1 - Levenshtein.distance(t, g) / len(t)


def tesseract(image) -> str:
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


def rapidocr_v6_plain(image) -> str:
    from kg.read import ocr

    engine, _ = ocr._engine()
    return "\n".join(text for _, text, _ in ocr._lines(engine, __import__("numpy").asarray(image)))


ENGINES = {
    "tesseract": tesseract,  # Tesseract 5.3 with Debian's chi_sim model, grey page, one block (psm 6)
    "rapidocr-v4": rapidocr,  # rapidocr-onnxruntime 1.4.4: PP-OCRv4 mobile models in the wheel
    "rapidocr-v6": rapidocr_v6_plain,  # rapidocr 3.x: PP-OCRv6 small models in the wheel, page as is
    "kg": kg_engine,  # kg.read.ocr: rapidocr 3.x, red ink read apart (masthead first, seal dropped)
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true", help="every page (default: first and last of each document)")
    ap.add_argument("--engines", default=",".join(ENGINES))
    args = ap.parse_args()
    pages = []
    for source in sorted((ROOT / "corpus").glob("*.txt")):
        images, truths = render(source)
        chosen = range(len(images)) if args.all else sorted({0, len(images) - 1})
        pages += [(source.name[:3], k + 1, images[k], truths[k]) for k in chosen]
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
        print(f"{name:14} accuracy {weighted:.4f} (worst page {min(scores):.4f})  {seconds / len(pages):.2f} s/page")


if __name__ == "__main__":
    main()
