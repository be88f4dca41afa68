"""Regular expressions for the marks GB/T 9704 gives a document's elements.

They run on normalised text (see :mod:`kg.text.normalize`): ASCII digits,
year brackets already 〔〕, wide gaps as one GAP character.
"""
from __future__ import annotations

import datetime
import re

from ..data import lexicon, words
from .normalize import GAP

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def opening(words) -> str:
    """A lookahead on the first characters of ``words``, to put before an
    alternation of them: Python's re tries every alternative at every
    position, the lookahead lets a search pass the other positions fast.
    Empty when a word is empty (it would match anywhere)."""
    words = list(words)
    if not words or not all(words):
        return ""
    return "(?=[" + re.escape("".join(sorted({w[0] for w in words}))) + "])"

# 发文字号: organ code, year in brackets, serial, 号.  Round brackets and a 第
# occur in the wild; the value is rebuilt with the standard's brackets, its
# serial as printed (readers and catalogues copy 05号 and a 令's 第15号 as they stand).
DOC_NUMBER = re.compile(
    # a table's label run into the number (文件编号浦府〔2022〕1号) is no part of its code
    rf"(?:(?:发文字号|文件编号|文号)[:：]?)?(?P<code>[{CJK}A-Za-z]{{1,20}}?)[〔（(](?P<year>(?:19|20)\d\d)[〕）)](?P<serial>第?\d{{1,5}})号"
)

# the number on a line of its own, its 号 dropped by the page (湖委发〔2018〕20), or its 〕 too (湘政发〔20231:
# the year has four digits, the serial is the rest)
NUMBER_ALONE = re.compile("^" + DOC_NUMBER.pattern.removesuffix("号").replace("[〕）)]", "[〕）)]?") + "号?$")

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零Ｏ一二三四五六七八九"
DATE = re.compile(
    rf"(?P<y>(?:19|20)\d\d|(?=[{_CN}O0]{{0,3}}[{_CN}])[{_CN}O0]{{4}})年(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月"
    rf"(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日"
)

# Section headings, by level: 一、  （一）  1.  （1）
HEADING = [
    re.compile(r"^(?P<num>[一二三四五六七八九十百]+)、"),
    re.compile(r"^[（(](?P<num>[一二三四五六七八九十百]+)[）)]"),
    re.compile(r"^(?P<num>\d{1,2})[.．、](?!\d)"),
    re.compile(r"^[（(](?P<num>\d{1,2})[）)]"),
]

# A sentence or clause ends here: the line after it may start a new paragraph.
TERMINAL = "。！？；：!?;:"
CLOSERS = "”’」』）)】"
PUNCT = set("。，、；：！？,.;:!?")

SECRECY = re.compile(r"^(?P<level>绝密|机密|秘密)(?P<term>★\S*)?$")
URGENCY = re.compile(r"^(?P<level>特急|加急|特提|平急)$")
COPY_NUMBER = re.compile(r"^(?:份号[:：]?)?(?P<num>\d{6})$")
SIGNERS = re.compile(r"签发人?[:：](?P<names>.+)$")
ATTACHMENTS = re.compile(r"^附件[:：]")
# 1. in an attachment list, also before a year: 1.2023年…方案
ATTACHMENT_ITEM = re.compile(r"^(?P<num>\d{1,2})[.．、](?=\D|(?:19|20)\d\d年)")
# 附件1：… 附件2：…: a list whose every item carries its own label (web pages, many notices)
ATTACHMENT_LABEL = r"附件\s*(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[:：]"
ATTACHMENT_LABELLED = re.compile(rf"^{ATTACHMENT_LABEL}\s*(?=\S)")
# what the name of an attached file ends with, besides a 文种 and a title word: a form, a list, a file
ATTACHMENT_ENDINGS = tuple(sorted(words("attachment_endings"), key=len, reverse=True))
# the extensions of the files pages link for download (附件：名单.xlsx)
FILE_EXTENSION = "(?:" + "|".join(re.escape(e) for e in ATTACHMENT_ENDINGS if e.startswith(".")) + ")"
FILE_NAME = re.compile(FILE_EXTENSION + "$", re.I)  # 名单.xlsx, as a page links it
# The first line of an attached document: 附件, 附件1, 附件一, 附件2：, maybe its title after it
PART_LABEL = re.compile(r"^附件\s*(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})?(?:[:：]|$|\s+|(?<=\d)(?=[^\d.．、]))(?P<rest>.*)$")
# 令: 第707号 under a masthead that ends in 令
ORDER_NUMBER = re.compile(r"^第(?P<serial>\d{1,5})号$")
# a document numbered in its own series, under its title or at its end in
# brackets: 公告 / 第 1 号, 公告（第7号）, 公报（第一号）, 2020年第4号, a tax
# bureau's 国家税务总局公告2016年第23号, a command's （县疫情防控指挥部第1号）;
# its value as printed
_SERIES = (rf"(?P<series>(?:[{CJK}]{{2,20}}?\s*)?(?:(?:19|20)\d\d\s*年\s*)?"
           r"第\s*(?P<serial>\d{1,5}|[一二三四五六七八九十百零〇○]{1,6})\s*号)")
SERIES_NUMBER = re.compile(rf"^[（(]?{_SERIES}[）)]?$")
SERIES_IN_BRACKETS = re.compile(rf"[（(]{_SERIES}[）)]")  # under a title: 禁火令（2025年第2号）
CC = re.compile(r"^(?:抄送|送)[:：]")
PRINTED = re.compile(rf"^(?P<by>.*?){GAP}?(?P<date>{DATE.pattern})印发$")
SUBJECT_WORDS = re.compile(r"^主题词[:：]")  # 版记 of documents before 2012
PROOFREADER = re.compile(r"^(?:校对|校对人)[:：]")
COPIES = re.compile(r"(?:共印|印数)\d+份")
NOTE = re.compile(r"^[（(](?P<note>.+)[）)]$")
# A news report's lead around a document it prints (新华社北京2月26日电 近日，中共中央办公厅、
# 国务院办公厅印发了《关于…的意见》，并发出通知…), the title in 《》 or bare (…印发了关于…的意见，)
NEWS_LEAD = re.compile(r"(?:^|[，,。：:\s\u3000]|近日|日前|最近)(?P<organs>[^，,。；;：:《》\s\u3000]{2,80}?)"
                       r"(?:近日|日前|最近)?印发了?(?:《(?P<title>[^《》]{4,120})》|(?P<bare>关于[^，,。；;《》]{4,120}?)(?=[，,。]))")
# … which says the document follows, or was sent out with a notice, as an issuer's own publication would not
NEWS_FORMULA = re.compile(r"全文如下|并发出通知")

DOC_TYPES = words("doc_types")
# Every way a type may end a title, longest first so 通知 never hides in 通报.
_TYPE_ENDINGS = sorted(
    ((variant, row[0]) for row in lexicon("doc_types")
     for variant in [row[0], *filter(None, (row[3] if len(row) > 3 else "").split(","))]),
    key=lambda p: -len(p[0]),
)
DOC_TYPE_WORDS = tuple(ending for ending, _ in _TYPE_ENDINGS)
# what else a title may end with: 规定, 办法, 方案… (rules a 令 or notice issues)
# how a paragraph opens and a heading or the rest of a wrapped line does not
PARAGRAPH_OPENER = re.compile("|".join([*map(re.escape, words("paragraph_openers")), r"(?:19|20)\d\d年[^，。]{0,8}以来"]))
# a paragraph that opens with its addressees and a modal word: 各部门要…, 全体党员必须…
EACH_MUST = re.compile(r"(?:各|全体|广大)[^，。；：的]{1,24}?(?<![重主需只纪])(?:要(?![求点素])|必须|应当|务必|不得|严禁)")

TITLE_ENDINGS = tuple(sorted(words("title_endings"), key=len, reverse=True))
# what a title says its organ does with another document: X印发/转发/批转…
ISSUING_VERBS = ("印发", "转发", "批转")
# the organ a title opens with: X关于…, X印发/转发/批转…, X对…的答复
TITLE_ORGAN = re.compile(rf"^(?P<organ>.+?)(?:关于|{'|'.join(ISSUING_VERBS)}|对)")
# A title that ends in its own number in brackets: …的通知(X办发〔2017〕2号)
_OWN_NUMBER = re.compile(rf"[（(](?P<number>[^（()）]*?{DOC_NUMBER.pattern})[）)]$")
_OWN_SERIES = re.compile(SERIES_IN_BRACKETS.pattern + "$")
ORGAN_SUFFIXES = tuple(sorted(words("organ_suffixes"), key=len, reverse=True))
NOT_ORGAN_ENDINGS = tuple(words("not_organ_endings"))  # 全部, 格局, 官方网站: no organ


def doc_number_span(m: re.Match) -> tuple[int, int]:
    """Where the number of a :func:`doc_number` match stands (a label run into it left out)."""
    if "code" not in m.re.groupindex:
        return m.span("series")
    return m.start("code"), m.end()


def doc_number(m: re.Match) -> str:
    """A :data:`DOC_NUMBER` match in the standard form, code〔year〕serial号; a
    :data:`SERIES_NUMBER` one as printed, less its spaces."""
    if "code" not in m.re.groupindex:
        return re.sub(r"\s", "", m.group("series"))
    return f"{m.group('code')}〔{m.group('year')}〕{m.group('serial')}号"


def heading_level(text: str) -> tuple[int, re.Match] | None:
    for level, pattern in enumerate(HEADING, start=1):
        m = pattern.match(text)
        if m:
            return level, m
    return None


def ends_sentence(text: str) -> bool:
    return text.rstrip(CLOSERS)[-1:] in TERMINAL if text.rstrip(CLOSERS) else False


def title_core(title: str) -> tuple[str, re.Match | None]:
    """A title without what may wrap it: 《》 around it, its own bracketed
    document number at its end (returned as a :data:`DOC_NUMBER` match, or a
    series number's: 公告（第7号）)."""
    m = _OWN_NUMBER.search(title)
    number = DOC_NUMBER.search(m.group("number")) if m else None
    if m is None and (m := _OWN_SERIES.search(title)):
        number = m
    if m:
        title = title[: m.start()]
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        title = title[1:-1]
    return title, number


def doc_type_of(title: str) -> str | None:
    """The 文种 a title ends with, if any: the last one, so 印发…方案的报告的通知
    is a 通知."""
    title, _ = title_core(title)
    for ending, name in _TYPE_ENDINGS:
        if title.endswith(ending):
            return name
    return None


PERSON_TITLES = tuple(sorted(words("person_titles"), key=len, reverse=True))


def doc_type_ending(text: str) -> str | None:
    """The word a text ends with that names a 文种 (复函, 通知…), if any."""
    return next((ending for ending, _ in _TYPE_ENDINGS if text.endswith(ending)), None)


_TRAILING_BRACKETS = re.compile(r"(?:[（(][^（()）]*[）)])+$")


def names_a_file(text: str) -> bool:
    """Does ``text`` end as the name of an attachment ends (a 文种, a title word, a form, a file's extension)?"""
    text = _TRAILING_BRACKETS.sub("", text.rstrip())  # 名单（2022年度）, 办法（试行）
    return bool(doc_type_ending(text)) or text.endswith(TITLE_ENDINGS) or text.lower().endswith(ATTACHMENT_ENDINGS)


def titled(text: str) -> bool:
    """Does ``text`` read as a title: ending in a 文种 or a title word, or about something (关于)?"""
    return bool(doc_type_of(text)) or text.endswith(TITLE_ENDINGS) or "关于" in text


def only_doc_types(text: str) -> bool:
    """通知公告, 公示公告: 文种 words and nothing they are about (a page's column name)."""
    text = text.replace(GAP, "").replace(" ", "")
    while ending := doc_type_ending(text):
        text = text[: -len(ending)]
    return not text


def is_person_signature(text: str) -> bool:
    """总理　李克强: a title and a name, as a 命令 or a leader's letter is signed."""
    text = text.replace(GAP, "").replace(" ", "")
    title = next((t for t in PERSON_TITLES if text.startswith(t)), None)
    # not an office named for its head: 校长办公室, 书记办公室
    return bool(title) and 2 <= len(text) - len(title) <= 4 and bool(re.fullmatch(f"[{CJK}]+", text)) \
        and not text.endswith(_OFFICES)


_OFFICES = tuple(x for x in ORGAN_SUFFIXES if len(x) >= 2)  # 办公室, 委员会: no name ends so


# joint issuers named by the lead one: 四川省民政厅等四部门, 教育部等五部门, 市财政局等单位
JOINT_TAIL = re.compile(r"等(?:[一二三四五六七八九十\d]{1,3}[个家]?)?(?:部门|单位|部委)$")


def is_organ(name: str) -> bool:
    name = JOINT_TAIL.sub("", name)
    return bool(name) and name.endswith(ORGAN_SUFFIXES) and not name.endswith(NOT_ORGAN_ENDINGS)


_UNIT_NOTE = re.compile(r"[（(][^（）()]{1,4}[）)]$")  # 学生工作部（处）: the organ's second name


def is_signing_organ(name: str) -> bool:
    """An organ's name as signed, perhaps with its second name in brackets."""
    return is_organ(_UNIT_NOTE.sub("", name))


def cn_number(s: str) -> int:
    """二十一 → 21; also plain digits."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS[s]


def iso_date(m: re.Match) -> str | None:
    """YYYY-MM-DD from a :data:`DATE` match, or None if it names no real day."""
    y = m.group("y")
    year = int(y) if y.isdigit() else int("".join(str(CN_DIGITS[c]) for c in y))
    month, day = cn_number(m.group("m")), cn_number(m.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# A closing date whose 月日 (or 年月日) a page dropped: 20141210; 2018525 and
# 2020年228, where only 5月25日 and 2月28日 are days; a tail that may be a month
# alone (2020年12) is none
BARE_DATE = re.compile(r"(?:19|20)\d\d年?\d{2,4}")
_DIGIT_DATES = tuple(re.compile(rf"(?P<y>(?:19|20)\d\d)年?(?P<m>\d{{{a}}})(?P<d>\d{{{b}}})")
                     for a in (1, 2) for b in (1, 2))


def _real_day(m: re.Match) -> bool:
    try:
        datetime.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return False
    return True


def bare_dates(text: str) -> list[re.Match]:
    """Every day a line of digits alone (:data:`BARE_DATE`) can be read as."""
    return [m for p in _DIGIT_DATES if (m := p.fullmatch(text)) and _real_day(m)]


def closing_date(text: str, bare: bool = False, ambiguous: bool = False) -> re.Match | None:
    """The date a closing line ends with (:data:`DATE`); with ``bare``, also a
    line of digits alone (:data:`BARE_DATE`) that reads as one day only, or,
    with ``ambiguous``, as any day (2016125: 1月25日 or 12月5日; still a closing's
    date line, whose day is not known)."""
    m = DATE.search(text)
    if m or not bare or not BARE_DATE.fullmatch(text):
        return m
    found = bare_dates(text)
    if found and ambiguous:
        return found[0]
    if len(found) != 1 or 1 <= int(found[0]["m"] + found[0]["d"]) <= 12:
        return None
    return found[0]


def split_list(text: str) -> list[str]:
    """Items of a list of organs, split at ，、；, outside brackets: 各县（市、区）委 stays whole."""
    items, depth, part = [], 0, ""
    for ch in text:
        depth += ch in "（(〔[【"
        depth -= ch in "）)〕]】"
        if depth <= 0 and ch in f"，,、；;{GAP}":
            items.append(part)
            part = ""
        else:
            part += ch
    items.append(part)
    return [x.strip(" 。.：:") for x in items if x.strip(" 。.：:")]
