"""Check a graph against the SHACL shapes shipped in ontology/shapes.ttl."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .. import ontology_files


@dataclass
class Validation:
    conforms: bool
    text: str  # pySHACL's report, for people


def validate(data: Graph) -> Validation:
    from pyshacl import validate as shacl  # slow to import; only when asked

    shapes = Graph().parse(ontology_files.path(ontology_files.SHAPES), format="turtle")
    ontology = Graph()
    for name in (ontology_files.ONTOLOGY, ontology_files.DOCTYPES, ontology_files.ROLES):
        ontology.parse(ontology_files.path(name), format="turtle")
    # warnings (e.g. a document with no issuer found) are reported, not failures
    conforms, _, text = shacl(data, shacl_graph=shapes, ont_graph=ontology, allow_warnings=True)
    return Validation(bool(conforms), text)
