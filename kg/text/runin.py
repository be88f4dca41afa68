"""Recover the line breaks of a document scraped onto one line (run-in text).

Segmentation reads a document by its lines; a page whose breaks were lost
(the whole document on one line) has none.  The elements mark their own
boundaries, so the breaks come back from their patterns, cut by cut, each
piece keeping its per-character source offsets:

* header: 份号/密级/紧急 marks, a masthead ending in 文件, the document number
  (and 令's 第N号), the title (up to the last 文种 or title word, such as
  方案 or 办法, before the text turns into a list or a sentence) and the 主送
  list up to its ：;
* body: before 一、 （一） headings (a heading standing on its own line ends
  where a numbered sub-heading or a sentence naming who must act begins);
  before 附件：;
* closing: the signatures (organ names after the last sentence), the date,
  a bracketed note; then 附件1 labels and the titles of attached documents;
  the 版记 (抄送：, the printer and its 印发 date, 校对：).

Only a document that looks run-in is touched: few lines, one of them long.
In any document, a file's name ends its line: a page that lost the break
after a download link runs the next line on (附件：办法.docx校工会).
"""
from __future__ import annotations

import re

from ..model import Document, Line
from . import chrome, places
from . import patterns as P
from .normalize import GAP

RUN_IN_LINES = 5  # a document with more lines than this kept its breaks
RUN_IN_LENGTH = 200  # … and a run-in one has a line at least this long
MIN_LENGTH = 60  # a line shorter than this is left whole
TITLE_WINDOW = 120  # a title is found within this many characters

_ENDINGS = tuple(sorted({*P.DOC_TYPES, *P.DOC_TYPE_WORDS, *P.TITLE_ENDINGS},
                        key=len, reverse=True))
_SENTENCE_END = "。！？"
_AFTER_SENTENCE = "。！？；：”）)"  # what a heading on a new line may follow
_NUMERAL = "一二三四五六七八九十"
_L1 = re.compile(rf"[{_NUMERAL}]{{1,3}}、")
_L2 = re.compile(rf"[（(][{_NUMERAL}]{{1,3}}[）)]")
# 一、 inside a word: 统一、 唯一、 之一、 第一、
_L1_IN_WORD = set("统唯之第其同逐划单万专")
_MASTHEAD = re.compile(r"^(?P<organ>[^。，：；]{2,40}?)文件")
_ADOPTED = re.compile(rf"[（(][^（）()。]{{0,30}}{P.DATE.pattern}[^（）()。]{{0,60}}(?:通过|发布|印发|公布|批准)[）)]")
_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff（）()]*")  # an organ's name, perhaps （处）
_CC = re.compile(r"(?:抄送|抄报|送)[:：]")
_PRINTED = re.compile(rf"{P.DATE.pattern}印发")
_PROOF = re.compile(r"校对(?:人)?[:：]")
_LABELLED = re.compile(P.ATTACHMENT_LABEL)  # 附件1：… 附件2：…
_PART_LABEL = re.compile(r"附件\s*(?:\d(?=(?:19|20)\d\d年)|\d{1,2}(?!\d)|[一二三四五六七八九十]{1,3})?(?![:：])")
_REQUEST = re.compile(r"请(?![求示])")
_CJK4 = re.compile(r"[\u4e00-\u9fff]{4}")
# a file's name with the text after it run on: no name goes on past its extension
_FILE_RUN_ON = re.compile(P.FILE_EXTENSION + r"(?=[\u4e00-\u9fff])", re.I)
# a sentence opens with these, a title never (根据…的规定，…)
_SENTENCE_OPENINGS = ("根据", "按照", "依据", "依照", "为了")
_CLAUSE_GOES_ON = "，、；：（(“《和与及的总副请由向对把将被"
_ACTOR_THEN_MODAL = re.compile(r"[^，。；：的]{1,20}?(?<![重主需只纪])(?:要(?![求点素])|必须|应当|务必|不得|严禁)")


def relines_document(doc: Document) -> Document:
    doc.lines = relines(doc.lines)
    return doc


def relines(lines: list[Line]) -> list[Line]:
    if not looks_run_in(lines):
        if any("." in line.text and _FILE_RUN_ON.search(line.text) for line in lines):
            return [piece for line in lines for piece in _file_run_on(line)]
        return lines
    # only the document's first line can hold the header; a later one is body and closing
    first = next((k for k, line in enumerate(lines) if not _chrome(line)), 0)
    # … or the first long one, where it opens with that line again (a page's heading over the document)
    title = lines[first].text if first < len(lines) else ""
    first = next((k for k in range(first + 1, len(lines)) if len(lines[k].text) >= MIN_LENGTH
                  and len(title) >= 6 and lines[k].text.startswith(title)), first)
    out: list[Line] = []
    for k, line in enumerate(lines):
        out.extend(split(line, header=k == first) if len(line.text) >= MIN_LENGTH else [line])
    return [line for x in out for line in _file_run_on(x.strip(GAP + " ")) if line.text]


def _file_run_on(line: Line) -> list[Line]:
    if "." not in line.text:
        return [line]
    cuts = [m.end() for m in _FILE_RUN_ON.finditer(line.text)]
    return [line.slice(a, b) for a, b in zip([0, *cuts], [*cuts, len(line.text)])]


def looks_run_in(lines: list[Line]) -> bool:
    if RUN_IN_LINES < len(lines) <= 4 * RUN_IN_LINES:
        # the page's chrome (its footer, a breadcrumb) on lines of its own around the document
        lines = [line for line in lines if not _chrome(line)]
    if len(lines) == 1:
        return len(lines[0].text) >= MIN_LENGTH
    return 0 < len(lines) <= RUN_IN_LINES and max(len(line.text) for line in lines) >= RUN_IN_LENGTH


def _chrome(line: Line) -> bool:
    return chrome.kind(line.text) is not None


def split(line: Line, header: bool = True) -> list[Line]:
    """The lines of a run-in document, cut at the boundaries its elements mark."""
    text = line.text
    cuts: set[int] = _gap_cuts(text)
    body_at = _header_cuts(text, cuts) if header else 0
    close = _closing_cuts(text, body_at, cuts)
    _body_cuts(text, body_at, close, cuts)
    points = sorted(c for c in cuts if 0 < c < len(text))
    pieces, last = [], 0
    for c in points:
        pieces.append(line.slice(last, c))
        last = c
    pieces.append(line.slice(last))
    return pieces


def _gap_cuts(text: str) -> set[int]:
    """Wide gaps a scrape left where paragraphs were indented: a break each,
    except between short words (总理　李克强, 国务院　中央军委, 第一章　总则)."""
    gaps = [m.start() for m in re.finditer(GAP, text)]
    cuts: set[int] = set()
    after_sentence = sum(1 for at in gaps if text[at - 1:at] in _SENTENCE_END + "）)")
    if after_sentence < 3 or after_sentence < 0.3 * len(gaps):
        return cuts  # gaps inside lines only (签发人：甲　乙), not between paragraphs
    for k, at in enumerate(gaps):
        before = text[(gaps[k - 1] + 1 if k else 0):at]
        after = text[at + 1:(gaps[k + 1] if k + 1 < len(gaps) else len(text))]
        if len(before) > 14 or len(after) > 14 or before[-1:] in _SENTENCE_END or P.heading_level(after):
            cuts.add(at + 1)
    return cuts


# -- header -----------------------------------------------------------------

def _header_cuts(text: str, cuts: set[int]) -> int:
    """Cuts for marks, masthead, number, title and 主送; where the body starts."""
    i = 0
    while m := re.match(rf"{GAP}?"
                        rf"(?:{P.COPY_NUMBER.pattern[1:-1]}|绝密|机密|秘密|特急|加急)(?:★\S{{1,4}}?(?=[^\d年月]))?",
                        text[i:]):
        if not m.group(0):
            break
        i += m.end()
        cuts.add(i)
        if i >= 40:
            break
    if m := _MASTHEAD.match(text[i:]):
        organs = _organs(m.group("organ")) if "关于" not in m.group("organ") else None
        if organs:
            for organ in organs[:-1]:  # 吉林省教育厅吉林省财政厅文件: one line each
                i += len(organ)
                cuts.add(i)
            i += m.end() - sum(map(len, organs[:-1]))
            cuts.add(i)
    number = P.DOC_NUMBER.search(text, i, i + TITLE_WINDOW + 40)
    if number:
        number = _number_from(text, i, number)
    order = re.search(rf"令{GAP}?(第\d{{1,5}}号)", text[i:i + 60])
    if order:
        cuts.update({i + order.start(1), i + order.end(1)})
        return i + order.end(1)
    title_first = False
    if number and not re.search(f"[{_SENTENCE_END}：]", text[i:number.start()]):
        before = text[i:number.start()]
        own = before.endswith(("(", "（"))  # the title's own number in brackets
        if own:
            close = text.find(")" if before.endswith("(") else "）", number.end())
            i = close + 1 if 0 <= close - number.end() <= 2 else number.end()
            cuts.add(i)
            return _addressee_cut(text, i, cuts)
        if before and _ends_title(before):
            title_first = True
        cuts.update({number.start(), number.end()})
        i = number.end()
        if m := re.match(r"\s*签发人?[:：]", text[i:]):
            i = _after_signers(text, i + m.end(), cuts)
    if not title_first:
        end = _title_end(text, i)
        if end and P.only_doc_types(text[i:end]):
            cuts.add(end)  # a page's column name (通知公告) above the title
            i = end
            end = _title_end(text, i)
        if end:
            cuts.add(end)
            i = end
    if m := _ADOPTED.match(text, i) or P.SERIES_IN_BRACKETS.match(text, i):
        i = m.end()  # （2021年6月28日…通过）, （2025年第2号） under the title
        cuts.add(i)
    return _addressee_cut(text, i, cuts)


_LONG_SUFFIXES = tuple(x for x in P.ORGAN_SUFFIXES if len(x) >= 2)


def _number_from(text: str, i: int, number: re.Match) -> re.Match:
    """A number run on after a title or masthead (…的意见国发〔2019〕5号): its
    code is what follows the title's 文种 or title word, the masthead's 文件 or
    the organ's name: the shortest such code of 2 to 8 characters."""
    bracket = number.end("code")
    for k in range(bracket - 2, max(i, bracket - 8) - 1, -1):
        before = text[i:k]
        if k == i or before.endswith(("文件", *P.TITLE_ENDINGS)) or P.doc_type_of(before) \
                or before.endswith(_LONG_SUFFIXES):
            return P.DOC_NUMBER.match(text, k) or number
    return P.DOC_NUMBER.match(text, max(i, bracket - 4)) or number


def _after_signers(text: str, i: int, cuts: set[int]) -> int:
    """签发人：张三　李四 — names of two or three characters set apart by gaps;
    the title follows the last one (关于…, or the organ the masthead names)."""
    opens_title = ("关于", "《", "中共", text[:2])
    while m := re.match(rf"{GAP}?[\u4e00-\u9fff]{{2,3}}(?={GAP})", text[i:]):
        i += m.end()
        after = _skip_gaps(text, i)
        if text.startswith(opens_title, after) or "关于" in text[after:after + 3]:
            cuts.add(after)  # the gap after the last name: the title begins
            return after
    i += len(text[i:]) - len(text[i:].lstrip(GAP))
    rest = text[i:]
    n = next((n for n in (3, 2) if rest[n:].startswith(opens_title)), 3)
    cuts.add(i + n)
    return i + n


def _ends_title(text: str) -> bool:
    return bool(P.doc_type_of(text)) or text.endswith(_ENDINGS)


def _title_end(text: str, i: int) -> int | None:
    """Where a title starting at ``i`` ends: after the last 文种 or title word
    before the text turns into a list (、，), a sentence (。) or a colon;
    brackets and 《》 inside the title do not end it."""
    if text.startswith(_SENTENCE_OPENINGS, i):
        return None  # 根据《…法》…有关规定，…: the body, not a title
    if text.startswith("《", i):
        close = text.find("》", i)
        if 0 < close - i < TITLE_WINDOW and P.doc_type_of(text[i + 1:close]):
            return close + 1
    depth, best = 0, None
    for k in range(i, min(len(text), i + TITLE_WINDOW)):
        c = text[k]
        if c in "《〈“":
            depth += 1
        elif c in "》〉”":
            depth -= 1
        elif depth <= 0 and (c in "。，；：:！？,;!?" or (best is not None and (c in "（(" or c.isdigit()
                                                                         or text.startswith("目录", k)
                                                                         or _L1.match(text, k)))):
            break
        if best is not None and k - best > 40:
            break
        if depth <= 0 and text[i:k + 1].endswith(_ENDINGS):
            best = k + 1
    return best


def _addressee_cut(text: str, i: int, cuts: set[int]) -> int:
    """A 主送 list after the title ends at its ： with no sentence before it."""
    m = re.match(r"[^。！？：:]{1,300}?[：:]", text[i:])
    if m:
        head = m.group(0).rstrip("：:")
        items = P.split_list(head)
        if items and all(len(x) <= 40 for x in items) and not head.endswith(("如下", "决定", "通知")):
            cuts.add(i + m.end())
            return i + m.end()
    return i


# -- closing ------------------------------------------------------------------

def _closing_cuts(text: str, start: int, cuts: set[int]) -> int:
    """Cuts around every signature and date that close a document (the cover's
    and those of attached documents) and the 版记; where the first closing starts."""
    first = len(text)
    for m in P.DATE.finditer(text, start):
        sig = _signature_before(text, m.start(), start)
        if sig is None:
            continue
        after = _after_date(text, m.end())
        if after is None:
            continue
        first = min(first, sig[0])
        cuts.update({m.start(), m.end(), *sig})
        cuts.update(after)
    _footer_cuts(text, start, cuts)
    return first


def _signature_before(text: str, date_at: int, start: int) -> list[int] | None:
    """Cuts for the organ names between the last sentence and a date: at the
    sentence end and between joint organs (中共四平市委员会四平市人民政府)."""
    k = date_at
    # (a page may have lost the last sentence's end: …影响力，文化和旅游部办公厅2023年3月27日)
    while k > start and text[k - 1] not in _SENTENCE_END + "：；》，," and date_at - k < 80:
        k -= 1
    names = text[k:date_at].strip(GAP + " ")
    if GAP in names and _organs(names) is None and not P.is_person_signature(names):
        # gaps between paragraphs: the names are the pieces after the last one
        # that is no organ's name
        pieces = names.split(GAP)
        while pieces and not (_organs(GAP.join(pieces)) or P.is_person_signature(GAP.join(pieces))):
            pieces.pop(0)
        if pieces:
            seg = text[k:date_at]
            names = GAP.join(pieces)
            k = date_at - (len(seg) - len(seg.rstrip(GAP + " "))) - len(names)
    if names and P.is_person_signature(names):
        return [k]  # 总理　李克强
    listed = "附件" in text[k - 3:date_at] or _LABELLED.search(text, max(0, k - 8), k)
    if names and (_organs(names) is None or listed):
        # no sentence end right before it (an attachment list is): the longest
        # organ name before the date that the masthead or title names too
        header = text[:start]
        for n in range(min(40, date_at - k), 1, -1):
            name = text[date_at - n:date_at]
            if name in header and _organs(name):
                return [date_at - n, *_signature_cuts(text, date_at - n, date_at)]
        return None
    if not names:
        return [k] if text[k - 1:k] in _SENTENCE_END + "）)" else None
    if _organs(names) is None:
        return None
    return [k, *_signature_cuts(text, k, date_at)]


def _signature_cuts(text: str, k: int, date_at: int) -> list[int]:
    """Between joint organs run together: one signature line each (set apart
    by gaps or 、 they stay on one line, as printed)."""
    names = text[k:date_at].strip(GAP + " ")
    if GAP in names or "、" in names:
        return []
    parts = _organs(names) or []
    cuts, at = [], k + (len(text[k:date_at]) - len(text[k:date_at].lstrip(GAP + " ")))
    for part in parts[:-1]:
        at += len(part)
        cuts.append(at)
    return cuts


def _organs(names: str) -> list[str] | None:
    """Organ names run together, split where one ends and another begins."""
    if GAP in names or "、" in names:
        parts = [p for p in re.split(f"[{GAP}、]", names) if p]
        return parts if all(_NAME.fullmatch(p) and P.is_signing_organ(p) for p in parts) else None
    if not P.is_signing_organ(names) or set(names) & P.PUNCT or names[:1].isascii():
        return None  # …电话：0431-85099123中共…委员会: a number never opens an organ's name
    for k in range(4, len(names) - 3):
        head, tail = names[:k], names[k:]
        if P.is_organ(head) and P.is_organ(tail) and (tail[:2] == head[:2] or tail.startswith(("中共", "中国"))
                                                        or places.opens_with_place(tail)):
            rest = _organs(tail)
            return [head, *(rest or [tail])]
    return [names]


def _after_date(text: str, i: int) -> list[int] | None:
    """What may follow a closing date: the end, a note, 附件, 抄送, a printer,
    or the title of an attached document; the cuts after them."""
    cuts = []
    i = _skip_gaps(text, i)
    if m := re.match(r"[（(][^（()）]{1,40}[）)]", text[i:]):
        i += m.end()
        cuts.append(i)
    i = _skip_gaps(text, i)
    rest = text[i:]
    if not rest.strip(GAP + " |｜"):  # the end, perhaps a table cell's bar
        return cuts
    if _CC.match(rest) or _PROOF.match(rest) or rest.startswith("主题词"):
        return cuts
    if _LABELLED.match(rest):  # downloads listed after the date, one line each
        for m in _LABELLED.finditer(text, i + 1):
            if m.start() - i > 60:  # no download's name is that long: something else
                break
            cuts.append(i := m.start())
        return cuts
    if m := _PART_LABEL.match(rest):
        i = _skip_gaps(text, i + m.end())
        cuts.append(i)
        rest = text[i:]
    if rest.startswith(("附件：", "附件:")):
        return cuts
    end = _title_end(text, i)
    if end:
        cuts.append(end)
        cuts.append(_addressee_cut(text, end, set()))
        return cuts
    if _printer_at(text, i):
        return cuts
    return None


def _skip_gaps(text: str, i: int) -> int:
    while i < len(text) and text[i] in GAP + " ":
        i += 1
    return i


def _printer_at(text: str, i: int) -> bool:
    m = _PRINTED.search(text, i, i + 60)
    return bool(m) and P.is_organ(text[i:m.start()].strip(GAP + " "))


def _footer_cuts(text: str, start: int, cuts: set[int]) -> None:
    for m in _CC.finditer(text, start):
        if m.start() == 0 or text[m.start() - 1] in _SENTENCE_END + "）)日" or m.start() in cuts:
            cuts.add(m.start())
    for m in _PRINTED.finditer(text, start):
        cuts.add(m.end())
        # the printer's name before its date, after the end of the cc list
        k = m.start()
        while k > start and _NAME.fullmatch(text[k - 1]) and text[k - 1] not in "（）()" and m.start() - k < 40 \
                and not P.DATE.search(text, max(0, k - 12), k):  # nor into a date before it
            k -= 1
        organ = text[k:m.start()].strip(GAP + " ")
        if organ and P.is_organ(organ):
            cuts.add(k)
    for m in _PROOF.finditer(text, start):
        cuts.add(m.start())


# -- body ---------------------------------------------------------------------

def _body_cuts(text: str, start: int, end: int, cuts: set[int]) -> None:
    """Before headings and 附件：; a heading that stood on its own line ends
    where a sub-heading or a sentence naming who must act begins."""
    for lo, hi in _zones(start, end, cuts, len(text)):
        for m in _L1.finditer(text, lo, hi):
            prev = text[:m.start()].rstrip(GAP + " ")[-1:]
            if prev in _L1_IN_WORD or prev in _NUMERAL:
                continue
            if m.group(0) != "一、" and prev not in _AFTER_SENTENCE and m.start() not in cuts:
                continue
            cuts.add(m.start())
            _heading_end(text, m.end(), hi, cuts)
        for m in _L2.finditer(text, lo, hi):
            prev = text[:m.start()].rstrip(GAP + " ")[-1:]
            if prev in _AFTER_SENTENCE or m.start() in cuts or m.group(0)[1] == "一" and prev not in "，、":
                cuts.add(m.start())
                _heading_end(text, m.end(), hi, cuts)
        for m in re.finditer(r"附件\s*\d", text[lo:hi]):
            # 附件2 after the end of the attachment before it: a label, then a title
            if _LABELLED.match(text, lo + m.start()):
                continue  # 附件2：B表, an item of the list (below)
            label = _PART_LABEL.match(text, lo + m.start())
            if label and m.start() + lo > 0 and text[lo + m.start() - 1] in _SENTENCE_END:
                cuts.update({label.start(), label.end()})
                if end := _title_end(text, label.end()):
                    cuts.add(end)
        for m in _LABELLED.finditer(text, lo, hi):
            # 附件1：A方案附件2：B表: after a sentence, or after the name before it
            before = text[:m.start()].rstrip(GAP + " ")
            if m.start() > lo and (before[-1:] in _SENTENCE_END
                                   or P.names_a_file(before[-40:]) and _LABELLED.search(text, lo, m.start())):
                cuts.add(m.start())
        for m in re.finditer(r"附件[:：]", text[lo:hi]):
            at = lo + m.start()
            if at and text[at - 1] in _SENTENCE_END:
                cuts.add(at)
                # 附件：1．A方案2．B办法: an item each, after the title word of the one before
                for item in re.finditer(r"(?<=[\u4e00-\u9fff》])\d{1,2}[.．、](?=\D|(?:19|20)\d\d年)", text[at:hi]):
                    if text[:at + item.start()].endswith(_ENDINGS):
                        cuts.add(at + item.start())


def _zones(start: int, end: int, cuts: set[int], n: int):
    """The body of the cover, and the bodies of attached documents after it."""
    yield start, end
    later = sorted(c for c in cuts if c > end)
    if later:
        yield later[0], n


def _heading_end(text: str, i: int, hi: int, cuts: set[int]) -> None:
    """A heading without a full stop stood on its own line: it ends before a
    sub-heading, or before a clause that opens with who must act (…要)."""
    stop = text.find("。", i, hi)
    stop = hi if stop < 0 else stop
    if any(i < c <= stop for c in cuts):
        return  # a gap already ends it
    sub = _L2.search(text, i, stop)
    if sub:
        cuts.add(sub.start())
        return
    from ..extract import roles

    end = min(stop, i + 40)
    # (not in a request: 请中国气象局按照…)
    candidates = [m.start() - i for m in P.PARAGRAPH_OPENER.finditer(text, i + 4, end) if not _REQUEST.search(text, i, m.start())]
    candidates += [m.start() - i for m in P.EACH_MUST.finditer(text, i + 4, end)]
    # a short sentence is a heading that runs on into its paragraph (一、加强组织领导。)
    # unless a paragraph's opening words start inside it
    for a, _b, _r in (roles.mentions(text[i:end]) if stop - i > 30 else []):
        # a clause that opens with who must act: 各级党组织要…
        if _ACTOR_THEN_MODAL.match(text, i + a, stop):
            candidates.append(a)
    # the paragraph restates the heading's subject: 一、全面推行行政执法公示制度行政执法公示是…
    for a in range(4, end - i if stop - i > 30 else 4):
        chunk, heading = text[i + a:i + a + 4], text[i:i + a]
        if _CJK4.fullmatch(chunk) and chunk in heading[-10:] and not set(heading) & set("；;（(，,"):
            candidates.append(a)
            break
    # a clause inside the heading's sentence does not open a paragraph
    candidates = [a for a in candidates if a >= 4 and text[i + a - 1] not in _CLAUSE_GOES_ON]
    if candidates:
        cuts.add(i + min(candidates))
