"""Who acts: the noun phrases of a directive that name an actor.

The subject before a cue (numbering, connectives and adverbs stripped), a
phrase opening a clause (任何单位和个人如发现…), the one 鼓励/支持/请 names
after the cue, the one after 由: each is an actor when it names someone who
acts (a role of the scheme, an organ, a place, or a phrase ending like one:
举报人, 行政执法承办机构), not a thing.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from ..data import words
from ..text import patterns as P
from . import modal, roles


# numbering before a sentence: （一） 1. 1.2.3 （1） 第十三条 四十二、 and notes such as （生态环境部指导）
NUMBERING = re.compile(
    r"(?:[（(][一二三四五六七八九十百\d]+[)）]|\d+(?:\.\d+)+[\s\u3000]*|\d+[.．、](?!\d)|"
    r"第[一二三四五六七八九十百零〇]+条[\s\u3000]*|[一二三四五六七八九十百]+、)"
    r"(?:[（(][^（()）]{2,40}(?:负责|指导|牵头|参与)[)）])?"
)


_NUMERAL = re.compile(r"[一二三四五六七八九十]+")


_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")


_LISTED_BODIES = re.compile(r"[、和及与].*等(?:部门|单位|机构|机关|组织)$")


_ETC = re.compile(r"(?:等等|等)$")


_PLACE_END = re.compile(r"[省市县区州盟旗]$")


# 各校, 各系, 各院: "each" and a one-character unit (各X of two characters or more ends like an organ)
_EACH_UNIT = re.compile(r"各[校系院处部科室所队组站馆局委办厅镇乡村]")


def noun_before(tokens, at: int) -> bool:
    """抽查事项、抽查结果都要公开: a noun (adverbs aside) before the cue is its subject."""
    suffixes = set(words("subject_suffixes"))
    before = [(w, f) for w, f, a in tokens if a + len(w) <= at]
    while before and before[-1][0] in suffixes:
        before.pop()
    return bool(before) and before[-1][1] in ("n", "nz", "nt", "j", "l", "r", "ns")


@cache
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    by_len = lambda ws: tuple(sorted(ws, key=len, reverse=True))
    return by_len(words("subject_prefixes")), by_len(words("subject_suffixes") + modal.vocab()["prescriptive_adverbs"])


def strip_subject(text: str) -> tuple[str, int]:
    """The subject before a cue, without leading connectives and numbering and
    trailing adverbs: 同时其他地方单位也 → 其他地方单位.  Returns it and its offset."""
    prefixes, suffixes = _affixes()
    start, end = 0, len(text)
    m = NUMBERING.match(text)
    if m and m.end() < end:
        start = m.end()
    changed = True
    while changed:
        changed = False
        # the loops find nothing when no word is at either end: most subjects
        for w in prefixes if text.startswith(prefixes, start) else ():
            if text.startswith(w, start) and end - start > len(w):
                start += len(w)
                changed = True
        for w in suffixes if text.endswith(suffixes, start, end) else ():
            if text.endswith(w, start, end) and end - start >= len(w):
                end -= len(w)
                changed = True
    subject = text[start:end].strip()
    if _NUMERAL.fullmatch(subject):
        subject = ""  # 三要…: a numbered point, no subject
    return subject, start


@lru_cache(maxsize=20000)
def named(subject: str) -> str | None:
    """The actor a subject names, if it names one: the whole of it, or the
    actor that opens a phrase about a thing (国务院及各部门召开的工作会议)."""
    if not subject or subject.startswith(("对", "针对", "对于", "哪")):
        return None  # 对取得资格的人员可以简化…: the object; 哪些通知: a question
    if agent(subject):
        return subject
    if "的" in subject or _WHERE_OR_WHEN.search(subject):
        lead = leading_agent(modal.tags(subject, hmm=False), 0, len(subject))
        rest = subject[len(lead):] if lead else ""
        if rest and ("的" in subject and not rest.startswith("的") or _WHERE_OR_WHEN.match(rest)):
            return lead  # 国务院及各部门召开的…; 外来人员进入校园(须…), 各单位在工作中(要…)
    return None


# where or when an actor acts, between it and the cue: 在…中, 进入校园, 返乡后
_WHERE_OR_WHEN = re.compile(r"(?:在|于|出入|进入|进出|离开|返回|外出|到|赴)|.*(?:期间|时|中|前|后)$")


@lru_cache(maxsize=20000)
def agent(text: str) -> bool:
    """Does the noun phrase name someone who acts (roles, organs, places, X者, X人员)?"""
    if text.strip().startswith(("（", "(", "）", ")")):
        return False
    text = _BRACKETED.sub("", text.strip()).replace("及其", "及")  # 有条件的省（区、市）; X及其部门
    if text.endswith("们") and len(text) > 2:
        text = text[:-1]  # 居民们, 同学们
    if len(text) < 2 or len(text) > 80 or text.endswith(("的", "、")):
        return False
    if _LISTED_BODIES.search(text):
        return True  # 发展改革委、扶贫办、…、财政部等部门
    if "等" in text and text.endswith(tuple(s for s in _agent_suffixes() if len(s) >= 2)):
        return True  # 具有港澳执业资格的金融、建筑、规划等领域专业人才
    v = modal.vocab()
    parts = roles.split(text)
    listed = len(parts) > 1  # 各学院、机关部处、直属单位…: a list names actors
    for part in parts:
        part = _ETC.sub("", part)
        if len(part) < 2 or part in v["pronouns"] or part.startswith(("该", "我国")) or (
                part.startswith("其") and not part.startswith(("其他", "其它"))):
            return False  # 其个人, 该省: who is meant was said before
        if roles.role(part) or _PLACE_END.search(part) or organ(part) or _EACH_UNIT.fullmatch(part) \
                or listed and roles.is_actor(part):
            continue
        if any(part.endswith(s) and (len(s) >= 2 or len(part) >= 3) for s in v["agent_suffixes"]):
            continue
        return False
    return True


def _agent_suffixes() -> tuple[str, ...]:
    return modal.vocab()["agent_suffixes"]


@lru_cache(maxsize=20000)
def organ(name: str) -> bool:
    """Ends like an organ: 人民政府, 委员会; a one-character ending (部 局 院) only
    after a noun of two or more characters (科技部, not 全部)."""
    if name.endswith(modal.vocab()["not_organ_endings"]):
        return False
    for suffix in P.ORGAN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            if len(suffix) >= 2:
                return True
            tokens = modal.tags(name, hmm=False)
            last = tokens[-1]
            if last[0] == suffix and len(tokens) >= 2:
                last = tokens[-2]  # jieba split the ending off: 督查/室, 信访/局
                return len(name) >= 3 and last[1] in ("n", "nt", "nz", "j", "vn") and len(last[0]) >= 2
            return len(name) >= 3 and last[1] in ("n", "nt", "nz", "j") and len(last[0]) >= 2
    return False


NP_TAGS = ("n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "b", "r", "f", "s", "l")


def leading_agent(tokens, start: int, end: int) -> str | None:
    """The actor a clause opens with: nouns (joined by 和 及 与 、) up to its verb:
    任何单位和个人如发现… → 任何单位和个人; 政府通过放宽准入… → 政府."""
    name, last_ok = "", None
    for w, f, a in tokens:
        if a < start:
            continue
        if a >= end:
            break
        if w == "是" and last_ok:
            return None  # 高素质的执法人员是…的关键: a description, no actor
        if w == "是" or w in modal.vocab()["non_prescriptive_verbs"]:
            break
        if f.startswith(NP_TAGS) or w in ("和", "及", "与", "、", "以及", "等", "（", "）", "(", ")", "的") \
                or f in ("m", "q", "a", "vn", "v") and name and not last_ok:
            name += w
            if agent(name):
                last_ok = name
            continue
        break
    if not last_ok:
        return None
    rest = name[len(last_ok):]
    if rest.startswith("的"):
        return None  # 境外入区的食品: the actor-like words qualify a thing
    return last_ok if not rest or rest[0] in "和及与、等（(" or not agent(last_ok + rest) else None


@lru_cache(maxsize=20000)
def target(text: str) -> str | None:
    """Who 鼓励/支持/允许/请 names: the actor right after the cue, up to its verb
    (允许租赁农机等设备的实际使用人按规定… → 租赁农机等设备的实际使用人)."""
    lead = roles.leading(text)
    tokens = modal.tags(text, hmm=False)
    if tokens and tokens[0][0] in ("在", "对", "从", "向", "按", "按照", "为", "以", "通过", "依托", "根据", "于"):
        return lead
    for i, (w, f, a) in enumerate(tokens):
        if f == "x" and w not in ("、", "（", "）", "(", ")"):
            break
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        # a bracket goes with the name, closed too: 各类职业院校（含技工院校）、普通高等学校…
        if nxt and (nxt[0] in ("、", "和", "及", "与", "以及", "等", "（", "(", "）", ")", "们") or nxt[1] == "uj"
                    or nxt[1].startswith(NP_TAGS) and nxt[1] != "l"):
            continue
        name = text[:a + len(w)]
        if agent(name):
            if (tokens[0][1] in ("v", "d", "a", "ad", "c") or name.startswith(modal.vocab()["prescriptive_adverbs"])) \
                    and "的" not in name:
                return lead
            if lead and (len(lead) > len(name) or name[len(lead):len(lead) + 1] not in "、和及与等（("):
                return lead  # a role of the scheme opens it: 教师党员(利用网络平台…)
            return name
    # 支持快递企业与农业、供销企业加强合作: the one before 与
    for i, (w, f, a) in enumerate(tokens[:-1]):
        if tokens[i + 1][0] in ("与", "同") and agent(text[:a + len(w)]) and tokens[0][1] not in ("v", "d", "p"):
            return lead or text[:a + len(w)]
    return lead


def by_agent(action: str) -> tuple[str, int] | None:
    """应由内地人员承担: the actor named after 由."""
    if not action.startswith("由"):
        return None
    lead = leading_agent(modal.tags(action[1:], hmm=False), 0, len(action) - 1)
    return (lead, 1) if lead else None
