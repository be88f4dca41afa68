"""The GB/T 9704 elements: the corpus against the gold files, and fixture
documents for what the corpus lacks."""
from __future__ import annotations

import json
import re

import pytest

from kg.pipeline import process
from kg.read import read
from kg.records import KEYS, record

from .conftest import FIXTURES, GOLD, scored

ELEMENT_FIELDS = ["issuer", "doc_number", "title", "doc_type", "date", "printed_by", "printed_on",
                  "copy_number", "secrecy", "urgency", "note", "addressees", "signatories", "signers",
                  "cc", "attachments", "sections"]


def score(records_path) -> dict[str, float]:
    scores, report = scored(GOLD, records_path)
    assert "no record for" not in report
    return scores


def test_records_have_exactly_the_gold_keys(corpus_records):
    assert len(corpus_records) == 5
    for rec in corpus_records.values():
        # "parts" (attached documents) may follow; score.py reads only the gold keys
        assert tuple(rec)[: len(KEYS)] == KEYS and set(rec) - set(KEYS) <= {"parts"}


def test_corpus_scores_1_on_every_element(corpus_build):
    _, out = corpus_build
    scores = score(out / "records.jsonl")
    assert {f: scores[f] for f in ELEMENT_FIELDS} == {f: 1.0 for f in ELEMENT_FIELDS}


@pytest.mark.parametrize("gold_file", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem[:3])
def test_corpus_document_elements_equal_gold(gold_file, corpus_records):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    rec = corpus_records[gold["source"]]
    for field in ("doc_number", "date", "doc_type", "printed_on", "sections", "signatories", "cc"):
        want = gold[field]
        got = rec[field]
        if isinstance(want, list):
            want = [x.replace(" ", "") for x in want]
        assert got == want, field
    assert rec["issuer"] in [gold["issuer"], *gold.get("issuer_aliases", [])]


FIXTURE_DOCS = sorted(p for p in FIXTURES.glob("*.txt") if (p.with_suffix(".expected.json")).exists())


def _same(a, b):
    norm = lambda v: None if v is None else re.sub(r"\s+", "", str(v))
    if isinstance(b, list):
        return [norm(x) for x in a] == [norm(x) for x in b]
    return norm(a) == norm(b)


@pytest.mark.parametrize("path", FIXTURE_DOCS, ids=lambda p: p.stem)
def test_fixture_document(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    doc = process(read(path))
    rec = {k: getattr(doc, k) for k in expected if k not in ("sections", "parts")}
    rec["sections"] = [s.heading for s in doc.sections if s.level == 1]
    wrong = {k: (rec[k], v) for k, v in expected.items() if k != "parts" and not _same(rec[k], v)}
    assert not wrong, wrong
    # attached documents: each with the values given for it; none where none are given
    got = [record(p) for p in doc.parts] if doc.parts else []
    want = expected.get("parts", [])
    assert len(got) == len(want), [p["title"] for p in got]
    for g, w in zip(got, want):
        g["label"] = part_label = next(p.label for p in doc.parts if record(p)["title"] == g["title"])
        assert part_label == w.get("label", part_label)
        wrong = {k: (g[k], v) for k, v in w.items() if not _same(g[k], v)}
        assert not wrong, wrong


def test_there_are_fixtures_for_every_gap_in_the_corpus():
    names = {p.stem for p in FIXTURE_DOCS}
    assert {"full_header", "joint", "request_qingshi", "letter_han", "chinese_date", "gb18030", "footer"} <= names
    # layouts (issue 8): web/gazette, titles, mastheads, 令, attached documents, body only
    assert {"web_layout", "title_own_number", "title_guillemets", "nested_doc_type", "masthead_two_lines",
            "joint_masthead_seal", "joint_masthead_beside", "long_addressees", "signer_short", "order", "attached_plan",
            "attachment_numbered", "attachment_then_footer", "body_only", "web_notice_downloads", "adopted_decision",
            "title_rules_above_number", "web_page_leftovers"} <= names


NONDOCS = sorted((FIXTURES.parent / "nondocs").glob("*.txt"))
# why each is refused: the reason must say it
NONDOC_REASONS = {
    "english": "hardly any Chinese text",
    "source_code.py": "hardly any Chinese text",
    "statistics_table": "hardly any Chinese text",
    "news_report": "too few other marks of one (found: signed closing, prescriptive sentences)",
    "speech": "too few other marks of one (found: addressee, sections, prescriptive sentences)",
    "story": "too few other marks of one (found: none)",
    # a report on a document that does not print it (no 全文如下, no 并发出通知)
    "news_about_a_document": "too few other marks of one (found: none)",
}


@pytest.mark.parametrize("path", NONDOCS, ids=lambda p: p.stem)
def test_non_documents_are_refused_with_their_reason(path):
    from kg.errors import NotAnOfficialDocument

    with pytest.raises(NotAnOfficialDocument) as refused:
        process(read(path))
    assert NONDOC_REASONS[path.stem] in refused.value.message


def test_there_is_a_set_of_non_documents():
    assert {p.stem for p in NONDOCS} == set(NONDOC_REASONS)


def test_a_body_only_page_is_built_with_warnings():
    doc = process(read(FIXTURES / "body_only.txt"))
    assert doc.title is None and doc.doc_number is None
    assert doc.warnings == ["no title, doc_type, doc_number found; built from the body's marks "
                            "(addressee, signed closing, sections, prescriptive sentences, formula)"]


@pytest.mark.parametrize("text, iso", [
    ("2019年1月8日", "2019-01-08"),
    ("二〇一九年一月八日", "2019-01-08"),
    ("二○一九年十二月三十一日", "2019-12-31"),
    ("二O一九年一月八日", "2019-01-08"),
    # a digit 0 typed among Chinese numerals, as many documents have it
    ("二0一九年一月八日", "2019-01-08"),
    ("二0二二年十月二十日", "2022-10-20"),
])
def test_a_date_in_any_numerals(text, iso):
    from kg.text import patterns as P

    assert P.iso_date(P.DATE.search(text)) == iso
    assert P.DATE.search("0000年1月1日") is None  # digits alone are no Chinese year


@pytest.mark.parametrize("text, number", [
    ("某府发（2021）8号", "某府发〔2021〕8号"),
    ("政府令（2010）第15号", "政府令〔2010〕第15号"),
    ("某府发[2021]08号", "某府发〔2021〕08号"),  # a 虚位 the standard forbids, kept as printed: readers copy it
    ("昌政征启公告〔2024〕05号", "昌政征启公告〔2024〕05号"),
])
def test_document_number_in_standard_brackets_with_its_printed_serial(text, number):
    from kg.text import patterns as P
    from kg.text.normalize import normalize

    assert P.doc_number(P.DOC_NUMBER.search(normalize(text)[0].text)) == number


@pytest.mark.parametrize("text, date", [
    ("20141210", "2014-12-10"), ("2018525", "2018-05-25"), ("201745", "2017-04-05"),
    ("2020年228", "2020-02-28"), ("2020年25", "2020-02-05"),  # a page that dropped 月 and 日
    ("2020123", None),  # 1月23日 or 12月3日
    ("2020年12", None),  # a month alone, perhaps
    ("2020年231", None),  # no such day
])
def test_a_closing_date_whose_month_and_day_marks_were_dropped(text, date):
    from kg.text import patterns as P

    m = P.closing_date(text, bare=True)
    assert (P.iso_date(m) if m else None) == date
