"""Serialise a dataset deterministically and fast.

rdflib's Turtle writer needs about 30 s for a million triples; Oxigraph's
needs about 1 s.  Oxigraph writes triples in the order given and groups a
subject's consecutive statements, so sorting them first makes the same graph
give the same bytes, whatever order rdflib's store yields them in.
"""
from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef


def _term(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    raise TypeError(f"not an RDF term: {t!r}")


def _key(t) -> tuple:
    # IRIs before blank nodes before literals, then by text: a total order,
    # and cheap (n3() would escape every literal again)
    if isinstance(t, Literal):
        return (2, str(t), t.language or "", str(t.datatype or ""))
    return (0 if isinstance(t, URIRef) else 1, str(t))


def sorted_quads(ds) -> list[tuple]:
    """Every quad of ``ds`` once, in a total order: sort once, write many.

    ``ds``: an rdflib Dataset or a :class:`kg.graph.quads.Quads`.  The order is
    that of (_key(s), _key(p), _key(o), _key(g)), but each distinct term is
    ranked once and a quad sorts by one integer made of its four ranks: a key
    tuple of strings per quad took more memory than the quads themselves.
    """
    from .quads import Quads

    if isinstance(ds, Quads):
        quads = list(ds.quads_set)
    else:
        quads = list({(s, p, o, g.identifier if hasattr(g, "identifier") else g)
                      for s, p, o, g in ds.quads((None, None, None, None))})
    terms = {t for q in quads for t in q}
    rank = {t: k for k, t in enumerate(sorted(terms, key=_key))}
    del terms
    n = len(rank)
    quads.sort(key=lambda q: ((rank[q[0]] * n + rank[q[1]]) * n + rank[q[2]]) * n + rank[q[3]])
    return quads


def _triples(quads: list[tuple]):
    last = None
    for s, p, o, _ in quads:  # sorted by s, p, o first: repeats are adjacent
        if (s, p, o) != last:
            yield ox.Triple(_term(s), _term(p), _term(o))
            last = (s, p, o)


def _quads(quads: list[tuple]):
    keys = {g: _key(g) for g in {q[3] for q in quads}}  # one key per graph, not one per quad
    by_graph = sorted(quads, key=lambda q: keys[q[3]])  # stable: keeps s, p, o order within a graph
    return (ox.Quad(_term(s), _term(p), _term(o), _term(g)) for s, p, o, g in by_graph)


def turtle(quads: list[tuple], prefixes: dict[str, str], output: BinaryIO | None = None) -> bytes | None:
    """All graphs merged, as Turtle (``quads`` from :func:`sorted_quads`).

    Into ``output`` if given (a file open for writing bytes), else returned.
    """
    return ox.serialize(_triples(quads), output, format=ox.RdfFormat.TURTLE,
                        prefixes={k: str(v) for k, v in prefixes.items()})


def ntriples(quads: list[tuple]) -> bytes:
    return ox.serialize(_triples(quads), format=ox.RdfFormat.N_TRIPLES)


def nquads(quads: list[tuple], output: BinaryIO | None = None) -> bytes | None:
    """Every graph as N-Quads: one named graph per document (into ``output`` if given)."""
    return ox.serialize(_quads(quads), output, format=ox.RdfFormat.N_QUADS)


def trig(quads: list[tuple], prefixes: dict[str, str]) -> bytes:
    """Every graph as TriG: one named graph per document."""
    return ox.serialize(_quads(quads), format=ox.RdfFormat.TRIG, prefixes={k: str(v) for k, v in prefixes.items()})
