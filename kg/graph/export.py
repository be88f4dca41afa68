"""Export a built graph: RDF formats, and a network for Gephi and Cytoscape.

The source is the build's ``graph.nq`` (one named graph per document), so
TriG and N-Quads keep a document's statements in its own graph, and a
document can be replaced or removed on its own.  Turtle, N-Triples and JSON-LD
merge the graphs.  GraphML, GEXF and CSV are a projection: entities as nodes,
relations between them as edges, Chinese labels from the ontology.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from .. import ontology_files
from ..atomic import StagedFiles
from ..errors import KGError
from . import write
from .build import PREFIXES, union

RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf", "csv")
FORMATS = RDF_FORMATS + NETWORK_FORMATS


class ExportError(KGError):
    code = "KG501"


_LOAD_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
                 ".nt": ox.RdfFormat.N_TRIPLES}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def load(path: Path) -> Dataset:
    """A build's graph as an rdflib Dataset, one graph per named graph.

    Parsed by Oxigraph (several times faster than rdflib's parsers, which
    also go through rdflib's deprecated ConjunctiveGraph API)."""
    fmt = _LOAD_FORMATS.get(Path(path).suffix)
    if fmt is None:
        raise ExportError(f"{path}: give the build's graph.nq (or a .trig, .ttl, .nt file)")
    ds = Dataset()
    graphs: dict[str, Graph] = {}

    def graph(name) -> Graph:
        if isinstance(name, ox.DefaultGraph):
            return ds.default_graph
        if name.value not in graphs:
            graphs[name.value] = ds.graph(_rdflib(name))
        return graphs[name.value]

    try:
        ds.addN((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object), graph(q.graph_name))
                for q in ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise ExportError(f"{path}: cannot load: {exc}") from None
    return ds


def _rdflib(term):
    """An Oxigraph term as rdflib's (a simple literal has no datatype in rdflib)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def export(source: Path, fmt: str, target: Path) -> Path:
    ds = load(source)
    with StagedFiles(Path(target).parent) as staged, staged.open(Path(target).name, "wb") as f:
        f.write(render(ds, fmt))
    return Path(target)


def render(ds: Dataset, fmt: str) -> bytes:
    if fmt in ("ttl", "nt", "nq", "trig"):
        quads = write.sorted_quads(ds)
        return {"ttl": lambda: write.turtle(quads, PREFIXES), "nt": lambda: write.ntriples(quads),
                "nq": lambda: write.nquads(quads), "trig": lambda: write.trig(quads, PREFIXES)}[fmt]()
    if fmt == "jsonld":
        context = json.loads(ontology_files.path(ontology_files.CONTEXT).read_text(encoding="utf-8"))["@context"]
        # the merged graph (a plain Graph: rdflib's serializer reads a Dataset through deprecated calls)
        return union(ds).serialize(format="json-ld", context=context, encoding="utf-8", sort_keys=True)
    if fmt in NETWORK_FORMATS:
        from . import network

        return network.render(ds, fmt)
    raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
