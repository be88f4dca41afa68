"""The resolve step: a document leaves the pipeline with its roles and organs
resolved, and graph building only maps them to RDF."""
from __future__ import annotations

import ast

from kg.model import Organ, RoleRef
from kg.pipeline import STEPS, process
from kg.read import read

from .conftest import CORPUS, ROOT


def test_resolve_is_a_step_after_the_recognisers():
    names = [name for name, _ in STEPS]
    assert names[-1] == "resolve" and names.index("resolve") > names.index("mentions") > names.index("directives")


def test_a_document_leaves_the_pipeline_resolved():
    doc = process(read(CORPUS / "001_092036f7e9b9a680.txt"))  # 中共北京交通大学委员会, to 各二级党组织
    issuer = doc.organs[doc.issuer]
    assert issuer.name == "中共北京交通大学委员会" and "北京交通大学党委" in issuer.aliases
    assert all(d.actors for d in doc.directives)
    d = next(d for d in doc.directives if d.actor == "各级党组织和党员")
    assert d.actors == [RoleRef("党组织", "各级", True, ()), RoleRef("党员")]
    mixed = next(d for d in doc.directives if d.actor == "各学院、机关部处、直属单位党政主要负责人")
    assert mixed.actors[-1] == RoleRef("直属单位党政主要负责人", "", False, ("党政主要负责人",))
    assert RoleRef("党员") in doc.roles
    # 学校党委 in the committee's own document is the committee
    school = [m.organ for m in doc.mentions if m.kind == "organization" and m.value["name"] == "学校党委"]
    assert school and all(o.name == "中共北京交通大学委员会" for o in school)


def test_departments_resolve_with_their_parent():
    doc = process(read(CORPUS / "003_fd2a9579d902d1ba.txt"))
    office = next(o for name, o in doc.organs.items() if name.endswith("党委办公室"))
    assert office == Organ("中共广东机电职业技术学院委员会办公室", ("广东机电职业技术学院党委办公室",),
                           Organ("中共广东机电职业技术学院委员会", ("广东机电职业技术学院党委",)))


def test_graph_building_does_not_call_back_into_extraction():
    tree = ast.parse((ROOT / "kg" / "graph" / "build.py").read_text(encoding="utf-8"))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any("extract" in m for m in imported)


def test_generic_organs_are_kept_apart_per_issuer(tmp_path):
    """省委, 学校党委, 各二级党组织 in documents of two issuers: two organs each,
    the 省委 placed where the document names its province (吉林省教育厅)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import ORG, SKOS

    from kg.api import build
    from kg.graph.iris import iri
    from kg.graph.ns import KG
    from kg.graph.validate import validate

    build([ROOT / "tests" / "data" / "resolve"], tmp_path, views=False)
    g = Graph().parse(tmp_path / "graph.ttl")
    jilin, hebei = iri("doc", "吉农大党发〔2023〕7号"), iri("doc", "河工院党字〔2023〕2号")
    jilin_issuer, hebei_issuer = iri("org", "中共吉林农业大学委员会"), iri("org", "中共河北工程学院委员会")

    def mentioned(doc, label):
        return {o for o in g.objects(doc, KG.mentionsOrganization) if (o, SKOS.prefLabel, Literal(label, lang="zh")) in g}

    assert mentioned(jilin, "中共吉林省委员会") == {iri("org", "中共吉林省委员会")}
    assert mentioned(hebei, "省委") == {iri("org", "中共河北工程学院委员会", "省委")}
    assert (iri("org", "中共河北工程学院委员会", "省委"), ORG.linkedTo, hebei_issuer) in g
    assert jilin_issuer in set(g.objects(jilin, KG.mentionsOrganization))  # 学校党委 is the issuer
    assert hebei_issuer in set(g.objects(hebei, KG.mentionsOrganization))
    assert iri("org", "吉林省人民政府") in set(g.objects(jilin, KG.mentionsOrganization))  # 省政府
    addressed = {d: set(g.objects(d, KG.addressee)) for d in (jilin, hebei)}
    assert iri("org", "中共吉林农业大学委员会", "各二级党组织") in addressed[jilin]
    assert iri("org", "中共河北工程学院委员会", "各二级党组织") in addressed[hebei]
    assert not addressed[jilin] & addressed[hebei]
    # a generic name is no alias of the organ it was resolved to
    assert Literal("省委", lang="zh") not in set(g.objects(iri("org", "中共吉林省委员会"), SKOS.altLabel))
    assert validate(g).conforms
    # the corpus view tells the two 省委 apart in their tooltips
    from kg.views.project import Corpus, corpus

    view = corpus(Corpus(g))
    assert "所指相对于：中共河北工程学院委员会" in view.nodes[iri("org", "中共河北工程学院委员会", "省委")]["title"]


def test_a_named_place_qualifies_the_generic_organs_of_a_city():
    doc = process(read(ROOT / "tests" / "data" / "fixtures" / "joint.txt"))  # 中共四平市委员会 and 四平市人民政府
    assert doc.organs["市委各部委"].name == "中共四平市委员会各部委"
    assert doc.organs["市委各部委"].parent.name == "中共四平市委员会"
    assert doc.organs["市政府各委办局"].name == "四平市人民政府各委办局"
    assert doc.organs["中共四平市委办公室"].name == "中共四平市委员会办公室"  # not 中共中共…
    assert doc.organs["各人民团体"].within.name == "中共四平市委员会"


def test_which_names_are_relative_to_the_issuer():
    from kg.extract.organs import generic

    school = "中共北京交通大学委员会"
    for name in ("省委", "市政府", "县委组织部", "各二级党组织", "各学院", "机关部处"):
        assert generic(name, school) and generic(name, "国务院办公厅"), name
    assert generic("学校疫情防控领导小组", school) and generic("学院党委领导班子成员", "中共某某学院委员会组织部")
    assert not generic("学校", "国务院")  # schools in general, in a State Council document
    for name in ("各省", "中共吉林省委员会", "国务院", "吉林省教育厅", "党中央"):
        assert not generic(name, school), name
