"""Turtle blocks are written from key rows by kg (kg/graph/turtle.py), not by
Oxigraph: they must be Oxigraph's bytes, prefixed names, escapes and all."""
from __future__ import annotations

import pyoxigraph as ox

from kg.graph.build import PREFIXES, document_iri, document_rows
from kg.graph.stream import ox_term
from kg.graph.turtle import TurtleWriter, _key, parse
from kg.pipeline import process
from kg.read import read

from .conftest import CORPUS

ID = "https://w3id.org/kg-gongwen/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
S, P = (0, ID + "s"), (0, ID + "p")


def oxigraph(rows) -> bytes:
    return ox.serialize([ox.Triple(*map(ox_term, r)) for r in rows], format=ox.RdfFormat.TURTLE,
                        prefixes={k: str(v) for k, v in PREFIXES.items()})


def test_every_character_of_a_local_name_is_written_as_oxigraph_writes_it():
    w = TurtleWriter(PREFIXES)
    chars = [chr(c) for c in [*range(0x10000), *range(0x10000, 0x110000, 97)] if not 0xD800 <= c <= 0xDFFF]
    iris = []
    for c in chars:
        for local in (c, c + "b", "a" + c, "a" + c + "b", c + "%41" + c):
            try:
                ox.NamedNode(ID + local)
            except ValueError:  # not an IRI: kg never makes one
                continue
            iris.append((0, ID + local))
    rows = sorted((S, P, k) for k in iris)
    assert w.header + w.block(rows).encode() == oxigraph(rows)


def test_literals_and_iris_under_no_prefix_are_written_as_oxigraph_writes_them():
    w = TurtleWriter(PREFIXES)
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    objects = []
    for k in range(0, len(chars), 251):
        text = "".join(chars[k:k + 251])
        objects += [(2, text, "", ""), (2, text, "zh-Hant", ""), (2, text, "", XSD + "date")]
    for datatype in ("integer", "decimal", "double", "boolean"):
        for value in ("1", "-01", "+2", "1.5", ".5", "1.", "1e3", "1.5E-2", ".5e+1", "e3", "true", "false", "",
                      "TRUE", "1 ", "x"):
            objects.append((2, value, "", XSD + datatype))
    objects += [(0, "mailto:a@b.cn"), (0, "tel:+8610"), (0, "https://w3id.org/kg-gongwen/ontology"),
                (2, "x", "", "https://example.org/dt"), (0, ID)]
    rows = sorted({(S, P, o) for o in objects} | {(S, (0, XSD + "p"), o) for o in objects[:3]})
    assert w.header + w.block(rows).encode() == oxigraph(rows)


def test_blank_nodes_are_left_to_oxigraph():
    w = TurtleWriter(PREFIXES)
    rows = [((1, "b1"), P, (1, "b2")), ((1, "b1"), P, (2, "x", "", ""))]
    assert w.header + w.block(rows).encode() == oxigraph(rows)


def test_a_documents_blocks_are_oxigraphs_turtle_and_read_back_as_its_rows():
    w = TurtleWriter(PREFIXES)
    left = []
    w._written = lambda k: left.append(k) or TurtleWriter._written(w, k)
    for path in sorted(CORPUS.glob("*.txt")):
        doc = process(read(path))
        _, rows = document_rows(doc, document_iri(doc))
        text, index = w.blocks(rows)
        assert w.header + text == oxigraph(rows)
        assert [s for s, *_ in index] == sorted({r[0] for r in rows})
        assert sum(n for *_, n in index) == len(rows)
        s, offset, length, n = index[len(index) // 2]
        assert sorted(parse(w.header, text[offset:offset + length])) == [r for r in rows if r[0] == s]
        assert sorted(parse(w.header, text)) == rows
    # written here, not left to Oxigraph: only mailto: and tel: IRIs are under no prefix
    assert all(k[1].startswith(("mailto:", "tel:")) for k in left)


CITING = """中共吉林交通职业技术学院委员会文件

吉交院党字〔2022〕9号

关于进一步做好疫情防控工作的通知

各总支（直属党支部）：

根据《关于充分发挥基层党组织战斗堡垒和党员先锋模范作用助力坚决彻底阻断社会面疫情传播的通知》（吉交院组字〔2022〕2号）要求，现就有关事项通知如下。

一、各级党组织要严格落实防控措施。

二、全体党员要带头遵守防控规定。

中共吉林交通职业技术学院委员会
2022年3月20日
"""


def test_the_merged_turtle_is_oxigraphs_of_the_union_when_documents_share_subjects(tmp_path):
    """A document's own blocks are made where it was extracted; when another
    document says something of the same subject (it cites the document; a copy
    of the file has the same source file), the merge reads the block back and
    merges it: graph.ttl is still Oxigraph's Turtle of the union of the graphs."""
    from kg.api import build

    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(CORPUS.glob("*.txt")):
        (src / f.name).write_bytes(f.read_bytes())
    cited = next(CORPUS.glob("000_*.txt"))
    (src / "copy.txt").write_bytes(cited.read_bytes())
    (src / "citing.txt").write_text(CITING, encoding="utf-8")
    out = tmp_path / "out"
    build([src], out, views=False)

    quads = list(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    subject = ox.NamedNode(ID + "doc/吉交院组字〔2022〕2号")
    assert len({q.graph_name for q in quads if q.subject == subject}) == 2  # its own graph and the citing one's
    union = sorted({(_key(q.subject), _key(q.predicate), _key(q.object)) for q in quads})
    assert (out / "graph.ttl").read_bytes() == oxigraph(union)


def test_iris_under_two_namespaces_are_left_to_oxigraph():
    prefixes = {"a": "http://x.org/", "b": "http://x.org/y/", "c": "http://z.org/"}
    w = TurtleWriter(prefixes)
    rows = sorted((S, P, (0, iri)) for iri in ("http://x.org/y/z", "http://x.org/q", "http://z.org/r", "http://x.org/y/"))
    assert w.header + w.block(rows).encode() == ox.serialize(
        [ox.Triple(*map(ox_term, r)) for r in rows], format=ox.RdfFormat.TURTLE, prefixes=prefixes)
