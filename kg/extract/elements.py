"""Read the GB/T 9704 elements' values out of the segmented blocks.

Every value is cited: :meth:`Document.cite` keeps the characters it came from.
"""
from __future__ import annotations

import re

from ..model import Block, Document, Evidence, Section
from ..text import patterns as P
from ..text.normalize import GAP

_TRAILING = "。.，,；;：:、 "
_ISSUER_BEFORE_GUANYU = re.compile(r"^(?P<organ>.+?)关于")


def extract_elements(doc: Document) -> Document:
    for block in doc.blocks:
        handler = _HANDLERS.get(block.kind)
        if handler:
            handler(doc, block)
    _printed_by(doc)
    _issuer(doc)
    return doc


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
    if doc.doc_number is None and (m := P.DOC_NUMBER.search(text)):
        doc.doc_number = P.doc_number(m)
        doc.cite("doc_number", doc.doc_number, block.line, m.start(), m.end())
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
    title = block.text.replace(GAP, "")
    doc.title = title
    doc.doc_type = P.doc_type_of(title)
    doc.cite("title", title, block.line)
    if doc.doc_type:
        doc.cite("doc_type", doc.doc_type, block.line, len(block.text) - len(doc.doc_type))


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
    m = P.HEADING[2].match(text) or P.HEADING[3].match(text)
    start = m.end() if m else 0
    name = text[start:].strip(_TRAILING)
    if name:
        doc.attachments.append(name)
        doc.cite("attachments", name, block.line, start, start + len(name))


def _signature(doc: Document, block: Block) -> None:
    pos = 0
    for part in block.text.split(GAP):
        start = block.text.index(part, pos) if part else pos
        pos = start + len(part)
        name = part.replace(" ", "")
        if name:
            doc.signatories.append(name)
            doc.cite("signatories", name, block.line, start, pos)


def _date(doc: Document, block: Block) -> None:
    m = P.DATE.search(block.text)
    prefix = block.text[: m.start()]
    if prefix.strip(GAP + " "):
        _signature(doc, Block("signature", block.line.slice(0, m.start()).strip(GAP + " ")))
    doc.date = P.iso_date(m)
    if doc.date:
        doc.cite("date", doc.date, block.line, m.start(), m.end())
    else:
        doc.warnings.append(f"impossible date {m.group(0)!r}")


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
        first = marks[0].text.replace(GAP, "")
        name = first[: -len("文件")] if first.endswith("文件") else first
        if name:
            doc.issuer = name
            doc.cite("issuer", name, marks[0].line, 0, len(name))
            return
    titles = doc.blocks_of("title")
    if titles and (m := _ISSUER_BEFORE_GUANYU.match(titles[0].text)) and P.is_organ(m.group("organ")):
        doc.issuer = m.group("organ").replace(GAP, "")
        doc.cite("issuer", doc.issuer, titles[0].line, 0, m.end("organ"))


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
    "footer": _footer,
}
