"""The shortcuts taken for speed give what the plain way gives.

Extraction skips work where it can (lines with nothing to clean, positions
where no name can start, clauses with no cue); each shortcut here is checked
against the plain computation it replaces, on the corpus, realdev and the
fixtures, and on the odd inputs the shortcut has to let through.
"""
from __future__ import annotations

import re
from array import array
from pathlib import Path

import pytest

from kg.extract import mentions
from kg.text import normalize as N
from kg.text import places
from kg.text.chrome import _regexes, kind
from kg.text.patterns import opening
from kg.text.tokens import tagged_line

from .conftest import CORPUS, SHARED

ROOT = Path(__file__).resolve().parent
TEXTS = sorted([*CORPUS.glob("*.txt"), *(SHARED / "realdev" / "docs").glob("*.txt"),
                *(ROOT / "data" / "fixtures").glob("*.txt")])


def _lines():
    for path in TEXTS:
        yield from N.normalize(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize("raw, text, offs", [
    ("国务院办公厅", "国务院办公厅", [0, 1, 2, 3, 4, 5]),  # nothing to clean: one to one
    ("第１２条", "第12条", [0, 1, 2, 3]),  # full-width digits, same offsets
    ("签发人：张三\t\t李四", "签发人：张三" + N.GAP + "李四", [0, 1, 2, 3, 4, 5, 6, 8, 9]),
    ("马\u200b帅", "马帅", [0, 2]),  # zero-width space dropped
    ("**重要**通知", "重要通知", [2, 3, 6, 7]),
    ("京政发 【 2021】3号", "京政发〔2021〕3号", [0, 1, 2, 4, 6, 7, 8, 9, 10, 11, 12]),
    ("COVID 19 疫情", "COVID 19疫情", [0, 1, 2, 3, 4, 5, 6, 7, 9, 10]),
])
def test_cleaning_a_line_keeps_each_characters_offset(raw, text, offs):
    line = N._clean(raw, 0)
    assert (line.text, list(line.offs)) == (text, offs)
    shifted = N._clean(raw, 1000)
    assert list(shifted.offs) == [o + 1000 for o in offs]


def test_offsets_sliced_from_the_kept_array_are_a_range(monkeypatch):
    monkeypatch.setattr(N, "_IDENTITY", array("q"))
    monkeypatch.setattr(N, "_IDENTITY_MAX", 50_000)
    for start, end in [(0, 3), (5, 5), (10, 20_000), (19_990, 40_010), (49_000, 60_000), (0, 50_000)]:
        assert N._identity(start, end) == array("q", range(start, end))
    assert len(N._IDENTITY) <= 50_000  # past the cap, nothing more is kept


def test_a_document_past_the_kept_array_maps_back():
    raw = ("各地区各部门要认真贯彻落实。\n" * 80_000)  # over a million characters
    lines = N.normalize(raw)
    assert len(lines) == 80_000
    last = lines[-1]
    assert raw[last.offs[0]:last.offs[-1] + 1] == last.text


def test_opening_lookahead_changes_no_match():
    assert opening(["甲", ""]) == ""  # an empty word matches anywhere: no lookahead
    words = ["联系人", "校对", "电话", "Email", "E-mail", "[打印]"]
    plain = re.compile("|".join(map(re.escape, words)), re.I)
    fast = re.compile(opening(words) + "(?:" + "|".join(map(re.escape, words)) + ")", re.I)
    for text in ["联系人：张三，电话：1234", "EMAIL: a@b.cn", "e-MAIL", "[打印][关闭]", "无关的文字"]:
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)]


def test_places_found_in_one_pass_are_those_of_every_boundary():
    """The automaton finds, from each token boundary, the longest gazetteer
    name (at most 12 characters) ending on a boundary, as trying every pair of
    boundaries does."""
    gazetteer = places.names()
    automaton = places.automaton(mentions._NOT_A_PLACE_START)
    seen = 0
    for line in _lines():
        text = line.text
        starts = [a for _, _, a in tagged_line(text)]
        bounds = sorted(set(starts) | {len(text)})
        plain = []
        for i, s in enumerate(bounds):
            for e in reversed([b for b in bounds[i + 1:] if b <= s + 12]):
                if text[s:e] in gazetteer and not text[s:e].startswith(mentions._NOT_A_PLACE_START):
                    plain.append((s, e))
                    break
        longest: dict[int, int] = {}
        for _, s, e in automaton.find_matches_as_indexes(text, overlapping=True):
            if e - s <= 12 and e > longest.get(s, s) and s in starts and e in bounds:
                longest[s] = e
        assert sorted(longest.items()) == plain, text
        seen += len(plain)
    assert seen > 50  # the texts do name places


def test_a_line_with_a_sentence_is_no_chrome():
    """kind() stops before reading fields when the line holds a sentence's punctuation."""
    *_, plain = _regexes()
    assert plain  # no chrome word holds 。；！？, so the shortcut is taken
    assert kind("来源：国务院办公厅。各地区要抓好落实。") is None
    assert kind("来源：国务院办公厅　浏览次数：123") == "chrome"
    assert kind("发布时间：2022-10-12 10:30　【打印】【关闭】") == "chrome"


def test_tagging_clause_by_clause_gives_the_tokens_of_the_whole():
    """tagged_line tags each clause alone and keeps it: jieba must give the
    same tokens as for the whole text, quotations blanked or not."""
    from kg.extract.directives import _mask_quotes
    from kg.text.tokens import tagged

    paragraphs = [line.text for line in _lines()]
    paragraphs.append("".join(paragraphs[:40]))  # long, many clauses
    paragraphs += ["ABC，123。x.y；中文English混排、“引号”：第1条！", "，，。", "", "　各地区　要，"]
    for text in paragraphs + [_mask_quotes(t) for t in paragraphs]:
        assert tagged_line(text) == tuple(tagged(text, hmm=False)), text


def test_jiebas_tables_from_the_cache_tag_as_those_made_from_its_dictionary(tmp_path, monkeypatch):
    """jieba's tables with kg's words are made once and kept in the user's
    cache folder; loaded from there they give the same tokens and tags, and a
    damaged file is made again, not read."""
    from kg.text import tokens

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    paragraphs = [line.text for line in _lines()][:300]
    try:
        tokens.release()
        made = [tokens.tagged(t) for t in paragraphs]
        made_freq = dict(tokens.tokenizer().FREQ)
        [kept] = (tmp_path / "kg").glob("jieba-*.marshal")
        tokens.release()
        assert [tokens.tagged(t) for t in paragraphs] == made
        assert tokens.tokenizer().FREQ == made_freq
        kept.write_bytes(kept.read_bytes()[:1000])  # cut short
        tokens.release()
        assert [tokens.tagged(t) for t in paragraphs] == made
        assert kept.stat().st_size > 1_000_000  # written again
    finally:
        tokens.release()


@pytest.mark.parametrize("env, want", [
    ({"XDG_CACHE_HOME": "/var/cache/u", "HOME": "/home/u"}, "/var/cache/u/kg"),
    ({"XDG_CACHE_HOME": "relative/dir", "HOME": "/home/u"}, "/home/u/.cache/kg"),  # XDG: ignored
    ({"HOME": "/home/u"}, "/home/u/.cache/kg"),
])
def test_the_cache_folder_follows_xdg(env, want, monkeypatch):
    from kg.text.tokens import _cache_folder

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert str(_cache_folder()) == want


def test_jieba_imported_by_kg_still_tags_as_jieba_alone():
    """kg imports jieba without pkg_resources and puts off jieba.posseg's
    reading of its dictionary (0.3 s at every build's start); jieba's own
    tagger, used after kg is imported, tags as it does when imported alone."""
    import subprocess
    import sys

    text = "各级党组织要把学习贯彻党的二十大精神作为首要政治任务，北京市委和上海交通大学党委认真落实。"
    code = "import jieba.posseg as p, sys; print([tuple(x) for x in p.lcut(sys.argv[1])])"
    alone = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, check=True)
    after_kg = subprocess.run(
        [sys.executable, "-c", "import sys, kg.text.tokens; "
         "assert sys.modules.get('pkg_resources') is None, 'pkg_resources imported'; " + code, text],
        capture_output=True, text=True, check=True)
    assert after_kg.stdout == alone.stdout
    assert "('党组织', 'nt')" in alone.stdout  # tagged with jieba's table, not all 'x'
