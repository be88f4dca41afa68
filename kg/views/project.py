"""The graphs the views draw: parts of the entity network of
:mod:`kg.graph.network` (its node kinds, names and relations), with what a
page needs on top.

A projection is a ``MultiDiGraph`` whose nodes are IRIs with ``cls`` (a key
of ``vocab.CLASS``), ``label`` (short, drawn on the canvas), ``title`` (the
tooltip, plain text) and ``docs`` (the documents the node belongs to, for the
document filter); its edges are keyed by the predicate they stand for and
carry that predicate's Chinese ``label`` and a ``title``.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from ..graph import network
from ..graph.build import ELI
from ..graph.ns import KG
from . import facts, vocab
from .facts import Directive, Doc, short

# What the corpus view draws: these predicates from each document, the actors
# of its directives, and the hierarchies between the nodes so reached.
DOC_EDGES = (
    DCTERMS.creator, KG.addressee, KG.ccRecipient, KG.mentionsOrganization, KG.hasDirective,
    KG.mentionsRole, KG.quotes, KG.mentionsPerson, KG.signer, KG.mentionsPlace, ELI.cites, DCTERMS.type,
)
HIERARCHY_EDGES = (SKOS.broader, ORG.subOrganizationOf)


class Corpus:
    """The graph's documents and directives, read once and shared by all views."""

    def __init__(self, g: Graph):
        self.g = g
        self.net = network.project(g)  # the nodes and relations every view draws from
        self.docs: dict[URIRef, Doc] = {d.iri: d for d in facts.documents(g)}
        self.directives: dict[URIRef, Directive] = {r.iri: r for r in facts.directives(g)}
        self.by_doc: dict[URIRef, list[Directive]] = defaultdict(list)
        self.received: dict[URIRef, list[Directive]] = defaultdict(list)  # by actor
        self._labels: dict[URIRef, tuple[str, str]] = {}
        self._classes: dict[URIRef, str] = {}  # the same nodes recur in every view
        for r in self.directives.values():
            self.by_doc[r.doc].append(r)
            for a in r.actors:
                self.received[a].append(r)

    # ------------------------------------------------------------ nodes

    def add_node(self, G: nx.MultiDiGraph, n: URIRef, doc: URIRef | None = None, **extra) -> None:
        if n not in G:
            cls = self.classify(n)
            G.add_node(n, **{"cls": cls, "docs": set(), **self._describe(n, cls), **extra})
        if doc is not None:
            G.nodes[n]["docs"].add(doc)

    def classify(self, n: URIRef) -> str:
        if n not in self._classes:
            cls = self.net.nodes[n]["cls"] if n in self.net else network.classify(self.g, n)
            self._classes[n] = cls if cls in vocab.CLASS else "other"
        return self._classes[n]

    def related(self, s: URIRef, *predicates: URIRef) -> list[URIRef]:
        """What ``s`` is linked to in the network by ``predicates``, in order."""
        if s not in self.net:
            return []
        keys = {str(p) for p in predicates}
        return sorted(o for _, o, k in self.net.out_edges(s, keys=True) if k in keys)

    def _describe(self, n: URIRef, cls: str) -> dict:
        if cls == "document" and n in self.docs:
            d = self.docs[n]
            return {"label": short(d.name, 24), "page": d.page, "title": _lines(
                f"公文：{d.title}", f"发文字号：{d.number}", f"发文机关：{d.issuer}",
                f"成文日期：{d.date}", f"文种：{d.doctype}", "（双击打开文件视图）")}
        if cls == "directive" and n in self.directives:
            r = self.directives[n]
            return {"label": short(r.action), "title": self._directive_text(r), "modality": r.modality}
        label = facts.name(self.g, n)
        aliases = sorted({str(a) for a in self.g.objects(n, SKOS.altLabel)} - {label})
        # a generic organ (省委 of a province the document does not name): whose it is
        relative = sorted(facts.name(self.g, o) for o in self.g.objects(n, ORG.linkedTo))
        return {"label": short(label, 20), "title": _lines(
            f"{vocab.CLASS[cls].name}：{label}", "别名：" + "、".join(aliases) if aliases else "",
            "所指相对于：" + "、".join(relative) if relative else "")}

    def _directive_text(self, r: Directive) -> str:
        d = self.docs.get(r.doc)
        modality = vocab.MODALITY[r.modality].name if r.modality in vocab.MODALITY else r.modality
        return _lines(
            f"规定事项（{modality}，情态词“{r.cue}”）", f"责任主体：{r.actor_text}", f"行为：{r.action}",
            f"原句：{r.sentence}", f"公文：{d.name}　{d.title}" if d else "", f"日期：{d.date}" if d else "")

    # ------------------------------------------------------------ edges

    def add_edge(self, G: nx.MultiDiGraph, s: URIRef, o: URIRef, p: URIRef, **extra) -> None:
        if p not in self._labels:
            self._labels[p] = (vocab.predicate_label(self.g, p), vocab.curie(self.g, p))
        label, curie = self._labels[p]
        title = f"{label}（{curie}）"
        r = self.directives.get(s) or self.directives.get(o) if p in (KG.actor, KG.hasDirective) else None
        if r is not None:  # an edge of a directive says where it was read
            d = self.docs.get(r.doc)
            title = _lines(title, f"原句：{r.sentence}", f"公文：{d.name}" if d else "", f"日期：{d.date}" if d else "")
        G.add_edge(s, o, key=str(p), **{"label": label, "title": title, **extra})


def corpus(c: Corpus) -> nx.MultiDiGraph:
    """The whole corpus: documents, what they are linked to, their directives
    and the directives' actors."""
    G = nx.MultiDiGraph()
    for d in c.docs:
        c.add_node(G, d, d)
    for d in c.docs:
        for p in DOC_EDGES:
            for o in c.related(d, p):
                c.add_node(G, o, d)
                c.add_edge(G, d, o, p)
    for d in c.docs:
        for r in c.by_doc[d]:
            for a in c.related(r.iri, KG.actor):
                c.add_node(G, a, d)
                c.add_edge(G, r.iri, a, KG.actor)
    _hierarchy(c, G)
    return G


def _hierarchy(c: Corpus, G: nx.MultiDiGraph) -> None:
    for p in HIERARCHY_EDGES:
        for s, o in sorted((s, o) for s, o, k in c.net.edges(keys=True) if k == str(p)):
            if s in G and o in G:
                c.add_edge(G, s, o, p)


def document(c: Corpus, doc: URIRef) -> nx.MultiDiGraph:
    """One document as a tree read left to right: the document, its sections,
    the directives in each section; each actor points at what it must do,
    coloured by modality."""
    g, G = c.g, nx.MultiDiGraph()
    d = c.docs.get(doc)
    label = {"label": "\n".join(filter(None, (d.number, short(d.title, 40))))} if d else {}
    c.add_node(G, doc, doc, level=0, **label)
    sections = sorted(g.objects(doc, KG.hasSection))
    depth = 0
    for s in sections:
        level = int(facts.text(g, s, KG.level) or 1)
        depth = max(depth, level)
        c.add_node(G, s, doc, level=level, label=short(_numbered(g, s), 18))
        G.nodes[s]["title"] = _lines(f"正文层次：{_numbered(g, s)}", f"层级：{level}")
    for s in sections:
        parent = g.value(s, ELI.is_part_of)
        if parent in G:
            c.add_edge(G, parent, s, KG.hasSection)
    for r in c.by_doc.get(doc, []):
        c.add_node(G, r.iri, doc, level=depth + 1, label=short(r.action, 30))
        c.add_edge(G, r.section if r.section in G else doc, r.iri, KG.hasDirective)
        style = vocab.MODALITY.get(r.modality)
        for a in r.actors:
            c.add_node(G, a, doc, level=depth + 2)
            c.add_edge(G, a, r.iri, KG.actor, label=f"{style.name if style else r.modality}·{r.cue}",
                       color=style.color if style else None)
    return G


def _numbered(g: Graph, section: URIRef) -> str:
    return facts.text(g, section, KG.numeral) + " " + facts.text(g, section, KG.heading)


def roles(c: Corpus) -> nx.MultiDiGraph:
    """Role-centred: the roles documents name or prescribe to, every role above
    them (the hierarchy of the role scheme), and the directives each receives."""
    g, G = c.g, nx.MultiDiGraph()
    seeds = set(c.received) | set(g.objects(None, KG.mentionsRole))
    todo = sorted(n for n in seeds if c.classify(n) == "role")
    while todo:
        n = todo.pop()
        if n not in G:
            c.add_node(G, n)
            todo.extend(sorted(g.objects(n, SKOS.broader)))
    for n in sorted(G):
        got = c.received.get(n, [])
        G.nodes[n]["title"] = _lines(G.nodes[n]["title"], f"收到规定事项：{len(got)} 条",
                                     f"涉及公文：{len({r.doc for r in got})} 份")
        for r in got:
            c.add_node(G, r.iri, r.doc)
            c.add_edge(G, r.iri, n, KG.actor)
            G.nodes[n]["docs"].add(r.doc)
    _hierarchy(c, G)
    return G


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)
