"""Documents → RDF under the kg ontology, each statement traceable to its source.

One named graph per document (so a document can be replaced or removed on its
own); organs, persons and document types are shared nodes, so the same organ
in two documents is one node.  Nothing here depends on time or on the order
of hashing: the same documents give the same triples.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace

from .. import __version__, ontology_files
from ..data import lexicon
from ..model import Document, Organ, RoleRef
from .iris import DOCTYPE, ID, ROLE, iri, segment
from .ns import KG

ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
ROLE_SCHEME = URIRef(str(ROLE))

PREFIXES = {
    "rdf": RDF._NS, "rdfs": RDFS._NS, "owl": OWL._NS,
    "kg": KG._NS, "id": ID, "dt": DOCTYPE, "dcterms": DCTERMS, "eli": ELI, "foaf": FOAF,
    "oa": OA, "odrl": ODRL, "role": ROLE, "org": ORG, "prov": PROV, "skos": SKOS, "xsd": XSD,
}
AGENT = iri("agent", "kg", __version__)
ONTOLOGY_GRAPH = URIRef("https://w3id.org/kg-gongwen/ontology")
_DOCTYPE_IRI = {row[0]: DOCTYPE[row[2]] for row in lexicon("doc_types")}
_MIME = {"txt": "text/plain", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "html": "text/html", "ofd": "application/ofd", "doc": "application/msword",
         "pdf-ocr": "application/pdf", "ofd-ocr": "application/ofd",
         "png-ocr": "image/png", "jpeg-ocr": "image/jpeg", "tiff-ocr": "image/tiff"}


def new_dataset(with_ontology: bool = True) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    if with_ontology:
        g = ds.graph(ONTOLOGY_GRAPH)
        for name in (ontology_files.ONTOLOGY, ontology_files.DOCTYPES, ontology_files.ROLES):
            g.parse(ontology_files.path(name), format="turtle")
    return ds


def union(ds: Dataset) -> Graph:
    """A dataset's named graphs as one graph, for whatever looks across documents."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def document_iri(doc: Document) -> URIRef:
    """By document number where there is one (stable across files and
    builds), else by file name."""
    if doc.doc_number:
        return iri("doc", doc.doc_number)
    return iri("doc", "file", doc.source.path.stem)


def add_document(ds: Dataset, doc: Document, subject: URIRef | None = None) -> URIRef:
    """The document's named graph: the document, and each document attached
    to it (eli:is_part_of the cover; its directives are the cover issuer's)."""
    d = subject or document_iri(doc)
    g = ds.graph(d)
    add = g.add
    src = iri("file", doc.source.sha256[:16])
    run = iri("extraction", doc.source.sha256[:16], __version__)
    issuer = _resolved(doc, doc.issuer) if doc.issuer else None
    _describe(g, d, doc, KG.OfficialDocument, issuer, src)
    for k, part in enumerate(doc.parts, start=1):
        p = URIRef(f"{d}/part/{k}")
        add((p, ELI.is_part_of, d))
        add((d, ELI.has_part, p))
        add((p, KG.ordinal, Literal(k)))
        if part.label:
            add((p, KG.attachmentLabel, Literal(part.label)))
        _describe(g, p, part, KG.AttachedDocument,
                  issuer or (_resolved(part, part.issuer) if part.issuer else None), src)
        add((p, PROV.wasDerivedFrom, src))

    # provenance: the file, the run, and the characters behind each statement
    add((d, PROV.wasDerivedFrom, src))
    add((d, PROV.wasGeneratedBy, run))
    add((src, RDF.type, KG.SourceFile))
    add((src, KG.fileName, Literal(doc.name)))
    add((src, KG.sha256, Literal(doc.source.sha256)))
    add((src, DCTERMS.format, Literal(_MIME[doc.source.format])))
    if doc.source.encoding:
        add((src, KG.encoding, Literal(doc.source.encoding)))
    if doc.source.engine:
        add((src, KG.recognisedBy, Literal(doc.source.engine)))
    if doc.script == "traditional":
        # labels are in simplified characters; oa:exact quotes these source ones
        add((src, DCTERMS.language, Literal("zh-Hant")))
    add((run, RDF.type, KG.Extraction))
    add((run, PROV.used, src))
    add((run, PROV.wasAssociatedWith, AGENT))
    add((AGENT, RDF.type, PROV.SoftwareAgent))
    add((AGENT, RDFS.label, Literal(f"kg {__version__}")))
    return d


def _describe(g: Graph, d: URIRef, doc: Document, cls: URIRef, assigner: Organ | None, src: URIRef) -> None:
    """A document's elements, sections, directives and mentions, with evidence."""
    add = g.add
    spans = {}
    for e in doc.evidence:
        spans.setdefault((e.field, e.value), (e.start, e.end))
    evidence: list[tuple[tuple, int, int]] = []  # (statement, start, end)

    def fact(field: str, value: str, obj, s: URIRef = d, prop: URIRef | None = None) -> None:
        triple = (s, prop or _FIELD_PROPERTY[field], obj)
        add(triple)
        if (field, value) in spans:
            evidence.append((triple, *spans[(field, value)]))

    add((d, RDF.type, cls))
    if doc.title:
        fact("title", doc.title, Literal(doc.title))
        add((d, RDFS.label, Literal(doc.title, lang="zh")))
    if doc.doc_type:
        fact("doc_type", doc.doc_type, _DOCTYPE_IRI[doc.doc_type])
    if doc.doc_number:
        fact("doc_number", doc.doc_number, Literal(doc.doc_number))
    for field in ("date", "printed_on"):
        if getattr(doc, field):
            fact(field, getattr(doc, field), Literal(getattr(doc, field), datatype=XSD.date))
    for field in ("issuer_mark", "copy_number", "secrecy", "urgency", "note"):
        if getattr(doc, field):
            fact(field, getattr(doc, field), Literal(getattr(doc, field)))
    for field in ("issuer", "printed_by"):
        if getattr(doc, field):
            fact(field, getattr(doc, field), _organ(g, _resolved(doc, getattr(doc, field))))
    for field in ("signatories", "addressees", "cc"):
        for name in getattr(doc, field):
            fact(field, name, _organ(g, _resolved(doc, name)))
    for name in doc.signers:
        fact("signers", name, _person(g, name, "签发人"))
    sections = _sections(g, d, doc)
    for node, sec in zip(sections, doc.sections):
        evidence.append(((node, KG.heading, Literal(sec.heading)), sec.start, sec.end))
    for k, name in enumerate(doc.attachments, start=1):
        a = URIRef(f"{d}/attachment/{k}")
        add((a, RDF.type, KG.Attachment))
        add((a, KG.ordinal, Literal(k)))
        add((d, KG.hasAttachment, a))
        fact("attachments", name, Literal(name), a, RDFS.label)
    issuer = _organ(g, assigner) if assigner else None
    sections_by_heading = {sec.heading: node for node, sec in zip(sections, doc.sections)}
    for k, directive in enumerate(doc.directives, start=1):
        evidence.extend(_directive(g, d, k, directive, issuer, sections_by_heading.get(directive.section)))
    for r in doc.roles:
        add((d, KG.mentionsRole, _role(g, r)))
    evidence.extend(_mentions(g, d, doc))
    _evidence(g, d, doc.source.text, evidence)


_MODALITY_CLASS = {"obligation": ODRL.Duty, "prohibition": ODRL.Prohibition,
                   "permission": ODRL.Permission, "encouragement": KG.Encouragement}


def _directive(g: Graph, d: URIRef, k: int, directive, issuer, section) -> list:
    node = URIRef(f"{d}/directive/{k}")
    g.add((node, RDF.type, KG.Directive))
    g.add((node, RDF.type, _MODALITY_CLASS[directive.modality]))
    g.add((d, KG.hasDirective, node))
    g.add((node, KG.modality, Literal(directive.modality)))
    g.add((node, KG.cue, Literal(directive.cue)))
    g.add((node, KG.explicit, Literal(directive.explicit)))
    g.add((node, KG.actorSource, Literal(directive.actor_from)))
    if issuer:
        g.add((node, ODRL.assigner, issuer))
    if section:
        g.add((node, KG.inSection, section))
    for actor in directive.actors:
        g.add((node, KG.actor, _role(g, actor) if isinstance(actor, RoleRef) else _organ(g, actor)))
    for scope in sorted({a.scope for a in directive.actors if isinstance(a, RoleRef) and a.scope}):
        g.add((node, KG.scope, Literal(scope)))
    statements = [((node, KG.actorText, Literal(directive.actor)), directive.actor_span),
                  ((node, KG.actionText, Literal(directive.action)), directive.action_span),
                  ((node, KG.sentence, Literal(directive.sentence)), directive.sentence_span)]
    out = []
    for triple, span in statements:
        g.add(triple)
        if span:
            out.append((triple, *span))
    return out


def _role(g: Graph, r: RoleRef) -> URIRef:
    """The concept of a role; a role not in the scheme is added under its head."""
    node = ROLE[segment(r.concept)]
    if not r.known:
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, ROLE_SCHEME))
        g.add((node, SKOS.prefLabel, Literal(r.concept, lang="zh")))
        for head in r.broader:
            g.add((node, SKOS.broader, ROLE[segment(head)]))
    return node


def _person(g: Graph, name: str, title: str | None) -> URIRef:
    p = iri("person", name)
    g.add((p, RDF.type, FOAF.Person))
    g.add((p, FOAF.name, Literal(name)))
    if title:
        g.add((p, KG.title, Literal(title)))
    return p


def _mentions(g: Graph, d: URIRef, doc: Document) -> list:
    """Persons, places, slogans, cited documents, organs and contacts; one
    statement each, with the span of every mention as its evidence."""
    out = []
    contacts = 0
    for m in doc.mentions:
        v = m.value
        if m.kind == "person":
            triple = (d, KG.mentionsPerson, _person(g, v["name"], v["title"]))
        elif m.kind == "place":
            place = iri("place", v["name"])
            g.add((place, RDF.type, DCTERMS.Location))
            g.add((place, RDFS.label, Literal(v["name"], lang="zh")))
            triple = (d, KG.mentionsPlace, place)
        elif m.kind == "slogan":
            slogan = iri("slogan", v["text"])
            g.add((slogan, RDF.type, KG.Slogan))
            g.add((slogan, SKOS.prefLabel, Literal(v["text"], lang="zh")))
            triple = (d, KG.quotes, slogan)
        elif m.kind == "citation":
            cited = iri("doc", v["doc_number"]) if v["doc_number"] else iri("doc", "title", v["title"])
            g.add((cited, RDF.type, ELI.LegalResource))
            if v["doc_number"]:
                g.add((cited, DCTERMS.identifier, Literal(v["doc_number"])))
            else:
                g.add((cited, DCTERMS.title, Literal(v["title"])))
            triple = (d, ELI.cites, cited)
        elif m.kind == "organization":
            triple = (d, KG.mentionsOrganization, _organ(g, m.organ))
        elif m.kind == "contact":
            contacts += 1
            c = URIRef(f"{d}/contact/{contacts}")
            g.add((c, RDF.type, KG.Contact))
            if v["name"]:
                g.add((c, FOAF.name, Literal(v["name"])))
            if v["email"]:
                g.add((c, FOAF.mbox, URIRef("mailto:" + quote(v["email"], safe="@._+-"))))
            if v["phone"]:
                g.add((c, FOAF.phone, URIRef("tel:" + re.sub(r"[^\d+]", "", v["phone"]))))
            if m.organ:
                g.add((c, KG.organization, _organ(g, m.organ)))
            triple = (d, KG.contact, c)
        else:
            continue
        g.add(triple)
        out.append((triple, m.start, m.end))
    return out


def _resolved(doc: Document, name: str) -> Organ:
    """The organ the resolve step found for ``name`` (a name it never saw: as written)."""
    return doc.organs.get(name) or Organ(name)


def _organ(g: Graph, organ: Organ) -> URIRef:
    # a generic organ (省委 of an unnamed province) is a node of its issuer's
    o = iri("org", organ.within.name, organ.name) if organ.within else iri("org", organ.name)
    g.add((o, RDF.type, ORG.Organization))
    if organ.within:
        g.add((o, ORG.linkedTo, _organ(g, organ.within)))
    g.add((o, SKOS.prefLabel, Literal(organ.name, lang="zh")))
    for alias in organ.aliases:
        g.add((o, SKOS.altLabel, Literal(alias, lang="zh")))
    if organ.parent:
        g.add((o, ORG.subOrganizationOf, _organ(g, organ.parent)))
    return o


def _sections(g: Graph, d: URIRef, doc: Document) -> list[URIRef]:
    """Sections nest by level: a （一） belongs to the 一、 above it."""
    stack: list[tuple[int, URIRef]] = []
    nodes: list[URIRef] = []
    counts: dict[URIRef, int] = {}
    for k, sec in enumerate(doc.sections, start=1):
        while stack and stack[-1][0] >= sec.level:
            stack.pop()
        parent = stack[-1][1] if stack else d
        counts[parent] = counts.get(parent, 0) + 1
        s = URIRef(f"{d}/section/{k}")
        g.add((s, RDF.type, KG.Section))
        g.add((s, RDFS.label, Literal(sec.heading, lang="zh")))
        g.add((s, KG.level, Literal(sec.level)))
        g.add((s, KG.numeral, Literal(sec.number)))
        g.add((s, KG.ordinal, Literal(counts[parent])))
        g.add((s, ELI.is_part_of, parent))
        g.add((d, KG.hasSection, s))
        g.add((s, KG.heading, Literal(sec.heading)))
        stack.append((sec.level, s))
        nodes.append(s)
    return nodes


# the property each record field becomes
_FIELD_PROPERTY = {
    "title": DCTERMS.title, "doc_type": DCTERMS.type, "doc_number": DCTERMS.identifier,
    "date": DCTERMS.issued, "issuer": DCTERMS.creator, "issuer_mark": KG.headerMark,
    "copy_number": KG.copyNumber, "secrecy": KG.secrecy, "urgency": KG.urgency, "note": KG.note,
    "signers": KG.signer, "addressees": KG.addressee, "signatories": KG.signatory, "cc": KG.ccRecipient,
    "printed_by": KG.printedBy, "printed_on": KG.printedOn,
}


def _evidence(g: Graph, d: URIRef, raw: str, statements) -> None:
    """One kg:Evidence per statement read from the text and span it was read
    from: the statement (rdf:subject/predicate/object) and the characters.

    Seven triples each, the link from the document included.  No rdf:type
    (kg:evidence's range says it) and no file (the document's
    prov:wasDerivedFrom in the same named graph says it): two in nine
    triples, a seventh of graph.nq.  A node per span shared by the statements
    read from it was measured too: spans are rarely shared (22,148 spans for
    25,357 statements at bench/synth.py --n 300), so the extra link to the
    span cost more than the sharing saved.
    """
    for n, ((s, p, o), start, end) in enumerate(statements, start=1):
        e = URIRef(f"{d}/evidence/{n}")
        g.add((d, KG.evidence, e))
        g.add((e, RDF.subject, s))
        g.add((e, RDF.predicate, p))
        g.add((e, RDF.object, o))
        g.add((e, OA.start, Literal(start)))
        g.add((e, OA.end, Literal(end)))
        g.add((e, OA.exact, Literal(raw[start:end])))
