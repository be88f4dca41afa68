"""Web pages saved from a government or university site: the document's lines.

lxml parses the page (it is already a dependency of python-docx); the rules
below find the document in it.  trafilatura, the maintained general-purpose
main-content extractor, was measured against them on saved pages
(``bench/html_compare.py``, README): it drops paragraphs that are links (the
附件 lines), flattens table layouts and the policy library's content cell into
one line, and leaves the title out of the text.  These pages are simpler than
news sites, so the rules are few:

* the page is laid out as lines: block elements, ``<br>`` and table rows
  break lines; the cells of a row of short inline text (a metadata table)
  share a line, separated by a wide gap; the cells of a layout table are
  blocks of their own;
* the document is the smallest element holding nearly all the page's prose
  (Chinese text with sentence punctuation, outside links), so navigation,
  metadata, share links, related articles and footers fall away;
* the title is the last heading (``h1``-``h3`` or an element whose class or id
  names a title) before that element, unless the element opens with it;
* a signature and date that sit just after the element come along, and so
  do the page's catalogue lines above it (索引号, 发文字号, 成文日期…): the
  chrome step sets them aside and reads their fields, as in a page's text.

The Source's text is these lines as extracted: evidence offsets point into
it, not into the HTML (``Source.format`` is ``"html"``).
"""
from __future__ import annotations

import re

from ..errors import BrokenFile, EmptyFile
from ..text.chrome import kind as chrome_kind
from ..text.patterns import doc_type_of
from . import text as plain

# what marks bytes as HTML, after a BOM, white space, comments and an XML declaration
_LEAD = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s+|<!--.*?-->|<\?xml[^>]*>)*", re.S)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)"
                           rb"|<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_\-]+)", re.I)

_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    "td", "th", "caption", "html",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "svg", "head", "select", "button", "input",
         "textarea", "object", "embed", "canvas", "map", "audio", "video"}
_CONTAINERS = {"div", "td", "th", "article", "section", "main", "body", "font", "center", "form", "span", "blockquote"}
_TITLE_CLASS = re.compile(r"title|biaoti|headline|tit(?![a-z])|\bbt\b", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"[ \t\n\r\f]+")  # HTML white space; &nbsp; and the ideographic space are kept
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PROSE = re.compile(r"[。；，！？]")
_DATE = re.compile(r"^[\s\u00a0\u3000]*(?:(?:19|20)\d\d|[〇○零一二三四五六七八九]{4})\s*年.{1,4}月.{1,4}日[\s\u00a0\u3000]*$")
_ATTACHMENT = re.compile(r"^(?:附件|[(（]?\d{1,2}[)）.．、:：])|\.(?:docx?|xlsx?|pdf|wps|et|ofd|zip|rar)$", re.I)
_NOTE = re.compile(r"^[\s\u3000\u00a0]*[（(][^（()）]{2,30}[）)][\s\u3000\u00a0]*$")
_SHARE = 0.9  # of the page's prose the document's element must hold
_TRAILING_STAMP = re.compile(r"[\s\u3000\u00a0]*[\[【(（]?\s*(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}\s*[\]】)）]?$")
_TITLE_SEP = re.compile(r"\s*[_|｜–—]\s*|\s+-\s+")

GAP = "\u3000"


def sniff(data: bytes) -> bool:
    """Whether ``data`` is an HTML page (``<!DOCTYPE html``, ``<html``, ``<head``)."""
    head = data[:4096]
    m = _LEAD.match(head)
    return bool(_HTML_START.match(head, m.end() if m else 0))


def decode(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """The page's text and encoding: BOM and strict UTF-8 first, then the
    charset given (by an MHTML part) or declared in its meta tag, then
    charset-normalizer's guess."""
    try:
        return plain.decode(data) if _utf8_or_bom(data) else _declared(data, charset)
    except UnicodeDecodeError:
        return plain.decode(data)


def _utf8_or_bom(data: bytes) -> bool:
    if any(data.startswith(b) for b, _ in plain.BOMS):
        return True
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _declared(data: bytes, charset: str | None = None) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:8192])
    if not m and not charset:
        return plain.decode(data)
    encoding = charset.lower() if charset else (m.group(1) or m.group(2)).decode("ascii").lower()
    if encoding in ("gb2312", "gbk", "cp936", "x-gbk", "gb_2312-80"):
        encoding = "gb18030"  # the superset: rare characters survive
    try:
        return data.decode(encoding), encoding
    except LookupError:
        return plain.decode(data)


def sniff_mhtml(data: bytes) -> bool:
    """Whether ``data`` is a page saved as one file (MHTML, .mht): a MIME
    message of related parts."""
    head = data[:4096].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def unwrap_mhtml(data: bytes) -> tuple[bytes, str | None]:
    """The HTML part of an MHTML file, its transfer encoding undone, and its charset."""
    import email

    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True) or b"", part.get_content_charset()
    raise BrokenFile("an MHTML file with no HTML part")


def extract(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """The document's text lines (joined by newlines) and the page's encoding."""
    import lxml.html
    from lxml import etree

    html, encoding = decode(data, charset)
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise BrokenFile(f"not a readable HTML page ({exc})") from None
    lines = lines_of(root)
    if not lines:
        raise EmptyFile("an HTML page with no text")
    return "\n".join(lines), encoding


def extract_mhtml(data: bytes) -> tuple[str, str]:
    """:func:`extract` for a page saved as one file (.mht, .mhtml)."""
    return extract(*unwrap_mhtml(data))


class _Line:
    __slots__ = ("text", "link", "el", "heading")

    def __init__(self, el) -> None:
        self.text = ""
        self.link = 0  # characters inside <a>
        self.el = el  # the block element the line belongs to
        self.heading = False


def _layout(root) -> list[_Line]:
    """The page as lines, each knowing its block element and how much of it is link text."""
    lines: list[_Line] = []
    cur = [None]

    def new(el) -> _Line:
        if cur[0] is None or cur[0].text.strip():
            cur[0] = _Line(el)
            lines.append(cur[0])
        else:
            cur[0].el = el
        return cur[0]

    def add(s: str, in_link: bool, heading: bool, pre: bool = False) -> None:
        if pre and "\n" in s:  # preformatted text keeps its line breaks
            first, *rest = s.split("\n")
            add(first, in_link, heading)
            for part in rest:
                new(cur[0].el)
                add(part, in_link, heading)
            return
        s = _WS.sub(" ", s)
        if not s:
            return
        line = cur[0]
        if line.text.endswith(" ") and s.startswith(" "):
            s = s[1:]
        line.text += s
        if in_link:
            line.link += len(s.strip())
        line.heading = line.heading or heading

    def walk(el, in_link: bool, heading: bool, block, pre: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag.lower() in _SKIP or _HIDDEN.search(el.get("style") or ""):
            # comments, scripts, hidden widgets: only the text after them counts
            if el.tail:
                add(el.tail, in_link, heading, pre)
            return
        tag = tag.lower()
        pre = pre or tag in ("pre", "textarea", "xmp", "plaintext")
        is_block = tag in _BLOCK
        heading = heading or tag in ("h1", "h2", "h3") or bool(_TITLE_CLASS.search(
            f"{el.get('class') or ''} {el.get('id') or ''}"))
        if tag == "br":
            new(block)
        elif tag == "tr" and _inline_row(el):
            new(el)
            cells = [_WS.sub(" ", c.text_content()).strip() for c in el if isinstance(c.tag, str)
                     and c.tag.lower() in ("td", "th")]
            add(GAP.join(c for c in cells if c), False, heading)
            cur[0].link = sum(len(_WS.sub("", a.text_content())) for a in el.iter("a"))
            new(block)
            if el.tail:
                add(el.tail, in_link, heading)
            return
        else:
            if is_block:
                new(el)
                block = el
            if el.text:
                add(el.text, in_link or tag == "a", heading, pre)
            for child in el:
                walk(child, in_link or tag == "a", heading, block, pre)
            if is_block:
                new(block.getparent() if block.getparent() is not None else block)
        if el.tail:
            add(el.tail, in_link, heading and not is_block, pre and not is_block)

    body = root.find("body")
    start = body if body is not None else root
    cur[0] = _Line(start)
    lines.append(cur[0])
    walk(start, False, False, start)
    out = []
    for line in lines:
        line.text = line.text.strip(" ")
        if line.text.strip(" \u00a0\u3000"):
            out.append(line)
    return out


def _inline_row(tr) -> bool:
    """A table row whose cells hold short inline text only (a metadata or data table)."""
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
    if len(cells) < 2:
        return False
    for c in cells:
        if any(not isinstance(d.tag, str) or d.tag.lower() in _BLOCK | _SKIP | {"br"} for d in c.iterdescendants()):
            return False
        if len(c.text_content().strip()) > 60:
            return False
    return True


def _prose(line: _Line) -> int:
    """Characters of prose on a line: Han characters outside links, if the line has sentence punctuation."""
    if not _PROSE.search(line.text) or line.link * 2 > len(line.text):
        return 0
    return len(_HAN.findall(line.text))


def lines_of(root) -> list[str]:
    lines = _layout(root)
    if not lines:
        return []
    total = sum(_prose(x) for x in lines)
    if not total:
        return [x.text for x in lines]
    # prose held by each element: a line counts for its block and every ancestor
    held: dict = {}
    for line in lines:
        p = _prose(line)
        if not p:
            continue
        el = line.el
        while el is not None:
            held[el] = held.get(el, 0) + p
            el = el.getparent()
    candidates = [el for el, n in held.items() if n >= _SHARE * total
                  and isinstance(el.tag, str) and el.tag.lower() in _CONTAINERS | {"table", "tr", "tbody"}]
    # the smallest: the deepest of those (they are all on one chain of ancestors)
    main = max(candidates, key=_depth) if candidates else lines[0].el.getroottree().getroot()
    inside = [i for i, x in enumerate(lines) if _within(x.el, main)]
    if not inside:
        return [x.text for x in lines]
    first, last = _run(lines, inside)
    doc = [x.text for x in lines[first:last + 1]]
    doc += _closing(lines[last + 1:])
    title = _title(lines[:first], root)
    if title and not _opens_with(doc, title):
        doc.insert(0, title)
    return _catalogue(lines[:first]) + doc


def _catalogue(before: list[_Line]) -> list[str]:
    """The page's chrome lines above the document that are not links: a
    政府信息公开 page's catalogue (索引号, 发文字号, 成文日期…) often gives
    the only number, and segmentation reads it there as in a page's text."""
    return [x.text for x in before if not x.link * 2 > len(x.text) and chrome_kind(x.text) == "chrome"]


def _run(lines: list[_Line], inside: list[int]) -> tuple[int, int]:
    """The first and last line of the document within the element: the run of
    lines with the most prose between page chrome and lists of links (a sidebar
    with prose of its own may share the element).  A line or two of links
    (a cited document as a link) does not cut the document, nor do the links
    listed under its 附件."""
    runs: list[list[int]] = []
    cur: list[int] = []
    links: list[int] = []  # links seen since the last line of the document
    listing = False  # under a 附件 line
    for i in inside:
        kind = _break(lines[i])
        text = lines[i].text.strip(" \u00a0\u3000")
        if kind == "links" and listing:
            kind = None
        if kind is None:
            if links and len(links) <= 2 and cur:
                cur.extend(links)
            elif cur and links:
                runs.append(cur)
                cur = []
            links = []
            cur.append(i)
            listing = text.startswith("附件") or (listing and lines[i].link * 2 > len(text))
        elif kind == "links":
            links.append(i)
        elif cur and any(_prose(lines[j]) for j in cur):  # page chrome after the document's prose ends it
            runs.append(cur)
            cur, links, listing = [], [], False
        # page chrome among the lines above the first paragraph (a title and
        # number over the page's 发布时间 line) is skipped, as the text's is
    if cur:
        runs.append(cur)
    best = max(runs, key=lambda r: sum(_prose(lines[i]) for i in r)) if runs else inside
    return best[0], best[-1]


def _break(line: _Line) -> str | None:
    """"chrome" for page chrome, "links" for a line of links that is no
    attachment of the document, None for a line that may be the document's."""
    text = line.text.strip(" \u00a0\u3000")
    if chrome_kind(text) == "chrome":
        return "chrome"
    if line.link * 2 > len(text) and not _PROSE.search(text) and not _ATTACHMENT.search(text):
        return "links"
    return None


def _depth(el) -> int:
    n = 0
    while el is not None:
        n += 1
        el = el.getparent()
    return n


def _within(el, ancestor) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False


def _closing(after: list[_Line]) -> list[str]:
    """A signature and date placed just after the document's element, and a
    note in brackets under them (（此件公开发布）)."""
    taken = []
    for i, line in enumerate(after[:4]):
        if line.link or len(line.text) > 40 or _PROSE.search(line.text):
            break
        taken.append(line.text)
        if _DATE.match(line.text):
            nxt = after[i + 1] if i + 1 < len(after) else None
            if nxt is not None and not nxt.link and _NOTE.match(nxt.text):
                taken.append(nxt.text)
            return taken
    return []


def _squeeze(s: str) -> str:
    return re.sub(r"[\s\u00a0\u3000]+", "", s)


def _opens_with(doc: list[str], title: str) -> bool:
    """Whether the document's first lines give the title already (wrapped, or
    with or without its issuer's name before it)."""
    t = _squeeze(title)
    head = [_squeeze(x) for x in doc[:4]]
    if t in "".join(head):
        return True
    return any(len(h) >= 8 and (t.endswith(h) or h.endswith(t)) for h in head)


def _title(before: list[_Line], root) -> str | None:
    for line in reversed(before):
        text = line.text.strip(" \u00a0\u3000")
        text = _TRAILING_STAMP.sub("", text)
        if line.heading and not line.link and len(_HAN.findall(text)) >= 8 and not _PROSE.search(text[:-1]):
            return text
    # the page's <title>, less the site's name, when it ends in a 文种
    t = root.find(".//title")
    if t is not None and t.text_content():
        # the title before the site's name, or after it: a dash may be the title's own (2021—2025年)
        text = t.text_content().strip()
        cuts = list(_TITLE_SEP.finditer(text))
        pieces = [text] + [text[:m.start()] for m in cuts] + [text[m.end():] for m in cuts]
        named = [p for p in pieces if doc_type_of(p) and len(_HAN.findall(p)) >= 8]
        if named:
            return max(named, key=len)
    return None
