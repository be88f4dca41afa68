"""Score records against gold annotations (the format of shared/gold/README.md).

Comparison follows that README: values are compared after NFKC, with white
space removed, bracket and quote variants unified and trailing punctuation
stripped; single values score accuracy, lists precision/recall/F1; key
directives score recall (same modality, actors containing one another, the
key phrase in the action or sentence).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SINGLE = ["issuer", "doc_number", "title", "doc_type", "date", "printed_by", "printed_on",
          "copy_number", "secrecy", "urgency", "note"]
LISTS = ["addressees", "signatories", "signers", "cc", "attachments", "sections", "places", "slogans",
         "persons", "referenced_documents", "contacts"]
_SPLIT = {"addressees", "cc"}
_IDENTITY = {"persons": ("name",), "referenced_documents": ("doc_number", "title"), "contacts": ("email", "phone")}
_BRACKETS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_YEAR = re.compile(r"[\[【［〖„(（]((?:19|20)\d\d)[\]】］〗‟)）]")


def norm(value) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)).translate(_BRACKETS))
    return _YEAR.sub(r"〔\1〕", text).strip("。.；;：:，,")


def _split(items: list[str]) -> list[str]:
    out = []
    for item in items:
        depth, part = 0, ""
        for ch in item:
            depth += ch in "（(〔["
            depth -= ch in "）)〕]"
            if depth <= 0 and ch in "，,、；;":
                out.append(part)
                part = ""
            else:
                part += ch
        out.append(part)
    return [x for x in out if x]


def _identities(items, keys) -> set[str]:
    out = set()
    for item in items or []:
        value = next((item.get(k) for k in keys if item.get(k)), None) if isinstance(item, dict) else item
        if value:
            out.add(norm(value))
    return out


@dataclass
class Score:
    accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)  # right, total
    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # tp, fp, fn
    keys: tuple[int, int] = (0, 0)  # found, total
    missing: list[str] = field(default_factory=list)  # gold files with no record
    mismatches: list[str] = field(default_factory=list)

    def table(self) -> list[tuple[str, float, str]]:
        rows = []
        for k, (right, n) in self.accuracy.items():
            rows.append((k, right / n if n else 1.0, f"accuracy {right}/{n}"))
        for k, (tp, fp, fn) in self.counts.items():
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            rows.append((k, f, f"F1 (P {p:.3f} R {r:.3f})"))
        found, total = self.keys
        rows.append(("key_directives", found / total if total else 1.0, f"recall {found}/{total}"))
        return rows

    @property
    def overall(self) -> float:
        rows = self.table()
        return sum(r[1] for r in rows) / len(rows)


def _key_found(key: dict, directives) -> bool:
    phrase, actor = norm(key["contains"]), norm(key["actor"])
    for d in directives or []:
        text = norm(" ".join(str(d.get(k) or "") for k in ("action", "sentence")))
        got = norm(d.get("actor") or "")
        if phrase in text and d.get("modality") == key["modality"] and got and (actor in got or got in actor):
            return True
    return False


def evaluate(gold_dir: Path, records: Path) -> Score:
    preds = {}
    for line in Path(records).read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            preds[Path(rec.get("source", "")).name] = rec
    score = Score({k: (0, 0) for k in SINGLE}, {k: (0, 0, 0) for k in LISTS})
    for gold_file in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred = preds.get(gold["source"])
        if pred is None:
            score.missing.append(gold["source"])
            pred = {}
        for k in SINGLE:
            if k not in gold:
                continue
            accepted = {norm(gold[k])} | ({norm(a) for a in gold.get("issuer_aliases", [])} if k == "issuer" else set())
            ok = norm(pred.get(k)) in accepted
            right, n = score.accuracy[k]
            score.accuracy[k] = (right + ok, n + 1)
            if not ok:
                score.mismatches.append(f"{gold['source']} {k}: want {gold[k]!r} got {pred.get(k)!r}")
        for k in LISTS:
            g, p = gold.get(k), pred.get(k) or []
            if g is None:
                continue
            if k in _SPLIT:
                g, p = _split([norm(x) for x in g]), _split([norm(x) for x in p if x])
            g, p = _identities(g, _IDENTITY.get(k, ())), _identities(p, _IDENTITY.get(k, ()))
            tp, fp, fn = score.counts[k]
            score.counts[k] = (tp + len(g & p), fp + len(p - g), fn + len(g - p))
            if g != p:
                score.mismatches.append(f"{gold['source']} {k}: missing {sorted(g - p)} extra {sorted(p - g)}")
        for key in gold.get("key_directives", []):
            found = _key_found(key, pred.get("directives"))
            score.keys = (score.keys[0] + found, score.keys[1] + 1)
            if not found:
                score.mismatches.append(f"{gold['source']} directive not found: {key}")
    return score
