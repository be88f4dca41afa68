"""Roles (党组织, 党员, 领导干部…): recognise them, strip their scope, place new ones.

The concept scheme ``ontology/roles.ttl`` is the source: its prefLabels and
altLabels are what is recognised, its skos:broader links where a new role is
placed.  A role not in the scheme (医护员工党员, 地方单位) is still a role when
it ends in one that is: its head word names its broader concept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rdflib import Graph
from rdflib.namespace import SKOS

from .. import ontology_files
from ..data import words
from ..text.patterns import is_organ

_CONJUNCTIONS = re.compile(r"特别是|尤其是|以及|和|与|及|、")
_PLACE = re.compile(r"(?:省|市|县|区|州|盟|旗|镇|乡)$")
_ALTERNATIVE = re.compile(r"^(.+?)[（(][^（()）]+[)）]$")


@dataclass
class Scheme:
    preferred: dict[str, str] = field(default_factory=dict)  # any label → prefLabel
    broader: dict[str, list[str]] = field(default_factory=dict)  # prefLabel → broader prefLabels
    english: dict[str, str] = field(default_factory=dict)

    def heads(self) -> list[str]:
        """Labels by length, longest first: the first that a name ends with is its head."""
        return sorted(self.preferred, key=len, reverse=True)


@cache
def scheme() -> Scheme:
    g = Graph().parse(ontology_files.path(ontology_files.ROLES))
    s = Scheme()
    for concept in sorted(set(g.subjects(SKOS.inScheme, None))):
        zh = _label(g, concept, "zh")
        s.preferred[zh] = zh
        s.english[zh] = _label(g, concept, "en")
        s.broader[zh] = sorted(_label(g, b, "zh") for b in g.objects(concept, SKOS.broader))
        for alt in g.objects(concept, SKOS.altLabel):
            s.preferred[str(alt)] = zh
    return s


def _label(g: Graph, concept, lang: str) -> str:
    return next(str(p) for p in g.objects(concept, SKOS.prefLabel) if p.language == lang)


@cache
def _heads() -> tuple[str, ...]:
    return tuple(scheme().heads())


@cache
def _scope_words() -> tuple[str, ...]:
    return tuple(sorted(words("scope_words"), key=len, reverse=True))


@dataclass(frozen=True)
class Role:
    """A role as named in a text: 全校各级党组织 → scope 全校各级, label 党组织."""

    label: str  # the role's name, scope stripped
    scope: str  # the scope words, possibly empty
    known: bool  # in the scheme (by pref- or altLabel)
    broader: tuple[str, ...]  # for a new role: the concepts it is placed under

    @property
    def concept(self) -> str:
        """The prefLabel of the concept this role is (known or new)."""
        return scheme().preferred.get(self.label, self.label)


def strip_scope(text: str) -> tuple[str, str]:
    scope = ""
    changed = text.startswith(_scope_words())  # else the loop strips nothing
    while changed:
        changed = False
        for w in _scope_words():
            # never strip a scope word that is the whole rest (学校 alone is not scope)
            if text.startswith(w) and len(text) > len(w):
                rest = text[len(w):]
                if rest[0] in "（(":
                    continue  # 院（部）级党组织: the bracket belongs to the name
                scope, text, changed = scope + w, rest, True
                break
    return scope, text


@lru_cache(maxsize=20000)
def role(text: str) -> Role | None:
    """``text`` as a role, or None when it names none (the same few names are asked for again and again)."""
    scope, label = strip_scope(text.strip())
    # 各二级党委（党总支）: the bracket names an alternative; the role is before it
    bracket = _ALTERNATIVE.match(label)
    if bracket:
        label = bracket.group(1)
    s = scheme()
    if label in s.preferred:
        return Role(label, scope, True, ())
    for head in _heads() if label.endswith(_heads()) else ():
        if label.endswith(head) and len(label) > len(head):
            return Role(label, scope, False, (s.preferred[head],))
    return None


_PERSON_ENDINGS = ("人员", "者", "员", "人", "师", "户", "同志")


def person(text: str) -> Role | None:
    """A kind of person the scheme does not know (实名举报者, 网格协管员): a new
    role under 人员, so a directive to them has a role as its actor, not an organ."""
    scope, label = strip_scope(text.strip())
    if len(label) >= 2 and label.endswith(_PERSON_ENDINGS) and not is_organ(label) and "人员" in scheme().preferred:
        return Role(label, scope, False, ("人员",))
    return None


def split(subject: str) -> list[str]:
    """The actors in a conjoined subject: 各级党组织和党员 → 各级党组织, 党员."""
    parts = [p for p in _CONJUNCTIONS.split(subject) if p]
    # 各学院、机关部处、直属单位党政主要负责人: keep only real parts
    return parts or [subject]


def is_actor(subject: str, strict: bool = False) -> bool:
    """Does ``subject`` name who is told to act (roles, organs or places)?

    ``strict``: only roles in the scheme, and organs; for the middle of a
    clause, where a role-like tail (…依靠人民群众) is more often an object.
    """
    if not subject or len(subject) > 40 or subject.endswith(("的", "、")):
        return False

    def named(part: str) -> bool:
        r = role(part)
        if r:
            return r.known or not strict
        return is_organ(part) or bool(_PLACE.search(part))

    return all(named(p) for p in split(subject))


@cache
def _mention_pattern() -> re.Pattern:
    labels = sorted(scheme().preferred, key=len, reverse=True)
    scopes = "|".join(map(re.escape, _scope_words()))
    # a lookahead on the characters a mention can open with lets the search
    # skip the other positions fast
    first = re.escape("".join(sorted({w[0] for w in [*labels, *_scope_words()]})))
    return re.compile(rf"(?=[{first}])(?:{scopes})*(?:{'|'.join(map(re.escape, labels))})")


def leading(text: str) -> str | None:
    """The role a clause opens with, scope included (全体师生员工非特殊需要… → 全体师生员工)."""
    m = _mention_pattern().match(text)
    if not (m and role(m.group(0))):
        return None
    bracket = re.match(r"[（(][^（()）]{1,12}[)）]", text[m.end():])  # 各二级党委（党总支）
    return m.group(0) + (bracket.group(0) if bracket else "")


_TOPIC = re.compile(r"^(?P<head>[\u4e00-\u9fff]{2,8}?)(?:因|在|于|对|确有|如|若|凡)|的(?P<tail>[\u4e00-\u9fff]{2,8})$")


def topic(clause: str) -> str | None:
    """The role a fronted topic clause names: 校外人员因公入校的 → 校外人员;
    确有特殊困难需要返校的学生 → 学生 (the clause then lacks a verb of its own)."""
    m = _TOPIC.search(clause)
    if not m:
        return None
    name = m.group("head") or m.group("tail")
    return name if role(name) else None


def mentions(text: str) -> list[tuple[int, int, Role]]:
    """Every role named in ``text``, longest match first."""
    out = []
    for m in _mention_pattern().finditer(text):
        r = role(m.group(0))
        if r:
            out.append((m.start(), m.end(), r))
    return out
