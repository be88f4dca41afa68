"""Real State Council documents in the web layout of the central government's
policy library (../shared/realdev): title first, wrapped, then the number;
no masthead, no 版记; attached plans and reports after the date."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef

from kg.graph.build import ELI, ODRL
from kg.graph.ns import KG

from .conftest import SHARED, scored

REALDEV = SHARED / "realdev"
pytestmark = pytest.mark.skipif(not REALDEV.is_dir(), reason="../shared/realdev is not there")


@pytest.fixture(scope="module")
def realdev_build(tmp_path_factory):
    from kg.api import build

    out = tmp_path_factory.mktemp("realdev")
    result = build([REALDEV / "docs"], out, views=False)
    return result, out


@pytest.fixture(scope="module")
def realdev_records(realdev_build):
    _, out = realdev_build
    return {r["source"]: r for r in map(json.loads, (out / "records.jsonl").read_text(encoding="utf-8").splitlines())}


def test_realdev_scores_at_least_095(realdev_build):
    result, out = realdev_build
    assert not result.skipped
    scores, report = scored(REALDEV / "gold", out / "records.jsonl")
    for field in ("title", "doc_type", "issuer", "date", "doc_number"):
        assert scores[field] >= 0.95, (field, report)


def test_attached_documents_are_parts_not_footer(realdev_records):
    # 印发 notice: the plan after the date is an attached document with its own sections and directives
    rec = realdev_records["govcn_003.txt"]
    assert rec["title"] == "国务院关于印发国家职业教育改革实施方案的通知" and rec["sections"] == []
    [plan] = rec["parts"]
    assert plan["title"] == "国家职业教育改革实施方案"
    assert len(plan["sections"]) >= 7
    # its directives are the document's too, marked as the first part's (score.py reads them there)
    assert len([d for d in rec["directives"] if d.get("part") == 1]) >= 10
    # 附件1 / 附件2 after the signature: two parts, each with its own title, signature and date
    parts = realdev_records["govcn_023.txt"]["parts"]
    assert [(p["label"], p["doc_type"], p["date"]) for p in parts] == [
        ("附件1", "报告", "2004-10-10"), ("附件2", "意见", "2004-09-23")]
    # 转发 notice: the cover's date and signature, not those of the report it forwards
    rec = realdev_records["govcn_051.txt"]
    assert (rec["issuer"], rec["date"]) == ("国务院办公厅", "1997-02-04")
    assert rec["parts"][0]["issuer"] == "国家地震局"


def test_attached_document_in_the_graph(realdev_build):
    _, out = realdev_build
    g = Graph().parse(out / "graph.ttl")
    cover = URIRef("https://w3id.org/kg-gongwen/id/doc/国发〔2019〕4号")
    [part] = list(g.objects(cover, ELI.has_part))
    assert (part, ELI.is_part_of, cover) in g
    assert (part, URIRef("http://purl.org/dc/terms/title"), Literal("国家职业教育改革实施方案")) in g
    directives = list(g.objects(part, KG.hasDirective))
    assert directives
    state_council = URIRef("https://w3id.org/kg-gongwen/id/org/国务院")
    assert all((d, ODRL.assigner, state_council) in g for d in directives)
    assert list(g.objects(part, KG.hasSection))
