"""The RDF graph as a network of entities: for Gephi, Cytoscape and the views.

Nodes are the things a reader cares about (documents, organs, roles,
directives, slogans, persons, places, cited documents, sections…); edges are
the relations between two of them.  Provenance (evidence, files, runs) and
the ontology's own terms stay out.  Labels are Chinese, from the ontology's
rdfs:label.
"""
from __future__ import annotations

import csv
import io

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

from .build import ELI, union
from .iris import DOCTYPE, ROLE
from .ns import KG

# node kinds, most specific first: a corpus document is also an eli:LegalResource
KINDS = [KG.OfficialDocument, KG.Directive, ORG.Organization, KG.Slogan, FOAF.Person, DCTERMS.Location,
         ELI.LegalResource, KG.Section, KG.Attachment, KG.Contact]
_LABELS = [SKOS.prefLabel, FOAF.name, DCTERMS.identifier, KG.heading, RDFS.label, DCTERMS.title]


def _zh(g: Graph, node, prop=RDFS.label) -> str | None:
    values = list(g.objects(node, prop))
    for v in values:
        if isinstance(v, Literal) and v.language == "zh":
            return str(v)
    return str(values[0]) if values else None


def project(g: Graph) -> nx.MultiDiGraph:
    """Entities and their relations; node and edge attributes are plain strings."""
    net = nx.MultiDiGraph()
    kinds = {}
    for kind in KINDS:
        for node in sorted(g.subjects(RDF.type, kind)):
            kinds.setdefault(node, kind)
    for node in sorted(g.subjects(SKOS.inScheme, URIRef(str(ROLE)))):
        kinds.setdefault(node, SKOS.Concept)
    for node in sorted(g.subjects(SKOS.inScheme, URIRef(str(DOCTYPE)))):
        kinds.setdefault(node, DCTERMS.type)
    for node, kind in sorted(kinds.items()):
        label = next((v for p in _LABELS if (v := _zh(g, node, p))), str(node).rsplit("/", 1)[-1])
        attrs = {"label": label, "kind": _zh(g, kind) or str(kind), "iri": str(node)}
        if kind == KG.Directive:
            attrs["label"] = str(g.value(node, KG.actionText) or label)[:30]
            attrs["modality"] = str(g.value(node, KG.modality) or "")
            attrs["sentence"] = str(g.value(node, KG.sentence) or "")
        date = g.value(node, DCTERMS.issued)
        if date is not None:
            attrs["date"] = str(date)
        net.add_node(str(node), **attrs)
    for s, p, o in sorted(g.triples((None, None, None))):
        if s in kinds and o in kinds and p != RDF.type:
            net.add_edge(str(s), str(o), key=str(p), label=_zh(g, p) or str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                         predicate=str(p))
    return net


def render(ds: Dataset, fmt: str) -> bytes:
    net = project(union(ds))
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(net)).encode("utf-8")
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(net)).encode("utf-8")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["source", "source_label", "source_kind", "relation", "target", "target_label", "target_kind"])
    for s, o, data in net.edges(data=True):
        w.writerow([s, net.nodes[s]["label"], net.nodes[s]["kind"], data["label"],
                    o, net.nodes[o]["label"], net.nodes[o]["kind"]])
    return out.getvalue().encode("utf-8")
