"""One name per organ: the aliases party organs go by, folded together.

中共X委员会 is also written X党委 (X省委 for a place) and 中国共产党X委员会; where X is plainly an
institution or a place (it ends like one), the three are the same organ.
A bare 学校党委 ("the school's party committee") names no institution and
is left alone.
"""
from __future__ import annotations

import re

from ..text.patterns import is_organ

_PLACES = "省|市|县|区|州|盟|旗|镇|乡"
_HOSTS = f"大学|学院|学校|医院|公司|集团|研究院|研究所|中心|厅|局|{_PLACES}"
# (中共四平市委办公室: the 中共 is not part of the host)
_SHORT = re.compile(rf"^(?:中国共产党|中共)?(?P<host>.{{2,}}?(?:{_HOSTS}))党委(?P<rest>.*)$")
# places shorten 中共吉林省委员会 to 吉林省委
_PLACE_SHORT = re.compile(rf"^(?:中国共产党|中共)?(?P<host>.{{2,}}?(?:{_PLACES}))委(?!员会)(?P<rest>.*)$")
_LONG = re.compile(r"^(?:中国共产党|中共)(?P<host>.+?)委员会(?P<rest>.*)$")
_GENERIC_HOSTS = {"学校", "学院", "大学", "医院", "公司", "集团", "中心"}


def canonical(name: str) -> str:
    """The full form of an organ's name: 中共X委员会…"""
    m = _LONG.match(name)
    if m:
        return f"中共{m.group('host')}委员会{m.group('rest')}"
    m = _SHORT.match(name) or _PLACE_SHORT.match(name)
    if m and m.group("host") not in _GENERIC_HOSTS:
        return f"中共{m.group('host')}委员会{m.group('rest')}"
    return name


def aliases(name: str) -> list[str]:
    """Other names of the organ whose canonical name is ``name``."""
    m = _LONG.match(name)
    if m and m.group("host") not in _GENERIC_HOSTS:
        host = m.group("host")
        short = "委" if re.search(f"(?:{_PLACES})$", host) else "党委"
        return [f"{host}{short}{m.group('rest')}"]
    return []


def parent(name: str) -> str | None:
    """The organ a department belongs to: 中共X委员会组织部 → 中共X委员会."""
    m = _LONG.match(name)
    if m and m.group("rest") and is_organ(m.group("rest")):
        return f"中共{m.group('host')}委员会"
    return None


_SELF = re.compile(r"^(?:学校|学院|校|院)党委(?P<rest>.*)$")
_SELF_DEPARTMENT = {"学校组织部门": "组织部"}


def resolve(name: str, issuer: str | None) -> str:
    """The organ a name in the text refers to.  学校党委 in a document of
    中共X大学委员会 is that committee; 学校党委组织部 its 组织部."""
    if issuer:
        own = canonical(issuer)
        m = _LONG.match(own)
        host_is_school = m and re.search(r"(?:大学|学院|学校)$", m.group("host"))
        if host_is_school:
            committee = f"中共{m.group('host')}委员会"
            s = _SELF.match(name)
            if s:
                return committee + s.group("rest")
            if name in _SELF_DEPARTMENT:
                return committee + _SELF_DEPARTMENT[name]
    return canonical(name)


# Generic names: an organ known only relative to the issuer of the document
# that names it.  省委/市政府… (a level of government with no place named)
# mean the issuer's province or city; 各二级党组织, 学校疫情防控领导小组,
# 机关部处 the issuer's own units.  各省、自治区、直辖市… are the same for all.
_LEVEL = re.compile(r"^(?P<level>省|自治区|市|州|盟|县|区|旗|乡|镇)(?P<rest>(?:委|政府|人民政府|人大|政协|纪委|监委).*)$")
_OWN = re.compile(r"^(?:各(?!省|自治区|直辖市)|机关|直属)")
# 学校疫情防控领导小组, 院党委领导班子: the school's own, in a school's document
_OWN_SCHOOL = re.compile(r"^(?:学校|学院|本校|本院|全校|全院|校|院)")
_SCHOOL = re.compile(r"(?:大学|学院|学校|医院|研究院|研究所)(?:委员会)?$")
_NAMED_PLACE = re.compile(rf"^(?:中国共产党|中共)?(?P<place>[\u4e00-\u9fff]{{2,8}}?(?:{_PLACES}|自治区))")


def generic(name: str, issuer: str | None = None) -> bool:
    """Does ``name`` name an organ only relative to the issuer (省委, 各学院;
    学校疫情防控领导小组 when ``issuer`` is a school's organ)?"""
    if _LEVEL.match(name) or _OWN.match(name):
        return True
    return bool(issuer and _OWN_SCHOOL.match(name) and _SCHOOL.search(_host(issuer)))


def _host(issuer: str) -> str:
    """中共X大学委员会组织部 → X大学委员会 (what the issuer's name says it is part of)."""
    m = _LONG.match(canonical(issuer))
    return m.group("host") if m else issuer


def places_named(names) -> dict[str, set[str]]:
    """The places that organ names open with, by level: 中共吉林省委员会, 吉林省教育厅 → {省: {吉林省}}."""
    out: dict[str, set[str]] = {}
    for name in names:
        if generic(name):
            continue
        m = _NAMED_PLACE.match(name)
        if m:
            place = m.group("place")
            level = "自治区" if place.endswith("自治区") else place[-1]
            out.setdefault(level, set()).add(place)
    return out


def placed(name: str, places: dict[str, set[str]]) -> str | None:
    """省委 → 中共吉林省委员会 when the document names one province (吉林省), else None."""
    m = _LEVEL.match(name)
    if not m or len(places.get(m.group("level"), ())) != 1:
        return None
    rest = m.group("rest")
    if re.search(f"(?:{_PLACES}|自治区)", rest):
        return None  # 省委省政府: two organs in one word
    place = next(iter(places[m.group("level")]))
    if rest.startswith("政府"):
        return f"{place}人民{rest}"
    return canonical(place + rest)
