"""Traditional characters: detected, read through the same rules in simplified
characters, labelled in simplified, quoted in the source's characters."""
from __future__ import annotations

import re

import opencc
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, FOAF, SKOS

from kg.api import build
from kg.evaluate import evaluate
from kg.graph.build import OA, PROV
from kg.graph.ns import KG
from kg.model import Line
from kg.text import script

from .conftest import CORPUS, GOLD, SHARED

REALDEV = SHARED / "realdev" / "docs"
SIMPLIFIED = sorted(CORPUS.glob("*.txt")) + sorted(REALDEV.glob("*.txt"))
_TO_SIMPLIFIED = opencc.OpenCC("t2s")


def traditional(text: str, config: str = "s2t") -> str:
    return opencc.OpenCC(config).convert(text)


@pytest.mark.parametrize("path", SIMPLIFIED, ids=lambda p: p.stem[:10])
def test_simplified_documents_are_not_taken_for_traditional(path):
    text = path.read_text(encoding="utf-8")
    assert not script.is_traditional(text)
    # the same document in traditional characters (mainland, Hong Kong or Taiwan forms) is
    for config in ("s2t", "s2hk", "s2tw"):
        assert script.is_traditional(traditional(text, config)), config


def test_a_few_traditional_characters_in_simplified_text_are_left_alone():
    text = SIMPLIFIED[0].read_text(encoding="utf-8") + "\n参见《四庫全書總目》、《資治通鑑》。\n"
    assert not script.is_traditional(text)


def test_conversion_is_by_phrase_and_keeps_every_offset():
    line = Line("乾隆年間，各級黨組織覆函", list(range(100, 112)))
    (out,) = script.to_simplified([line])
    assert out.text == "乾隆年间，各级党组织复函"  # 乾隆 is a name, not 干隆
    assert out.offs == line.offs


def test_a_conversion_that_changes_length_falls_back_to_characters(monkeypatch):
    # OpenCC's phrase tables may map a phrase to one of another length: the run
    # is then converted character by character, so offsets stay aligned
    def convert(text):
        return _TO_SIMPLIFIED.convert(text).replace("组织", "组")
    monkeypatch.setattr(script, "_convert", convert)
    (out,) = script.to_simplified([Line("黨組織要學習", list(range(6)))])
    assert len(out.text) == 6 and list(out.offs) == list(range(6))
    assert out.text.startswith("党")


@pytest.fixture(scope="module")
def traditional_corpus(tmp_path_factory):
    """The corpus in traditional characters, built."""
    src = tmp_path_factory.mktemp("traditional_corpus")
    for path in sorted(CORPUS.glob("*.txt")):
        (src / path.name).write_text(traditional(path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path_factory.mktemp("traditional_out")
    build([src], out)
    return src, out


def test_traditional_corpus_gives_the_gold_records(traditional_corpus):
    _, out = traditional_corpus
    score = evaluate(GOLD, out / "records.jsonl")
    assert not score.missing
    assert not score.mismatches, score.mismatches[:5]
    found, total = score.keys
    assert total and found == total


def test_traditional_graph_labels_are_simplified_and_evidence_quotes_the_source(traditional_corpus):
    src, out = traditional_corpus
    g = Graph().parse(out / "graph.ttl")
    labels = [str(o) for p in (SKOS.prefLabel, SKOS.altLabel, FOAF.name, DCTERMS.title, KG.heading)
              for o in g.objects(None, p)]
    assert labels
    # every label reads the same after t2s conversion: it is in simplified characters
    mixed = [x for x in labels if _TO_SIMPLIFIED.convert(x) != x]
    assert not mixed, mixed[:5]
    # no organ with a doubled party prefix
    assert not [x for x in labels if re.search(r"中共中共|中共中国共产党", x)]
    # oa:exact is the source's characters at oa:start..oa:end: traditional ones
    raw = {p.name: p.read_text(encoding="utf-8") for p in src.glob("*.txt")}
    exacts = 0
    for d, e in g.subject_objects(KG.evidence):
        file_name = str(g.value(g.value(d, PROV.wasDerivedFrom), KG.fileName))
        start, end = int(g.value(e, OA.start)), int(g.value(e, OA.end))
        exact = str(g.value(e, OA.exact))
        assert raw[file_name][start:end] == exact
        exacts += _TO_SIMPLIFIED.convert(exact) != exact
    assert exacts > 100
    assert set(g.objects(None, DCTERMS.language)) == {Literal("zh-Hant")}


def test_simplified_sources_say_no_language(corpus_graph):
    assert not list(corpus_graph.objects(None, DCTERMS.language))


def test_traditional_web_notice_gives_the_record_of_its_simplified_text(tmp_path):
    from kg.pipeline import process
    from kg.read import read
    from kg.records import record

    from .conftest import DATA

    path = DATA / "web" / "chrome_traditional.txt"
    doc = process(read(path))
    assert doc.script == "traditional"
    simplified = tmp_path / path.name
    simplified.write_text(_TO_SIMPLIFIED.convert(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert record(doc) == record(process(read(simplified)))
    found = {(d.actor, d.modality) for d in doc.directives}
    assert ("各级党组织", "prohibition") in found and ("各县（市、区）委组织部", "obligation") in found
    assert any("突击发展" in d.action for d in doc.directives)


def test_traditional_organ_names_are_simplified_and_never_doubled(tmp_path):
    from .conftest import DATA

    src = tmp_path / "in"
    src.mkdir()
    (src / "notice.txt").write_bytes((DATA / "web" / "chrome_traditional.txt").read_bytes())
    build([src], tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    organs = {str(label) for label in g.objects(None, SKOS.prefLabel) if "委" in str(label)}
    assert "中共通化市委员会组织部" in organs
    assert not [x for x in organs if "中共中共" in x or _TO_SIMPLIFIED.convert(x) != x]


def test_realdev_in_traditional_characters_gives_the_same_records_and_directives():
    """The same rules on 30 State Council documents: every field and every
    directive equal to those read from the simplified text."""
    from kg.errors import KGError
    from kg.model import Source
    from kg.pipeline import process
    from kg.records import record

    def outcome(path, text):
        try:
            return record(process(Source(path, text, "txt")))
        except KGError as exc:
            return exc.code

    paths = sorted(REALDEV.glob("*.txt"))
    assert len(paths) >= 30
    directives = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        simplified = outcome(path, text)
        assert outcome(path, traditional(text)) == simplified, path.name
        if isinstance(simplified, dict):  # the cover's directives and its attached documents'
            directives += len(simplified["directives"])
    assert directives > 200


@pytest.mark.parametrize("page", ["university_news", "sidebar_news"])
def test_a_page_in_traditional_characters_gives_the_record_of_the_simplified_page(tmp_path, page):
    from kg.pipeline import process
    from kg.read import read
    from kg.records import record

    from .conftest import DATA

    path = DATA / "web" / f"{page}.html"
    converted = tmp_path / path.name
    converted.write_text(traditional(path.read_text(encoding="utf-8"), "s2tw"), encoding="utf-8")
    doc = process(read(converted))
    assert doc.script == "traditional" and doc.source.format == "html"
    assert record(doc) == record(process(read(path)))
