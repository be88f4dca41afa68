"""Named things in the text: persons, places, slogans, cited documents, contacts.

Measured on the corpus (see README): jieba's person tag alone is noise
(师生, 关怀 come out as names), so a person is a name next to a title
(习近平总书记, 省委书记景俊海) or after a label (联系人：, 校对：).  Its place
tag misses some places (滕州) and finds others inside organ names (泉州师范
学院), so a place is a token jieba tags as one that ends like a place or is a
known name (lexicon ``places``), and is not the start of an organ's name.
Slogans and cited titles are marked by their brackets, which are reliable.
"""
from __future__ import annotations

import re
from functools import cache

from ..data import words
from ..model import Block, Document, Line, Mention
from ..text.patterns import DOC_NUMBER, doc_number
from ..text.tokens import tagged

_NAME_TAGS = {"nr", "nrfg", "nrt"}
_LABELS = re.compile(r"(?P<label>联系人|校对人|校对|承办人|经办人)[:：](?P<name>[\u4e00-\u9fff·]{2,4}?)(?=[，,。；;、\s（(电手邮]|$)")
_SLOGAN = re.compile(r"“(?P<q>[^“”]{1,40})”|\"(?P<a>[^\"“”]{1,40})\"")
_CITATION = re.compile(r"《(?P<title>[^《》]{2,100})》(?:[（(](?P<number>[^（）()]{2,30}?号)[）)])?")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"(?:电话|联系电话|手机|座机|传真)[:：]?(?P<phone>\+?[\d][\d\-－—()（）]{5,20}\d)")
_ADDRESSED_TO = re.compile(r"(?:报送|报至|报|送至|发送至|发至)(?P<org>[^，。；,;：:、]{2,20}?(?:部|处|室|中心|委员会|科|局|厅|办))")
_PLACE_SUFFIX = re.compile(r"[省市县区州盟旗镇乡]$")
_NOT_A_PLACE_START = tuple("我本全该各外其此")
# what an organ's name may end in, when a place opens it (泉州师范学院)
_INSTITUTION = re.compile(r"(?:大学|学院|学校|医院|人民政府|政府|委员会|党委|公司|集团|银行|中心|研究院|研究所|厅|局|办公室)$")


@cache
def _titles() -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, words("person_titles")), key=len, reverse=True)))


@cache
def _organs() -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, words("organs")), key=len, reverse=True)))


@cache
def _gazetteer() -> frozenset[str]:
    return frozenset(words("places"))


def extract_mentions(doc: Document) -> Document:
    for block in doc.blocks:
        line = block.line
        if block.kind in ("heading", "paragraph", "title"):
            _slogans(doc, line)
            _citations(doc, line)
        if block.kind in ("heading", "paragraph"):
            _titled_persons(doc, line)
            _places(doc, line)
            _organizations(doc, line)
        _labelled_persons(doc, line)
        _contacts(doc, block)
    return doc


def _add(doc: Document, kind: str, value: dict, line: Line, start: int, end: int) -> None:
    a, b = line.span(start, end)
    doc.mentions.append(Mention(kind, value, a, b))


def _titled_persons(doc: Document, line: Line) -> None:
    text = line.text
    for m in _titles().finditer(text):
        after = tagged(text[m.end():m.end() + 6])
        before = tagged(text[max(0, m.start() - 8):m.start()])
        if after and after[0][1] in _NAME_TAGS and 2 <= len(after[0][0]) <= 4:
            name = after[0][0]
            _add(doc, "person", {"name": name, "title": m.group(0)}, line, m.start(), m.end() + len(name))
        elif before and before[-1][1] in _NAME_TAGS and 2 <= len(before[-1][0]) <= 4:
            name = before[-1][0]
            _add(doc, "person", {"name": name, "title": m.group(0)}, line, m.start() - len(name), m.end())


def _labelled_persons(doc: Document, line: Line) -> None:
    for m in _LABELS.finditer(line.text):
        title = "校对" if m.group("label").startswith("校对") else m.group("label")
        _add(doc, "person", {"name": m.group("name"), "title": title}, line, m.start("name"), m.end("name"))


def _places(doc: Document, line: Line) -> None:
    tokens = tagged(line.text, hmm=False)  # places are dictionary words; the HMM only guesses names
    for k, (word, flag, at) in enumerate(tokens):
        if flag != "ns" and not (flag in _NAME_TAGS and _PLACE_SUFFIX.search(word)):
            continue
        if len(word) < 2 or word.startswith(_NOT_A_PLACE_START):
            continue
        # a two-character word with a place ending is too often something else (红旗)
        if word not in _gazetteer() and not (_PLACE_SUFFIX.search(word) and len(word) >= 3):
            continue
        if _opens_an_organ(tokens[k + 1:k + 5]):
            continue
        _add(doc, "place", {"name": word}, line, at, at + len(word))


def _opens_an_organ(following: list[tuple[str, str, int]]) -> bool:
    name = ""
    for word, flag, _ in following:
        if flag == "x":  # punctuation ends the name
            break
        name += word
        if _INSTITUTION.search(name):
            return True
    return False


def _organizations(doc: Document, line: Line) -> None:
    for m in _organs().finditer(line.text):
        _add(doc, "organization", {"name": m.group(0)}, line, m.start(), m.end())


def _slogans(doc: Document, line: Line) -> None:
    for m in _SLOGAN.finditer(line.text):
        group = "q" if m.group("q") is not None else "a"
        text = m.group(group).strip()
        if text:
            _add(doc, "slogan", {"text": text}, line, m.start(group), m.end(group))


def _citations(doc: Document, line: Line) -> None:
    cited = set()
    for m in _CITATION.finditer(line.text):
        number = None
        if m.group("number") and (n := DOC_NUMBER.search(m.group("number"))):
            number = doc_number(n)
            cited.add((m.start("number") + n.start(), m.start("number") + n.end()))
        _add(doc, "citation", {"title": m.group("title"), "doc_number": number}, line, m.start(), m.end())
    for n in DOC_NUMBER.finditer(line.text):
        if not any(a <= n.start() < b for a, b in cited):
            number = doc_number(n)
            _add(doc, "citation", {"title": None, "doc_number": number}, line, n.start(), n.end())


def _contacts(doc: Document, block: Block) -> None:
    text = block.text
    emails = list(_EMAIL.finditer(text))
    phones = list(_PHONE.finditer(text))
    if not emails and not phones:
        return
    names = list(_LABELS.finditer(text))
    orgs = list(_ADDRESSED_TO.finditer(text))
    first = min(m.start() for m in emails + phones)
    org = next((m.group("org") for m in reversed(orgs) if m.start() < first), None)
    name = next((m.group("name") for m in names if m.group("label") == "联系人"), None)
    last = max(m.end() for m in emails + phones + names)
    _add(doc, "contact", {
        "name": name,
        "email": emails[0].group(0) if emails else None,
        "phone": phones[0].group("phone") if phones else None,
        "organization": org,
    }, block.line, min([first] + [m.start() for m in orgs if m.start() < first]), last)
