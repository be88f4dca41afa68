"""The graph: ontology terms, SHACL conformance, determinism, stable IRIs."""
from __future__ import annotations

import shutil

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS

from kg import ontology_files
from kg.api import build
from kg.data import lexicon
from kg.graph import gen_ns
from kg.graph.iris import DOCTYPE, iri, segment
from kg.graph.ns import KG
from kg.graph.validate import validate

from .conftest import CORPUS


def test_ns_module_is_generated_from_the_ontology():
    assert gen_ns.main(["--check"]) == 0


def test_every_ns_term_is_declared_in_the_turtle_file():
    onto = Graph().parse(ontology_files.path(ontology_files.ONTOLOGY))
    for name in KG.__annotations__:
        term = KG[name]
        assert (term, RDF.type, None) in onto, name


def test_doc_type_scheme_matches_the_lexicon():
    scheme = Graph().parse(ontology_files.path(ontology_files.DOCTYPES))
    for row in lexicon("doc_types"):
        assert (DOCTYPE[row[2]], SKOS.prefLabel, Literal(row[0], lang="zh")) in scheme
    assert len(set(scheme.subjects(RDF.type, SKOS.Concept))) == 15


def test_corpus_graph_conforms_to_the_shapes(corpus_graph):
    result = validate(corpus_graph)
    assert result.conforms, result.text


def test_shapes_catch_a_broken_document(corpus_graph):
    broken = Graph()
    broken += corpus_graph
    doc = iri("doc", "校党发〔2022〕19号")
    broken.remove((doc, DCTERMS.title, None))
    broken.add((doc, DCTERMS.identifier, Literal("not a number")))
    result = validate(broken)
    assert not result.conforms
    assert "title" in result.text and "identifier" in result.text


def test_graph_parses_in_a_second_rdf_parser(corpus_build):
    import pyoxigraph

    _, out = corpus_build
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    rdflib_count = len(Graph().parse(out / "graph.ttl"))
    assert len(store) == rdflib_count
    titles = list(store.query("SELECT ?t WHERE { ?d a <%s> ; <%s> ?t }" % (KG.OfficialDocument, DCTERMS.title)))
    assert len(titles) == 5


def test_builds_are_byte_identical(tmp_path, corpus_build):
    _, first = corpus_build
    # another build, from a copy of the corpus in another folder
    shutil.copytree(CORPUS, tmp_path / "corpus")
    build([tmp_path / "corpus"], tmp_path / "out")
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (first / "graph.ttl").read_bytes()
    assert (tmp_path / "out" / "records.jsonl").read_bytes() == (first / "records.jsonl").read_bytes()


def test_same_organ_is_one_node_across_aliases(corpus_graph):
    # 000 is signed 中共吉林交通职业技术学院委员会组织部 and headed 吉林交通职业技术学院党委组织部
    organ = iri("org", "中共吉林交通职业技术学院委员会组织部")
    assert (organ, RDF.type, ORG.Organization) in corpus_graph
    assert (organ, SKOS.altLabel, Literal("吉林交通职业技术学院党委组织部", lang="zh")) in corpus_graph
    assert (organ, ORG.subOrganizationOf, iri("org", "中共吉林交通职业技术学院委员会")) in corpus_graph
    issuers = set(corpus_graph.objects(None, DCTERMS.creator))
    assert len(issuers) == 5


def test_evidence_quotes_the_source(corpus_graph):
    from rdflib import Namespace

    OA = Namespace("http://www.w3.org/ns/oa#")
    files = {str(p.name): p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    n = 0
    for d, e in corpus_graph.subject_objects(KG.evidence):
        f = corpus_graph.value(d, PROV.wasDerivedFrom)  # the file is the document's
        text = files[str(corpus_graph.value(f, KG.fileName))]
        start, end = int(corpus_graph.value(e, OA.start)), int(corpus_graph.value(e, OA.end))
        assert text[start:end] == str(corpus_graph.value(e, OA.exact))
        assert (corpus_graph.value(e, RDF.subject), corpus_graph.value(e, RDF.predicate),
                corpus_graph.value(e, RDF.object)) in corpus_graph
        n += 1
    assert n > 50


def test_text_in_iris_is_escaped():
    hostile = 'a b<script>"x"{}|^`\\/?#'
    out = segment(hostile)
    assert not set(' <>"{}|^`\\/?#') & set(out)
    assert segment("校党发〔2022〕19号") == "校党发〔2022〕19号"  # readable where allowed
    assert isinstance(iri("org", hostile), URIRef)


def test_fixture_documents_graph_conforms_and_the_recipe_is_refused(tmp_path):
    from .conftest import FIXTURES

    # the documents, not their expected records (a folder build would read those too: every file is sniffed)
    result = build(sorted(FIXTURES.glob("*.txt")), tmp_path)
    assert [s.code for s in result.skipped] == ["KG201"]
    assert result.skipped[0].file.endswith("not_official.txt")
    graph = Graph().parse(tmp_path / "graph.ttl")
    report = validate(graph)
    assert report.conforms, report.text
    # the joint document has both organs as signatories, the first as creator
    joint = iri("doc", "四发〔2021〕12号")
    signatories = {str(graph.value(o, SKOS.prefLabel)) for o in graph.objects(joint, KG.signatory)}
    assert signatories == {"中共四平市委员会", "四平市人民政府"}
    assert str(graph.value(graph.value(joint, DCTERMS.creator), SKOS.prefLabel)) == "中共四平市委员会"


def test_parallel_build_gives_the_same_bytes(tmp_path, corpus_build, monkeypatch):
    """Workers write their documents' cache entries; their N-Quads and Turtle
    blocks reach the graph's files from there (ranges of the entries), not
    through the pipe, and the bytes are those of a build in one process."""
    import kg.api
    from kg.graph.stream import GraphWriter
    from kg.ranges import FileRange

    _, first = corpus_build
    monkeypatch.setattr(kg.api, "PARALLEL_FROM", 1)
    added = []
    add = GraphWriter.add
    monkeypatch.setattr(GraphWriter, "add", lambda self, graph, rows, nquads=None, blocks=None: (
        added.append((nquads, blocks and blocks[0])), add(self, graph, rows, nquads, blocks))[1])
    kg.api.build([CORPUS], tmp_path, jobs=2, views=False)  # without views: blocks made in the workers
    # the five documents' (the ontology's graph is made in this process)
    assert sum(all(isinstance(part, FileRange) for part in pair) for pair in added) == 5
    for name in ("graph.ttl", "graph.nq", "records.jsonl"):
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_graph_nq_repeats_only_what_documents_share(corpus_build):
    """graph.ttl holds each triple once; graph.nq holds each document's graph
    whole, so a shared node (an organ, a person, a slogan, the software agent)
    is described in every graph that mentions it: more quads than triples."""
    import json
    from collections import Counter

    import pyoxigraph as ox

    _, out = corpus_build
    quads = list(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    triples = Counter((q.subject, q.predicate, q.object) for q in quads)
    ttl = list(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(triples) == len(ttl) == report["triples"] < len(quads)
    repeated = {s.value for (s, _, _), n in triples.items() if n > 1}
    assert repeated and not any("/directive/" in s or "/evidence/" in s or "/section/" in s for s in repeated)
    documents = {q.graph_name.value for q in quads}
    assert not repeated & documents  # a document's own statements are in its graph only


def test_a_series_number_names_a_document_with_its_issuer(tmp_path):
    # 公告 第2号 of two issuers: two documents, no "same number" warning
    from .conftest import DATA

    text = (DATA / "web" / "series_number_line.txt").read_text(encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(text, encoding="utf-8")
    (src / "b.txt").write_text(text.replace("某市选举委员会", "某县选举委员会"), encoding="utf-8")
    result = build([src], tmp_path / "out", views=False)
    assert len(result.documents) == 2 and not any("same document number" in w for w in result.warnings)
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    for issuer in ("某市选举委员会", "某县选举委员会"):
        assert (iri("doc", issuer, "第2号"), None, None) in g
