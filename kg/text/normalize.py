"""Clean the noise that PDF export, OCR and hand typing leave in 公文 text.

The result is a list of non-empty :class:`~kg.model.Line`, each character
carrying its offset in the original text, so nothing here loses provenance.
What is cleaned, and why:

* full-width digits and Latin letters become ASCII, so numbers parse;
* page numbers (``- 2 -``, ``－3－``, ``—3—``, ``第2页``) are dropped lines, or
  cut from a line they were run into, and so is ``（此页无正文）``;
* markdown emphasis (``**``), a list's bullet before Chinese text (``-关于…``),
  the readings a mirror site puts after characters (``关(guān)于``) and
  zero-width characters vanish;
* a letter typed for a digit in a date (``2007年8月l5日``, ``2O21年``) becomes the digit;
* odd brackets around a year (``„2022‟``, ``【2021】``, ``[2021]``, ``﹝2022﹞``) become
  ``〔2021〕``, the form GB/T 9704 prescribes for document numbers;
* runs of ``?`` are spaces a page's encoding lost, and are read as such;
* white space between Chinese characters is layout, not text: a single space
  goes (``马 帅`` → ``马帅``); a wide gap (two or more spaces, a tab, an
  ideographic space) stays as one ``GAP``, since it separates columns
  (``签发人：张三  李四``, two signatures on one line).  Between two Latin
  letters or digits one space stays.

Joining broken lines into paragraphs needs to know where the body is, so it
happens in :mod:`kg.text.segment`.
"""
from __future__ import annotations

import re
from array import array

from ..model import Line
from .controls import invisible

GAP = "\u3000"  # a wide gap: a column separator, kept as one character

_FULLWIDTH = {c: chr(c - 0xFEE0) for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_YEAR_BRACKETS = re.compile(r"[„【\[［〖〔﹝]((?:19|20)\d\d)[‟】\]］〗〕﹞]")
# a page number, and the mark on a page that holds only the signature
_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–─_]+\s*\d{1,4}\s*[-－—–─_]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|[（(]\s*此页无正文\s*[）)])$"
)
# a printed page's number run into the text beside it
_DASHES = frozenset("-－—–")
_GLUED_PAGE_NUMBER = re.compile(r"^[-－—–]\s*\d{1,3}\s*[-－—–]\s*(?=\S)|(?<=\S)\s*[-－—–]\s*\d{1,3}\s*[-－—–]$")
# a list's bullet before a line of Chinese text (-关于…的通知, • 各党支部：)
_BULLET = re.compile(r"^\s*([-•·▪◆●])\s*(?=[\u4e00-\u9fff])")
_BULLET_OPENS = frozenset(" \t\u3000\u00a0-•·▪◆●")
# a character's reading a mirror site puts after it: 关(guān)于, 协(xié)会(huì )
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（]\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\s*[)）]")
# or without its tone (农(nong)业, 政(zheng)府(fu), 区(qu)(qu)): a syllable's shape only, so taken
# only where a text has many of them (宽度(px) is none)
_TONELESS = re.compile(r"[(（](?<=[\u4e00-\u9fff)）][(（])(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]{1,3}(?:ng|n|r)?[)）]")
TONELESS_AT_LEAST = 5
# markup a page's editor let into the text (<p class="ql-block">各摊主：</p>): a
# paragraph's tags break the line, other tags go; ASCII tag names only, so that
# <> as title marks (关于印发<…方案>的通知) stay
_BREAK = re.compile(r"\r\n|[\n\r\f\v\u2028\u2029]")
_BREAK_OR_TAG = re.compile(_BREAK.pattern + r"|<br\s*/?>|</?(?:p|div|li|h[1-6]|tr)(?:\s[^<>]*)?>", re.I)
_TAG = re.compile(r"</?(?:p|div|span|strong|b|em|i|u|font|li|ul|ol|h[1-6]|section|table|tbody|tr|td)(?:\s[^<>]*)?/?>", re.I)
_LOST_SPACES = re.compile(r"\?{2,}|^\?$")
_MARKUP = re.compile(r"\*\*|__|^#{1,6}\s+")
_WHITE = re.compile(r"[^\S ]")  # white space other than a plain space (\s is str.isspace)
_SPACE_RUN = re.compile("[ \u3000]+")
_DATE_LETTER = re.compile(r"[lIOo](?<=[\d年月][lIOo])(?=\d{0,3}[年月日])")
_LINE_END_MARKS = frozenset("，。、；：？！）》」』”’,;:?!)")
# what step 1 maps: white space other than a space, full-width digits and letters
_ODD = re.compile(r"[^\S ]|[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def normalize(raw: str) -> list[Line]:
    lines: list[Line] = []
    toneless = "(" in raw and len(_TONELESS.findall(raw)) >= TONELESS_AT_LEAST
    for start, text in _raw_lines(raw):
        line = _clean(text, start, toneless)
        if not line.text or _PAGE_NUMBER.match(line.text):
            continue
        if (line.text[0] in _DASHES or line.text[-1] in _DASHES) and (m := _GLUED_PAGE_NUMBER.search(line.text)):
            # （此件公开发布）—2—, —3—3.2.2 预警…
            line = line.slice(0, m.start()) if m.start() else line.slice(m.end())
        if lines and line.text[0] in _LINE_END_MARKS:
            # no Chinese line opens with these (the typesetters' 避头 rule): a
            # page that broke before each mark (各分公司 / 、子公司 / ：) goes on
            lines[-1] = lines[-1] + line
        else:
            lines.append(line)
    return lines


def _raw_lines(raw: str):
    """(offset, text) of each line, for any of \\n, \\r\\n, \\r, \\f endings,
    and the ends of paragraphs in markup a page let into its text."""
    pos = 0
    for m in (_BREAK_OR_TAG if "<" in raw else _BREAK).finditer(raw):
        yield pos, raw[pos:m.start()]
        pos = m.end()
    yield pos, raw[pos:]


def _clean(text: str, base: int, toneless: bool = False) -> Line:
    # 1. map, or drop, each character, keeping each survivor's offset; most
    #    lines drop nothing, and then map one to one
    dropped = _dropped(text, toneless)
    if dropped:
        keep = [i for i in range(len(text)) if i not in dropped]
        text = "".join(text[i] for i in keep)
        offs = [base + i for i in keep]
    else:
        offs = _identity(base, base + len(text))
    s = _WHITE.sub(GAP, text.translate(_FULLWIDTH)) if _ODD.search(text) else text
    if "??" in s or s == "?":
        # spaces a page's encoding lost (四、征集途径???????按照…): layout, one for one
        s = _LOST_SPACES.sub(lambda m: " " * len(m.group()), s)
    # 2. white space runs: drop, keep one space, or keep one GAP
    if " " in s or GAP in s:
        out_c: list[str] = []
        out_o: list[int] = []
        pos = 0
        for m in _SPACE_RUN.finditer(s):
            i, j = m.span()
            out_c.append(s[pos:i])
            out_o.extend(offs[pos:i])
            pos = j
            if i and j < len(s):
                if _latin(s[i - 1]) and _latin(s[j]):
                    out_c.append(" ")
                    out_o.append(offs[i])
                elif j - i >= 2 or GAP in m.group():
                    out_c.append(GAP)
                    out_o.append(offs[i])
        out_c.append(s[pos:])
        out_o.extend(offs[pos:])
        s, offs = "".join(out_c), out_o
    # 3. year brackets: six characters in and out, so offsets stay aligned
    if _YEAR_BRACKETS.search(s):
        s = _YEAR_BRACKETS.sub(r"〔\1〕", s)
    # 4. a letter typed for a digit in a date (2007年8月l5日, 2O21年), one for one
    if ("日" in s or "年" in s) and _DATE_LETTER.search(s):
        s = _DATE_LETTER.sub(lambda m: "1" if m.group() in "lI" else "0", s)
    return Line(s, offs if isinstance(offs, array) else array("q", offs))


_IDENTITY = array("q")
_IDENTITY_MAX = 1 << 20  # 8 MB kept at most


def _identity(start: int, end: int) -> array:
    """array("q", range(start, end)), sliced from one kept array: building it
    element by element cost more than the rest of cleaning a line."""
    global _IDENTITY
    if end > len(_IDENTITY):
        if end > _IDENTITY_MAX:
            return array("q", range(start, end))
        _IDENTITY = array("q", range(min(max(end, 2 * len(_IDENTITY), 1 << 14), _IDENTITY_MAX)))
    return _IDENTITY[start:end]


def _dropped(text: str, toneless: bool = False) -> set[int]:
    """Positions of markup, of readings (关(guān)于) and of invisible characters (bidi controls too: never in a label)."""
    dropped = set()
    if "**" in text or "__" in text or text.startswith("#"):
        dropped = {m.start() + i for m in _MARKUP.finditer(text) for i in range(m.end() - m.start())}
    if "<" in text:
        dropped.update(i for m in _TAG.finditer(text) for i in range(*m.span()))
    if "(" in text or "（" in text:
        dropped.update(i for m in _PINYIN.finditer(text) for i in range(*m.span()))
        if toneless:
            dropped.update(i for m in _TONELESS.finditer(text) for i in range(*m.span()))
    if text[:1] in _BULLET_OPENS and (m := _BULLET.match(text)):
        dropped.add(m.start(1))
    if not text.isprintable():  # every invisible character is unprintable
        gone = {c for c in set(text) if c in _INVISIBLE or invisible(c)}
        if gone:
            dropped.update(i for i, c in enumerate(text) if c in gone)
    return dropped


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum()


def spaced(line: Line, source: str) -> str:
    """A line's text with a GAP where the source has spaces (or a line break, in
    lines joined) between two of its characters: normalising drops a single
    space, which may set apart joint issuers in a title (财政部 税务总局关于…;
    中共邵阳县委 / 邵阳县人民政府 / 关于…) or a table's label and value."""
    offs = line.offs
    if not offs or offs[-1] - offs[0] == len(offs) - 1:
        return line.text  # no character dropped between its first and last: no space either
    return spaced_at(line, source)[0]


def spaced_at(line: Line, source: str) -> tuple[str, list[int]]:
    """:func:`spaced`, and for each of its characters the index in the line of
    that character (of the one after it, for a GAP put back)."""
    text, offs = line.text, line.offs
    out, at = [], []
    for i, ch in enumerate(text):
        if i and ch != GAP and text[i - 1] != GAP and offs[i] > offs[i - 1] + 1 \
                and not source[offs[i - 1] + 1:offs[i]].strip(" \t\u3000\u00a0\r\n"):
            out.append(GAP)
            at.append(i)
        out.append(ch)
        at.append(i)
    return "".join(out), at


def squeeze(text: str) -> str:
    """``text`` without wide gaps: for values that are one phrase (a title, a name)."""
    return text.replace(GAP, "")
