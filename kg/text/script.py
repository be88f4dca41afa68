"""Traditional characters: detect them and read the text in simplified ones.

The rules (lexicons, patterns, jieba's dictionary) are written in simplified
characters, so a page in traditional ones (各級黨組織要…) is converted for
analysis with OpenCC's ``t2s`` conversion, phrase by phrase (乾隆 stays 乾隆
where a character-by-character table would give 干隆).  Each converted
character keeps the source offset of the character it replaces, so evidence
still quotes the source characters; where a phrase conversion changes the
length of a run, that run is converted character by character instead.

Detection: OpenCC changes no character of a simplified text (0 of ~100,000
Han characters in the corpus and realdev), while in traditional text about a
third of the characters change.  A text is taken as traditional when at least
``SHARE`` of its Han characters change.
"""
from __future__ import annotations

import re
from functools import cache

from ..data import lexicon
from ..model import Document, Line

SHARE = 0.05  # of Han characters that only traditional script writes
MIN_CHANGED = 3

_NOT_HAN = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+")


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _extra() -> tuple[tuple[str, str], ...]:
    # phrases OpenCC leaves in traditional form (覆函 for 复函), same length both sides
    return tuple((t, s) for t, s in lexicon("t2s_extra") if len(t) == len(s))


def _convert(text: str) -> str:
    out = _converter().convert(text)
    for t, s in _extra():
        out = out.replace(t, s)
    return out


def is_traditional(text: str) -> bool:
    sample = _NOT_HAN.sub("", text)  # the Han characters
    converted = _to_simplified(sample) if sample else sample
    if converted == sample:
        return False  # simplified text, the common case: no need to count
    changed = sum(a != b for a, b in zip(sample, converted))
    return changed >= MIN_CHANGED and changed >= SHARE * len(sample)


def _to_simplified(text: str) -> str:
    """``text`` in simplified characters, exactly as long as ``text``."""
    out = _convert(text)
    if len(out) == len(text):
        return out
    parts = []
    for m in _RUN.finditer(text):
        run = m.group()
        conv = _convert(run)
        if len(conv) != len(run):
            conv = "".join(c if len(c := _convert(ch)) == 1 else ch for ch in run)
        parts.append(conv)
    return "".join(parts)


def to_simplified(lines: list[Line]) -> list[Line]:
    """The lines in simplified characters, each character keeping its source offset."""
    return [Line(_to_simplified(line.text), line.offs) for line in lines]


def simplify(doc: Document) -> Document:
    """The pipeline step: a document in traditional characters gets its lines in simplified ones."""
    if is_traditional(doc.source.text):
        doc.script = "traditional"
        doc.lines = to_simplified(doc.lines)
    return doc
