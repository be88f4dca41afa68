"""Documents → RDF under the kg ontology, each statement traceable to its source.

One named graph per document (so a document can be replaced or removed on its
own); organs, persons and document types are shared nodes, so the same organ
in two documents is one node.  Nothing here depends on time or on the order
of hashing: the same documents give the same triples.
"""
from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD, Namespace

from .. import __version__, ontology_files
from ..data import lexicon
from ..extract import organs
from ..model import Document
from .iris import DOCTYPE, ID, iri
from .ns import KG

ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {
    "kg": KG._NS, "id": ID, "dt": DOCTYPE, "dcterms": DCTERMS, "eli": ELI, "foaf": FOAF,
    "oa": OA, "org": ORG, "prov": PROV, "skos": SKOS, "xsd": XSD,
}
AGENT = iri("agent", "kg", __version__)
ONTOLOGY_GRAPH = URIRef("https://w3id.org/kg-gongwen/ontology")
_DOCTYPE_IRI = {row[0]: DOCTYPE[row[2]] for row in lexicon("doc_types")}
_MIME = {"txt": "text/plain", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf"}


def new_dataset(with_ontology: bool = True) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    if with_ontology:
        g = ds.graph(ONTOLOGY_GRAPH)
        for name in (ontology_files.ONTOLOGY, ontology_files.DOCTYPES):
            g.parse(ontology_files.path(name), format="turtle")
    return ds


def document_iri(doc: Document) -> URIRef:
    """By document number where there is one (stable across files and
    builds), else by file name."""
    if doc.doc_number:
        return iri("doc", doc.doc_number)
    return iri("doc", "file", doc.source.path.stem)


def add_document(ds: Dataset, doc: Document, subject: URIRef | None = None) -> URIRef:
    d = subject or document_iri(doc)
    g = ds.graph(d)
    add = g.add
    src = iri("file", doc.source.sha256[:16])
    run = iri("extraction", doc.source.sha256[:16], __version__)
    facts: dict[tuple[str, str], tuple] = {}  # (field, value) → the triple it became

    def fact(field: str, value: str, obj, s: URIRef = d, prop: URIRef | None = None) -> None:
        triple = (s, prop or _FIELD_PROPERTY[field], obj)
        add(triple)
        facts.setdefault((field, value), triple)

    add((d, RDF.type, KG.OfficialDocument))
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
            fact(field, getattr(doc, field), _organ(g, getattr(doc, field)))
    for field in ("signatories", "addressees", "cc"):
        for name in getattr(doc, field):
            fact(field, name, _organ(g, name))
    for name in doc.signers:
        person = iri("person", name)
        add((person, RDF.type, FOAF.Person))
        add((person, FOAF.name, Literal(name)))
        fact("signers", name, person)
    for k, sec in enumerate(_sections(g, d, doc), start=1):
        fact(f"section/{k}", sec, Literal(sec), URIRef(f"{d}/section/{k}"), KG.heading)
    for k, name in enumerate(doc.attachments, start=1):
        a = URIRef(f"{d}/attachment/{k}")
        add((a, RDF.type, KG.Attachment))
        add((a, KG.ordinal, Literal(k)))
        add((d, KG.hasAttachment, a))
        fact("attachments", name, Literal(name), a, RDFS.label)

    # provenance: the file, the run, and the characters behind each statement
    add((d, PROV.wasDerivedFrom, src))
    add((d, PROV.wasGeneratedBy, run))
    add((src, RDF.type, KG.SourceFile))
    add((src, KG.fileName, Literal(doc.name)))
    add((src, KG.sha256, Literal(doc.source.sha256)))
    add((src, DCTERMS.format, Literal(_MIME[doc.source.format])))
    if doc.source.encoding:
        add((src, KG.encoding, Literal(doc.source.encoding)))
    add((run, RDF.type, KG.Extraction))
    add((run, PROV.used, src))
    add((run, PROV.wasAssociatedWith, AGENT))
    add((AGENT, RDF.type, PROV.SoftwareAgent))
    add((AGENT, RDFS.label, Literal(f"kg {__version__}")))
    spans = [(e.field, e.value, e.start, e.end) for e in doc.evidence]
    spans += [(f"section/{k}", s.heading, s.start, s.end) for k, s in enumerate(doc.sections, start=1)]
    _evidence(g, d, src, doc.source.text, spans, facts)
    return d


def _organ(g: Graph, name: str) -> URIRef:
    canonical = organs.canonical(name)
    o = iri("org", canonical)
    g.add((o, RDF.type, ORG.Organization))
    g.add((o, SKOS.prefLabel, Literal(canonical, lang="zh")))
    for alias in {name, *organs.aliases(canonical)} - {canonical}:
        g.add((o, SKOS.altLabel, Literal(alias, lang="zh")))
    parent = organs.parent(canonical)
    if parent:
        g.add((o, ORG.subOrganizationOf, _organ(g, parent)))
    return o


def _sections(g: Graph, d: URIRef, doc: Document) -> list[str]:
    """Sections nest by level: a （一） belongs to the 一、 above it."""
    stack: list[tuple[int, URIRef]] = []
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
        stack.append((sec.level, s))
    return [sec.heading for sec in doc.sections]


# the property each record field becomes
_FIELD_PROPERTY = {
    "title": DCTERMS.title, "doc_type": DCTERMS.type, "doc_number": DCTERMS.identifier,
    "date": DCTERMS.issued, "issuer": DCTERMS.creator, "issuer_mark": KG.headerMark,
    "copy_number": KG.copyNumber, "secrecy": KG.secrecy, "urgency": KG.urgency, "note": KG.note,
    "signers": KG.signer, "addressees": KG.addressee, "signatories": KG.signatory, "cc": KG.ccRecipient,
    "printed_by": KG.printedBy, "printed_on": KG.printedOn,
}


def _evidence(g: Graph, d: URIRef, src: URIRef, raw: str, spans, facts) -> None:
    """One kg:Evidence per statement read from the text: the statement
    (rdf:subject/predicate/object) and the characters it was read from."""
    n = 0
    for field, value, start, end in spans:
        triple = facts.get((field, value))
        if triple is None:
            continue
        n += 1
        e = URIRef(f"{d}/evidence/{n}")
        g.add((e, RDF.type, KG.Evidence))
        g.add((e, RDF.subject, triple[0]))
        g.add((e, RDF.predicate, triple[1]))
        g.add((e, RDF.object, triple[2]))
        g.add((e, KG.inFile, src))
        g.add((e, OA.start, Literal(start)))
        g.add((e, OA.end, Literal(end)))
        g.add((e, OA.exact, Literal(raw[start:end])))
        g.add((d, KG.evidence, e))
