"""Prescribed actions: who must, must not, may or is encouraged to do what.

Explicit directives: within each sentence of the body, a modal cue (lexicon
``modal_cues``) opens a directive.  Which 要 is modal is settled by jieba: only
a token that is exactly the cue counts, so 要求 重要 主要 需要 只要 纪要 never
do.  The actor is the subject right before the cue in its clause, when that
noun phrase names someone who acts (a role of the scheme, an organ, or a
phrase ending like one: 举报人, 行政执法承办机构); a subject that names a thing
(抽查事项…都要公开) or none is carried: from a clause earlier in the sentence
that opened with an actor, else from the paragraph's last stated actor, else
from the section heading, else the document's addressees.  鼓励/支持/允许/请…
name the actor after the cue (鼓励党员干部…).  The action runs to the next cue;
clauses after it with no cue of their own continue it (要A，B，C is one
directive); a clause after ； with its own cue or opening verb is a new one.

Implicit directives: in the body of a prescriptive document (lexicon
``prescriptive_doc_types``) most of what is prescribed has no modal word and
no subject: （三）完善监管机制。加快建立…，推动….  A sentence (or a part after
；) whose first main clause, after openers (对…的，/ 按照…原则，/ 到2020年，),
opens with a prescriptive verb is a directive of modality obligation, marked
``explicit=False``, with the actor carried as above.  Descriptive sentences
(…是…, …了, 具有…意义) and purpose clauses are not directives.

This module reads sentences and clauses; the cues and word lists are in
:mod:`kg.extract.modal`, the noun phrases that name an actor in
:mod:`kg.extract.actors`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from ..model import Directive, Document, Line
from ..text import patterns as P
from . import actors, modal, roles

_SENTENCE_END = "。！？!?"
_CLAUSE_END = "，,；;：:"
_CLOSERS = "”’」』》）)"
_SENTENCE_BREAK = re.compile(f"[{re.escape(_SENTENCE_END)}][{re.escape(_CLOSERS)}]*")
_CLAUSE_MARK = re.compile(f"[（()）{re.escape(_CLAUSE_END)}]")
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|《[^《》]*》|「[^「」]*」")
_REPORTED = ("强调", "指出")
_PURPOSE = re.compile(r"^(?:为了|为)(?!\S{0,2}[师生党员干部群众])")
_NOTE = re.compile(r"[（(][^（()）]{2,80}[)）]|[^（()）。]{2,60}?[)）]")  # （生态环境部指导）, and the end of one begun before
# a clause that only sets the scene: a time, a connective
_SCENE = re.compile(
    r"^(?:(?:到|从|自|截至|截止|在)?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:至(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?)?"
    r"(?:起|以来|以前|前|底|后|开始|期间)?|今后|当前|目前|近年来|今年|明年|同时|此外|另外|其中|首先|其次|最后|"
    r"一方面|另一方面|原则上|必要时|特别是|尤其是)$"
)
# a clause opening with a preposition is an opener when it ends like a phrase of place,
# time, basis or condition (在确保监管的前提下，/ 按照…的原则，/ 经国务院批准，)
_PREPOSITION = re.compile(r"^(?:报经|报请|经过|对于|对|针对|按照|按|根据|依据|依照|依托|围绕|结合|通过|以|在|从|经|由|凡|除|随着|关于|基于|本着|遵循)")
_PHRASE_END = re.compile(
    r"(?:的|下|中|上|时|后|前|内|外|间|期间|方面|原则|要求|规定|精神|部署|安排|导向|重点|指导|主线|核心|抓手|"
    r"基础|前提|目标|方向|需要|情况|批准|同意|授权|审核|研究|决定|为例|为主|为辅|领域|范围|环节)$"
)
_SAID = re.compile(r"[^，。：:；]{2,30}?(?:提出|认为|意见|表示|答复|指出|强调)[:：]")
_ASSIGNED = re.compile(r"由[^，。；]{2,24}?(?:负责|承办|审查|审核|办理|组织起草|牵头)")  # 由国务院法制机构审查: who does it, stated
# (the lookahead on what a match opens with lets the search pass other positions fast)
_DESCRIPTIVE = re.compile(r"(?=[具，；是已曾以])(?:具有[^，。；]*意义|(?:^|[，；])是|已经|曾经|以来[，,])")
# patterns used inline below, compiled once
_ANNOUNCES = re.compile(r"如下[^，。；,]{0,4}[:：]\s*$|(?:通知|要求|意见|规定)如下")
_CLAUSE_BREAK = re.compile(r"[，,；;]")
_DUTIES = re.compile(r"(?:及其|的)?(?:主要)?(?:工作)?职责$")
_STRESSED = re.compile(r"^\S{0,12}?(?:强调|指出)")
_UPWARD = re.compile(r"如无不妥|如无不当|妥否")
_ABOUT_TO = re.compile(r"了[”’]?$")
_CONDITION = re.compile(r"(?:如果|如|若|假如|一旦|倘若)(?!期|实|何|此)")
_BASIS = re.compile(r"(?:结合|围绕|依托|依据|依照|对照|参照|根据)")
_EXCEPT = re.compile(r"^除.*外$")
# prohibitions that may name whom they bind right after them (严禁任何单位和个人在…从事…)
_NAMES_AFTER = ("严禁", "禁止")


def _bound(text: str) -> str | None:
    """Whom 严禁/禁止 names: people or bodies, opening what follows with a noun
    (not 用公款组织教职工…, nor a thing qualified with 的 or a bracket)."""
    target = actors.target(text)
    if not target or "的" in target or _CLAUSE_MARK.search(target) \
            or len(_CLAUSE_MARK.split(text[len(target):], 1)[0]) < 2:
        return None  # 禁止一切车辆通行: what is banned, with nothing after it
    first = modal.tags(target)[0]
    return target if first[1].startswith(("n", "r", "j")) else None


def prescriptive(doc: Document) -> bool:
    """Is the body of ``doc`` prescriptive (a 意见, 通知, 决定…, or an attached plan)?"""
    kinds = modal.vocab()["prescriptive_doc_types"]
    if doc.doc_type:
        return doc.doc_type in kinds
    head = doc.title or ""
    if not head:  # a title the segmenter did not take for one (a web page's layout): the lines above the body
        for block in doc.blocks:
            if block.kind in ("addressee", "paragraph", "heading"):
                break
            if block.kind in ("mark", "title"):
                head += block.text.strip()
    return (P.doc_type_of(head) or "") in kinds or head.endswith(kinds)  # …管理办法, …实施方案


def addressee_text(doc: Document) -> str | None:
    """The addressees as written (各省、自治区、直辖市人民政府，国务院各部委、各直属机构)."""
    for block in doc.blocks_of("addressee"):
        return block.text.strip().rstrip("：:").strip() or None
    return None


def extract_directives(doc: Document) -> Document:
    _extract(doc, addressee_text(doc), prescriptive(doc))
    return doc


def _extract(doc: Document, addressees: str | None, implicit: bool) -> None:
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
        reader = _Reader(line, section_actor, addressees, implicit, block.kind == "heading")
        found = reader.read()
        if block.kind == "heading" and found and found[0].named:
            section_actor = found[0].actor  # 二、各级党组织要…: the section's actor
        elif block.kind == "heading" and not found and reader.context_from == "paragraph":
            section_actor = reader.context  # 二、各学院党委 / 2.1 指挥部办公室及其职责: the heading names it
        doc.directives.extend(d for d in (_directive(line, o, section) for o in found) if d.action.strip())


def directives_in(paragraph: str, heading: str | None = None, addressees: str | None = None,
                  implicit: bool = True) -> list[Directive]:
    """The directives of one paragraph standing under ``heading`` (numeral
    included, as printed), in a document sent to ``addressees``; ``implicit``:
    the document prescribes (a 意见, 通知…).  For tests and for trying the
    extractor out."""
    from ..model import Document, Source
    from ..text.normalize import normalize
    from ..text.segment import body
    from .elements import extract_elements

    text = (heading + "\n" if heading else "") + paragraph
    doc = Document(Source(None, text, "txt"))
    doc.lines = normalize(text)
    doc.blocks = body(doc.lines)
    extract_elements(doc)
    _extract(doc, addressees, implicit)
    return doc.directives


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
    explicit: bool = True
    actor_from: str = "subject"
    by_verb: bool = False  # opened by a verb, not by a cue: a cue inside its clause is part of it


def sentences(line: Line) -> list[tuple[int, int]]:
    """[start, end) of each sentence in a paragraph, closing quotes kept with it."""
    out, start, text = [], 0, line.text
    for m in _SENTENCE_BREAK.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text) and text[start:].strip():
        out.append((start, len(text)))
    return out


class _Reader:
    """Reads the directives of one paragraph (or heading), sentence by sentence."""

    def __init__(self, line: Line, carried: str | None, addressees: str | None, implicit: bool,
                 heading: bool = False):
        self.line = line
        self.heading = heading  # a heading block: its first sentence is the heading (（三）完善监管机制。)
        self.text = _mask_quotes(line.text)  # same length: offsets stay those of the paragraph
        self.context = carried  # the last actor stated (paragraph), or the heading's
        self.context_from = "heading" if carried else None
        self.addressees = addressees
        self.implicit = implicit
        self.pending: str | None = None  # an actor that opened an earlier clause of the sentence
        self.reported = False  # 发展改革委提出：…: what another organ said, to the paragraph's end
        self.sentence_actor: str | None = None
        self.found: list[_Open] = []

    def carried(self) -> tuple[str | None, str]:
        if self.pending or self.sentence_actor:
            return self.pending or self.sentence_actor, "sentence"
        if self.context:
            return self.context, self.context_from or "paragraph"
        return self.addressees, "addressees"

    def set_context(self, actor: str) -> None:
        self.context, self.context_from = self.resolve(actor), "paragraph"

    def resolve(self, actor: str) -> str:
        """你省, 你们, 你部: the addressee."""
        return self.addressees if actor.startswith("你") and self.addressees else actor

    def read(self) -> list[_Open]:
        text = self.text
        spans = sentences(self.line)
        whole = modal.tags(text)
        starts = [t[2] for t in whole]
        for k, (s_start, s_end) in enumerate(spans):
            m = actors.NUMBERING.match(text, s_start)
            body_start = m.end() if m and m.end() < s_end else s_start
            note = _NOTE.match(text, body_start)
            if note and note.end() < s_end:
                body_start = note.end()
            tokens = list(whole[bisect_left(starts, s_start):bisect_left(starts, s_end)])
            body = text[body_start:s_end]
            if _SAID.match(body):
                self.reported = True
            if "如下" in body and _ANNOUNCES.search(body):
                continue  # 现就…提出如下要求：: the sentence announces what follows
            if self.reported:
                continue
            # a run-in heading: （十一）保障困难群众基本生活。 / 坚持问题导向。 before more text
            head_like = k == 0 and not _CLAUSE_BREAK.search(body) and (
                len(body) <= 24 if self.heading else
                k + 1 < len(spans) and (len(body) <= 16 or (m is not None and len(body) <= 24)))
            if head_like or self.heading and k == 0:
                label = _DUTIES.sub("", body.rstrip("。：:；;，, "))
                if label and actors.leading_agent(modal.tags(label), 0, len(label)) == label:
                    self.set_context(label)  # （二）各学院党委。一要…: the paragraph's label names its actor
            descriptive = (bool(_DESCRIPTIVE.search(body)) or bool(_ASSIGNED.search(body)) or body.rstrip().endswith(("：", ":"))
                           or "了" in text[s_start:s_end] and any(w == "了" and f == "ul" for w, f, _ in tokens)
                           or "是" in body and _copula_first(tokens, body_start, body))
            self.sentence(tokens, s_start, s_end, body_start, self.implicit and not head_like and not descriptive)
        return self.found

    def sentence(self, tokens, s_start: int, s_end: int, body_start: int, implicit: bool) -> None:
        text = self.text
        self.pending = self.sentence_actor = None
        current: _Open | None = None
        unit_open = True  # no main clause read yet in this unit (the sentence, or its part after ；)
        purpose = False  # 为…，…，…，国务院决定…: clauses of a purpose until a subject or a cue
        excluded = False
        listing = False  # after 以下内容：
        clauses = _clauses(text, body_start, s_end)
        starts = [t[2] for t in tokens]
        # where cues and 要求 stand: most clauses have neither, and need not be searched for them
        table = modal.cues()
        cue_at = [a for w, _, a in tokens if w in table]
        asked_at = [a for w, _, a in tokens if w == "要求"]
        for n, (c_start, c_end, sep) in enumerate(clauses):
            clause = text[c_start:c_end]
            # the tokens of the clause: what the helpers below look at of the sentence's
            inside = tokens[bisect_left(starts, c_start):bisect_left(starts, c_end)]
            runs = [] if _PURPOSE.match(clause) or not _any_in(cue_at, c_start, c_end) \
                else modal.cue_runs(inside, c_start, c_end)
            if unit_open and _PURPOSE.match(clause):
                purpose = True
            if purpose:
                lead = None if runs else self.lead(clause, inside, c_start, c_end, c_start)
                if not runs and not lead and sep not in "；;":
                    continue
                purpose = False
            # 对特定领域的抽查，可在…: a clause right before a cue standing first in its clause is its topic
            if unit_open and not runs and n + 1 < len(clauses) and sep in "，," and clause.startswith(("对", "针对", "对于", "凡")):
                after = modal.cue_runs(tokens[bisect_left(starts, clauses[n + 1][0]):bisect_left(starts, clauses[n + 1][1])],
                                  clauses[n + 1][0], clauses[n + 1][1])
                if after and not actors.strip_subject(text[clauses[n + 1][0]:after[0][0]])[0]:
                    continue
            if _STRESSED.match(clause) and runs or clause.startswith(("预计", "预测", "估计")) \
                    or _any_in(asked_at, c_start, c_end) and _demanded(inside, c_start, c_end):
                break  # 强调各级党委要…，…: what someone stressed; 预计…可…: a forecast
            if c_start > body_start and _purpose(clause, tokens, c_start) or _UPWARD.search(clause):
                break  # …，以审核哪些通知可以…: the rest says what for; 如无不妥，请批转…: a request upward
            if excluded or unit_open and clause.startswith("除") and not clause.endswith("外"):
                excluded = not clause.endswith("外")  # 除为了…，或者…等外，: an exception over several clauses
                continue
            if runs and _ABOUT_TO.search(clause):
                runs = []  # 就要到了, 要来了: what is about to happen
            if _opener(clause, runs, unit_open, sep):
                lead = self.lead(clause, inside, c_start, c_end, c_start)  # its own subject (港澳人员必须上岛时)
                if lead:
                    self.pending = self.resolve(lead)  # 起草单位…报送…的，审核机构要…: for this sentence only
                elif c_start == body_start and not runs and (who := _those_who(clause)):
                    self.pending = who  # 因患病无法参加考试的，应…: those it speaks of
                if current:
                    current.sep = sep
                if sep in "；;":
                    self.pending, unit_open = None, True
                continue
            if listing:
                if current:
                    current.end = c_end  # 严格审核以下内容：…；…；…: the items of one directive
                continue
            # 要A；及时B；C: after ； a clause opening with a verb carries on the cue before it
            scoped = unit_open and not implicit and self.found and self.found[-1].sentence == (s_start, s_end) \
                and self.found[-1].explicit and self.found[-1].sep in "；;" or (
                    unit_open and current is not None and current.explicit and current.sep in "；;")
            verb_at = _prescriptive_start(clause, inside, c_start, c_end) if unit_open and (implicit or scoped) else None
            if verb_at is not None and (not runs or runs[0][0] > c_start + verb_at) and not (
                    runs and (actors.named(actors.strip_subject(text[c_start:runs[0][0]])[0])
                              or runs[0][2][0].kind == "verb" and actors.noun_before(tokens, runs[0][0]))):
                actor, origin = self.carried()
                if scoped:
                    last = current or self.found[-1]
                    if current:
                        self.found.append(current)
                    current = _Open(last.actor, False, None, last.modality, last.cue, (s_start, s_end),
                                    c_start, c_end, actor_from=last.actor_from, by_verb=True)
                elif actor:
                    if current:
                        self.found.append(current)
                    verb = next((w for w, _, a in tokens if a == c_start + verb_at), clause[verb_at:verb_at + 2])
                    current = _Open(actor, False, None, "obligation", verb, (s_start, s_end),
                                    c_start, c_end, explicit=False, actor_from=origin, by_verb=True)
            opening = unit_open  # only openers before it: the clause may name the sentence's subject
            if not (unit_open and not runs and verb_at is None and _topic_phrase(clause, inside, c_start, c_end)
                    and not self.lead(clause, inside, c_start, c_end, body_start)):
                unit_open = False
            if not runs:
                lead = self.lead(clause, inside, c_start, c_end, c_start if opening else body_start)
                if lead:
                    self.pending = self.resolve(lead)
                    if c_start == body_start and not clause.endswith("的"):
                        self.set_context(lead)  # 学院党委将…。…，要严肃问责: the sentence's subject
                elif current and current.sep in "，," and current.start < c_start:
                    current.end = c_end  # 要A，B，C: B and C carry on A
                if current:
                    current.sep = sep
                    if sep in "：:":
                        listing = True
                if sep in "；;":
                    self.pending, unit_open = None, True  # a clause's subject reaches only to the next ；
                continue
            current = self.runs(runs, c_start, c_end, s_start, s_end, current, sep)
            if current:
                current.sep = sep
            if sep in "：:" and current:
                listing = True
            if sep in "；;":
                self.pending, unit_open = None, True
        if current:
            self.found.append(current)

    def lead(self, clause: str, tokens, c_start: int, c_end: int, body_start: int) -> str | None:
        """The actor a clause without a cue opens with (not the object of 对…)."""
        if clause.startswith(("对", "针对", "关于", "除")) or _starts_prescriptive(clause) or (
                _PREPOSITION.match(clause) and _PHRASE_END.search(clause)):
            return None  # 报经中央新闻主管部门同意，: a condition, not a subject
        return roles.leading(clause) or roles.topic(clause) or (
            actors.leading_agent(tokens, c_start, c_end) if c_start == body_start else None)

    def runs(self, runs, c_start, c_end, s_start, s_end, current, sep="。"):
        text = self.text
        for k, (r_start, r_end, run) in enumerate(runs):
            seg_start = runs[k - 1][1] if k else c_start
            seg_end = runs[k + 1][0] if k + 1 < len(runs) else c_end
            if text.startswith(_REPORTED, seg_start):
                break  # 强调各级党委要…: what someone stressed, not what this document prescribes
            subject, s_at = actors.strip_subject(text[seg_start:r_start])
            lead = run[0]
            if k == 0 and _PREPOSITION.match(text[c_start:r_start].lstrip("或并且及")) and "的" in text[r_end:seg_end]:
                continue  # 按…企业应缴纳社会保险费50%的标准确定: the cue is inside a phrase
            if subject.endswith(("把", "将", "对", "在", "为", "以", "从", "向", "与")) and lead.kind != "adverb":
                if current:
                    current.end = seg_end
                continue  # 把禁止洋垃圾入境作为…: the cue word is inside an object
            if lead.kind == "object" and text[r_end:r_end + 1] == "、":
                more = modal.tags(text[r_end + 1:seg_end], hmm=False)
                if more and (more[0][1] in ("v", "vn", "n") and more[0][0] in modal.vocab()["prescriptive_verbs"] or more[0][1] == "v"):  # 鼓励、支持、指导各地区…
                    r_end += 1 + len(more[0][0])
            # 鼓励党员干部…, 请各单位…, and 严禁任何单位和个人在…: the actor follows the cue
            target = actors.target(text[r_end:seg_end]) if lead.kind == "object" else \
                _bound(text[r_end:seg_end]) if run[-1].word in _NAMES_AFTER else None
            if target and len(text[r_end:seg_end].rstrip(_CLAUSE_END + _SENTENCE_END + " ")) - len(target) < 2 \
                    and not (seg_end == c_end and sep in "，,"):
                target = None  # 鼓励发展…职业培训机构: what is encouraged, not who
            action_start = modal.action_start(text, run, r_start)
            named = actors.named(subject) if not target else None
            if target:
                actor, at, origin = self.resolve(target), r_end, "object"
                action_start = r_end + len(target)
                if lead.modality == "obligation":
                    self.set_context(actor)
                elif lead.kind == "verb":
                    self.sentence_actor = actor  # 严禁X…；严禁…: X still, to the sentence's end
            elif lead.kind == "object" and lead.modality in ("encouragement", "permission") and (
                    subject or (current and current.sentence == (s_start, s_end) and current.sep in "，,"
                                and not _verb_follows(text, r_end, seg_end))):
                # 支持 with no one to support, in the middle of an action (坚持鼓励先进…,
                # 引导…支持创业): the words belong to the action being read
                if current:
                    current.end = seg_end
                continue
            elif current and current.by_verb and current.start >= c_start and not actors.named(subject):
                current.end = seg_end  # 及时向…提出需联席会议讨论的议题: inside the action
                continue
            elif lead.kind == "adverb" and subject and not roles.is_actor(subject, strict=True):
                # 模范带头作用, 在学生中带头…: no new directive
                if current:
                    current.end = seg_end
                continue
            elif named and named.startswith("你") and self.addressees:
                actor, at, origin = self.addressees, None, "addressees"  # 你省, 你们: the addressee
            elif not named and (who := _those_who(subject)) and (subject.startswith("凡") or actors.NUMBERING.fullmatch(
                    text[s_start:seg_start].strip()) or not text[s_start:seg_start].strip()):
                actor, at, origin = who, seg_start + s_at + subject.index(who), "subject"  # 凡…工作满2年的均可…
            elif named:
                actor, at, origin = named, seg_start + s_at + subject.index(named), "subject"
                self.set_context(actor)
                self.pending = self.resolve(actor)
            else:
                (actor, origin), at = self.carried(), None
                by = actors.by_agent(text[action_start:seg_end])  # 应由内地人员承担
                if by:
                    actor, at, origin = by[0], action_start + by[1], "subject"
            if current:
                self.found.append(current)
                current = None
            if actor:
                current = _Open(actor, at is not None, at, modal.modality(run), lead.word, (s_start, s_end),
                                action_start, seg_end, actor_from=origin)
                if origin == "sentence":
                    self.sentence_actor = actor  # 行政执法人员在…时，必须…；要…: the same actor, in this sentence
        return current


# a clause of "those who" that is not about a thing acted on (对…的), a basis (按照…的) nor
# a finding (发现…不准确的, 经审核…的); only opening a sentence, where 对 is not carried over
_THOSE_WHO = re.compile(r"^凡?(?!对|针对|关于|根据|按照|依照|依据|为|以|发现|经)(\S{3,40}?的)$")


def _those_who(text: str) -> str | None:
    """因患病等原因无法参加考试的, 凡在岗位上工作满2年的: the people a clause ending in 的 means;
    not a thing or a case (所得为外币的, 村庄规划需要修改的, 有下列情形之一的, 决定被撤销的)."""
    m = _THOSE_WHO.match(text)
    if not m or _CLAUSE_MARK.search(m.group(1)) or m.group(1).startswith(_A_CASE) or "被" in m.group(1):
        return None
    tokens = modal.tags(m.group(1))
    if tokens[0][1].startswith(("n", "vn")) and not actors.leading_agent(tokens, 0, len(m.group(1))):
        return None  # a thing opens it
    return m.group(1)


_A_CASE = ("有", "符合", "属于", "涉及", "如有", "存在")


def _any_in(positions: list[int], start: int, end: int) -> bool:
    """Is one of the sorted ``positions`` in [start, end)?"""
    k = bisect_left(positions, start)
    return k < len(positions) and positions[k] < end


def _demanded(tokens, start: int, end: int) -> bool:
    """《纲要》要求完善…: what another text demands (要求 + what, after its subject)."""
    inside = [(w, f) for w, f, a in tokens if start <= a < end]
    for i, (w, f) in enumerate(inside):
        if w == "要求" and 0 < i < len(inside) - 1 and inside[i + 1][1] in ("v", "vn"):
            return True
    return False


def _verb_follows(text: str, at: int, end: int) -> bool:
    """鼓励采取…: the cue is followed by what to do, not by a thing (支持产业发展)."""
    tokens = modal.tags(text[at:end], hmm=False)
    return bool(tokens) and tokens[0][1] == "v"


def _copula_first(tokens, start: int, body: str) -> bool:
    """Is the first clause of the sentence ``body`` (at ``start``) a statement with 是
    (综合保税区是开放型经济的重要平台，…; 就业是最大的民生; 制定规范性文件是…的重要方式):
    a description, not something prescribed."""
    m = _CLAUSE_BREAK.search(body)
    end = start + (m.start() if m else len(body))
    return any(w == "是" for w, _, a in tokens if start <= a < end)


def _topic_phrase(clause: str, tokens, start: int, end: int) -> bool:
    """境外入区的食品, 新建涉危险废物建设项目: a thing the next clause speaks of."""
    inside = [(w, f) for w, f, a in tokens if start <= a < end and f != "x"]
    if not inside or inside[-1][1] not in ("n", "nz", "j", "l") or _starts_prescriptive(clause) or actors.agent(
            clause.rsplit("的", 1)[-1]):
        return False  # …的部门，将取消…: an actor, the subject of what follows
    return "的" in clause or not any(f == "v" for _, f in inside)


def _purpose(clause: str, tokens, start: int) -> bool:
    """以便…, 以审核…, 从而…: a clause saying what the main one is for."""
    if clause.startswith(("以便", "以免", "以使", "以利于", "从而", "以确保", "以保证")):
        return True
    if clause.startswith("以"):
        nxt = next((f for w, f, a in tokens if a == start + 1), "")
        return nxt == "v"
    return False


@cache
def _prescriptive_openings() -> tuple[str, ...]:
    v = modal.vocab()
    return v["prescriptive_verbs"] + v["prescriptive_adverbs"]


def _starts_prescriptive(clause: str) -> bool:
    return clause.startswith(_prescriptive_openings()) and not clause.startswith(("将", "把"))


def _opener(clause: str, runs, unit_open: bool, sep: str = "") -> bool:
    """Does the clause only set the scene for the main clause after it (对…的，
    按照…原则，到2020年，港澳人员必须上岛时，参加人员：)?"""
    if sep in "：:" and len(clause) <= 8 and not runs:
        return True  # 参加人员：, 报名方式：: the label of a field
    if (unit_open or runs) and _PREPOSITION.match(clause) and _PHRASE_END.search(clause) \
            and not clause.startswith(("对", "凡")):
        return True  # 按照…可持续原则，: a cue inside a phrase of basis is none
    if unit_open and (_CONDITION.match(clause) or clause.startswith("凡")):
        return True  # 如动用地方储备粮仍不能满足…，: a condition
    if clause.endswith(("的", "时", "后")) and (unit_open or runs):
        # a condition, even with a modal word inside it (港澳人员必须上岛时，); not the object
        # of the cue's verb (要注重对…表现突出的，及时表扬)
        return not (runs and re.search(r"[对凡]", clause[runs[-1][1] - runs[0][0]:]))
    if runs or not unit_open:
        return False
    if clause.startswith(tuple(modal.vocab()["prescriptive_verbs"])):
        return False
    if _PURPOSE.match(clause) or _SCENE.match(clause) or _BASIS.match(clause):
        return True  # 结合军队帮扶工作，鼓励…: a phrase of basis
    if _PREPOSITION.match(clause) and _PHRASE_END.search(clause):
        return True
    return bool(_EXCEPT.match(clause))


def _prescriptive_start(clause: str, tokens, start: int, end: int) -> int | None:
    """Offset in ``clause`` of the prescriptive verb it opens with, if it does."""
    v = modal.vocab()
    i = 0
    changed = clause.startswith(v["prescriptive_adverbs"])  # else the loop finds none
    while changed:
        changed = False
        for adverb in v["prescriptive_adverbs"]:
            if clause.startswith(adverb, i) and len(clause) > i + len(adverb):
                i += len(adverb)
                changed = True
                break
    if _PREPOSITION.match(clause[i:]) or clause.startswith(("向", "与", "同"), i):
        # 在自贸试验区设立受理点, 向…提出: a phrase of place or direction before the verb
        for w, f, a in tokens:
            if start + i < a < end and (w in v["prescriptive_verbs"] or f == "v" and len(w) >= 2) \
                    and w not in ("把", "将", "是", "有", "为", "成为", "属于", "包括", "具有"):
                # not a verb inside a phrase about a thing (在…中涌现出来的先进人物, 对…突出的市县)
                rest = clause[a - start + len(w):]
                return None if "的" in (rest if clause.startswith(("对", "针对")) else rest[:4]) else a - start
        # 严格按照发展计划发展党员: an adverb of manner before the phrase marks the imperative
        return 0 if i and clause.startswith(("严格", "认真", "切实", "积极")) else None
    for verb in v["prescriptive_verbs"] if clause.startswith(v["prescriptive_verbs"], i) else ():
        if clause.startswith(verb, i):
            if verb in ("把", "将") and not _disposal(clause[i + 1:]):
                return None
            return i
    token = next(((w, f) for w, f, a in tokens if a == start + i), None)
    if token and (token[1] == "v" or i and token[1] == "vn") and len(token[0]) >= 2 and token[0] not in v["non_prescriptive_verbs"] \
            and token[0] not in modal.cues() and not actors.organ(token[0]) and not actors.agent(token[0]):
        return i
    return None


def _disposal(rest: str) -> bool:
    """把/将 + object + verb (将X纳入Y), not 将 of the future (将不定期…, 将取消…)."""
    if not rest or rest.startswith(("不", "会", "要", "于", "在", "是", "有", "对", "进一步")):
        return False
    return True


def _directive(line: Line, o: _Open, section: str | None) -> Directive:
    text = line.text
    end = o.start + len(text[o.start:o.end].rstrip(_CLAUSE_END + _SENTENCE_END + " "))
    return Directive(
        actor=o.actor, modality=o.modality, action=text[o.start:end], section=section, cue=o.cue,
        sentence=text[o.sentence[0]:o.sentence[1]],
        sentence_span=line.span(*o.sentence), action_span=line.span(o.start, end),
        actor_span=line.span(o.actor_at, o.actor_at + len(o.actor)) if o.actor_at is not None else None,
        explicit=o.explicit, actor_from=o.actor_from,
    )


def _mask_quotes(text: str) -> str:
    """Quoted slogans and cited titles hold no cue: blank them, keeping length."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + "□" * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """[start, end) of each clause of text[start:end] and the separator that ends it."""
    out = []
    depth = 0
    for m in _CLAUSE_MARK.finditer(text, start, end):  # only brackets and separators matter
        i, c = m.start(), m.group()
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth -= 1
        elif depth <= 0 and not (c in ":：" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            out.append((start, i, c))
            start = i + 1
    out.append((start, end, "。"))
    return [c for c in out if c[1] > c[0]]


