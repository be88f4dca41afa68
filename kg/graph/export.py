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

from rdflib import Dataset

from .. import ontology_files
from ..atomic import StagedFiles
from ..errors import KGError
from . import write
from .build import PREFIXES

RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf", "csv")
FORMATS = RDF_FORMATS + NETWORK_FORMATS


class ExportError(KGError):
    code = "KG501"


def load(path: Path) -> Dataset:
    ds = Dataset()
    fmt = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt"}.get(Path(path).suffix)
    if fmt is None:
        raise ExportError(f"{path}: give the build's graph.nq (or a .trig, .ttl, .nt file)")
    ds.parse(path, format=fmt)
    return ds


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
        return ds.serialize(format="json-ld", context=context, encoding="utf-8", sort_keys=True)
    if fmt in NETWORK_FORMATS:
        from . import network

        return network.render(ds, fmt)
    raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
