"""The facts the views show, read from the RDF graph: documents, directives,
the class and display name of any node.

Everything is returned in a sorted, stable order so that two runs over the
same graph write the same pages.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import unquote

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ..graph.network import name, text  # one definition of how nodes are named
from ..graph.ns import KG
from ..text.controls import invisible


@dataclass
class Doc:
    iri: URIRef
    title: str
    number: str
    date: str
    issuer: str
    doctype: str
    addressees: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """How the document is called where space is short."""
        return self.number or self.title or tail(self.iri)

    @property
    def page(self) -> str:
        return page_name(self.iri)


@dataclass
class Directive:
    iri: URIRef
    doc: URIRef
    modality: str
    cue: str
    actor_text: str
    action: str
    sentence: str
    section: URIRef | None
    actors: list[URIRef]


def page_name(doc: URIRef) -> str:
    """A document's page: ASCII, the same for the same document in every build
    (document IRIs are stable), safe on every file system and in a URL."""
    return "doc-" + hashlib.sha1(str(doc).encode("utf-8")).hexdigest()[:12] + ".html"


def tail(node) -> str:
    # an IRI made from a file name may carry bidi controls (escaped); a label must not
    return "".join(c for c in unquote(str(node).rstrip("/").rsplit("/", 1)[-1]) if not invisible(c))


def documents(g: Graph) -> list[Doc]:
    out = []
    for d in set(g.subjects(RDF.type, KG.OfficialDocument)):
        issuer = g.value(d, DCTERMS.creator)
        doctype = g.value(d, DCTERMS.type)
        out.append(Doc(
            iri=d,
            title=text(g, d, DCTERMS.title, RDFS.label),
            number=text(g, d, DCTERMS.identifier),
            date=text(g, d, DCTERMS.issued),
            issuer=name(g, issuer) if issuer is not None else "",
            doctype=name(g, doctype) if doctype is not None else "",
            addressees=sorted(name(g, o) for o in g.objects(d, KG.addressee)),
            cc=sorted(name(g, o) for o in g.objects(d, KG.ccRecipient)),
        ))
    return sorted(out, key=lambda doc: (doc.date, doc.number, str(doc.iri)))


def directives(g: Graph) -> list[Directive]:
    out = []
    for d, r in g.subject_objects(KG.hasDirective):
        out.append(Directive(
            iri=r, doc=d,
            modality=text(g, r, KG.modality),
            cue=text(g, r, KG.cue),
            actor_text=text(g, r, KG.actorText),
            action=text(g, r, KG.actionText),
            sentence=text(g, r, KG.sentence),
            section=g.value(r, KG.inSection),
            actors=sorted(g.objects(r, KG.actor)),
        ))
    return sorted(out, key=lambda x: (str(x.doc), ordinal(x.iri), str(x.iri)))


def ordinal(node) -> int:
    """…/directive/12 → 12, so directives and sections sort in reading order."""
    last = tail(node)
    return int(last) if last.isdigit() else 0


def short(s: str, n: int = 16) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"

