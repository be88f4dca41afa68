"""Split a document's lines into GB/T 9704 zones and join broken lines.

Header (版头) from the top, down to the document number; then the title and
the addressees; the closing zone (signatures, date, note) and the footer
(版记) from the bottom up; the body (主体) is what lies between.  Only body
lines are joined into paragraphs: elsewhere a line break is a boundary.

Each zone becomes :class:`~kg.model.Block` objects whose ``kind`` names the
element; :mod:`kg.extract.elements` reads the values out of them.
"""
from __future__ import annotations

import functools
import operator
from collections import Counter

from ..model import Block, Document, Line
from . import patterns as P
from .normalize import GAP

HEADER_LINES = 12  # a header never runs longer than this
TITLE_LINES = 5


def segment(doc: Document) -> Document:
    lines = doc.lines
    top = _header(lines, doc.blocks)
    end, closing = _closing(lines, top)
    top = _title_and_addressees(lines, top, end, doc.blocks)
    doc.blocks.extend(body(lines[top:end]))
    doc.blocks.extend(closing)
    return doc


def _header_kind(text: str) -> str | None:
    parts = [p for p in text.split(GAP) if p]
    if parts and all(P.COPY_NUMBER.match(p) or P.SECRECY.match(p) or P.URGENCY.match(p) for p in parts):
        return "marks"
    return None


def _header(lines: list[Line], blocks: list[Block]) -> int:
    """Blocks for the 版头; returns the index of the first line after it."""
    number_at = None
    for i, line in enumerate(lines[:HEADER_LINES]):
        m = P.DOC_NUMBER.search(line.text)
        # the number opens its line (a 签发人 may follow it); a cited number
        # inside a sentence does not count
        if m and not P.PUNCT & set(line.text[: m.start()]) and len(line.text) < 60:
            number_at = i
            break
    if number_at is None:
        # No number: a header is still there if it has a mark ending in 文件.
        i = 0
        while i < min(len(lines), HEADER_LINES) and _header_kind(lines[i].text):
            blocks.append(Block("marks", lines[i]))
            i += 1
        if i < len(lines) and lines[i].text.endswith("文件"):
            blocks.append(Block("mark", lines[i]))
            i += 1
        return i
    for line in lines[:number_at]:
        blocks.append(Block(_header_kind(line.text) or "mark", line))
    blocks.append(Block("number", lines[number_at]))
    i = number_at + 1
    if i < len(lines) and P.SIGNERS.search(lines[i].text) and len(lines[i].text) < 40:
        blocks.append(Block("number", lines[i]))
        i += 1
    return i


def _title_and_addressees(lines: list[Line], top: int, end: int, blocks: list[Block]) -> int:
    i = top
    title: list[Line] = []
    while i < end and len(title) < TITLE_LINES:
        text = lines[i].text
        if title and (_addressee_line(text) or P.heading_level(text)):
            break
        if P.PUNCT & set(text.replace("、", "").replace("，", "")) and not title:
            break  # a sentence, not a title: the document starts with its body
        title.append(lines[i])
        i += 1
        if P.doc_type_of(text.replace(GAP, "")):
            break
    if title and not P.doc_type_of("".join(l.text for l in title).replace(GAP, "")):
        # no 文种 at the end: keep only the first line as title unless an
        # addressee line follows the block
        if not (i < end and _addressee_line(lines[i].text)):
            i = top + 1
            title = title[:1]
    if title:
        blocks.append(Block("title", _joined(title)))
    # 主送机关: up to three short lines, the last ending with a colon
    for n in (1, 2, 3):
        chunk = lines[i:i + n]
        if len(chunk) == n and _addressee_line(chunk[-1].text) and all("。" not in l.text for l in chunk):
            blocks.append(Block("addressee", _joined(chunk)))
            return i + n
    return i


def _joined(lines: list[Line]) -> Line:
    return functools.reduce(operator.add, lines)


def _addressee_line(text: str) -> bool:
    return (
        text.endswith(("：", ":"))
        and "。" not in text
        and "如下" not in text
        and len(text) <= 80
        and not P.heading_level(text)
    )


def _closing(lines: list[Line], top: int) -> tuple[int, list[Block]]:
    """Signatures, date, note and footer, read from the bottom up.

    Returns the index where the body ends and the closing blocks in order.
    """
    n = len(lines)
    date_at = None
    for i in range(n - 1, top - 1, -1):
        text = lines[i].text
        if text.endswith("印发"):
            continue
        m = P.DATE.search(text)
        if m and m.end() == len(text) and _signature_like(text[: m.start()].replace(GAP, "")):
            date_at = i
            break
        if i < n - 12:  # the closing zone is short; a date further up is in the body
            break
    if date_at is None:
        footer_at = _footer_start(lines, top, n)
        return footer_at, [Block("footer", line) for line in _join_wrapped_cc(lines[footer_at:])]
    blocks: list[Block] = []
    start = date_at
    signatures: list[Line] = []
    while start - 1 >= top and len(signatures) < 4 and _signature_like(lines[start - 1].text):
        start -= 1
        signatures.insert(0, lines[start])
    blocks.extend(Block("signature", line) for line in signatures)
    blocks.append(Block("date", lines[date_at]))
    i = date_at + 1
    while i < n and P.NOTE.match(lines[i].text):
        blocks.append(Block("note", lines[i]))
        i += 1
    blocks.extend(Block("footer", line) for line in _join_wrapped_cc(lines[i:]))
    return start, blocks


def _join_wrapped_cc(lines: list[Line]) -> list[Line]:
    """A 抄送 list that wrapped (市政协 / 办公厅，…) is one line again.  A short
    organ name right above the 印发 date is the printer, not more cc."""
    out: list[Line] = []
    for k, line in enumerate(lines):
        prev = out[-1].text if out else ""
        printer = k + 1 < len(lines) and P.PRINTED.match(lines[k + 1].text) and P.is_organ(line.text)
        if P.CC.match(prev) and not prev.endswith("。") and not _footer_like(line.text) and not printer:
            out[-1] = out[-1] + line
        else:
            out.append(line)
    return out


def _footer_start(lines: list[Line], top: int, n: int) -> int:
    """With no date to anchor on, the footer is the trailing run of footer lines."""
    i = n
    while i - 1 >= top and _footer_like(lines[i - 1].text):
        i -= 1
    return i


def _footer_like(text: str) -> bool:
    return bool(P.CC.match(text) or text.endswith("印发") or P.PROOFREADER.match(text) or P.COPIES.search(text))


def _signature_like(text: str) -> bool:
    """Organ names standing alone (several, for a joint document, set apart by
    gaps): short, unpunctuated, each ending like an organ."""
    if not text:
        return True  # a bare date line
    return (
        len(text) <= 80
        and not (P.PUNCT | set("“”\"")) & set(text)
        and not P.heading_level(text)
        and not _footer_like(text)
        and all(P.is_organ(part.replace(" ", "")) for part in text.split(GAP) if part)
    )


def body(lines: list[Line]) -> list[Block]:
    """Paragraphs, headings and the attachment list of the body."""
    attach_at = next((i for i in range(len(lines) - 1, -1, -1) if P.ATTACHMENTS.match(lines[i].text)), None)
    attachments = lines[attach_at:] if attach_at is not None else []
    lines = lines[:attach_at] if attach_at is not None else lines
    width = _wrap_width(lines)
    blocks: list[Block] = []
    current: Line | None = None
    for line in lines:
        line = _drop_gaps(line)
        if current is not None and _continues(current, line, width):
            current = current + line
            continue
        if current is not None:
            blocks.append(_paragraph(current))
        current = line
    if current is not None:
        blocks.append(_paragraph(current))
    blocks.extend(_attachment_blocks(attachments))
    return blocks


def _paragraph(line: Line) -> Block:
    return Block("heading" if P.heading_level(line.text) else "paragraph", line)


def _attachment_blocks(lines: list[Line]) -> list[Block]:
    """附件：1．A  2．B…: one block per attachment, wrapped names joined."""
    items: list[Line] = []
    for k, line in enumerate(lines):
        if k == 0:
            colon = 3  # 附件：
            line = line.slice(colon)
            if not line.text:
                continue
        if not items or P.HEADING[2].match(line.text) or P.HEADING[3].match(line.text):
            items.append(line)
        else:
            items[-1] = items[-1] + line
    return [Block("attachment", _drop_gaps(item)) for item in items]


def _drop_gaps(line: Line) -> Line:
    keep = [k for k, c in enumerate(line.text) if c != GAP]
    return Line("".join(line.text[k] for k in keep), [line.offs[k] for k in keep])


def _wrap_width(lines: list[Line]) -> int | None:
    """The width hard-wrapped text was broken at, if it was (most lines share it)."""
    lengths = [len(line.text) for line in lines if len(line.text) >= 10]
    if len(lengths) < 4:
        return None
    common, _ = Counter(lengths).most_common(1)[0]
    near = sum(1 for x in lengths if abs(x - common) <= 2)
    return common if near >= 0.4 * len(lengths) and common < 60 else None


def _continues(prev: Line, line: Line, width: int | None) -> bool:
    """Does ``line`` carry on the paragraph that ``prev`` ends?"""
    if P.heading_level(line.text) or P.ends_sentence(prev.text):
        return False
    heading = P.heading_level(prev.text)
    if heading and "。" not in prev.text:
        # a heading standing alone, unless it fills the line (then it wrapped)
        return width is not None and len(prev.text) % max(width, 1) >= width - 3
    return True
