"""Exports: every RDF format parses back to the same graph; networks hold the entities."""
from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.graph.iris import iri


@pytest.fixture(scope="module")
def source(corpus_build):
    _, out = corpus_build
    ds = Dataset()
    ds.parse(out / "graph.nq", format="nquads")
    return out / "graph.nq", ds


def export(source_path, fmt, tmp_path):
    target = tmp_path / f"x.{fmt}"
    result = CliRunner().invoke(cli, ["export", str(source_path), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def graphs_of(ds: Dataset) -> dict[str, Graph]:
    out = {}
    for g in ds.graphs():
        if len(g):
            copy = Graph()
            copy += g
            out[str(g.identifier)] = copy
    return out


@pytest.mark.parametrize("fmt, parser", [("trig", "trig"), ("nq", "nquads")])
def test_dataset_formats_round_trip_graph_by_graph(source, tmp_path, fmt, parser):
    path, ds = source
    back = Dataset()
    back.parse(export(path, fmt, tmp_path), format=parser)
    want, got = graphs_of(ds), graphs_of(back)
    assert set(got) == set(want)
    assert str(iri("doc", "校党发〔2022〕19号")) in got  # one graph per document
    for name in want:
        assert isomorphic(want[name], got[name]), name


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_graph_formats_round_trip(source, tmp_path, fmt, parser):
    path, ds = source
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    merged = Graph().parse(export(path, fmt, tmp_path), format=parser)  # JSON-LD too: one merged graph
    assert isomorphic(union, merged)


def test_networks_for_gephi_and_cytoscape(source, tmp_path, corpus_graph):
    path, _ = source
    graphml = nx.read_graphml(export(path, "graphml", tmp_path))
    gexf = nx.read_gexf(export(path, "gexf", tmp_path))
    docs = [n for n, d in graphml.nodes(data=True) if d["kind"] == "公文"]
    assert len(docs) == 5 and gexf.number_of_nodes() == graphml.number_of_nodes()
    labels = {d["label"] for _, _, d in graphml.edges(data=True)}
    assert {"发文机关", "主送机关", "责任主体", "引用提法"} <= labels
    # no provenance nodes
    assert not [n for n, d in graphml.nodes(data=True) if "evidence" in n]
    rows = list(csv.DictReader(io.StringIO(export(path, "csv", tmp_path).read_text(encoding="utf-8"))))
    assert len(rows) == graphml.number_of_edges()
    assert any(r["relation"] == "发文机关" and r["target_label"] == "中共北京交通大学委员会" for r in rows)


def test_network_holds_no_unused_concepts(source, tmp_path):
    """文种 and roles of the schemes are nodes only where a document uses them
    (or above one it uses): no isolated concepts in GraphML."""
    path, _ = source
    graphml = nx.read_graphml(export(path, "graphml", tmp_path))
    doctypes = [n for n, d in graphml.nodes(data=True) if d["kind"] == "文种"]
    assert sorted(graphml.nodes[n]["label"] for n in doctypes) == ["通知"]
    assert not [n for n in graphml if graphml.degree(n) == 0]
    assert any(d["kind"] == "角色" and d["label"] == "党组织" for _, d in graphml.nodes(data=True))


def test_views_draw_from_the_export_network(corpus_graph):
    """One projection: every node and edge of the corpus view is in the
    network the exports write, with the same kind."""
    from kg.graph.network import project
    from kg.views.project import Corpus, corpus

    c = Corpus(corpus_graph)
    view, net = corpus(c), project(corpus_graph)
    assert set(view) <= set(net)
    assert all(view.nodes[n]["cls"] == net.nodes[n]["cls"] for n in view)
    assert {(s, o, k) for s, o, k in view.edges(keys=True)} <= {(s, o, k) for s, o, k in net.edges(keys=True)}
