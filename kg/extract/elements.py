"""Read the GB/T 9704 elements' values out of the segmented blocks.

Every value is cited: :meth:`Document.cite` keeps the characters it came from.
"""
from __future__ import annotations

import functools
import re

from ..data import lexicon, words
from ..model import Block, Document, Evidence, Section
from ..text import patterns as P
from ..text import places
from ..text.normalize import GAP, spaced, spaced_at

_ORGAN_OPENINGS = ("中共", "中国", "国务院", "全国", "中央")
_KNOWN_ORGANS = frozenset(words("organs"))  # 中共中央, 国务院…
_TRAILING = "。.，,；;：:、 "
# how the seal stands in for a signature: 办公室（代章）, 学院（盖章）: not part of the name
_SEAL_NOTE = re.compile(r"[（(](?:代章|盖章|签章|公章|印章)[）)]\s*$")
_STATE = "中华人民共和国"  # the state's name before an organ's in a 令's masthead
_PROMULGATED = re.compile(r"《(?P<title>[^《》]+)》")


def extract_elements(doc: Document) -> Document:
    for block in doc.blocks:
        handler = _HANDLERS.get(block.kind)
        if handler:
            handler(doc, block)
    _printed_by(doc)
    _order(doc)
    _page_number(doc)
    _page_title(doc)
    _page_date(doc)
    _bare_date(doc)
    _issuer(doc)
    return doc


def _page_field(doc: Document, labels: tuple[str, ...], read):
    """The first of a web page's fields (``doc.page``) under ``labels`` that ``read``
    (a pattern's search, a test) finds something in: (value, what it found), or None."""
    for name in labels:
        value = doc.page.get(name)
        if value is not None and (found := read(value.text)):
            return value, found
    return None


def _page_number(doc: Document) -> None:
    """A web page's 发文字号 field, where the document's text gives no number
    (a 政府信息公开 page: 索引号, 发文字号, 发文机构… above the title)."""
    got = doc.doc_number is None and _page_field(doc, ("发文字号", "文号", "文件编号", "发布文号", "法规文号", "发文文号"),
                                                 lambda text: P.DOC_NUMBER.search(text) or P.SERIES_NUMBER.match(text))
    if got:
        value, m = got
        doc.doc_number = P.doc_number(m)
        doc.cite("doc_number", doc.doc_number, value, *P.doc_number_span(m))


def _page_title(doc: Document) -> None:
    """A web page's 名称 (标题) field, where the page leaves the title out of the
    document's text (or what stands there names no 文种: a column's name)."""
    got = doc.doc_type is None and _page_field(doc, ("名称", "标题", "信息名称", "文件名称", "法规标题", "发文标题"), P.doc_type_of)
    if got:
        doc.evidence = [e for e in doc.evidence if e.field != "title"]
        _title(doc, Block("title", got[0]))


def _page_date(doc: Document) -> None:
    """A web page's 成文日期 field, where the document's text gives no date (not its
    发布日期: a page is published days or weeks after the document is dated)."""
    got = doc.date is None and _page_field(doc, ("成文日期", "发文日期", "发文时间"), _PAGE_DATE.match)
    if got:
        value, m = got
        doc.date = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        doc.cite("date", doc.date, value, 0, m.end())


def _bare_date(doc: Document) -> None:
    """A closing date whose digits read as several days (2016125: 1月25日 or
    12月5日), settled by the page's date of publication: the latest day not
    after it, as a document is dated before it is published."""
    block = doc.date is None and next((b for b in doc.blocks_of("date") if P.closing_date(b.text, bare=True) is None), None)
    if not block:
        return
    got = _page_field(doc, ("发布时间", "发布日期", "发表时间", "发表日期", "更新时间", "更新日期", "时间", "日期"),
                      _PAGE_DATE.match)
    published = got and f"{int(got[1]['y']):04d}-{int(got[1]['m']):02d}-{int(got[1]['d']):02d}"
    days = [m for m in P.bare_dates(block.text) if published and P.iso_date(m) <= published]
    if not days:
        doc.warnings.append(f"the date {block.text!r} reads as several days")
        return
    m = max(days, key=P.iso_date)
    doc.date = P.iso_date(m)
    doc.cite("date", doc.date, block.line, m.start(), m.end())


_PAGE_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})(?!\d)")


def _marks(doc: Document, block: Block) -> None:
    pos = 0
    for part in block.text.split(GAP):
        start = block.text.index(part, pos) if part else pos
        pos = start + len(part)
        if m := P.COPY_NUMBER.match(part):
            doc.copy_number = m.group("num")
            doc.cite("copy_number", doc.copy_number, block.line, start + m.start("num"), start + m.end("num"))
        elif P.SECRECY.match(part):
            doc.secrecy = part
            doc.cite("secrecy", part, block.line, start, pos)
        elif P.URGENCY.match(part):
            doc.urgency = part
            doc.cite("urgency", part, block.line, start, pos)


def _mark(doc: Document, block: Block) -> None:
    text = block.text.replace(GAP, "")
    doc.issuer_mark = (doc.issuer_mark or "") + text
    doc.cite("issuer_mark", text, block.line)


def _number(doc: Document, block: Block) -> None:
    text = block.text
    if doc.doc_number is None and (m := P.ORDER_NUMBER.match(text)) and (doc.issuer_mark or "").endswith("令"):
        # 国务院令 第707号 → 国令第707号 (a 令 is numbered in its own series)
        organ = doc.issuer_mark.removeprefix(_STATE)[:-1].removesuffix("命")
        code = dict(lexicon("order_codes")).get(organ, organ)
        doc.doc_number = f"{code}令第{m.group('serial')}号"
        doc.cite("doc_number", doc.doc_number, block.line)
    # 公告 / 第1号: a number in the issuer's own series
    if doc.doc_number is None and (m := P.DOC_NUMBER.search(text) or P.NUMBER_ALONE.match(text)
                                   or P.SERIES_NUMBER.match(text)):
        doc.doc_number = P.doc_number(m)
        doc.cite("doc_number", doc.doc_number, block.line, *P.doc_number_span(m))
    if m := P.SIGNERS.search(text):
        names = _names(m.group("names"))
        doc.signers.extend(names)
        for name in names:
            at = text.find(name[0], m.start("names"))
            doc.cite("signers", name, block.line, at, at + len(name))


def _names(text: str) -> list[str]:
    """Person names in a list: split at 、，, and wide gaps; single spaces join
    (justified two-character names are printed 马 帅)."""
    out = []
    for part in re.split(rf"[、，,；;{GAP}]+", text):
        pieces = part.split(" ")
        if len(pieces) > 1 and all(len(p) >= 2 for p in pieces):
            out.extend(pieces)  # 张三 李四: two names
        else:
            out.append("".join(pieces))
    return [n for n in out if n]


def _title(doc: Document, block: Block) -> None:
    line = block.line.strip(GAP + " ")
    title, number = P.title_core(line.text)
    at = line.text.index(title)
    line = line.slice(at, at + len(title))  # 《》 and a bracketed own number left out
    doc.title = title.replace(GAP, "")
    doc.doc_type = P.doc_type_of(doc.title)
    doc.cite("title", doc.title, line)
    if doc.doc_type:
        doc.cite("doc_type", doc.doc_type, line, len(line.text) - len(doc.doc_type))
    if number and doc.doc_number is None:
        doc.doc_number = P.doc_number(number)
        start = block.text.index(number.group(0))
        doc.cite("doc_number", doc.doc_number, block.line, start, start + len(number.group(0)))


def _addressee(doc: Document, block: Block) -> None:
    text = block.text.rstrip("：:")
    for item in P.split_list(text.replace(GAP, "、")):
        doc.addressees.append(item)
        at = text.find(item)
        doc.cite("addressees", item, block.line, at, at + len(item))


def _heading(doc: Document, block: Block) -> None:
    level, m = P.heading_level(block.text)
    rest = block.text[m.end():]
    # a heading that runs on into its paragraph ends at its first full stop
    cut = rest.find("。")
    heading = (rest[:cut] if cut >= 0 else rest).rstrip(_TRAILING)
    a, b = block.line.span(m.end(), m.end() + len(heading))
    doc.sections.append(Section(level, m.group("num"), heading, a, b))


def _attachment(doc: Document, block: Block) -> None:
    text = block.text
    m = P.ATTACHMENT_ITEM.match(text) or P.HEADING[3].match(text) or P.ATTACHMENT_LABELLED.match(text)
    start = m.end() if m else 0
    name = P.FILE_NAME.sub("", text[start:]).strip(_TRAILING)  # a page's link: 名单.xlsx
    # a page's link to the document itself (…的通知.pdf) is none of its attachments
    if name and not (doc.title and doc.title.endswith(name) and P.doc_type_of(name)):
        doc.attachments.append(name)
        doc.cite("attachments", name, block.line, start, start + len(name))


def _signature(doc: Document, block: Block) -> None:
    if P.is_person_signature(block.text):
        return  # 总理　李克强: a person signs a 令, the organ is in its masthead
    # joint: 人事处　教务处, 人事处、教务处; or set apart by single spaces, which
    # normalising dropped (市场监管总局 农业农村部), where each part is an organ
    text, at = spaced_at(block.line, doc.source.text)
    parts = re.split(f"[{GAP}、]", text)
    if not all(_organ_name(_SEAL_NOTE.sub("", part)) for part in parts if part):
        text, at = block.text, list(range(len(block.text)))
        parts = re.split(f"[{GAP}、]", text)
    at.append(len(block.text))
    pos = 0
    for part in parts:
        start = text.index(part, pos) if part else pos
        pos = start + len(part)
        seal = _SEAL_NOTE.search(part)
        name = (part[:seal.start()] if seal else part).replace(" ", "").replace(GAP, "")
        if name:
            doc.signatories.append(name)
            doc.cite("signatories", name, block.line, at[start], at[start + seal.start()] if seal else at[pos])


def _date(doc: Document, block: Block) -> None:
    m = P.closing_date(block.text, bare=True)
    if m is None:  # digits that read as several days (2016125): _bare_date
        return
    doc.date = P.iso_date(m)
    if doc.date:
        doc.cite("date", doc.date, block.line, m.start(), m.end())
    else:
        doc.warnings.append(f"impossible date {m.group(0)!r}")


def _adopted(doc: Document, block: Block) -> None:
    """（2019年10月31日…通过） under the title: the date, when no closing gives one."""
    m = P.DATE.search(block.text)
    if doc.date is None and (date := P.iso_date(m)):
        doc.date = date
        doc.cite("date", date, block.line, m.start(), m.end())


def _note(doc: Document, block: Block) -> None:
    m = P.NOTE.match(block.text)
    doc.note = m.group("note")
    doc.cite("note", doc.note, block.line, m.start("note"), m.end("note"))


def _footer(doc: Document, block: Block) -> None:
    text = block.text
    if m := P.CC.match(text):
        _cc(doc, block, m.end())
    elif m := P.PRINTED.match(text):
        doc.printed_on = P.iso_date(P.DATE.search(m.group("date")))
        doc.cite("printed_on", doc.printed_on or "", block.line, m.start("date"), m.end("date"))
        by = m.group("by").strip(GAP + " ")
        if by:
            doc.printed_by = by
            at = text.find(by)
            doc.cite("printed_by", by, block.line, at, at + len(by))


def _cc(doc: Document, block: Block, start: int) -> None:
    for item in P.split_list(block.text[start:]):
        doc.cc.append(item)
        at = block.text.find(item, start)
        doc.cite("cc", item, block.line, at, at + len(item))


def _footer_organ(block: Block) -> bool:
    """A line that only names an organ, as the printer's name above 印发."""
    return "，" not in block.text and "、" not in block.text and P.is_organ(block.text.replace(GAP, ""))


def _printed_by(doc: Document) -> None:
    """印发机关 printed on its own line above the 印发 date."""
    footer = doc.blocks_of("footer")
    for above, below in zip(footer, footer[1:]):
        if doc.printed_by is None and P.PRINTED.match(below.text) and _footer_organ(above):
            doc.printed_by = above.text.replace(GAP, "")
            doc.cite("printed_by", doc.printed_by, above.line)


def _issuer(doc: Document) -> None:
    """The signing organ; with only a seal, the header mark; else the title's organ."""
    if doc.signatories:
        doc.issuer = doc.signatories[0]
        first = next(e for e in doc.evidence if e.field == "signatories")
        doc.evidence.append(Evidence("issuer", doc.issuer, first.start, first.end))
        return
    marks = doc.blocks_of("mark")
    if marks:
        line = _masthead_issuer(marks)
        if line is not None and line.text:
            doc.issuer = line.text
            doc.evidence.append(Evidence("issuer", doc.issuer, *line.span()))
            return
    titles = doc.blocks_of("title")
    if titles and (organ := issuer_in_title(spaced(titles[0].line, doc.source.text))):
        doc.issuer = organ
        at = titles[0].text.find(organ[0])
        doc.cite("issuer", organ, titles[0].line, at, at + len(organ))
        return
    for lead in doc.blocks_of("lead"):  # a news report's: 近日，中共中央办公厅、国务院办公厅印发了《…》
        m = P.NEWS_LEAD.search(lead.text)
        if m and (organ := _lead_organ(P.split_list(m.group("organs")))):
            doc.issuer = organ
            doc.cite("issuer", organ, lead.line, m.start("organs"), m.start("organs") + len(organ))
            return
    # last, a web page's catalogue (发文机关：…), where the text names no organ (cut before its signature)
    got = _page_field(doc, _PAGE_ISSUER, lambda text: _lead_organ(P.split_list(text)))
    if got:
        value, organ = got
        doc.issuer = organ
        doc.cite("issuer", organ, value, value.text.index(organ), value.text.index(organ) + len(organ))


_PAGE_ISSUER = ("发文机关", "发文单位", "发文机构", "发布机关", "发布机构", "发布部门", "法规来源", "发文部门")


def issuer_in_title(title: str) -> str | None:
    """The organ a title opens with (X关于…, X印发…); the lead one of a joint
    title (财政部、税务总局关于…; 财政部　税务总局关于…, where every part is an organ)."""
    title = title.lstrip("《")
    m = P.TITLE_ORGAN.match(title)
    if not m:
        return _named_by_organ(title)
    if title.startswith(P.ISSUING_VERBS):
        return None  # 转发Y关于…: Y issued what is forwarded
    organs = m.group("organ")
    parts = P.split_list(organs)
    if GAP in organs and not all(_organ_name(part) for part in parts):
        parts = P.split_list(organs.replace(GAP, ""))  # a gap inside one name
    return _lead_organ(parts)


def _named_by_organ(title: str) -> str | None:
    """The organ of a title that is its organ and 文种 alone (中华人民共和国农业部公告,
    石门县…疫情防控指挥部通告（第1号）), as 公告, 通告 and 令 are titled."""
    core, _ = P.title_core(title.replace(GAP, ""))
    ending = P.doc_type_ending(core)
    organ = core[:-len(ending)] if ending else ""
    return _lead_organ([organ]) if len(organ) >= 4 else None


def _lead_organ(parts: list[str]) -> str | None:
    """The lead organ of joint issuers listed (``parts``), as a title, a news lead
    or a page's catalogue names them: 四川省民政厅等四部门, organs run together."""
    return _lead_of_run(P.JOINT_TAIL.sub("", parts[0])) if parts and _organ_name(parts[0]) else None


def _organ_name(name: str) -> bool:
    return P.is_organ(name) or name in _KNOWN_ORGANS


def _lead_of_run(organs: str) -> str:
    """The first of joint organs run together (中共吉林省委办公厅吉林省人民政府办公厅,
    中共中央办公厅国务院办公厅): where an organ ends and another opens with the same
    place, or both with a central organ's name; not a unit of a national organ
    (国家税务总局湖州市税务局)."""
    for k in range(3, len(organs) - 2):
        head, rest = organs[:k], organs[k:]
        if not (_organ_name(head) and _organ_name(rest)):
            continue
        opening = _opening(rest)
        if opening in _KNOWN_ORGANS and _opening(head) in _KNOWN_ORGANS or opening and opening in head:
            return head
    return organs


def _opening(name: str) -> str | None:
    """The place or central organ a name opens with (吉林省, 国务院)."""
    return places.opening(name, _KNOWN_ORGANS)




def _masthead_issuer(marks: list[Block]):
    """The organ a masthead names, without 文件 (or 令).  Over several lines:
    a joint masthead (each line an organ of its own, or 文件 alone on the
    last) gives its lead organ; a name wrapped over two lines, the whole."""
    lines = [_drop_gap(b.line.strip(GAP + " ")) for b in marks]
    beside = any(line.text.endswith("文件") for line in lines[:-1])  # 文件 set beside stacked organs
    for k, line in enumerate(lines):
        for end in ("文件", "命令", "令"):
            if line.text.endswith(end):
                lines[k] = line.slice(0, len(line.text) - len(end))
                break
    lines = [line for line in lines if line.text]
    if not lines:
        return None
    if len(lines) > 1 and (beside or all(_opens_organ(line.text, lines[0].text) for line in lines[1:])):
        lines = lines[:1]  # joint: 吉林省教育厅 / 吉林省财政厅文件; 发展改革委办公厅　文件 / 税务总局办公厅
    name = functools.reduce(lambda a, b: a + b, lines)
    first = P.split_list(name.text)[0]  # 中共四平市委　四平市人民政府 on one line
    if len(lines) == 1 and first != name.text:
        name = name.slice(0, len(first))
    if name.text.startswith(_STATE) and len(name.text) > len(_STATE) and not marks[-1].text.endswith("文件"):
        name = name.slice(len(_STATE))  # 中华人民共和国国务院令 → 国务院
    return name


def _opens_organ(text: str, first: str) -> bool:
    """Does a masthead line name an organ of its own (not carry on the one above)?"""
    return P.is_organ(text) and (text[:2] == first[:2] or text.startswith(_ORGAN_OPENINGS)
                                 or places.opens_with_place(text))


def _drop_gap(line):
    keep = [k for k, c in enumerate(line.text) if c not in (GAP, " ")]
    return type(line)("".join(line.text[k] for k in keep), [line.offs[k] for k in keep])


def _order(doc: Document) -> None:
    """A 令 (命令) promulgates a text: its title is the title of what it
    promulgates (现公布《…》), its 文种 is 命令."""
    mark = doc.issuer_mark or ""
    if not mark.endswith("令") or doc.doc_type not in (None, "命令"):
        return
    doc.doc_type = "命令"
    paragraphs = doc.blocks_of("paragraph", "heading")
    m = _PROMULGATED.search(paragraphs[0].text) if paragraphs else None
    if m and doc.title in (None, mark):
        doc.title = m.group("title")
        doc.cite("title", doc.title, paragraphs[0].line, m.start("title"), m.end("title"))
    elif doc.title in (None, mark) and doc.parts and doc.parts[0].title:
        doc.title = doc.parts[0].title


_HANDLERS = {
    "marks": _marks,
    "mark": _mark,
    "number": _number,
    "title": _title,
    "addressee": _addressee,
    "heading": _heading,
    "attachment": _attachment,
    "signature": _signature,
    "date": _date,
    "note": _note,
    "adopted": _adopted,
    "footer": _footer,
}
