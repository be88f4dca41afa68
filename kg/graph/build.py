"""Documents → RDF under the kg ontology, each statement traceable to its source.

One named graph per document (so a document can be replaced or removed on its
own); organs, persons and document types are shared nodes, so the same organ
in two documents is one node.  Nothing here depends on time or on the order
of hashing: the same documents give the same triples.

The statements are made as plain term keys (:func:`kg.graph.write._key`:
``(0, iri)``, ``(2, lexical, language, datatype)``), not rdflib terms: a
document's rows go straight to the writer, and making an rdflib term for each
of a big build's millions of terms took more time than the rest of this step
(:func:`add_document` still gives rdflib terms, for whoever wants a Dataset).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace

from .. import __version__, ontology_files
from ..data import lexicon
from ..model import Document, Organ, RoleRef
from .iris import DOCTYPE, ID, ROLE, iri, iri_text, segment
from .ns import KG
from .write import _key

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
_AGENT = (0, str(AGENT))
ONTOLOGY_GRAPH = URIRef("https://w3id.org/kg-gongwen/ontology")
_DOCTYPE_IRI = {row[0]: (0, str(DOCTYPE[row[2]])) for row in lexicon("doc_types")}
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


class _Keys:
    """The keys of a namespace's IRIs, made once: ``_Keys(KG).title == (0, str(KG.title))``
    (a misspelt term of a DefinedNamespace is still an error)."""

    def __init__(self, ns) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> tuple:
        key = (0, str(getattr(self._ns, name)))
        setattr(self, name, key)
        return key


kg, eli, oa, odrl = _Keys(KG), _Keys(ELI), _Keys(OA), _Keys(ODRL)
rdf, rdfs, dcterms, foaf, org, prov, skos = map(_Keys, (RDF, RDFS, DCTERMS, FOAF, ORG, PROV, SKOS))
_ROLE_SCHEME, _ROLE = (0, str(ROLE_SCHEME)), str(ROLE)
_INTEGER, _BOOLEAN, _DATE = str(XSD.integer), str(XSD.boolean), str(XSD.date)


def _iri(kind: str, *keys: str) -> tuple:
    return (0, iri_text(kind, *keys))


def _lit(value, language: str = "") -> tuple:
    """The key of ``Literal(value, lang=language or None)``, as rdflib would make it."""
    if type(value) is str:
        return (2, value, language, "")
    if type(value) is bool:
        return (2, "true" if value else "false", "", _BOOLEAN)
    if type(value) is int:
        return (2, str(value), "", _INTEGER)
    return _key(Literal(value, lang=language or None))


def _date(value: str) -> tuple:
    return (2, value, "", _DATE)  # rdflib keeps a date's lexical form as given


class _Rows:
    """A document's distinct statements as (s, p, o) key rows; ``add`` as a Graph's."""
    __slots__ = ("rows", "_one")

    def __init__(self) -> None:
        self.rows: set[tuple] = set()
        # one object per distinct term: a subject or object recurs in several statements
        self._one = {}.setdefault

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        one = self._one
        self.rows.add((one(s, s), p, one(o, o)))


def document_iri(doc: Document) -> URIRef:
    """By document number where there is one (stable across files and
    builds), else by file name.  A number in a series of the issuer's own
    (公告 第1号, 2020年第4号) is the issuer's."""
    if doc.doc_number and re.match(r"(?:(?:19|20)\d\d年)?第", doc.doc_number):
        return iri("doc", doc.issuer or "", doc.doc_number)
    if doc.doc_number:
        return iri("doc", doc.doc_number)
    return iri("doc", "file", doc.source.path.stem)


def add_document(ds: Dataset, doc: Document, subject: URIRef | None = None) -> URIRef:
    """The document's named graph (:func:`document_rows`) added to ``ds`` as rdflib terms."""
    from .stream import rdflib_term

    d = subject or document_iri(doc)
    _, rows = document_rows(doc, d)
    g = ds.graph(d)
    term = lru_cache(maxsize=None)(rdflib_term)  # one rdflib term per distinct key
    for s, p, o in rows:
        g.add((term(s), term(p), term(o)))
    return d


def document_rows(doc: Document, subject: URIRef | None = None) -> tuple[tuple, list[tuple]]:
    """The key of the document's named graph and its statements as sorted,
    distinct (s, p, o) key rows: the document, and each document attached to
    it (eli:is_part_of the cover; its directives are the cover issuer's)."""
    d = (0, str(subject or document_iri(doc)))
    g = _Rows()
    add = g.add
    src = _iri("file", doc.source.sha256[:16])
    run = _iri("extraction", doc.source.sha256[:16], __version__)
    issuer = _resolved(doc, doc.issuer) if doc.issuer else None
    _describe(g, d, doc, kg.OfficialDocument, issuer, src)
    for k, part in enumerate(doc.parts, start=1):
        p = (0, f"{d[1]}/part/{k}")
        add((p, eli.is_part_of, d))
        add((d, eli.has_part, p))
        add((p, kg.ordinal, _lit(k)))
        if part.label:
            add((p, kg.attachmentLabel, _lit(part.label)))
        _describe(g, p, part, kg.AttachedDocument,
                  issuer or (_resolved(part, part.issuer) if part.issuer else None), src)
        add((p, prov.wasDerivedFrom, src))

    # provenance: the file, the run, and the characters behind each statement
    add((d, prov.wasDerivedFrom, src))
    add((d, prov.wasGeneratedBy, run))
    add((src, rdf.type, kg.SourceFile))
    add((src, kg.fileName, _lit(doc.name)))
    add((src, kg.sha256, _lit(doc.source.sha256)))
    add((src, dcterms.format, _lit(_MIME[doc.source.format])))
    if doc.source.encoding:
        add((src, kg.encoding, _lit(doc.source.encoding)))
    if doc.source.engine:
        add((src, kg.recognisedBy, _lit(doc.source.engine)))
    if doc.script == "traditional":
        # labels are in simplified characters; oa:exact quotes these source ones
        add((src, dcterms.language, _lit("zh-Hant")))
    add((run, rdf.type, kg.Extraction))
    add((run, prov.used, src))
    add((run, prov.wasAssociatedWith, _AGENT))
    add((_AGENT, rdf.type, prov.SoftwareAgent))
    add((_AGENT, rdfs.label, _lit(f"kg {__version__}")))
    rows = list(g.rows)
    del g  # the set's memory is free for the sort
    rows.sort()
    return d, rows


def _describe(g: _Rows, d: tuple, doc: Document, cls: tuple, assigner: Organ | None, src: tuple) -> None:
    """A document's elements, sections, directives and mentions, with evidence."""
    add = g.add
    spans = {}
    for e in doc.evidence:
        spans.setdefault((e.field, e.value), (e.start, e.end))
    evidence: list[tuple[tuple, int, int]] = []  # (statement, start, end)

    def fact(field: str, value: str, obj, s: tuple = d, prop: tuple | None = None) -> None:
        triple = (s, prop or _FIELD_PROPERTY[field], obj)
        add(triple)
        if (field, value) in spans:
            evidence.append((triple, *spans[(field, value)]))

    add((d, rdf.type, cls))
    if doc.title:
        fact("title", doc.title, _lit(doc.title))
        add((d, rdfs.label, _lit(doc.title, "zh")))
    if doc.doc_type:
        fact("doc_type", doc.doc_type, _DOCTYPE_IRI[doc.doc_type])
    if doc.doc_number:
        fact("doc_number", doc.doc_number, _lit(doc.doc_number))
    for field in ("date", "printed_on"):
        if getattr(doc, field):
            fact(field, getattr(doc, field), _date(getattr(doc, field)))
    for field in ("issuer_mark", "copy_number", "secrecy", "urgency", "note"):
        if getattr(doc, field):
            fact(field, getattr(doc, field), _lit(getattr(doc, field)))
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
        evidence.append(((node, kg.heading, _lit(sec.heading)), sec.start, sec.end))
    for k, name in enumerate(doc.attachments, start=1):
        a = (0, f"{d[1]}/attachment/{k}")
        add((a, rdf.type, kg.Attachment))
        add((a, kg.ordinal, _lit(k)))
        add((d, kg.hasAttachment, a))
        fact("attachments", name, _lit(name), a, rdfs.label)
    issuer = _organ(g, assigner) if assigner else None
    sections_by_heading = {sec.heading: node for node, sec in zip(sections, doc.sections)}
    for k, directive in enumerate(doc.directives, start=1):
        evidence.extend(_directive(g, d, k, directive, issuer, sections_by_heading.get(directive.section)))
    for r in doc.roles:
        add((d, kg.mentionsRole, _role(g, r)))
    evidence.extend(_mentions(g, d, doc))
    _evidence(g, d, doc.source.text, evidence)


_MODALITY_CLASS = {"obligation": odrl.Duty, "prohibition": odrl.Prohibition,
                   "permission": odrl.Permission, "encouragement": kg.Encouragement}


def _directive(g: _Rows, d: tuple, k: int, directive, issuer, section) -> list:
    node = (0, f"{d[1]}/directive/{k}")
    g.add((node, rdf.type, kg.Directive))
    g.add((node, rdf.type, _MODALITY_CLASS[directive.modality]))
    g.add((d, kg.hasDirective, node))
    g.add((node, kg.modality, _lit(directive.modality)))
    g.add((node, kg.cue, _lit(directive.cue)))
    g.add((node, kg.explicit, _lit(directive.explicit)))
    g.add((node, kg.actorSource, _lit(directive.actor_from)))
    if issuer:
        g.add((node, odrl.assigner, issuer))
    if section:
        g.add((node, kg.inSection, section))
    for actor in directive.actors:
        g.add((node, kg.actor, _role(g, actor) if isinstance(actor, RoleRef) else _organ(g, actor)))
    for scope in sorted({a.scope for a in directive.actors if isinstance(a, RoleRef) and a.scope}):
        g.add((node, kg.scope, _lit(scope)))
    statements = [((node, kg.actorText, _lit(directive.actor)), directive.actor_span),
                  ((node, kg.actionText, _lit(directive.action)), directive.action_span),
                  ((node, kg.sentence, _lit(directive.sentence)), directive.sentence_span)]
    out = []
    for triple, span in statements:
        g.add(triple)
        if span:
            out.append((triple, *span))
    return out


def _role(g: _Rows, r: RoleRef) -> tuple:
    """The concept of a role; a role not in the scheme is added under its head."""
    node = (0, _ROLE + segment(r.concept))
    if not r.known:
        g.add((node, rdf.type, skos.Concept))
        g.add((node, skos.inScheme, _ROLE_SCHEME))
        g.add((node, skos.prefLabel, _lit(r.concept, "zh")))
        for head in r.broader:
            g.add((node, skos.broader, (0, _ROLE + segment(head))))
    return node


def _person(g: _Rows, name: str, title: str | None) -> tuple:
    p = _iri("person", name)
    g.add((p, rdf.type, foaf.Person))
    g.add((p, foaf.name, _lit(name)))
    if title:
        g.add((p, kg.title, _lit(title)))
    return p


def _mentions(g: _Rows, d: tuple, doc: Document) -> list:
    """Persons, places, slogans, cited documents, organs and contacts; one
    statement each, with the span of every mention as its evidence."""
    out = []
    contacts = 0
    for m in doc.mentions:
        v = m.value
        if m.kind == "person":
            triple = (d, kg.mentionsPerson, _person(g, v["name"], v["title"]))
        elif m.kind == "place":
            place = _iri("place", v["name"])
            g.add((place, rdf.type, dcterms.Location))
            g.add((place, rdfs.label, _lit(v["name"], "zh")))
            triple = (d, kg.mentionsPlace, place)
        elif m.kind == "slogan":
            slogan = _iri("slogan", v["text"])
            g.add((slogan, rdf.type, kg.Slogan))
            g.add((slogan, skos.prefLabel, _lit(v["text"], "zh")))
            triple = (d, kg.quotes, slogan)
        elif m.kind == "citation":
            cited = _iri("doc", v["doc_number"]) if v["doc_number"] else _iri("doc", "title", v["title"])
            g.add((cited, rdf.type, eli.LegalResource))
            if v["doc_number"]:
                g.add((cited, dcterms.identifier, _lit(v["doc_number"])))
            else:
                g.add((cited, dcterms.title, _lit(v["title"])))
            triple = (d, eli.cites, cited)
        elif m.kind == "organization":
            triple = (d, kg.mentionsOrganization, _organ(g, m.organ))
        elif m.kind == "contact":
            contacts += 1
            c = (0, f"{d[1]}/contact/{contacts}")
            g.add((c, rdf.type, kg.Contact))
            if v["name"]:
                g.add((c, foaf.name, _lit(v["name"])))
            if v["email"]:
                g.add((c, foaf.mbox, (0, "mailto:" + quote(v["email"], safe="@._+-"))))
            if v["phone"]:
                g.add((c, foaf.phone, (0, "tel:" + re.sub(r"[^\d+]", "", v["phone"]))))
            if m.organ:
                g.add((c, kg.organization, _organ(g, m.organ)))
            triple = (d, kg.contact, c)
        else:
            continue
        g.add(triple)
        out.append((triple, m.start, m.end))
    return out


def _resolved(doc: Document, name: str) -> Organ:
    """The organ the resolve step found for ``name`` (a name it never saw: as written)."""
    return doc.organs.get(name) or Organ(name)


def _organ(g: _Rows, organ: Organ) -> tuple:
    # a generic organ (省委 of an unnamed province) is a node of its issuer's
    o = _iri("org", organ.within.name, organ.name) if organ.within else _iri("org", organ.name)
    g.add((o, rdf.type, org.Organization))
    if organ.within:
        g.add((o, org.linkedTo, _organ(g, organ.within)))
    g.add((o, skos.prefLabel, _lit(organ.name, "zh")))
    for alias in organ.aliases:
        g.add((o, skos.altLabel, _lit(alias, "zh")))
    if organ.parent:
        g.add((o, org.subOrganizationOf, _organ(g, organ.parent)))
    return o


def _sections(g: _Rows, d: tuple, doc: Document) -> list[tuple]:
    """Sections nest by level: a （一） belongs to the 一、 above it."""
    stack: list[tuple[int, tuple]] = []
    nodes: list[tuple] = []
    counts: dict[tuple, int] = {}
    for k, sec in enumerate(doc.sections, start=1):
        while stack and stack[-1][0] >= sec.level:
            stack.pop()
        parent = stack[-1][1] if stack else d
        counts[parent] = counts.get(parent, 0) + 1
        s = (0, f"{d[1]}/section/{k}")
        g.add((s, rdf.type, kg.Section))
        g.add((s, rdfs.label, _lit(sec.heading, "zh")))
        g.add((s, kg.level, _lit(sec.level)))
        g.add((s, kg.numeral, _lit(sec.number)))
        g.add((s, kg.ordinal, _lit(counts[parent])))
        g.add((s, eli.is_part_of, parent))
        g.add((d, kg.hasSection, s))
        g.add((s, kg.heading, _lit(sec.heading)))
        stack.append((sec.level, s))
        nodes.append(s)
    return nodes


# the property each record field becomes
_FIELD_PROPERTY = {
    "title": dcterms.title, "doc_type": dcterms.type, "doc_number": dcterms.identifier,
    "date": dcterms.issued, "issuer": dcterms.creator, "issuer_mark": kg.headerMark,
    "copy_number": kg.copyNumber, "secrecy": kg.secrecy, "urgency": kg.urgency, "note": kg.note,
    "signers": kg.signer, "addressees": kg.addressee, "signatories": kg.signatory, "cc": kg.ccRecipient,
    "printed_by": kg.printedBy, "printed_on": kg.printedOn,
}


def _evidence(g: _Rows, d: tuple, raw: str, statements) -> None:
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
        e = (0, f"{d[1]}/evidence/{n}")
        g.add((d, kg.evidence, e))
        g.add((e, rdf.subject, s))
        g.add((e, rdf.predicate, p))
        g.add((e, rdf.object, o))
        g.add((e, oa.start, _lit(start)))
        g.add((e, oa.end, _lit(end)))
        g.add((e, oa.exact, _lit(raw[start:end])))
