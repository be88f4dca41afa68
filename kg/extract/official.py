"""Is a text an official document?  The marks of one, weighed together.

A title ending in a 文种 or a document number settles it.  Without either
(a web page that gives only the body), the other marks count: a 主送 line,
a signature above a date, numbered sections (一、), prescriptive sentences
(各单位要… 不得… 请…), a masthead, a 版记.  A news report has a date and
perhaps a 要, a recipe has numbered steps, but not the addressee or the
signed closing that a 公文 is written between; English text, source code
and tables of numbers have hardly any Chinese at all.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import NotAnOfficialDocument
from ..model import Document
from ..text import patterns as P

MIN_CHINESE = 0.3  # share of Chinese among the letters and digits
# Without title and number: the addressee and a closing and a little more,
# or a great deal else (a speech has addressees, sections and prescriptions,
# but no signed closing: 同志们： … 谢谢大家！)
MIN_SCORE = 4
MIN_SCORE_WITHOUT_FRAME = 6
_CJK = re.compile(f"[{P.CJK}]")
_WORDISH = re.compile(rf"[{P.CJK}A-Za-z0-9]")
# sentences that prescribe to someone: 各单位要 / 必须 / 不得 / 请各…
_PRESCRIBES = re.compile(r"(?:各[^，。；]{0,12}(?:要|应|须)|必须|务必|应当|不得|严禁|禁止|请各|请你)")
# a 公文's own words for what it is: 现将有关事项通告如下：… 特此公告。 此复。
_FORMULA = re.compile(r"^特此(?:通知|通告|公告|通报|批复|函告|函复|决定|报告|请示)[。！]?$|^此复[。！]?$"
                      r"|现(?:将|就)[^。；]{0,40}(?:通知|通告|公告|通报|批复|报告)如下")
_FILE_NUMBERING = re.compile(r"^[\d_\-.\s]+|[\d_\-.\s]+$")

WEIGHTS = {
    "addressee": 2,          # 主送: 各单位：
    "signed closing": 2,     # an organ's name above a date
    "date closing": 1,       # a date alone at the end
    "sections": 1,           # 一、 二、
    "prescriptive sentences": 1,
    "masthead": 2,           # X文件
    "footer": 1,             # 抄送 / 印发
    "note": 1,               # （此件公开发布）
    "formula": 2,            # the document names its 文种: 现将有关事项通告如下 / 特此公告
}


def marks(doc: Document) -> list[str]:
    """The marks of an official document found in ``doc`` (other than title and number)."""
    kinds = {b.kind for b in doc.blocks}
    found = []
    if "addressee" in kinds:
        found.append("addressee")
    if "signature" in kinds and "date" in kinds:
        found.append("signed closing")
    elif "date" in kinds:
        found.append("date closing")
    if sum(1 for s in doc.sections if s.level == 1) >= 2:
        found.append("sections")
    if sum(1 for b in doc.blocks_of("paragraph", "heading") if _PRESCRIBES.search(b.text)) >= 2:
        found.append("prescriptive sentences")
    if any(b.text.endswith("文件") for b in doc.blocks_of("mark")):
        found.append("masthead")
    if doc.cc or doc.printed_on:
        found.append("footer")
    if doc.note:
        found.append("note")
    if any(_FORMULA.search(b.text) for b in doc.blocks_of("paragraph", "heading")):
        found.append("formula")
    return found


def chinese_share(doc: Document) -> float:
    text = "".join(line.text for line in doc.lines)
    wordish = len(_WORDISH.findall(text))
    return len(_CJK.findall(text)) / wordish if wordish else 0.0


def require_official(doc: Document) -> Document:
    """Raise :class:`NotAnOfficialDocument` with the reason, or return ``doc``
    (with a warning for each element a body-only page lacks)."""
    if doc.doc_type or doc.doc_number or doc.blocks_of("lead"):
        return doc  # a news report's lead that prints it says so too (中共中央印发了《…方案》，并发出通知)
    share = chinese_share(doc)
    if share < MIN_CHINESE:
        raise NotAnOfficialDocument(
            f"not an official document: hardly any Chinese text ({share:.0%} of letters and digits)")
    found = marks(doc)
    score = sum(WEIGHTS[m] for m in found)
    closing = {"signed closing", "date closing"} & set(found)
    # what a 公文 is written between: its 主送 (a 公告 or 通告 has none, but names itself) and its closing
    framed = ("addressee" in found or "formula" in found) and closing
    if score < (MIN_SCORE if framed else MIN_SCORE_WITHOUT_FRAME):
        said = ", ".join(found) if found else "none"
        raise NotAnOfficialDocument(
            "not an official document: no title ending in a 文种, no document number, "
            f"and too few other marks of one (found: {said})")
    if doc.title is None:
        _title_from_file_name(doc)
    missing = [field for field in ("title", "doc_type", "doc_number", "issuer", "date") if getattr(doc, field) is None]
    if missing:
        doc.warnings.append(f"no {', '.join(missing)} found; built from the body's marks ({', '.join(found)})")
    return doc


def _title_from_file_name(doc: Document) -> None:
    """A file named like a title (关于…的通知.txt) gives the title a page left out."""
    path = doc.source.path
    if path is None:
        return
    name = _FILE_NUMBERING.sub("", Path(path).stem)
    if P.doc_type_of(name) and len(name) >= 6 and not set(name) & P.PUNCT:
        doc.title = name
        doc.doc_type = P.doc_type_of(name)
        doc.warnings.append("title taken from the file name")
        if doc.issuer is None:
            # the organ a title opens with, as for a title in the text
            from .elements import issuer_in_title

            doc.issuer = issuer_in_title(name)

