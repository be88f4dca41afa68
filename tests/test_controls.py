"""Control and format characters: out of labels, escaped in one-line messages."""
from __future__ import annotations

import unicodedata

from kg.model import Source
from kg.pipeline import process
from kg.text.controls import escaped, quoted
from kg.text.normalize import normalize

from .conftest import CORPUS

DOC = CORPUS / "003_fd2a9579d902d1ba.txt"
TITLE = "关于在防控疫情中进一步发挥基层党组织战斗堡垒作用和党员先锋模范作用的通知"
BIDI = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_controls_and_other_format_characters_never_reach_a_label():
    text = DOC.read_text(encoding="utf-8")
    hostile = text.replace("发挥基层", "发\u202e挥\u2067基\x1b[31m\x07层", 1).replace("的通知", "的通\u2066知\u2069", 1)
    doc = process(Source(DOC, hostile, "txt"))
    assert doc.title == TITLE.replace("基层", "基[31m层")  # the ESC and BEL go; printable text stays
    for line in doc.lines:
        assert not any(unicodedata.category(c) in ("Cf", "Cc") for c in line.text), line.text
    # provenance still points at the source characters
    span = next(e for e in doc.evidence if e.field == "title")
    assert hostile[span.start:span.end].startswith("关于")


def test_normalize_drops_every_bidi_control_keeping_offsets():
    [line] = normalize(f"甲{BIDI}乙")
    assert line.text == "甲乙" and list(line.offs) == [0, 1 + len(BIDI)]


def test_one_line_messages_escape_what_could_forge_or_hide_a_line():
    assert escaped("文件\n名\x1b[2J\u202e") == "文件\\n名\\x1b[2J\\u202e"
    assert escaped("关于 通知\u3000a") == "关于 通知\u3000a"  # spaces and Chinese stay as they are
    assert quoted("corpus/通知.txt") == "corpus/通知.txt"
    assert quoted("a\nb.txt") == "'a\\nb.txt'"
    assert quoted(" lead.txt") == "' lead.txt'"
    assert quoted("it's.txt") == "'it\\'s.txt'"


def test_a_label_made_from_an_iri_has_no_bidi_control():
    from kg.graph.iris import iri
    from kg.views.facts import tail

    assert tail(iri("doc", "file", "\u202e通知txt.exe")) == "通知txt.exe"
