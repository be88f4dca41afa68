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
