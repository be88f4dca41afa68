"""A build's statements as plain (subject, predicate, object, graph) tuples.

rdflib's memory store keeps each triple in several indexes, about 1.5 KB a
triple: a 5 MB document (800,000 triples, most of them evidence) took over a
gigabyte in it.  A build only adds statements and then writes them all, so
it keeps them in one set of tuples (about 0.2 KB a triple with the terms):
enough of rdflib's Dataset for :func:`kg.graph.build.add_document`
(``graph(id).add``), :func:`kg.graph.write.sorted_quads` (``quads``) and the
views (:func:`graph`).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from rdflib import Graph, URIRef

from .. import ontology_files
from .build import ONTOLOGY_GRAPH, PREFIXES


class Quads:
    def __init__(self) -> None:
        self.quads_set: set[tuple] = set()
        # one object per distinct term: rdflib makes a new URIRef at every
        # KG.x or iri() and a new Literal per call, three objects in four repeat one
        self.terms: dict = {}

    def graph(self, identifier: URIRef) -> "_Named":
        return _Named(self, identifier)

    def quads(self, pattern=None) -> Iterator[tuple]:
        """Every (s, p, o, graph IRI); only the pattern (None, None, None, None) is supported."""
        if pattern is not None and any(t is not None for t in pattern):
            raise NotImplementedError("Quads holds statements to write, it answers no patterns")
        return iter(self.quads_set)

    def __len__(self) -> int:
        return len(self.quads_set)

    def retain(self, keep: Callable[[tuple], bool]) -> None:
        """Drop, in place, the statements ``keep`` refuses (their memory is then free for what follows)."""
        drop = [q for q in self.quads_set if not keep(q)]
        self.quads_set.difference_update(drop)
        self.terms = {}  # the kept quads hold their terms

    def graph_of(self, keep: Callable[[tuple], bool] = lambda q: True) -> Graph:
        """All graphs merged into one rdflib Graph: the statements ``keep`` accepts."""
        return self.graph_from(q[:3] for q in self.quads_set if keep(q))

    @staticmethod
    def graph_from(triples: Iterable[tuple]) -> Graph:
        """One rdflib Graph, with kg's prefixes, of ``triples`` (a list is emptied as it is read)."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        add = g.add
        if isinstance(triples, list):
            triples.reverse()
            while triples:  # each triple's tuple goes as the graph takes its terms
                add(triples.pop())
        else:
            for t in triples:
                add(t)
        return g


class _Named:
    __slots__ = ("_set", "_terms", "identifier")

    def __init__(self, quads: Quads, identifier: URIRef):
        self._set, self._terms = quads.quads_set, quads.terms
        self.identifier = self._terms.setdefault(identifier, identifier)

    def add(self, triple: tuple) -> "_Named":
        s, p, o = triple
        one = self._terms.setdefault
        self._set.add((one(s, s), one(p, p), one(o, o), self.identifier))
        return self


def new_quads(with_ontology: bool = True) -> Quads:
    """Like :func:`kg.graph.build.new_dataset`: the ontology in its own graph."""
    q = Quads()
    if with_ontology:
        g = Graph()
        for name in (ontology_files.ONTOLOGY, ontology_files.DOCTYPES, ontology_files.ROLES):
            g.parse(ontology_files.path(name), format="turtle")
        named = q.graph(ONTOLOGY_GRAPH)
        for t in g:
            named.add(t)
    return q
