"""Roles, named things and their links across documents, in records and graph."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SKOS

from kg.api import build
from kg.cli import cli
from kg.evaluate import evaluate
from kg.extract import roles
from kg.graph.iris import ROLE, iri
from kg.graph.ns import KG
from kg.graph.validate import validate

from .conftest import CORPUS, FIXTURES, GOLD, SHARED

ELI = Namespace("http://data.europa.eu/eli/ontology#")


@pytest.mark.parametrize("field", ["persons", "places", "slogans", "referenced_documents", "contacts"])
def test_named_things_reach_f1_095_on_the_corpus(corpus_build, field):
    _, out = corpus_build
    rows = {name: value for name, value, _ in evaluate(GOLD, out / "records.jsonl").table()}
    assert rows[field] >= 0.95


MENTION_FIXTURES = sorted(FIXTURES.glob("*.mentions.json"))


@pytest.fixture(scope="module")
def fixture_scores(tmp_path_factory):
    """Documents written for what the corpus lacks (社区/街道/镇/村 names, places in titles and
    in organs' and websites' names, lists of names, 签发人, 习近平…思想, cited numbers after 和/在,
    举报电话/咨询电话), each with the named things it must give (NAME.mentions.json), scored
    as the gold scorer scores the corpus."""
    import json

    tmp = tmp_path_factory.mktemp("mention_fixtures")
    gold = tmp / "gold"
    gold.mkdir()
    docs = []
    for path in MENTION_FIXTURES:
        doc = FIXTURES / path.name.replace(".mentions.json", ".txt")
        docs.append(doc)
        expected = json.loads(path.read_text(encoding="utf-8"))
        (gold / path.name).write_text(json.dumps({"source": doc.name, **expected}, ensure_ascii=False), encoding="utf-8")
    build(docs, tmp / "out")
    return {name: value for name, value, _ in evaluate(gold, tmp / "out" / "records.jsonl").table()}


@pytest.mark.parametrize("field", ["persons", "places", "slogans", "referenced_documents", "contacts"])
def test_named_things_reach_f1_095_on_the_fixtures(fixture_scores, field):
    assert len(MENTION_FIXTURES) >= 4
    assert fixture_scores[field] >= 0.95


@pytest.mark.parametrize("name", ["mentions_contact_lines", "mentions_short_names", "mentions_awarded",
                                  "mentions_contact_lists"])
def test_named_things_of_a_fixture_come_out_exactly(name):
    """mentions_contact_lines: 联系人：孙老师 联系电话：… and 联 系 人：钱立新 / 通信地址：…
    come out as one line each (联系人：孙老师联系电话：…): the name ends where the next
    label starts, and a number's extension keeps its closing bracket.
    mentions_short_names: 《…的通知》（X〔2024〕3号，以下简称《通知》）: the number is the
    cited document's, and 《通知》, 《办法》 after 以下简称 are the documents cited before.
    mentions_awarded: 授予王海燕等86名同志…: one name for many is a person too.
    mentions_contact_lists: 联系人及联系方式： over lines of a name and a number, and
    （联系人及电话：周颖 020-…）: each name a contact with its number."""
    import json

    from kg.pipeline import process
    from kg.read import read
    from kg.records import record

    doc = FIXTURES / f"{name}.txt"
    got = record(process(read(doc)))
    for field, expected in json.loads(doc.with_suffix(".mentions.json").read_text(encoding="utf-8")).items():
        assert got[field] == expected, field


def test_places_come_from_the_division_gazetteer():
    from kg.data import lexicon
    from kg.text.places import names

    assert len(lexicon("divisions")) > 3000  # every province, city and county
    g = names()
    assert {"延边朝鲜族自治州", "延边州", "延边", "滕州市", "滕州", "巴东县", "巴东", "北京", "内蒙古", "海淀区"} <= g
    assert "海淀" not in g and "市辖区" not in g  # districts only in full; no placeholder rows


def test_kg_eval_prints_what_the_shared_scorer_prints(corpus_build):
    _, out = corpus_build
    ours = CliRunner().invoke(cli, ["eval", "--gold", str(GOLD), "--records", str(out / "records.jsonl")]).output
    theirs = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(GOLD),
                             "--pred", str(out / "records.jsonl")], capture_output=True, text=True).stdout
    assert ours == theirs
    assert "key_directives           1.000  recall 32/32" in ours


def test_names_and_slogans_are_whole_across_line_breaks(corpus_records):
    rec = corpus_records["000_2dafe728cb752b67.txt"]
    assert "两个确立" in rec["slogans"] and "动态清零" in rec["slogans"]  # “两个确\n\n立”, “动\n 态清零”
    assert {"name": "马帅", "title": "校对"} in corpus_records["002_f6f408c41129c20e.txt"]["persons"]  # 校 对：马 帅
    contact = corpus_records["004_39f6a2b21c735597.txt"]["contacts"][0]
    assert contact == {"name": "范沁", "email": "zuzhib@qztc.edu.cn", "phone": None, "organization": "学校党委组织部"}


def test_role_scheme_hierarchy_and_variants():
    s = roles.scheme()
    assert s.broader["学生党员"] == ["党员"]
    assert s.broader["党支部"] == ["基层党组织"] and s.broader["基层党组织"] == ["党组织"]
    assert s.preferred["共产党员"] == "党员"
    r = roles.role("全校各级党组织")
    assert (r.label, r.scope, r.known) == ("党组织", "全校各级", True)
    new = roles.role("其他地方单位")
    assert (new.label, new.scope, new.known, new.broader) == ("地方单位", "其他", False, ("单位",))


def test_roles_in_the_graph(corpus_graph):
    g = corpus_graph
    # 党组织 is the actor of directives in all five documents: one node
    docs = {d for d, _, directive in g.triples((None, KG.hasDirective, None))
            if (directive, KG.actor, ROLE["党组织"]) in g}
    assert len(docs) >= 3
    # a role from no scheme is added under its head word
    assert (ROLE["医护员工党员"], SKOS.broader, ROLE["党员"]) in g
    # scope is kept apart from the role
    scoped = [d for d in g.subjects(KG.actorText, Literal("全校各级党组织"))]
    assert scoped and all((d, KG.scope, Literal("全校各级")) in g for d in scoped)


def test_same_slogan_is_one_node_across_documents(corpus_graph):
    slogan = iri("slogan", "四个意识")
    quoting = set(corpus_graph.subjects(KG.quotes, slogan))
    assert len(quoting) == 3  # 000, 003, 004
    assert (slogan, RDF.type, KG.Slogan) in corpus_graph


def test_cited_document_in_the_corpus_links_to_its_node(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(CORPUS, folder)
    (folder / "citing.txt").write_text(
        "中共北京交通大学委员会文件\n校党发〔2022〕25号\n关于转发有关文件的通知\n各二级党组织：\n"
        "现将《关于在新冠肺炎疫情防控工作中进一步发挥学校各级党组织战斗堡垒作用和党员先锋模范作用的通知》"
        "（校党发〔2022〕19号）转发给你们，各二级党组织要认真贯彻落实。\n中共北京交通大学委员会\n2022年6月1日\n",
        encoding="utf-8")
    build([folder], tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    cited = iri("doc", "校党发〔2022〕19号")
    assert (iri("doc", "校党发〔2022〕25号"), ELI.cites, cited) in g
    assert (cited, RDF.type, KG.OfficialDocument) in g  # the corpus document itself
    assert validate(g).conforms


def test_self_reference_links_to_the_issuer(corpus_graph):
    # 001 speaks of 学校党委: that is its own issuer
    doc = iri("doc", "校党发〔2022〕19号")
    assert (doc, KG.mentionsOrganization, iri("org", "中共北京交通大学委员会")) in corpus_graph


def test_shapes_catch_a_directive_without_actor(corpus_graph):
    broken = Graph()
    broken += corpus_graph
    directive = next(broken.subjects(RDF.type, KG.Directive))
    broken.remove((directive, KG.actor, None))
    result = validate(broken)
    assert not result.conforms and "actor" in result.text
