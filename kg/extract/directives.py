"""Prescribed actions: who must, must not, may or is encouraged to do what.

Within each sentence of the body, a modal cue (lexicon ``modal_cues``) opens
a directive.  Which 要 is modal is settled by jieba: only a token that is
exactly the cue counts, so 要求 重要 主要 需要 只要 纪要 never do.  The actor
is the subject right before the cue in its clause (全校各级党组织要…); with
none there, the actor is carried: from a clause earlier in the sentence that
opened with a role (全体师生员工非特殊需要不离家…，严禁提前到校), else from the
last subject in the paragraph (…；要…；要…), else from the section heading
(二、各级党组织要…).  The action runs to the next cue; clauses after it with
no cue of their own continue it (要A，B，C is one directive).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..data import lexicon, words
from ..model import Directive, Document, Line
from ..text import patterns as P
from ..text.tokens import tokenizer
from . import roles

_SENTENCE_END = "。！？!?"
_CLAUSE_END = "，,；;：:"
_CLOSERS = "”’」』》）)"
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|《[^《》]*》|「[^「」]*」")
_REPORTED = ("强调", "指出")
_PURPOSE = re.compile(r"^(?:为了|为)(?!\S{0,2}[师生党员干部群众])")


@dataclass(frozen=True)
class Cue:
    word: str
    modality: str
    kind: str  # verb, adverb or object (see the lexicon)


@cache
def cues() -> dict[str, Cue]:
    return {row[0]: Cue(row[0], row[1], row[2]) for row in lexicon("modal_cues")}


def extract_directives(doc: Document) -> Document:
    headings = iter(doc.sections)  # heading blocks come in the sections' order
    section: str | None = None
    section_actor: str | None = None
    for block in doc.blocks:
        if block.kind not in ("heading", "paragraph"):
            continue
        line = block.line
        if block.kind == "heading":
            section, section_actor = next(headings).heading, None
            line = line.slice(P.heading_level(line.text)[1].end())  # 二、 is no subject
        found = _paragraph(line, section, section_actor)
        if block.kind == "heading" and found and found[0].named:
            section_actor = found[0].actor  # 二、各级党组织要…: the section's actor
        doc.directives.extend(_directive(line, o, section) for o in found)
    return doc


def directives_in(paragraph: str, heading: str | None = None) -> list[Directive]:
    """The directives of one paragraph standing under ``heading`` (numeral
    included, as printed): for tests and for trying the extractor out."""
    from ..model import Document, Source
    from ..text.normalize import normalize
    from ..text.segment import body
    from .elements import extract_elements

    text = (heading + "\n" if heading else "") + paragraph
    doc = Document(Source(None, text, "txt"))
    doc.lines = normalize(text)
    doc.blocks = body(doc.lines)
    extract_elements(doc)
    return extract_directives(doc).directives


@dataclass
class _Open:
    """A directive being read: offsets are into the paragraph's text."""

    actor: str
    named: bool  # the actor is named here, not carried
    actor_at: int | None
    modality: str
    cue: str
    sentence: tuple[int, int]
    start: int  # the action
    end: int
    sep: str = "。"  # what ended its last clause


def sentences(line: Line) -> list[tuple[int, int]]:
    """[start, end) of each sentence in a paragraph, closing quotes kept with it."""
    out, start, i, text = [], 0, 0, line.text
    while i < len(text):
        if text[i] in _SENTENCE_END:
            j = i + 1
            while j < len(text) and text[j] in _CLOSERS:
                j += 1
            out.append((start, j))
            start = i = j
            continue
        i += 1
    if start < len(text) and text[start:].strip():
        out.append((start, len(text)))
    return out


def _paragraph(line: Line, section: str | None, carried: str | None) -> list[_Open]:
    found: list[_Open] = []
    context = carried
    text = _mask_quotes(line.text)  # same length: offsets stay those of the paragraph
    for s_start, s_end in sentences(line):
        tokens = list(tokenizer().tokenize(text[s_start:s_end], HMM=False))
        tokens = [(w, a + s_start, b + s_start) for w, a, b in tokens]
        pending: str | None = None  # a role that opened an earlier clause of this sentence
        current: _Open | None = None
        for c_start, c_end, sep in _clauses(text, s_start, s_end):
            clause = text[c_start:c_end]
            runs = [] if _PURPOSE.match(clause) else _cue_runs(tokens, c_start, c_end)
            if not runs:
                lead = roles.leading(clause) or roles.topic(clause)
                if lead:
                    pending = lead
                    if c_start == s_start:  # 学院党委将…。…，要严肃问责: the sentence's subject
                        context = lead
                elif current and current.sep in "，,":
                    current.end = c_end  # 要A，B，C: B and C carry on A
                if current:
                    current.sep = sep
                if sep in "；;：:":
                    pending = None  # a role opening a clause reaches only to the next ；
                continue
            for k, (r_start, r_end, run) in enumerate(runs):
                seg_start = runs[k - 1][1] if k else c_start
                seg_end = runs[k + 1][0] if k + 1 < len(runs) else c_end
                subject = _subject(text[seg_start:r_start])
                lead = run[0]
                target = roles.leading(text[r_end:seg_end]) if lead.kind == "object" else None
                action_start = _action_start(text, run, r_start)
                if text.startswith(_REPORTED, seg_start):
                    break  # 强调各级党委要…: what someone stressed, not what this document prescribes
                if target:  # 鼓励党员干部… / 请各基层党组织…: the actor follows the cue
                    actor, at, named = target, r_end, True
                    action_start = r_end + len(target)
                    context = actor if lead.modality == "obligation" else context
                elif lead.kind == "object" and lead.modality == "encouragement" or (
                    lead.kind == "adverb" and subject and not roles.is_actor(subject[0], strict=True)
                ):
                    # 支持 with no one to support, 模范带头作用, 在学生中带头…: no new
                    # directive, the words belong to the action being read
                    if current:
                        current.end = seg_end
                    continue
                elif subject and roles.is_actor(subject[0]):
                    actor, at, named = subject[0], seg_start + subject[1], True
                    context = actor
                else:
                    actor, at, named = pending or context, None, False
                if current:
                    found.append(current)
                    current = None
                if actor:
                    current = _Open(actor, named, at, _modality(run), lead.word, (s_start, s_end),
                                    action_start, seg_end)
            if current:
                current.sep = sep
            if sep in "；;：:":
                pending = None
        if current:
            found.append(current)
    return found


def _directive(line: Line, o: _Open, section: str | None) -> Directive:
    text = line.text
    end = o.start + len(text[o.start:o.end].rstrip(_CLAUSE_END + _SENTENCE_END + " "))
    return Directive(
        actor=o.actor, modality=o.modality, action=text[o.start:end], section=section, cue=o.cue,
        sentence=text[o.sentence[0]:o.sentence[1]],
        sentence_span=line.span(*o.sentence), action_span=line.span(o.start, end),
        actor_span=line.span(o.actor_at, o.actor_at + len(o.actor)) if o.actor_at is not None else None,
    )


def _modality(run: list[Cue]) -> str:
    """坚决杜绝 is a prohibition: any prohibiting cue in a run decides."""
    return "prohibition" if any(c.modality == "prohibition" for c in run) else run[0].modality


def _mask_quotes(text: str) -> str:
    """Quoted slogans and cited titles hold no cue: blank them, keeping length."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + "□" * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """[start, end) of each clause of text[start:end] and the separator that ends it."""
    out = []
    for i in range(start, end):
        if text[i] in _CLAUSE_END:
            out.append((start, i, text[i]))
            start = i + 1
    out.append((start, end, "。"))
    return [c for c in out if c[1] > c[0]]


def _cue_runs(tokens, start: int, end: int) -> list[tuple[int, int, list[Cue]]]:
    """Cue tokens in [start, end), adjacent ones merged (要坚决…, 坚决杜绝…)."""
    table = cues()
    runs: list[tuple[int, int, list[Cue]]] = []
    for word, a, b in tokens:
        if a < start or b > end or word not in table:
            continue
        if runs and runs[-1][1] == a:
            runs[-1] = (runs[-1][0], b, runs[-1][2] + [table[word]])
        else:
            runs.append((a, b, [table[word]]))
    return runs


def _action_start(text: str, run: list[Cue], r_start: int) -> int:
    """After the last modal verb of the run; adverbs (带头, 坚决) stay in the action."""
    pos = r_start
    for cue in run:
        if cue.kind in ("verb", "object"):
            pos = text.index(cue.word, pos) + len(cue.word)
    return pos


@cache
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    by_len = lambda ws: tuple(sorted(ws, key=len, reverse=True))
    return by_len(words("subject_prefixes")), by_len(words("subject_suffixes"))


def _subject(text: str) -> tuple[str, int] | None:
    """The subject before a cue, without leading connectives and trailing
    adverbs: 同时其他地方单位也 → 其他地方单位.  Returns it and its offset."""
    prefixes, suffixes = _affixes()
    start, end = 0, len(text)
    changed = True
    while changed:
        changed = False
        for w in prefixes:
            if text.startswith(w, start) and end - start > len(w):
                start += len(w)
                changed = True
        for w in suffixes:
            if text.endswith(w, start, end) and end - start > len(w):
                end -= len(w)
                changed = True
    subject = text[start:end]
    return (subject, start) if subject else None
