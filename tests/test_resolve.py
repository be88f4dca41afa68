"""The resolve step: a document leaves the pipeline with its roles and organs
resolved, and graph building only maps them to RDF."""
from __future__ import annotations

import ast
from pathlib import Path

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
