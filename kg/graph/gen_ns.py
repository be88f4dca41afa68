"""Write kg/graph/ns.py from ontology/kg.ttl: the ontology is the source.

    python -m kg.graph.gen_ns          # rewrite ns.py
    python -m kg.graph.gen_ns --check  # exit 1 if ns.py is out of date

A test runs the check, so a term added to the Turtle file and not
regenerated (or the reverse) fails CI.
"""
from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from .. import ontology_files

NS = "https://w3id.org/kg-gongwen/ontology#"
TARGET = Path(__file__).with_name("ns.py")


def render() -> str:
    g = Graph().parse(ontology_files.path(ontology_files.ONTOLOGY))
    terms = []
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for s in g.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and str(s).startswith(NS):
                en = next((str(o) for o in g.objects(s, RDFS.label) if getattr(o, "language", None) == "en"), "")
                zh = next((str(o) for o in g.objects(s, RDFS.label) if getattr(o, "language", None) == "zh"), "")
                terms.append((str(s)[len(NS):], f"{zh} / {en}"))
    lines = [
        '"""Terms of the kg ontology. Generated from ontology/kg.ttl by',
        "``python -m kg.graph.gen_ns``: do not edit by hand.",
        '"""',
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KG(DefinedNamespace):",
        "    _fail = True  # a misspelt term is an error, not a new IRI",
        "",
    ]
    for name, label in sorted(terms, key=lambda t: (t[0][0].islower(), t[0])):
        lines.append(f"    {name}: URIRef  # {label}")
    lines += ["", f'    _NS = Namespace("{NS}")', ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python -m kg.graph.gen_ns", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
