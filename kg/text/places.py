"""Place names: China's administrative divisions (lexicon ``divisions``, from the
national division codes that cpca ships), in full and short, and the places
that are no division (lexicon ``places``)."""
from __future__ import annotations

import re
from functools import cache

import ahocorasick_rs

from ..data import lexicon, words
from .tokens import tagged


@cache
def names() -> frozenset[str]:
    """Division names in full and short (吉林省 吉林, 延边朝鲜族自治州 延边州 延边,
    滕州市 滕州); districts and banners only in full (和平区, not 和平)."""
    names = set(words("places"))  # places that are no division (雄安)
    for name, _code, level in lexicon("divisions"):
        names.add(name)
        short = None
        if level == "province":
            short = re.sub(r"(?:特别行政区|(?:维吾尔|壮族|回族)?自治区|省|市)$", "", name)
        elif name.endswith("自治州"):
            ethnic = "|".join(sorted(words("ethnic_groups"), key=len, reverse=True))
            short = re.sub(rf"(?:{ethnic})+自治州$", "", name)
            if len(short) >= 2:
                names.add(short + "州")
        elif name.endswith(("市", "地区", "盟")) or level == "county" and name.endswith("县") \
                and not name.endswith("自治县"):
            short = re.sub(r"(?:市|地区|盟|县)$", "", name)
        if short and len(short) >= 2 and _proper(short):
            names.add(short)
    return frozenset(names)


@cache
def automaton(skip: tuple[str, ...] = ()) -> ahocorasick_rs.AhoCorasick:
    """An Aho–Corasick automaton of the names, but those opening with one of
    ``skip``: it finds every name in a text in one pass (a few µs for a
    paragraph, where looking up each position took tens).
    ``find_matches_as_indexes(text, overlapping=True)`` gives (name's index,
    start, end) of each occurrence, in characters."""
    return ahocorasick_rs.AhoCorasick(sorted(name for name in names() if not name.startswith(skip)))


def _proper(short: str) -> bool:
    """A short name jieba knows as a name, not as a common word (资源县 → 资源, 合作市 → 合作)."""
    if short in words("division_short_stopwords"):
        return False
    tags = tagged(short, hmm=False)
    return len(tags) == 1 and tags[0][1].startswith(("ns", "nr", "nz", "j")) or len(tags) > 1


def opens_with_place(text: str) -> bool:
    """Does ``text`` open with a place's name (吉林省人力资源和社会保障厅)?"""
    return opening(text) is not None


def opening(text: str, also: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The longest place name (or name in ``also``) ``text`` opens with (吉林省, not 吉林)."""
    known = names()
    return next((text[:n] for n in range(min(len(text), 12), 1, -1) if text[:n] in known or text[:n] in also), None)
