"""Named things in the text: persons, places, slogans, cited documents, contacts.

Measured on the corpus (see README): jieba's person tag alone is noise
(师生, 关怀 come out as names), so a person is a name next to a title
(习近平总书记, 省委书记景俊海), after a label (联系人：, 签发人：), in a list of
names that each open with a surname (授予张某、李某等30名同志; 授予张某等30名同志),
or in the name of a body of thought (习近平新时代中国特色社会主义思想 → 习近平).  Its place tag
misses places (滕州) and finds others inside organ names (泉州师范学院), so a
place is a name of China's administrative divisions (lexicon ``divisions``,
generated from the national division codes that cpca ships), in full or
short (长春市, 延边州, 滕州, 北京), or a name of a 社区/街道/乡/镇/村, that stands
on jieba's token boundaries and is not inside a 《title》 nor opens an organ's
or a website's name.  Slogans and cited titles are marked by their brackets,
which are reliable; a cited number starts at its issuer code (和中办发〔2013〕4号
→ 中办发〔2013〕4号).
"""
from __future__ import annotations

import bisect
import re
from functools import cache

from ..data import words
from ..model import Block, Document, Line, Mention
from ..text import places
from ..text.patterns import DOC_NUMBER, doc_number, opening
from ..text.tokens import tagged_line, tagged_phrase

_NAME_TAGS = {"nr", "nrfg", "nrt"}
_LABELS = re.compile(r"(?P<label>联系人|校对人|校对|承办人|经办人)[:：](?P<name>[\u4e00-\u9fff·]{2,4}?)(?=[，,。；;、\s（(电手邮\d]|联系|地址|通信|通讯|传真|办公|座机|$)")
_SIGNED = re.compile(r"签发(?:人)?[:：]\s*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[\s、，,\u3000]+[\u4e00-\u9fff·]{2,4})*)")
# a body of thought named for a person: 习近平新时代中国特色社会主义思想, 邓小平理论
_THOUGHT = re.compile(r"(?:新时代中国特色社会主义思想|(?:法治|生态文明|经济|强军|外交|文化)思想|思想|理论)")
_LISTED = re.compile(r"(?P<list>[\u4e00-\u9fff·]{2,4}(?:、[\u4e00-\u9fff·]{2,4})+)(?=等\d*名?(?:同志|同学|个人|人|位)|同志|等同志)")
_SLOGAN = re.compile(r"“(?P<q>[^“”]{1,40})”|\"(?P<a>[^\"“”]{1,40})\"")
# 《title》（number）, also （number，以下简称《short》）
_CITATION = re.compile(r"《(?P<title>[^《》]{2,100})》(?:[（(](?P<number>[^（）()]{2,30}?号)(?:[，,][^（）()]{0,40})?[）)])?")
# a short name the text gives a document it cites: 《…的通知》（…，以下简称《通知》）
_SHORT_NAME = re.compile(r"(?:以下简称|下称|简称)[:：]?《(?P<title>[^《》]{1,30})》")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"(?P<label>(?:举报|咨询|联系|监督|投诉|服务|值班|办公|热线)?(?:电话|热线)|手机|座机|传真)"
                    r"(?:号码)?[:：为是]?(?P<phone>\+?[\d(（][\d\-－—()（）]{2,20}\d)")
_PHONE_WORDS = ("电话", "热线", "手机", "座机", "传真")  # one of which every _PHONE match holds
_ADDRESSED_TO = re.compile(r"(?:报送至|上报至|报送|报至|报|送至|发送至|发至)(?P<org>[^，。；,;：:、至]{2,20}?(?:部|处|室|中心|委员会|科|局|厅|办))")
_ADDRESSED_TO_WHOLE = re.compile(r"(?:报送至|上报至|报送|报至|送至|发送至|发至|反馈至|提交至|交至)(?P<org>[^，。；,;：:、]{2,20}(?:部|处|室|中心|委员会|科|局|厅|办))(?=[，。；,;]|$)")
_PLACE_SUFFIX = re.compile(r"[省市县区州盟旗镇乡]$")
_NOT_A_PLACE_START = tuple("我本全该各外其此")
# what an organ's name may end in, when a place opens it (泉州师范学院)
_INSTITUTION = re.compile(r"(?:大学|学院|学校|医院|人民政府|政府|委员会|党委|公司|集团|银行|中心|研究院|研究所|厅|局|办公室|"
                          r"办事处|居委会|村委会|网|网站|平台|频道|报|日报|电视台|电台|客户端|公众号)$")
_TITLE = re.compile(r"《[^《》]*》")
# what every document number holds: found fast, where DOC_NUMBER tries 20 characters at each position
_NUMBER_YEAR = re.compile(r"[〔（(](?:19|20)\d\d[〕）)]")
_LOCALITY = ("社区", "街道", "镇", "乡", "村")


@cache
def _titles() -> re.Pattern:
    return re.compile(opening(words("person_titles")) + "(?:" + "|".join(
        sorted(map(re.escape, words("person_titles")), key=len, reverse=True)) + ")")


@cache
def _organs() -> re.Pattern:
    return re.compile(opening(words("organs")) + "(?:" + "|".join(
        sorted(map(re.escape, words("organs")), key=len, reverse=True)) + ")")


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    names = words("surnames")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


def _has_surname(name: str) -> bool:
    single, double = _surnames()
    return name[:2] in double and len(name) >= 3 or name[0] in single


def extract_mentions(doc: Document) -> Document:
    for block in doc.blocks:
        line = block.line
        if block.kind in ("heading", "paragraph", "title"):
            _slogans(doc, line)
            _citations(doc, line)
        if block.kind in ("heading", "paragraph"):
            _titled_persons(doc, line)
            _listed_persons(doc, line)
            _awarded_persons(doc, line)
            _thinkers(doc, line)
            _places(doc, line)
            _organizations(doc, line)
        _labelled_persons(doc, line)
        _contacts(doc, block)
    _contact_lists(doc)
    _members(doc)
    # 《通知》 after 以下简称《通知》 is the document cited before, not another
    short = {m.group("title") for b in doc.blocks_of("heading", "paragraph") for m in _SHORT_NAME.finditer(b.text)}
    if short:
        doc.mentions = [m for m in doc.mentions if not (m.kind == "citation" and m.value["title"] in short
                                                         and m.value["doc_number"] is None)]
    # a person named only through a body of thought, when the text names them nowhere else
    named = {m.value["name"] for m in doc.mentions if m.kind == "person" and not m.value.get("via")}
    doc.mentions = [m for m in doc.mentions if not (m.kind == "person" and m.value.pop("via", None)
                                                     and m.value["name"] in named)]
    return doc


def _add(doc: Document, kind: str, value: dict, line: Line, start: int, end: int) -> None:
    a, b = line.span(start, end)
    doc.mentions.append(Mention(kind, value, a, b))


def _titled_persons(doc: Document, line: Line) -> None:
    text = line.text
    for m in _titles().finditer(text):
        after = tagged_phrase(text[m.end():m.end() + 6])
        if after and after[0][1] in _NAME_TAGS and 2 <= len(after[0][0]) <= 4:
            name = after[0][0]
            _add(doc, "person", {"name": name, "title": m.group(0)}, line, m.start(), m.end() + len(name))
        elif (name := _name_after(text, m.end())):
            _add(doc, "person", {"name": name, "title": m.group(0)}, line, m.start(), m.end() + len(name))
        elif (before := tagged_phrase(text[max(0, m.start() - 8):m.start()])) and before[-1][1] in _NAME_TAGS \
                and 2 <= len(before[-1][0]) <= 4:
            name = before[-1][0]
            _add(doc, "person", {"name": name, "title": m.group(0)}, line, m.start() - len(name), m.end())


def _name_after(text: str, at: int) -> str | None:
    """市委书记周立新同志: a surname and one or two characters before 同志, a verb of speech or a break."""
    for size in (3, 2):
        name = text[at:at + size]
        if len(name) == size and _has_surname(name) and re.match(
                r"(?:同志|[，,。；、：（(]|在|要|指出|强调|表示|出席|主持|讲话|$)", text[at + size:at + size + 2]):
            return name
    return None


def _labelled_persons(doc: Document, line: Line) -> None:
    for m in _LABELS.finditer(line.text):
        title = "校对" if m.group("label").startswith("校对") else m.group("label")
        _add(doc, "person", {"name": m.group("name"), "title": title}, line, m.start("name"), m.end("name"))
    for m in _SIGNED.finditer(line.text):  # 签发人：张三 李四
        for n in re.finditer(r"[\u4e00-\u9fff·]{2,4}", m.group("names")):
            if _has_surname(n.group(0)):
                at = m.start("names") + n.start()
                _add(doc, "person", {"name": n.group(0), "title": "签发人"}, line, at, at + len(n.group(0)))


def _listed_persons(doc: Document, line: Line) -> None:
    """授予张建国、李明华、王秀英等30名同志…: every item opens with a surname."""
    text = line.text
    # every list has a 、 and ends before 等… or 同志
    for m in _LISTED.finditer(text) if "、" in text and ("等" in text or "同志" in text) else ():
        items = m.group("list").split("、")
        # the list starts after whatever word precedes its first name (授予张建国 → 张建国)
        first = items[0]
        for cut in range(0, len(first) - 1):
            rest = first[cut:]
            if 2 <= len(rest) <= 4 and _surnamed(rest):
                items[0] = first[cut:]
                break
        if len(items) < 2 or not all(2 <= len(i) <= 4 and _surnamed(i) for i in items):
            continue
        at = m.end("list") - len("、".join(items))
        for item in items:
            _add(doc, "person", {"name": item, "title": None}, line, at, at + len(item))
            at += len(item) + 1


def _surnamed(name: str) -> bool:
    """Opens with a surname and reads as a name: a two-character surname, or jieba's tag."""
    return _has_surname(name) and (name[:2] in _surnames()[1] or _tagged_name(name))


# one name for many: 授予丁素霞等327名同志…
_AWARDED = re.compile(r"(?:授予|追授|表彰)(?P<name>[\u4e00-\u9fff·]{2,4}?)等[\d一二三四五六七八九十百千]+名(?:同志|同学|个人)")


def _awarded_persons(doc: Document, line: Line) -> None:
    for m in _AWARDED.finditer(line.text) if "名" in line.text else ():
        name = m.group("name")
        if _surnamed(name):
            _add(doc, "person", {"name": name, "title": None}, line, m.start("name"), m.end("name"))


_MEMBER = re.compile(r"^(?:[\u4e00-\u9fff\u3000 ]{1,6}[:：])?[\u3000 ]*(?P<name>[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff][\u3000 ][\u4e00-\u9fff])"
                     r"[\u3000 ]+(?P<title>[^\u3000 ，。；]{2,40}?(?:长|主任|书记|成员|委员|总理|主席|代表|专员|顾问|秘书|干事|司令员|政委))$")


def _members(doc: Document) -> None:
    """组长：韩　正　国务院副总理 / 宁吉喆　统计局局长: a list of members, one to a
    line, name and post apart.  Read from the lines, since the paragraph joins
    them; a name the titles found inside such a line (宁吉, 成员) goes."""
    found = []
    for line in doc.lines:
        m = _MEMBER.match(line.text.strip())
        if not m:
            continue
        name = re.sub(r"[\u3000 ]", "", m.group("name"))
        if not _has_surname(name):
            continue
        offset = len(line.text) - len(line.text.lstrip())
        found.append((line.span(), name, m.group("title"), line.span(offset + m.start("name"), offset + m.end("name"))))
    if len(found) < 2:
        return  # one line alone is no list
    spans, names = [f[0] for f in found], {f[1] for f in found}
    doc.mentions = [x for x in doc.mentions if not (x.kind == "person" and (
        any(a <= x.start < b for a, b in spans) or x.value["name"] in names))]  # the list gives the post
    for _, name, title, (a, b) in found:
        doc.mentions.append(Mention("person", {"name": name, "title": title}, a, b))


def _tagged_name(item: str) -> bool:
    """jieba (with its guesses) takes the item for a name: 王秀英, not 师生."""
    tags = tagged_phrase(item)
    return bool(tags) and tags[0][1].startswith("nr")


def _thinkers(doc: Document, line: Line) -> None:
    """习近平新时代中国特色社会主义思想, 邓小平理论: the person it is named for."""
    text = line.text
    for m in _THOUGHT.finditer(text) if "思想" in text or "理论" in text else ():
        bare = m.group(0) in ("思想", "理论")
        if bare and re.match(r"[\u4e00-\u9fff]", text[m.end():m.end() + 1] or "") and \
                not text.startswith(("为指导", "和", "与", "及"), m.end()):
            continue  # 师生思想工作, 思想动态: no body of thought
        for size in ((3,) if bare else (3, 2)):
            name = text[max(0, m.start() - size):m.start()]
            if len(name) == size and _has_surname(name) and any(
                    f.startswith("nr") for w, f, _ in tagged_line(text[max(0, m.start() - size):m.end()])[:1]):
                _add(doc, "person", {"name": name, "title": None, "via": "thought"}, line, m.start() - size, m.start())
                break


def _places(doc: Document, line: Line) -> None:
    text = line.text
    names = places.automaton(_NOT_A_PLACE_START).find_matches_as_indexes(text, overlapping=True)
    if not names and not any(word in text for word in _LOCALITY):
        return  # most paragraphs: no name, no locality, no need to tag them
    tokens = tagged_line(text)  # places are dictionary words; the HMM only guesses names
    starts = [at for _, _, at in tokens]
    titles = [m.span() for m in _TITLE.finditer(text)] + [m.span() for m in _SLOGAN.finditer(text)]
    # the longest name of at most 12 characters from each token boundary to another
    longest: dict[int, int] = {}
    for _, s, e in names:
        if e - s <= 12 and e > longest.get(s, s) and _bound(starts, s) and (e == len(text) or _bound(starts, e)):
            longest[s] = e
    found = sorted(longest.items())
    found = _localities(text, tokens, found)
    last = -1
    for s, e in sorted(found, key=lambda p: (p[0], -p[1])):
        if s < last or any(a <= s < b for a, b in titles):
            continue  # inside a longer place, or a document's title (《长沙市促进…方案》)
        k = bisect.bisect_left(starts, e)
        if (_bound(starts, e) and _opens_an_organ(tokens[k:k + 5])) or _in_brackets_of_a_name(text, s, e) \
                or text.startswith(("市委", "省委", "县委", "区委", "州委", "委", "政府", "人民政府"), e):
            continue  # 长沙市教育局, 信用中国（湖南）网站
        last = e
        _add(doc, "place", {"name": text[s:e]}, line, s, e)


def _bound(starts: list[int], at: int) -> bool:
    """Does a token start at ``at``?"""
    k = bisect.bisect_left(starts, at)
    return k < len(starts) and starts[k] == at


def _localities(text: str, tokens, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """官渡口镇, 马鬃山村, 天马社区, 橘子洲街道: a name (one or two proper-noun
    tokens) before 社区/街道/乡/镇/村, after a division or a break."""
    out = list(found)
    if not any(word in text for word in _LOCALITY):
        return out  # no token can be one
    stop = words("locality_stopwords")
    ends = {e for _, e in found}
    for k, (word, flag, at) in enumerate(tokens):
        if word not in _LOCALITY or k == 0:
            continue
        w1, f1, a1 = tokens[k - 1]
        if f1 not in ("ns", "nr", "nz", "n", "nrt", "j") or w1 in _LOCALITY or a1 + len(w1) in ends and False:
            continue
        start = a1
        if k >= 2:
            w2, f2, a2 = tokens[k - 2]
            # 望城/坡/街道, 官/渡口/镇: a second token when one of the two is a single character or a name
            if f2 in ("ns", "nr", "nz", "n", "j") and w2 not in _LOCALITY and a1 not in ends and (
                    f2 in ("ns", "nr", "nz") and f1 not in ("ns",) or len(w1) == 1 or len(w2) == 1):
                start = a2
        name = text[start:at]
        if len(name) < 2 or name in stop or w1 in stop or name.startswith(("各", "本", "全", "该", "所", "每", "其")):
            continue
        out.append((start, at + len(word)))
    return out


def _in_brackets_of_a_name(text: str, s: int, e: int) -> bool:
    """信用中国（湖南）网站: a place in brackets inside a name."""
    if s == 0 or text[s - 1] not in "（(" or e >= len(text) or text[e] not in "）)":
        return False
    return bool(re.match(r"(?:网站|网|平台|频道|客户端|公众号|报|日报|电视台)", text[e + 1:e + 8]))


def _opens_an_organ(following: list[tuple[str, str, int]]) -> bool:
    name = ""
    for word, flag, _ in following:
        if flag == "x":  # punctuation ends the name
            break
        name += word
        if _INSTITUTION.search(name):
            return True
    return False


def _organizations(doc: Document, line: Line) -> None:
    for m in _organs().finditer(line.text):
        _add(doc, "organization", {"name": m.group(0)}, line, m.start(), m.end())


def _slogans(doc: Document, line: Line) -> None:
    for m in _SLOGAN.finditer(line.text):
        group = "q" if m.group("q") is not None else "a"
        text = m.group(group).strip()
        if text:
            _add(doc, "slogan", {"text": text}, line, m.start(group), m.end(group))


def _citations(doc: Document, line: Line) -> None:
    cited = set()
    for m in _CITATION.finditer(line.text):
        number = None
        if m.group("number") and (n := DOC_NUMBER.search(m.group("number"))):
            number = doc_number(n)
            cited.add((m.start("number") + n.start(), m.start("number") + n.end()))
        _add(doc, "citation", {"title": m.group("title"), "doc_number": number}, line, m.start(), m.end())
    for n in DOC_NUMBER.finditer(line.text) if _NUMBER_YEAR.search(line.text) else ():
        if not any(a <= n.start() < b for a, b in cited):
            cut = _code_start(n.group("code"))
            number = doc_number(n)[cut:]
            _add(doc, "citation", {"title": None, "doc_number": number}, line, n.start() + cut, n.end())


def _code_start(code: str) -> int:
    """和中办发 → 中办发, 在吉党通 → 吉党通: where the issuer code begins, after
    the function words and verbs the pattern swallowed before it."""
    lead = words("citation_lead_words")
    cut = 0
    changed = True
    while changed:
        changed = False
        for w in lead:
            if code.startswith(w, cut) and len(code) - cut - len(w) >= 1:
                cut += len(w)
                changed = True
                break
    return cut


def _contacts(doc: Document, block: Block) -> None:
    text = block.text
    emails = list(_EMAIL.finditer(text)) if "@" in text else []
    phones = list(_PHONE.finditer(text)) if any(w in text for w in _PHONE_WORDS) else []
    if not emails and not phones:
        return
    names = list(_LABELS.finditer(text))
    orgs = list(_ADDRESSED_TO_WHOLE.finditer(text)) or list(_ADDRESSED_TO.finditer(text))
    # 咨询电话：…；举报电话：…: each number its own contact; a person or an e-mail
    # goes with the number in the same sentence
    # a fax number goes with the phone before it in its sentence (电话：…，传真：…)
    groups: list[list[re.Match]] = []
    for m in phones:
        if groups and m.group("label") == "传真" and _sentence_of(text, m.start()) == _sentence_of(text, groups[-1][0].start()):
            groups[-1].append(m)
        else:
            groups.append([m])
    groups = groups or [[]]
    for e in emails:
        near = min(groups, key=lambda g: abs(g[0].start() - e.start()) if g else 0)
        near.append(e)
    for group in groups:
        if not group:
            continue
        first = min(m.start() for m in group)
        sentence = _sentence_of(text, first)
        org = next((m.group("org") for m in reversed(orgs) if m.start() < first), None)
        # the nearest 联系人 before the number in its sentence, else the first after it
        near = [m for m in names if m.group("label") == "联系人" and _sentence_of(text, m.start()) == sentence]
        name = next((m.group("name") for m in reversed(near) if m.start() < first),
                    near[0].group("name") if near else None)
        if name is None and len(groups) == 1:
            name = next((m.group("name") for m in names if m.group("label") == "联系人"), None)
        email = next((m.group(0) for m in group if m.re is _EMAIL), None)
        phone = next((_closed(m, text) for m in group if m.re is _PHONE), None)
        last = max([m.end() for m in group] + [m.end() for m in names if _sentence_of(text, m.start()) == sentence])
        _add(doc, "contact", {"name": name, "email": email, "phone": phone, "organization": org},
             block.line, min([first] + [m.start() for m in orgs if m.start() < first]), last)


def _contact_lists(doc: Document) -> None:
    """联系人及电话：周颖 020-87535843; 联系人及联系方式： / 李启迪 010-68205324 王潇耿 010-68209759
    (the names and numbers on the label's line or the next): a contact, and a person, each."""
    blocks = [b for b in doc.blocks if b.kind in ("heading", "paragraph", "note")]
    for k, block in enumerate(blocks):
        label = _CONTACT_LIST.search(block.text)
        if label is None:
            continue
        line, start = block.line, label.end()
        if not block.text[start:].strip() and k + 1 < len(blocks):
            line, start = blocks[k + 1].line, 0  # the label on a line of its own
        at = start
        while (m := _NAME_NUMBER.match(line.text, at)) and _has_surname(m.group("name")):
            at = m.end()
            _add(doc, "person", {"name": m.group("name"), "title": "联系人"}, line, m.start("name"), m.end("name"))
            _add(doc, "contact", {"name": m.group("name"), "email": None, "phone": m.group("phone"),
                                  "organization": None}, line, m.start(), m.end())


_CONTACT_LIST = re.compile(r"联系人及(?:其)?(?:联系)?(?:电话|方式)[:：]")
_NAME_NUMBER = re.compile(r"[\s\u3000]*(?P<name>[\u4e00-\u9fff·]{2,4}?)[，,：:\s\u3000]*"
                          r"(?P<phone>(?:\+?\d|[(（]\d)[\d\-－—()（）]{5,20}\d)[，,；;、。\s\u3000)）]*")


def _closed(m: re.Match, text: str) -> str:
    """A number with its extension's closing bracket, which the match (ending
    at a digit) leaves out: 2061037(6037)."""
    phone = m.group("phone")
    opened = phone.count("(") + phone.count("（") - phone.count(")") - phone.count("）")
    return phone + text[m.end()] if opened > 0 and text[m.end():m.end() + 1] in (")", "）") else phone


def _sentence_of(text: str, at: int) -> int:
    """Where the sentence (or the part after ；) holding ``at`` begins."""
    return max(text.rfind(c, 0, at) for c in "。；;") + 1
