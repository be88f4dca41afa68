"""Page chrome: the lines a web page puts around a document, taken out.

A document copied or saved from a site comes with its page's furniture:
breadcrumbs (首页 > 通知公告 > 正文, 当前位置：…), a line of metadata
(发布时间：… 来源：… 浏览次数：… 字号：大 中 小), page actions (【打印】【关闭】,
打印本页, 关闭窗口), share links (分享到：微信 微博), 上一篇/下一篇, 责任编辑 and
the site's footer (版权所有, ICP备…).  Left in, they become titles, addressees
or issuers.  This step drops them, whole lines, from any input, after
normalising and before segmentation.  Pieces that no document writes (an
ISO-dated 发布时间, 浏览次数：N, 字号 大 中 小, 【打印】, 分享到：微信) are also cut out of a
line they share with the document, such as the title.

A line is chrome only when all of it is: a sequence of ``label：value`` fields,
page actions and share targets, or a line opened by a breadcrumb or 上一篇
mark.  The words are in ``kg/data/lexicons/chrome.txt``.  Labels a document may
use itself (来源, 作者, 标题, 日期, 地址…) count only in a line beside other
chrome, so 资金来源：… or a 来源 inside a sentence stay, and so does the
document's own date line, which has no label.  A section heading is never
chrome.
"""
from __future__ import annotations

import re
from functools import cache

from ..data import lexicon
from ..model import Document, Line
from . import patterns as P
from .normalize import spaced, spaced_at

_SEP = r"[\s\u3000\u00a0|｜丨/·•]"
_BRACKETS = "【】[]［］〖〗()（）<>《》"
_SENTENCE = re.compile(r"[。；！？!?]")
# a line of a few Latin words and nothing else, in a Chinese document
_LATIN_WORDS = re.compile(r"[A-Za-z]{2,}(?:[ &'-][A-Za-z]+){0,3}")
# 首页 >, 网站首页 >, 资讯首页 >
_BREADCRUMB = re.compile(r"(?:^|[\s\u3000：:])[\u4e00-\u9fff]{0,4}?(?:首页|主页)\s*(?:>|＞|»|›|>>|→|->|/|\\|-)")
_SIZE = re.compile(r"(?:字号|字体)\s*[:：]?\s*[【\[［(（]?\s*大\s*[】\]］)）]?\s*[【\[［(（]?\s*中\s*[】\]］)）]?\s*[【\[［(（]?\s*小\s*[】\]］)）]?"
                   r"|(?:字号|字体)\s*[:：]?\s*(?:T\s*\|?\s*){2,3}"
                   r"|[【\[［]\s*大\s*中\s*小\s*[】\]］]")
_STAMP = re.compile(r"(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d\d(?::\d\d)?)?")
# a forum post's header: 揭西同乡网 发表于 2017-2-11 11:37:39
_POSTED = re.compile(r"[^。，；：:]{1,30}?发表于\s*(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d\d(?::\d\d)?)?")
_ISO_DATE = re.compile(r"(?:19|20)\d\d-\d{1,2}-\d{1,2}")
_PAGE_DATE = re.compile(r"(?:(?:19|20)\d\d-)?\d{1,2}-\d{1,2}(?![\d-])")
_TIMED = re.compile(r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d\d")
_COLUMN_NOISE = re.compile(rf"[{re.escape(_BRACKETS)}]|{_SEP}|更多|MORE|>+|»", re.I)
_RULE = re.compile(r"[\s\u3000|｜\-—:：+]+")  # a table's empty cells or rules: ||||, ---|---|
_VALUE_NOISE = re.compile(rf"[{re.escape(_BRACKETS)}]|{_SEP}|[:：]")
# the site's name and address, unlabelled among a page's fields: 湖南省人民政府门户网站 www.hunan.gov.cn
_SITE = re.compile(r"[\u4e00-\u9fff]{2,20}(?:门户网站|官方网站)|(?:https?://|www\.)[\w./-]+", re.I)
MAX_VALUE = 80
# a list item's bullet or number, as a page's metadata list comes out in text (- 索引号：…, • 发布日期：…,
# 6. [发文字号] …: a number only before a bracketed label, so a document's 1.【…】 heading stays)
_CJK_OR_DIGIT = re.compile(rf"[{P.CJK}\d]")
_BULLET = re.compile(r"^(?:[-*+•·▪◆●]|\d{1,2}[.．](?=[\s\u3000]*[\[【［]))\s*(?=\S)")
# a news agency's dateline over or before the document it prints (新华网北京3月16日电　第十届…的决议);
# not before a lead's sentence, which kg.text.segment reads with it
_AGENCIES = ("新华社", "新华网", "人民网", "中新社", "中新网", "央视网")
_DATELINE = re.compile(rf"(?:{'|'.join(_AGENCIES)})[^，。：:\s]{{0,10}}?\d{{1,2}}月\d{{1,2}}日电[\s\u3000]*")


@cache
def _words() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for word, kind in lexicon("chrome"):
        out.setdefault(kind, []).append(word)
    return {k: sorted(v, key=len, reverse=True) for k, v in out.items()}


def _spaced(word: str) -> str:
    # 标　　题： and 索 引 号： are spread out with spaces on the page
    return r"[\s\u3000]*".join(map(re.escape, word))


@cache
def _regexes():
    w = _words()
    labels = {word: kind for kind in ("strong", "weak", "neutral") for word in w[kind]}
    # each alternation behind a lookahead on its words' first characters (P.opening): several times faster
    label = re.compile(
        P.opening(labels) + "(?P<label>" + "|".join(_spaced(x) for x in sorted(labels, key=len, reverse=True)) + r")"
        r"(?:\s*[:：|｜】\]］]|(?=[\s\u3000]*\d)|(?=\u3000)|$)", re.I)  # 索引号：…, 索引号 2019-…, | 索引号 | … | (a table's cells), 【发文字号】…, [发文字号]…
    # a share lead (分享到：) may also follow other chrome on its line
    shares = [x for x in w["lead"] if x.startswith("分享")]
    items = "|".join(map(re.escape, sorted(w["action"] + w["share"] + shares, key=len, reverse=True)))
    item = re.compile(P.opening(w["action"] + w["share"] + shares) + rf"(?:{items})", re.I)
    leads = "|".join(map(re.escape, w["lead"]))
    lead = re.compile(rf"^[{re.escape(_BRACKETS)}\s]*(?:(?:上一|下一)[篇条页]|(?:{leads})(?:\s*[:：]|[\s\u3000]|$))")
    mark = re.compile(P.opening(w["mark"]) + "(?:" + "|".join(map(re.escape, w["mark"])) + ")", re.I)
    footer = re.compile(P.opening(w["footer"]) + "(?:" + "|".join(map(re.escape, w["footer"])) + ")", re.I)
    # no label, action or share word holds a sentence's punctuation: then a line that
    # does is no line of fields (see _fields), and kind() need not read it field by field
    plain = not any(_SENTENCE.search(x) for x in [*labels, *w["action"], *w["share"], *shares])
    return labels, label, item, set(w["action"] + shares), lead, mark, footer, set(w["column"]), plain


@cache
def _spam() -> re.Pattern:
    words = _words()["spam"]
    return re.compile(P.opening(words) + "(?:" + "|".join(map(re.escape, words)) + ")", re.I)


def kind(text: str) -> str | None:
    """"chrome" for a line that is page chrome, "weak" for one that is chrome
    beside other chrome (来源：党委组织部), None for a line of the document."""
    text = _BULLET.sub("", text.strip())
    if not text or len(text) > 200 or P.heading_level(text):
        return None
    if len(text) <= 2 and not _CJK_OR_DIGIT.search(text):
        return "weak"  # a widget's close mark (X, ×) among the share targets
    labels, label, item, actions, lead, mark, footer, columns, plain = _regexes()
    if lead.match(text) and len(text) <= 150 or _POSTED.fullmatch(text):
        return "chrome"
    if "。" not in text and len(_spam().findall(text)) >= 2:
        return "chrome"
    if _COLUMN_NOISE.sub("", text).rstrip("：:") in columns or _RULE.fullmatch(text):
        return "chrome"
    if not _SENTENCE.search(text):
        if footer.search(text):
            return "chrome"
        if "，" not in text and (mark.search(text) or _BREADCRUMB.search(text) or _menu(text) or _path(text)):
            return "chrome"
        if _LATIN_WORDS.fullmatch(text):
            return "chrome"  # a column's English name (notice, NEWS), a decoration (THE END)
    elif plain:
        return None  # a sentence's punctuation is in a value or in unlabelled text: _fields says None
    return _fields(text, labels, label, item, actions)


def _path(text: str) -> bool:
    """A breadcrumb that does not start at 首页: three or more short steps
    (水母网 > 福山新闻网 > 专题公告; 首页 > 税费法规 > 征收管理 >)."""
    steps = re.split(r"\s*(?:>>|[>＞»›])\s*", text.strip())
    if steps and not steps[-1]:
        steps.pop()
    return len(steps) >= 3 and all(0 < len(x) <= 15 for x in steps)


def _menu(text: str) -> bool:
    """A site's menu: 首页 and three or more other short items, in columns; or
    six and more set apart by bars (直通屏山|福建|时评|…), as no document lists."""
    items = [x.strip() for x in re.split(r"[\u3000|｜丨]+", text) if x.strip()]
    if not all(len(x) <= 8 for x in items):
        return False
    return len(items) >= 4 and any(x.endswith("首页") for x in items) or len(re.findall("[|｜丨]", text)) >= 5


def _fields(text: str, labels, label, item, actions) -> str | None:
    """A line made only of label：value fields, page actions and share targets."""
    strong = weak = timed = dated = False
    weak_labels = 0
    rest = text
    if _SIZE.search(rest):
        rest, strong = _SIZE.sub(" ", rest), True
    found = list(label.finditer(rest))
    # what lies before the first label, and each value, must be actions, share targets, stamps or short values
    pieces = [(None, rest[: found[0].start()] if found else rest)]
    for m, nxt in zip(found, found[1:] + [None]):
        pieces.append((m, rest[m.end(): nxt.start() if nxt else len(rest)]))
    for m, value in pieces:
        if m is not None:
            word = re.sub(r"[\s\u3000]", "", m.group("label"))
            k = next((v for w, v in labels.items() if w.lower() == word.lower()), "neutral")
            strong |= k == "strong"
            weak |= k == "weak"
            weak_labels += k == "weak"
            if len(value.strip()) > MAX_VALUE or _SENTENCE.search(value):
                return None
            # 时间:2023-12-20 and 日期:06-24, as pages date (a document writes 2023年12月20日)
            dated = dated or bool(_PAGE_DATE.match(value.strip(" \u3000:：")))
            continue
        # unlabelled text: only actions, share targets and time stamps; a
        # stamp with a time of day (2022-10-12 10:30) is a page's, a date alone may be the document's
        timed = timed or bool(_TIMED.search(value))
        dated = dated or bool(_ISO_DATE.search(value))
        left = _SITE.sub(" ", _STAMP.sub(" ", value))
        for a in item.finditer(left):
            strong |= a.group().lower() in {x.lower() for x in actions}
            weak = True  # share targets alone (微信 微博, one per line) are chrome beside chrome
        left = item.sub(" ", left)
        left = _VALUE_NOISE.sub("", left)
        if left:
            return None
    # a page's line whatever stands beside it: 时间：… 来源：… 作者：…; 2018-02-12 17:23　来源：中国政府网;
    # 时间：2023-12-20
    # (a document writes its dates 2018年2月12日)
    if strong or weak_labels >= 3 or (timed or dated) and weak_labels:
        return "chrome"
    return "weak" if weak or timed else None


def chrome_lines(lines: list[Line], source: str | None = None) -> set[int]:
    """Indices of the lines that are chrome: chrome ones, and weak ones in a run touching one
    (or opening the text with a time stamp).
    ``source``: the text the lines are of, where a table's cells set apart by spaces
    (发布机构 区政府 公开方式 主动公开) show as gaps between label and value."""
    kinds = [kind(spaced(line, source) if source is not None else line.text) for line in lines]
    # a table copied cell by cell puts a label on one line and its value on the next
    for i in range(len(lines) - 1):
        if kinds[i] and kinds[i + 1] is None and _lone_label(lines[i].text) and _value_like(lines[i + 1].text):
            kinds[i + 1] = kinds[i]
    out = {i for i, k in enumerate(kinds) if k == "chrome"}
    i = 0
    while i < len(kinds):
        if kinds[i] != "weak":
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j] == "weak":
            j += 1
        if (i > 0 and kinds[i - 1] == "chrome") or (j < len(kinds) and kinds[j] == "chrome") \
                or i == 0 and _TIMED.match(lines[0].text) \
                or j - i > 1 and kind("\u3000".join(line.text for line in lines[i:j])) == "chrome":
            # ... or opens the text with the page's time stamp; or is chrome as one
            # line (2020-01-29 19:08:53 / 来源：福山新闻网)
            out.update(range(i, j))
        i = j
    return out


def _lone_label(text: str) -> bool:
    _, label, *_ = _regexes()
    m = label.match(text.strip())
    return bool(m) and not text.strip()[m.end():].strip(" \u3000:：")


def _value_like(text: str) -> bool:
    text = text.strip()
    # a line ending in a colon opens what follows (the 主送 list under a page's 浏览量：)
    return 0 < len(text) <= MAX_VALUE and not _SENTENCE.search(text) and not P.heading_level(text) \
        and not text.endswith(("：", ":"))


@cache
def _spans() -> re.Pattern:
    """Pieces of chrome that no document writes, cut out of a line they share
    with the document (a title with its page's 发布时间 after it)."""
    w = _words()
    iso = r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d\d(?::\d\d)?)?"
    dated_words = ("发布时间", "发布日期", "发表时间", "更新时间", "更新日期")
    dated = "|".join(_spaced(x) for x in dated_words)
    # the long forms only: 阅读：1.文件 is a sentence
    count_words = ("浏览次数", "浏览量", "点击数", "点击量", "点击率", "点击次数", "阅读次数", "阅读量", "访问量", "访问次数")
    counts = "|".join(map(re.escape, count_words))
    actions = "|".join(map(re.escape, w["action"]))
    shares = "|".join(map(re.escape, w["share"]))
    # what a piece can open with (white space, a bracket, the first character of
    # 发布时间…, 浏览次数…, 字号, 分享到): a lookahead on it lets the search skip
    # the other positions fast (seven times faster on lines of text)
    first = "".join(sorted({x[0] for x in dated_words + count_words} | set("【[［字分")))
    types = "|".join(sorted(P.DOC_TYPE_WORDS, key=len, reverse=True))
    return re.compile(
        rf"(?=[{re.escape(first)}\s])(?:"
        rf"[【\[]?\s*(?:{dated})\s*[:：]\s*{iso}\s*[】\]]?"
        # a counter a script fills in is empty in a saved page: 浏览次数： at the line's end
        rf"|[【\[]?\s*(?:{counts})\s*[:：]\s*(?:[\[【(（]?\s*\d[\d,]*(?![\d.．、])\s*[\]】)）]?\s*次?\s*[】\]]?|$)"
        rf"|[【\[]?\s*(?:{_SIZE.pattern})\s*[】\]]?"
        rf"|(?:[【\[]\s*(?:{actions})\s*[】\]]\s*)+"
        rf"|分享到\s*[:：]\s*(?:(?:{shares})\s*)+"
        # a column's tag before a title: 【公告】关于…的公告, 【意见征集】关于…, 【重要通知】X镇关于…
        rf"|^【\s*(?:{types})\s*】|^【[^】]{{1,6}}】(?=[^【】，。：:]{{0,30}}关于)"
        # a law database's validity before the title: 【现行有效】X人民政府…预案
        rf"|^【(?:现行有效|有效|(?:已|部分)?失效|已?废止|尚未生效)】)")


def _cut(line: Line) -> Line | None:
    """``line`` without the chrome pieces in it; None when nothing else is left."""
    if line.text.startswith(_AGENCIES) and "。" not in line.text and (m := _DATELINE.match(line.text)):
        line = line.slice(m.end())
        if not line.text:
            return None
    pieces = list(_spans().finditer(line.text))
    if not pieces:
        return line
    kept, at = [], 0
    for m in pieces:
        kept.append(line.slice(at, m.start()))
        at = m.end()
    kept.append(line.slice(at))
    out = Line("", [])
    for part in kept:
        out = out + part
    out = out.strip(" \u3000|｜")
    return out if out.text else None


def page_fields(line: Line, source: str) -> dict[str, Line]:
    """The labelled fields of a chrome line (索引号：…　发文字号：…): label → value."""
    _, label, *_ = _regexes()
    text, at = spaced_at(line, source)
    at.append(len(line.text))
    found = list(label.finditer(text))
    fields = {}
    for m, nxt in zip(found, found[1:] + [None]):
        value = line.slice(at[m.end()], at[nxt.start()] if nxt else None).strip(" \u3000:：|｜")
        if value.text:
            fields.setdefault(re.sub(r"[\s\u3000]", "", m.group("label")), value)
    return fields


def strip_chrome(doc: Document) -> Document:
    drop = chrome_lines(doc.lines, doc.source.text)
    for i in sorted(drop):
        for name, value in page_fields(doc.lines[i], doc.source.text).items():
            doc.page.setdefault(name, value)
    # a table's cell borders around a document's line (…2022年10月28日 |) are no part of it
    lines = [line.strip(" \u3000|｜") for i, line in enumerate(doc.lines) if i not in drop]
    doc.lines = [cut for line in lines if line.text and (cut := _cut(line)) is not None]
    return doc
