"""The RDF graph as a network of entities: one projection, for the exports
(GraphML, GEXF, CSV) and for the views (:mod:`kg.views.project` draws parts of it).

Nodes are the things a reader cares about (documents, organs, roles,
directives, slogans, persons, places, cited documents, sections…); edges are
the relations between two of them.  Provenance (evidence, files, runs) and
the ontology's own terms stay out, and so do the concepts of the role and
文种 schemes that no document uses.  Labels are Chinese, from the ontology's
rdfs:label.  Each node kind and how a node is named is defined here, once.
"""
from __future__ import annotations

import csv
import io

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

from .build import ELI, ROLE_SCHEME, union
from .iris import DOCTYPE
from .ns import KG

DOCTYPE_SCHEME = URIRef(str(DOCTYPE))

# node kinds, most specific first (a corpus document is also an
# eli:LegalResource): (key, class, or concept scheme for SKOS concepts, that
# names the kind in Chinese through its rdfs:label)
KINDS: list[tuple[str, URIRef, URIRef | None]] = [
    ("document", KG.OfficialDocument, None),
    ("directive", KG.Directive, None),
    ("organization", ORG.Organization, None),
    ("slogan", KG.Slogan, None),
    ("role", SKOS.Concept, ROLE_SCHEME),
    ("doctype", DCTERMS.type, DOCTYPE_SCHEME),
    ("person", FOAF.Person, None),
    ("place", DCTERMS.Location, None),
    ("cited", ELI.LegalResource, None),
    ("section", KG.Section, None),
    ("attachment", KG.Attachment, None),
    ("contact", KG.Contact, None),
]
KIND_CLASS = {key: cls for key, cls, _ in KINDS}
SCHEMES = {scheme: key for key, _, scheme in KINDS if scheme is not None}


def classify(g: Graph, node) -> str:
    """The kind of ``node`` (a key of :data:`KINDS`), or "other"."""
    types = set(g.objects(node, RDF.type))
    schemes = set(g.objects(node, SKOS.inScheme))
    for key, cls, scheme in KINDS:
        if (scheme in schemes) if scheme is not None else (cls in types):
            return key
    return "other"


def text(g: Graph, node, *predicates: URIRef) -> str:
    """The first value found under ``predicates``, Chinese preferred."""
    for p in predicates:
        values = sorted(g.objects(node, p), key=_zh_first)
        if values:
            return str(values[0])
    return ""


def _zh_first(v) -> tuple:
    lang = v.language if isinstance(v, Literal) else None
    return (0 if lang == "zh" else 1 if lang is None else 2, str(v))


def name(g: Graph, node) -> str:
    """A node's display name: a document's number (or title), else its label."""
    if (node, RDF.type, KG.OfficialDocument) in g:
        found = text(g, node, DCTERMS.identifier, DCTERMS.title)
    else:
        found = text(g, node, SKOS.prefLabel, RDFS.label, FOAF.name, DCTERMS.identifier, KG.heading, DCTERMS.title)
    return found or str(node).rstrip("/").rsplit("/", 1)[-1]


def label(g: Graph, term: URIRef) -> str | None:
    """A term's rdfs:label@zh (the ontology labels the terms it reuses too)."""
    return next((str(v) for v in g.objects(term, RDFS.label) if isinstance(v, Literal) and v.language == "zh"), None)


def project(g: Graph) -> nx.MultiDiGraph:
    """Entities and their relations.  Nodes are IRIs with ``cls`` (the kind's
    key), ``kind`` (its Chinese name), ``label``, ``iri`` and, where they
    apply, ``date``, ``modality``, ``sentence``; edges are keyed by the
    predicate's IRI and carry its Chinese ``label`` and ``predicate``."""
    kinds: dict[URIRef, str] = {}
    for key, cls, scheme in KINDS:
        nodes = g.subjects(SKOS.inScheme, scheme) if scheme is not None else g.subjects(RDF.type, cls)
        for node in nodes:
            if isinstance(node, URIRef):
                kinds.setdefault(node, key)
    edges = sorted((s, p, o) for s in kinds for p, o in g.predicate_objects(s) if o in kinds and p != RDF.type)
    # a scheme's concepts are nodes where a document uses them, with the concepts above them
    used = {o for s, _, o in edges if kinds[o] in SCHEMES.values() and kinds[s] not in SCHEMES.values()}
    todo = list(used)
    while todo:
        for b in g.objects(todo.pop(), SKOS.broader):
            if b in kinds and b not in used:
                used.add(b)
                todo.append(b)
    kinds = {n: k for n, k in kinds.items() if k not in SCHEMES.values() or n in used}
    net = nx.MultiDiGraph()
    kind_names = {key: label(g, cls) or key for key, cls, _ in KINDS}
    for node, key in sorted(kinds.items()):
        attrs = {"cls": key, "label": name(g, node), "kind": kind_names[key], "iri": str(node)}
        if key == "directive":
            attrs["label"] = text(g, node, KG.actionText)[:30] or attrs["label"]
            attrs["modality"] = text(g, node, KG.modality)
            attrs["sentence"] = text(g, node, KG.sentence)
        date = g.value(node, DCTERMS.issued)
        if date is not None:
            attrs["date"] = str(date)
        net.add_node(node, **attrs)
    labels: dict[URIRef, str] = {}
    for s, p, o in edges:
        if s in kinds and o in kinds:
            if p not in labels:
                labels[p] = label(g, p) or str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            net.add_edge(s, o, key=str(p), label=labels[p], predicate=str(p))
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
