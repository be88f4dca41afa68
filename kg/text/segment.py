"""Split a document's lines into GB/T 9704 zones and join broken lines.

Elements are found by what they look like, not by a fixed order, so that
the printed layout (masthead, number, title, addressees) and the web or
gazette layout (title first, wrapped, then the number; no masthead) both
segment:

* header (版头) from the top down to the document number; a title standing
  above the number is the title;
* title and addressees after it, when not found yet;
* the closing (signatures, date, 附注): the first signature-and-date after
  the body that is followed by nothing, the 版记 or the start of another
  document;
* after the closing, the 版记 (抄送/印发 lines at the very end) is the footer,
  and what lies between closing and footer are attached documents (after
  附件 / 附件1 labels, or the full text a 印发/转发 notice carries), each
  segmented on its own as a part of the cover document.

Only body lines are joined into paragraphs: elsewhere a line break is a
boundary.  Each zone becomes :class:`~kg.model.Block` objects whose ``kind``
names the element; :mod:`kg.extract.elements` reads the values out of them.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections import Counter

from ..model import Block, Document, Line
from . import patterns as P
from . import places
from .normalize import GAP

HEADER_LINES = 12  # a header never runs longer than this
TITLE_LINES = 5
LEAD_LINES = 16  # a news report's lead comes within this many lines of the top (under a page's chrome)
FOOTER_LINES = 10  # a 版记 is short
# a line that does not carry a title on: a bracketed note under it (（2004年…通过）),
# a table of contents, a chapter or a numbered heading
_NOT_TITLE_GOES_ON = re.compile(r"^(?:[（(]|目\s*录|第[一二三四五六七八九十百\d]+[章节条]|\d{1,2}[.．、）)]"
                                r"|(?:19|20)\d\d(?:[-/.]\d|年(?:\d{1,2}月|第)))")  # not 2023年全市…的通知
# a bracketed line under a title: the date a text was adopted or issued
_ADOPTED = re.compile(rf"^[（(][^（）()]*{P.DATE.pattern}[^（）()]*(?:通过|发布|印发|公布|批准)[^（）()]*[）)]$")
_DATED = re.compile(rf"^[（(]\s*{P.DATE.pattern}\s*[）)]$")  # the date alone: a 决定 as 中共中央 publishes it
# a page's path: 首页 > 通知公告 > 正文 (a > with no < : not markup in a title)
_SENTENCE_MARKS = set("。；;！？!?：:")
# an addressee list never ends with these words: 现决定： 通知如下：
_NOT_ADDRESSEE_END = ("如下", "决定", "通知", "规定", "要求", "指出", "强调", "认为", "提出", "表示", "明确")


def segment(doc: Document) -> Document:
    doc.blocks, parts = segment_lines(doc.lines, cover=True)
    for label, lines in parts:
        part = Document(doc.source, lines=lines, label=label.text if label else None)
        part.blocks, _ = segment_lines(lines, cover=False)
        doc.parts.append(part)
    return doc


def segment_lines(lines: list[Line], cover: bool = True) -> tuple[list[Block], list[tuple[Line | None, list[Line]]]]:
    """Blocks of one document, and the attached documents after its closing
    as (label line, lines).  ``cover``: look for attached documents; else
    the closing is the last one (an attached document has no parts)."""
    blocks: list[Block] = []
    top = _header(lines, blocks)
    has_title = any(b.kind == "title" for b in blocks)
    closing = (_first_closing(lines, top) if cover else None) or _last_closing(lines, top)
    if closing is None:
        end = _footer_start(lines, top, len(lines))
        tail_blocks = [Block("footer", line) for line in _join_wrapped_cc(lines[end:])]
        parts: list = []
    else:
        end, date_at = closing
        tail_blocks, parts = _after_date(lines, end, date_at, cover)
    top = _title_and_addressees(lines, top, end, blocks, has_title, cover)
    _title_after_number(blocks)
    if top < end and (split := _addressee_run_on(lines[top])):
        blocks.append(Block("addressee", split[0]))  # 各市、县(市、区)教育局:为贯彻落实…, on one line
        blocks.extend(body([split[1], *lines[top + 1:end]]))
    else:
        blocks.extend(body(lines[top:end]))
    blocks.extend(tail_blocks)
    return blocks, parts


# -- header ---------------------------------------------------------------

def _header_kind(text: str) -> str | None:
    parts = [p for p in text.split(GAP) if p]
    if parts and all(P.COPY_NUMBER.match(p) or P.SECRECY.match(p) or P.URGENCY.match(p) for p in parts):
        return "marks"
    return None


def _number_line(text: str) -> bool:
    if (series := P.SERIES_NUMBER.match(text)) and re.search("公告|令", series.group("series")):
        return True  # 国家林业和草原局公告2023年第22号: an announcement series' number heads the document
    m = P.DOC_NUMBER.search(text) or P.NUMBER_ALONE.match(text)
    # the number opens its line (a 签发人 may follow it); a cited number
    # inside a sentence does not count, nor a title's own number in brackets
    # at its end (…的通知(X办发〔2017〕2号))
    if m and m.start() == 1 and text[0] in "（(" and text[m.end():] in ("）", ")"):
        return True  # the number on a line of its own in brackets, under the title: （X办〔2006〕33号）
    # nor one a reply quotes (你区《关于…的请示》（X〔2023〕31号）收悉。)
    return bool(m and not (P.PUNCT | _QUOTED) & set(text[: m.start()]) and "。" not in text[m.end():]
                and len(text) < 60 and not P.title_core(text)[1])


_QUOTED = set("《》")


def _number_again(lines: list[Line], k: int) -> int | None:
    """Where the number of line ``k``, which has a title before it, stands
    again alone in the next lines: the document's own below a page's heading."""
    text = lines[k].text.strip(GAP + " ")
    for j in range(k + 1, min(len(lines), k + 4)):
        number = lines[j].text.strip(GAP + " ")
        if P.DOC_NUMBER.fullmatch(number) and text.endswith(number) \
                and P.doc_type_of(text[:-len(number)].strip(GAP + " ")):
            return j
    return None


def _title_like(text: str) -> bool:
    """No sentence marks, not a masthead, not a heading, not too long for a title line."""
    return (
        bool(text)
        and not _SENTENCE_MARKS & set(text)
        and not _masthead_like(text)
        and len(text) <= 100
        and not P.heading_level(text)
        and not _header_kind(text)
    )


def _masthead_line(text: str) -> bool:
    """A line a masthead may hold: X文件, a 令's, or organs' names."""
    squeezed = text.replace(GAP, "")
    if "关于" in squeezed or P.DOC_NUMBER.search(squeezed):
        return False  # a page's summary that runs title, number and 主送 together (…的批复国函〔2022〕50号广东省人民政府，…)
    return _masthead_like(squeezed) or squeezed.endswith(("命令", "令")) \
        or all(P.is_organ(part) for part in P.split_list(text))


def _masthead_like(text: str) -> bool:
    """X文件 (or 文件 alone under the organs of a joint masthead); not a
    title line that happens to end in 文件 (…行政规范性文件)."""
    text = text.replace(GAP, "")
    return text.endswith("文件") and "关于" not in text and (text == "文件" or P.is_organ(text[:-2]))


def _masthead_again(lines: list[Line], blocks: list[Block]) -> int:
    """A page named after the document's masthead (a document-sharing site:
    湖南省人民政府办公厅文件 / 简介：… / 第一篇：… / 湖南省人民政府办公厅文件 /
    湘政办发〔2009〕24号): the document starts at the masthead's last copy;
    the lines above it are set aside."""
    first = lines[0].text.replace(GAP, "") if lines else ""
    if not _masthead_like(first):
        return 0
    for j in range(min(len(lines), HEADER_LINES) - 1, 0, -1):
        if lines[j].text.replace(GAP, "") == first:
            blocks.extend(Block("aside", line) for line in lines[:j])
            return j
    return 0


def _header(lines: list[Line], blocks: list[Block]) -> int:
    """Blocks for the 版头 (and a title above the number); returns the index
    of the first line after them."""
    i = _masthead_again(lines, blocks)
    while i < min(len(lines), HEADER_LINES) and _header_kind(lines[i].text):
        blocks.append(Block("marks", lines[i]))
        i += 1
    number_at = None
    for k in range(i, min(len(lines), i + HEADER_LINES)):
        text = lines[k].text
        if _number_line(text):
            number_at = k
            if (again := _number_again(lines, k)) is not None:
                # the page's heading (title and number on one line) over the document's own number
                blocks.extend(Block("aside", line) for line in lines[i:k + 1])
                i, number_at = k + 1, again
            break
        if P.ORDER_NUMBER.match(text) and k > i and lines[k - 1].text.endswith("令"):
            number_at = k  # 中华人民共和国国务院令 / 第707号
            break
        if "。" in text:
            break  # the body has begun
    if number_at is None:
        # No number: a masthead is still there if it ends in 文件 within a few lines.
        for k in range(i, min(len(lines), i + 4)):
            text = lines[k].text.replace(GAP, "")
            if _masthead_like(text) and len(text) <= 40:
                blocks.extend(Block("mark" if _masthead_line(line.text) else "aside", line) for line in lines[i:k + 1])
                return k + 1
            if P.PUNCT & set(text) or len(text) > 40:
                break
        return i
    pre = lines[i:number_at]
    title_at = None if P.ORDER_NUMBER.match(lines[number_at].text) else _title_above_number(pre)
    for line in pre[:title_at]:
        # a masthead names organs (X文件, 中共中央办公厅　国务院办公厅); a page's name
        # or its stamp line above a title is no masthead
        masthead = title_at is None and "《" not in line.text  # a page's heading naming a work is none
        blocks.append(Block("mark" if masthead or _masthead_line(line.text) else "aside", line))
    if title_at is not None:
        # above the title proper: a page's own copy of it, a banner or a column name
        chunk = pre[title_at:]
        blocks.extend(_title_blocks(chunk))
    blocks.append(Block("number", lines[number_at]))
    k = number_at + 1
    if k < len(lines) and P.SIGNERS.search(lines[k].text) and len(lines[k].text) < 40:
        blocks.append(Block("number", lines[k]))
        k += 1
    return k


def _title_after_number(blocks: list[Block]) -> None:
    """With no title found, one run on after the number on its line (梁政发〔2023〕7号关于印发…的通知,
    as a page heads the document) is the title."""
    if any(b.kind == "title" for b in blocks):
        return
    for k, block in enumerate(blocks):
        m = P.DOC_NUMBER.search(block.text) if block.kind == "number" else None
        if m and P.doc_type_of(block.text[m.end():]):
            blocks[k:k + 1] = [Block("number", block.line.slice(0, m.end())), Block("title", block.line.slice(m.end()))]
            return


def _title_above_number(pre: list[Line]) -> int | None:
    """Where a title standing above the number starts (the web and gazette
    layout), or None when the lines above are a masthead."""
    for k in range(max(0, len(pre) - TITLE_LINES), len(pre)):
        chunk = pre[k:]
        if all(_title_like(line.text) for line in chunk) and P.titled(_text(chunk)):
            return k
    return None


def _title_blocks(title: list[Line]) -> list[Block]:
    """The title's lines as blocks: what stands above the title proper set
    aside, but an organ's name between a page's copy of the title and the
    document's (a law database: T / 河北省人民政府 / T), which is its masthead."""
    repeated = _repeated_title_at(title)
    opens = repeated or _title_opens_at(title)
    out = [Block("aside", line) for line in title[:opens]]
    if repeated > 1 and P.is_organ(title[repeated - 1].text.replace(GAP, "")):
        out[-1].kind = "mark"
    return out + [Block("title", _joined(title[opens:]))]


def _repeated_title_at(title: list[Line]) -> int:
    """Where the last copy of a title given more than once starts: a web page
    puts its own title (政务服务丨X关于…的意见, or the bare title) above the
    document's (X / 关于…的意见); 0 when it is given once."""
    for k in range(1, len(title)):
        rest, above = _text(title[k:]), _text(title[:k])
        # …, or its start only on the line above, where the page cut its copy short
        # (教育部办公厅关于在天津等12个市设立第二批教育部基础教育综合改)
        cut = _text(title[k - 1:k])
        if P.titled(rest) and (rest in above or len(cut) >= 10 and rest.startswith(cut)
                                   and not P.doc_type_of(cut) and _text(title[k:k + 1]) != cut):
            return k
    return 0


# a title line that ends as it names what it forwards, going on below
# (X转发省农业 / 农村厅关于…; X转发国家地震局 / 关于…)
_FORWARDS = re.compile(rf"(?:{'|'.join(P.ISSUING_VERBS)})[^关于，。：:]{{0,14}}$")


def _title_opens_at(title: list[Line]) -> int:
    """A title opens with its organ or its 关于: lines above a line that opens
    with 关于 belong to it only when they name an organ (国务院办公厅 / 关于…);
    anything else there (a column name, a breadcrumb) is not the title."""
    for k in range(len(title) - 1, 0, -1):
        if title[k].text.startswith("关于"):
            above = _text(title[:k])
            for verb in P.ISSUING_VERBS:  # X　Y印发 / 关于…的意见的通知
                above = above.removesuffix(verb)
            return 0 if all(P.is_organ(p) for p in P.split_list(above)) else k
    # nor above a line that opens with its organ (X关于…, X印发…), unless each names
    # organs of a joint title: a banner, a column name
    for k in range(1, len(title)):
        m = P.TITLE_ORGAN.match(title[k].text)
        if m and P.is_organ(m.group("organ")) and not _FORWARDS.search(title[k - 1].text) and not all(
                # 牟定县人民政府 / 牟定县人民政府办公室关于…; 浠水县人民政府 / 县人民政府关于…: its masthead;
                # 怒江州人民政府 / 云南省民政厅办公室关于…: the site's owner
                P.is_organ(p) and not m.group("organ").startswith(p) and not p.endswith(m.group("organ"))
                and not _apart(p, m.group("organ"))
                for line in title[:k] for p in P.split_list(line.text)):
            return k
    return 0


def _apart(a: str, b: str) -> bool:
    """Do organs ``a`` and ``b`` open with places neither of which the other
    names (怒江州人民政府, 云南省民政厅)?  Then they are no joint issuers of a title."""
    pa, pb = (places.opening(x.removeprefix("中共")) for x in (a, b))
    return bool(pa and pb and pa not in b and pb not in a)


# -- title and addressees ---------------------------------------------------

def _title_and_addressees(lines: list[Line], i: int, end: int, blocks: list[Block], has_title: bool,
                          cover: bool) -> int:
    if not has_title and cover:
        lead = _news_lead(lines, i, end, blocks)
        has_title, i = lead is not None, lead or i
    elif has_title:
        i = _title_again(lines, i, end, blocks)
    if not has_title:
        # a page's column name (通知公告) is no title; page chrome (breadcrumbs…) is already out (kg.text.chrome)
        while i < end and P.only_doc_types(lines[i].text):
            word = _text(lines[i:i + 1])
            if P.doc_type_ending(word) == word and _addressee_at(lines, i + 1, end):
                break  # 通　知 over the 主送: the title, all of it
            blocks.append(Block("aside", lines[i]))
            i += 1
        title, k = _title_run(lines, i, end, blocks, cover)
        if cover and not P.doc_type_of(_text(title)) and (s := _title_further_down(lines, i, end)):
            # page furniture the chrome lexicon does not know (a forum's post header, a
            # consultation's form) above the document
            _set_aside(lines[i:s], blocks)
            i = s
            title, k = _title_run(lines, i, end, blocks, cover)
        if title:
            blocks.extend(_title_blocks(title))
            i = _title_again(lines, k, end, blocks)  # the page's title, then the document's
            if k < i < end and lines[i].text == blocks[-1].text:
                # three times the same (the page's heading, its catalogue's, the document's): the last
                blocks[-1].kind = "aside"
                blocks.append(Block("title", lines[i]))
                i += 1
    if i < end and blocks and blocks[-1].kind == "title" and P.SERIES_NUMBER.match(lines[i].text):
        blocks.append(Block("number", lines[i]))  # 公告 / 第1号: numbered in its own series
        i += 1
    if i < end and (_ADOPTED.match(lines[i].text) or _DATED.match(lines[i].text)):
        blocks.append(Block("adopted", lines[i]))  # （2019年10月31日…通过）
        i += 1
    n = _addressee_at(lines, i, end)
    for skip in (1, 2):
        # a line or two between title and 主送 that are no sentence (a page's
        # date and source line left in): set aside, not read as body
        if n or i + skip >= end or any("。" in line.text or P.heading_level(line.text) for line in lines[i:i + skip]):
            break
        if m := _addressee_at(lines, i + skip, end):
            blocks.extend(Block("aside", line) for line in lines[i:i + skip])
            i, n = i + skip, m
    if n:
        blocks.append(Block("addressee", _joined(lines[i:i + n])))
        return i + n
    return i


def _title_run(lines: list[Line], i: int, end: int, blocks: list[Block], cover: bool) -> tuple[list[Line], int]:
    """The title's lines from ``i`` (none if what stands there is no title), and where the text goes on."""
    title: list[Line] = []
    k = i
    while k < end and len(title) < TITLE_LINES and _title_like(lines[k].text) and not _addressee_at(lines, k, end) \
            and not (title and _NOT_TITLE_GOES_ON.match(lines[k].text) and not _carries_on(title, lines[k].text)):
        title.append(lines[k])
        k += 1
        # …意见的报告 / 的通知: a 文种 nested in the title of a 转发 notice; a line
        # that is a title of its own (《…的通知》) ends it whatever stands above it
        if (P.doc_type_of(_text(title)) or P.doc_type_of(lines[k - 1].text)) \
                and not (k < end and lines[k].text.startswith(("的", "之")) and _title_like(lines[k].text)):
            break
    headed = any(b.kind in ("number", "mark") for b in blocks)
    if title and not P.doc_type_of(_text(title)):
        # no 文种 at the end: a title only where an addressee line follows
        # it, or it names its subject (关于…), or it stands under a masthead
        # or number, or it heads an attached document
        if _addressee_at(lines, k, end) or (cover and "关于" in _text(title[:1]) and len(title) == 1):
            pass
        elif not cover or headed:
            title = title[:3] if all(len(line.text) <= 40 for line in title[:3]) else []
            k = i + len(title)
        else:
            title, k = [], i
    return title, k


def _carries_on(title: list[Line], text: str) -> bool:
    """A title about something (关于…) that has no 文种 yet goes on into a line
    that ends it, whatever that line opens with (关于取消闹村乡 / 2021年9月21日…的通告)."""
    return "关于" in _text(title) and not P.doc_type_of(_text(title)) and bool(P.doc_type_of(text))


def _opens_title(text: str) -> bool:
    """A line a title of several lines may open with: about something (关于…), or
    its organs' (X印发…; X / 关于…)."""
    m = P.TITLE_ORGAN.match(text)
    return "关于" in text or bool(m and P.is_organ(m.group("organ"))) \
        or all(P.is_organ(p) for p in P.split_list(text))


def _set_aside(lines: list[Line], blocks: list[Block]) -> None:
    """Lines above the document's title that are not the document's, but for its number among them."""
    numbered = any(b.kind == "number" for b in blocks)
    for line in lines:
        number = not numbered and _number_line(line.text)
        numbered = numbered or number
        blocks.append(Block("number" if number else "aside", line))


def _follows_title(lines: list[Line], k: int, end: int) -> bool:
    """Line ``k`` is what follows a title: the 主送, the number (its own series' too), the date it was adopted."""
    after = lines[k].text
    return bool(_addressee_at(lines, k, end) or _number_line(after) or P.SERIES_NUMBER.match(after)
                or _ADOPTED.match(after) or _DATED.match(after))


def _title_further_down(lines: list[Line], i: int, end: int) -> int | None:
    """Where a title ending in a 文种 starts under lines that are none of the
    document's: the first run of title lines within :data:`LEAD_LINES` that
    is followed by what follows a title (the 主送, the number, the date it was
    adopted, or, for a title about something, the body's first sentence); its
    last copy when the page gives it twice.  None when the body's sections
    begin first."""
    for s in range(i + 1, min(end, i + LEAD_LINES)):
        if P.heading_level(lines[s].text):
            return None
        for n in range(1, 4):
            k = s + n
            if k >= end or not _title_like(lines[k - 1].text) or _number_line(lines[k - 1].text):
                break
            title = _text(lines[s:k])
            if not P.doc_type_of(title):
                continue
            if n > 1 and not _opens_title(lines[s].text):
                break  # an account's or a column's name over a title of one line
            if not (_follows_title(lines, k, end) or "关于" in title and "。" in lines[k].text):
                break
            again = [t for t in range(k, min(end - n, i + LEAD_LINES)) if _text(lines[t:t + n]) == title]
            return again[-1] if again else s
    return None


def _title_again(lines: list[Line], i: int, end: int, blocks: list[Block]) -> int:
    """A page's title above the number (or right above the title again), the
    document's own below it, perhaps with its organs (湖委发〔2018〕20 /
    中共湖州市委　湖州市人民政府 / 关于…的实施意见): the one below is the title.
    Where the text goes on."""
    above = next(b for b in blocks if b.kind == "title")
    title = above.text.replace(GAP, "")
    for n in range(1, TITLE_LINES + 1):
        chunk = lines[i:i + n]
        if i + n > end or not _title_like(chunk[-1].text):
            break
        text = _text(chunk)
        kind = P.doc_type_of(text)
        # the same, perhaps after its organs; or a news page's headline over the
        # document's own title, of the same 文种 (省政协表彰…的决定 / 中国人民政治协商会议… / 关于表彰…的决定)
        # or of none (乌兰浩特市…有关规定、格式细则 / 乌政办发〔2013〕11号 / …关于印发…的通知)
        if kind and (_same_title(text, title)
                     or "关于" in text and P.doc_type_of(title) in (kind, None) and "关于" not in title):
            above.kind = "aside"
            # organs over a title that names its own (甘肃省人大常委会 / 甘肃省人民代表大会常务委员会关于…): a masthead
            m = P.TITLE_ORGAN.match(title)
            own = next((j for j in range(1, n) if _text(chunk[j:]) == title), 0) if m and P.is_organ(m["organ"]) else 0
            blocks.extend(Block("mark", line) for line in chunk[:own])
            blocks.append(Block("title", _joined(chunk[own:])))
            return i + n
    # or the same (or one of its 文种 in full) under a few lines the page put between, no
    # sentence among them (the page's date and source; 寿县政务督查 / 20期 / 寿县人民政府督查室),
    # where what follows a title follows it; the last such copy (the page's, its catalogue's, the document's)
    found = None
    for t in range(i + 1, min(end, i + 5)):
        if "。" in lines[t - 1].text or len(lines[t - 1].text) > 100:
            break
        for n in range(1, 4):
            text = _text(lines[t:t + n])
            if n > 1 and P.doc_type_of(lines[t].text):
                break  # a title of its own on the first line
            if t + n < end and all(_title_like(line.text) for line in lines[t:t + n]) \
                    and (_same_title(text, title) or P.doc_type_of(text) == P.doc_type_of(title)
                         and _opens_title(lines[t].text)) and _follows_title(lines, t + n, end):
                found = t, n
    if found is None:
        return i
    t, n = found
    above.kind = "aside"
    _set_aside(lines[i:t], blocks)
    blocks.append(Block("title", _joined(lines[t:t + n])))
    return t + n


def _same_title(text: str, title: str) -> bool:
    """``text`` is ``title``, perhaps after its organs."""
    return text.endswith(title) and (text == title or P.is_organ(text[:-len(title)]))


def _news_lead(lines: list[Line], i: int, end: int, blocks: list[Block]) -> int | None:
    """A news report printing a document (新华社…电 近日，X、Y印发了《T》，并发出通知…
    《T》全文如下。): its headline and lead set aside, T the title (its own line
    when the text repeats it), X named in the lead as issuer.  Where the document
    starts, or None when there is no such lead."""
    top = min(end, i + LEAD_LINES)
    formula = P.NEWS_FORMULA.search("".join(line.text for line in lines[i:top]))
    if not formula:
        return None
    zone = _joined(lines[i:top])
    # the lead is the last 印发《T》 before the formula (not the headline above it)
    m = next(reversed(list(P.NEWS_LEAD.finditer(zone.text, 0, formula.end()))), None)
    if not m:
        return None
    at = list(itertools.accumulate(len(line.text) for line in lines[i:end]))
    j = i + bisect.bisect_right(at, m.start("organs"))
    k = i + bisect.bisect_right(at, formula.end() - 1) + 1
    while k < end and k - j < 6 and not P.ends_sentence(lines[k - 1].text):
        k += 1  # the rest of the lead's paragraph
    # …《T》全文如下。 after it, perhaps over two lines
    k = next((f + 1 for f in range(k, min(end, k + 2)) if "全文如下" in lines[f].text), k)
    blocks.extend(Block("aside", line) for line in lines[i:j])
    blocks.append(Block("lead", _joined(lines[j:k])))
    name = "title" if m.group("title") else "bare"
    title = m.group(name)
    for t in range(1, 4):  # the title repeated on its lines above the text
        if k + t <= end and P.title_core(_text(lines[k:k + t]))[0] == title:
            blocks.append(Block("title", _joined(lines[k:k + t])))
            return k + t
    blocks.append(Block("title", zone.slice(m.start(name), m.end(name))))
    return k


_ADDRESSED = ("各", "有关", "全")  # 各单位, 有关部门, 全校各单位
_ADDRESSEE_ENDINGS = ("部门", "单位", "会")  # organs an 主送 list names that are no signing organ


def _addressee_run_on(line: Line) -> tuple[Line, Line] | None:
    """The 主送 list and the body's first paragraph run together on one line
    (机关各部门、各企事业单位、各居委会: 街道社区自治办拟定的…), as a page may
    join them: (list, rest), or None."""
    m = re.search("[：:]", line.text)
    if not m or m.end() == len(line.text) or m.start() > 150:
        return None
    head = line.text[:m.end()]
    items = P.split_list(head)
    if not items or not _addressee_line(head) or any(len(x) > 25 for x in items):
        return None
    # opened and closed by what names organs (各中小学校、幼儿园、县直有关单位)
    first, last = items[0], items[-1]
    if (first.startswith(_ADDRESSED) or P.is_signing_organ(first)) and (
            last.startswith(_ADDRESSED) or last.endswith(_ADDRESSEE_ENDINGS) or P.is_signing_organ(last)):
        return line.slice(0, m.end()), line.slice(m.end()).strip(GAP + " ")
    return None


def _addressee_at(lines: list[Line], i: int, end: int) -> int:
    """How many lines (1 to 3) from ``i`` make the 主送 list, 0 if none."""
    for n in (1, 2, 3):
        chunk = lines[i:i + n]
        if len(chunk) == n and i + n <= end and _addressee_line(chunk[-1].text) \
                and all("。" not in line.text for line in chunk) \
                and all(set("，、,") & set(line.text) and not P.doc_type_of(line.text) for line in chunk[:-1]) \
                and all(len(item) <= 40 for item in P.split_list(_text(chunk))):
            return n
    return 0


def _joined(lines: list[Line]) -> Line:
    return functools.reduce(operator.add, lines)


def _text(lines: list[Line]) -> str:
    return "".join(line.text for line in lines).replace(GAP, "")


def _addressee_line(text: str) -> bool:
    head = text.rstrip("：:")
    return (
        text.endswith(("：", ":"))
        and "。" not in text
        and not head.endswith(_NOT_ADDRESSEE_END)
        and not P.heading_level(text)
        and not P.ATTACHMENTS.match(text)
        and not P.CC.match(text)
    )


# -- closing, attached documents, footer -------------------------------------

def _closing_at(lines: list[Line], i: int, top: int) -> int | None:
    """If line ``i`` is a date closing a document, where its signatures start."""
    text = lines[i].text
    # digits alone (20141210, 2020年228) only under a signature: a page that dropped 年月日
    m = P.closing_date(text, bare=i > top and P.BARE_DATE.fullmatch(text) is not None
                       and _signature_like(lines[i - 1].text), ambiguous=True)
    if not (m and m.end() == len(text) and _signature_like(text[: m.start()].replace(GAP, ""))):
        return None
    start = i
    # four lines of signatures; more where each is long enough for two organs (a joint document's columns)
    while start - 1 >= top and (i - start < 4 or i - start < 8 and all(
            len(line.text) >= 14 for line in lines[start - 1:i])) and _signature_like(lines[start - 1].text):
        start -= 1
    if top + 2 <= start < i and _broken_signature(lines[start - 2].text, lines[start - 1].text, lines[start].text):
        start -= 1
    if start == i and not text[: m.start()].strip(GAP) and i > top:
        prev = lines[i - 1].text
        if not (P.ends_sentence(prev) or P.NOTE.match(prev) or P.ATTACHMENTS.match(prev)
                or (len(prev) < 20 and not P.heading_level(prev))):
            return None  # a date the line above runs on into: body text
    return start


def _last_closing(lines: list[Line], top: int) -> tuple[int, int] | None:
    n = len(lines)
    for i in range(n - 1, top - 1, -1):
        if lines[i].text.endswith("印发"):
            continue
        start = _closing_at(lines, i, top)
        if start is not None and start > top:  # a date atop the text (a page's) closes nothing
            return start, i
        if i < n - 12:  # the closing zone is short; a date further up is in the body
            break
    return None


def _first_closing(lines: list[Line], top: int) -> tuple[int, int] | None:
    """The first closing followed by nothing, the 版记, notes, or the start of
    an attached document (a 附件 label or a title)."""
    n = len(lines)
    for i in range(top, n):
        start = _closing_at(lines, i, top)
        if start is None or start == top:
            continue
        k = i + 1
        while k < n and P.NOTE.match(lines[k].text):
            k += 1
        if k >= n or _footer_like(lines[k].text) or P.PART_LABEL.match(lines[k].text) \
                or (_title_like(lines[k].text) and (len(lines[k].text) <= 40 or P.titled(lines[k].text))) \
                or k >= _footer_start(lines, k, n):
            return start, i
    return None


def _after_date(lines: list[Line], start: int, date_at: int, cover: bool):
    """Blocks for signatures, date, notes and footer; and the attached documents."""
    n = len(lines)
    signed: list[Line] = []
    for line in lines[start:date_at]:
        if signed and not _signature_like(signed[-1].text):
            signed[-1] = signed[-1] + line  # the rest of a broken name (_broken_signature)
        else:
            signed.append(line)
    blocks = [Block("signature", line) for line in signed]
    date = lines[date_at]
    at = P.closing_date(date.text, bare=True, ambiguous=True).start()
    if date.text[:at].strip(GAP + " "):
        # signed and dated on one line (东莞市卫生和计划生育局2016年4月20日), as a page
        # may run the right-aligned closing together
        blocks.append(Block("signature", date.slice(0, at).strip(GAP + " ")))
        date = date.slice(at)
    blocks.append(Block("date", date))
    i = date_at + 1
    while i < n and P.NOTE.match(lines[i].text):
        blocks.append(Block("note", lines[i]))
        i += 1
    footer_at = _footer_start(lines, i, n)
    rest = lines[i:footer_at]
    parts: list = []
    if rest and P.ATTACHMENTS.match(rest[0].text):
        # a 附件说明 printed after the date (附件：1.… 2.…, or one name alone, or
        # links to files), as web pages list their downloads
        k = 1
        while k < len(rest) and (P.ATTACHMENT_ITEM.match(rest[k].text) or P.FILE_NAME.search(rest[k].text)) \
                and len(rest[k].text) <= 60:
            k += 1
        if P.ATTACHMENT_ITEM.match(rest[0].text[3:]) or k == len(rest):
            blocks.extend(_attachment_blocks(rest[:k]))
            rest = rest[k:]
            i += k
    elif rest and all(P.ATTACHMENT_LABELLED.match(x.text) and len(x.text) <= 60 for x in rest):
        # 附件1：… 附件2：… and nothing after them: downloads, not attached documents
        blocks.extend(_attachment_blocks(rest))
        i += len(rest)
        rest = []
    if rest and cover and (len(rest) >= 2 or P.PART_LABEL.match(rest[0].text)):
        parts = _split_parts(rest)
    else:
        footer_at = i
    blocks.extend(Block("footer", line) for line in _join_wrapped_cc(lines[footer_at:]))
    return blocks, parts


def _split_parts(lines: list[Line]) -> list[tuple[Line | None, list[Line]]]:
    """Attached documents, one from each 附件 label (or all as one without)."""
    parts: list[tuple[Line | None, list[Line]]] = []
    for line in lines:
        m = P.PART_LABEL.match(line.text)
        if m and (not m.group("rest") or _title_like(m.group("rest"))):
            rest = m.group("rest").strip(GAP + " ")
            label = line.slice(0, len(line.text) - len(m.group("rest"))).strip(GAP + " ：:")
            parts.append((label, [line.slice(len(line.text) - len(rest))] if rest else []))
        elif parts:
            parts[-1][1].append(line)
        else:
            parts.append((None, [line]))
    return [(label, body) for label, body in parts if body]


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
    """The 版记: the shortest run of lines at the very end that starts with
    a footer line (抄送, 印发, 校对…) and holds nothing but footer lines, the
    printer's name above its 印发 date and the wrapped rest of a 抄送 list."""
    for k in range(max(top, n - FOOTER_LINES), n):
        if not _footer_like(lines[k].text) and not _printer_at(lines, k):
            continue
        if all(_footer_like(lines[j].text) or _printer_at(lines, j) or _cc_goes_on(lines, k, j)
               for j in range(k, n)):
            return k
    return n


def _printer_at(lines: list[Line], k: int) -> bool:
    text = lines[k].text.replace(GAP, "")
    return k + 1 < len(lines) and bool(P.PRINTED.match(lines[k + 1].text)) and P.is_organ(text) and len(text) <= 30


def _cc_goes_on(lines: list[Line], start: int, j: int) -> bool:
    """Line ``j`` carries on a 抄送 list begun at or after ``start``."""
    for k in range(j - 1, start - 1, -1):
        if P.CC.match(lines[k].text):
            return "。" not in "".join(line.text for line in lines[k:j])
        if _footer_like(lines[k].text):
            return False
    return False


def _footer_like(text: str) -> bool:
    return bool(P.CC.match(text) or text.endswith("印发") or P.PROOFREADER.match(text) or P.COPIES.search(text)
                or P.SUBJECT_WORDS.match(text))


def _broken_signature(before: str, first: str, second: str) -> bool:
    """Is ``first`` the start of a long organ's name that a narrow column broke
    before ``second`` (广东省市场监管领域防控新型冠状病毒 / 肺炎疫情工作领导小组办公室),
    between the body's last sentence and the date?  Not a name of its own nor
    an attachment's."""
    return (len(first) <= 20 and P.ends_sentence(before) and not _signature_like(first)
            and not P.names_a_file(first) and not P.PUNCT & set(first) and _signature_like(first + second))


def _signature_like(text: str) -> bool:
    """Organ names standing alone (several, for a joint document, set apart by
    gaps): short, unpunctuated, each ending like an organ; or a title and a
    name (总理　李克强)."""
    if not text:
        return True  # a bare date line
    return (
        len(text) <= 80
        and not (P.PUNCT - {"、"} | set("“”\"")) & set(text)
        and not P.heading_level(text)
        and not _footer_like(text)
        and (all(P.is_signing_organ(part.replace(" ", "")) for part in re.split(f"[{GAP}、]", text) if part)
             or P.is_person_signature(text))
    )


# -- body -------------------------------------------------------------------

def body(lines: list[Line]) -> list[Block]:
    """Paragraphs, headings and the attachment list of the body."""
    attach_at = _attachments_at(lines)
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


def _attachments_at(lines: list[Line]) -> int | None:
    """Where the body's attachment list starts: its 附件： line, else the first
    of the 附件1：… lines that end the body (their names may wrap)."""
    at = next((i for i in range(len(lines) - 1, -1, -1) if P.ATTACHMENTS.match(lines[i].text)), None)
    if at is not None:
        return at
    labelled = [i for i, line in enumerate(lines) if P.ATTACHMENT_LABELLED.match(line.text)]
    for i in labelled:
        later = lines[i + 1:]
        # the items (names may wrap), then maybe lines of their own (联系人：…, kept as paragraphs)
        items = next((k for k, x in enumerate(later) if _OWN_LABEL.match(x.text)), len(later))
        if all(P.ATTACHMENT_LABELLED.match(x.text) or _wrapped_name(x.text) for x in later[:items]):
            return i
    return None


def _wrapped_name(text: str) -> bool:
    """Can ``text`` be the rest of an attachment's name broken over lines (not
    a sentence, a heading, or a line of its own such as 联系人：…)?"""
    return len(text) <= 40 and not P.ends_sentence(text) and not P.heading_level(text) \
        and "：" not in text and ":" not in text


def _attachment_blocks(lines: list[Line]) -> list[Block]:
    """附件：1．A  2．B…, 附件1：A  附件2：B…: one block per attachment, wrapped
    names joined.  Without numbers, a line starts an attachment when the one
    before ends as a name ends (a 文种, 方案, 名单, 表, .docx…) and it does not
    go on from it (的…, （试行）): web pages list their downloads so."""
    items: list[Line] = []
    numbered = False
    for k, line in enumerate(lines):
        if k == 0 and P.ATTACHMENTS.match(line.text):
            line = line.slice(3)  # 附件：
            if not line.text:
                continue
        item = bool(P.ATTACHMENT_ITEM.match(line.text) or P.HEADING[3].match(line.text)
                    or P.ATTACHMENT_LABELLED.match(line.text))
        if items and not item and _OWN_LABEL.match(line.text):
            # 联系人：…, 联系电话：… after the list: paragraphs of the body, no attachment
            return [Block("attachment", _drop_gaps(x)) for x in items] + [_paragraph(x) for x in lines[k:]]
        numbered = numbered or item
        if not items or item or P.FILE_NAME.search(line.text) or (
                not numbered and P.names_a_file(items[-1].text) and not line.text.startswith(_GOES_ON)):
            items.append(line)
        else:
            items[-1] = items[-1] + line
    return [Block("attachment", _drop_gaps(item)) for item in items]


_OWN_LABEL = re.compile(r"(?!附)[\u4e00-\u9fff]{2,6}[：:]")  # 联系人：, 联系电话：; not 附表：
_GOES_ON = ("的", "（", "(", "和", "及", "与", "、", "暨", "之")  # the rest of a name broken before it


def _drop_gaps(line: Line) -> Line:
    if GAP not in line.text:
        return line
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
    if P.heading_level(line.text):
        return False
    # hard-wrapped text: a line that fills the width may end where the printer broke it
    full = width is not None and len(prev.text) % max(width, 1) >= width - 3
    if P.ends_sentence(prev.text):
        # a clause ending in ； at the margin: the sentence goes on, unless a new paragraph opens
        return full and prev.text.rstrip(P.CLOSERS).endswith(("；", ";")) and not _opens_paragraph(line.text)
    heading = P.heading_level(prev.text)
    if heading and "。" not in prev.text:
        # a heading standing alone, unless it fills the line (then it wrapped)
        return full and not _opens_paragraph(line.text)
    return True


def _opens_paragraph(text: str) -> bool:
    """Does ``text`` open as a paragraph does, not as the rest of a wrapped line?"""
    return bool(P.PARAGRAPH_OPENER.match(text) or P.EACH_MUST.match(text))
