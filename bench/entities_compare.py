"""Persons and places: jieba's part-of-speech tags alone, against kg's rules.

    python bench/entities_compare.py [--gold ../shared/gold]

Prints precision, recall and F1 of each method on the corpus gold files, so
the choice in kg/extract/mentions.py rests on figures, not on taste.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from kg.pipeline import process
from kg.read import read
from kg.records import record
from kg.text.tokens import tagged

ROOT = Path(__file__).resolve().parent.parent


def prf(gold: set, got: set) -> tuple[float, float, float]:
    tp = len(gold & got)
    p = tp / len(got) if got else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    args = ap.parse_args()
    totals = {k: [set(), set()] for k in ("persons: jieba nr/nrfg tags", "persons: kg (title or label next to a name)",
                                          "places: jieba ns tags", "places: kg (division gazetteer on token boundaries, not in a title or organ name)")}
    for gold_file in sorted(args.gold.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc = process(read(ROOT / "corpus" / gold["source"]))
        rec = record(doc)
        body = "".join(b.text for b in doc.blocks if b.kind in ("heading", "paragraph", "footer"))
        tags = tagged(body)
        tag = lambda s: {(gold["source"], x) for x in s}
        gp, gl = tag(p["name"] for p in gold["persons"]), tag(gold["places"])
        for key, gold_set, got in [
            ("persons: jieba nr/nrfg tags", gp, tag(w for w, f, _ in tags if f in ("nr", "nrfg", "nrt"))),
            ("persons: kg (title or label next to a name)", gp, tag(p["name"] for p in rec["persons"])),
            ("places: jieba ns tags", gl, tag(w for w, f, _ in tags if f == "ns")),
            ("places: kg (division gazetteer on token boundaries, not in a title or organ name)", gl, tag(rec["places"])),
        ]:
            totals[key][0] |= gold_set
            totals[key][1] |= got
    for key, (gold_set, got) in totals.items():
        p, r, f = prf(gold_set, got)
        print(f"{key:<58} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


if __name__ == "__main__":
    main()
