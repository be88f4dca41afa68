"""Interactive views of a kg graph: self-contained HTML pages that work offline.

``write_views(graph, out_dir)`` writes

- ``index.html``: the corpus at a glance, with links to every view;
- ``graph.html``: the whole corpus as a network, with filters and search;
- ``docs/doc-<12 hex digits of a hash of its IRI>.html``: one page per document;
- ``roles.html``: the roles, what each is told to do, and their hierarchy.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from rdflib import RDF, Dataset, Graph

from ..atomic import Generation
from ..graph.build import union
from ..graph.ns import KG
from ..graph.quads import Quads
from . import pages
from .project import Corpus

__all__ = ["render_views", "write_views", "is_view", "statements_read"]

_VIEW = re.compile(r"(index|graph|roles)\.html|docs/doc-[0-9a-f]{12}\.html")


def is_view(name: str) -> bool:
    """Is ``name`` (relative to an output folder) one of the pages written here?"""
    return bool(_VIEW.fullmatch(name))


def render_views(graph: Graph, *, max_nodes: int = pages.MAX_NODES) -> Iterator[tuple[str, str]]:
    """The pages of ``graph``, one at a time: (name relative to the output folder, HTML).

    Document pages come first, the entry pages last.  One at a time, so that
    a caller writing them holds one page, not all (a 5 MB document's page is 40 MB).
    """
    if isinstance(graph, Quads):
        graph = graph.graph_of(statements_read(graph))
    c = Corpus(union(graph) if isinstance(graph, Dataset) else graph)
    for doc in sorted(c.docs.values(), key=lambda doc: doc.page):
        yield f"docs/{doc.page}", pages.document(c, doc)
    yield "graph.html", pages.corpus_graph(c, max_nodes)
    yield "index.html", pages.index(c)
    yield "roles.html", pages.roles(c, max_nodes)


def statements_read(q: Quads):
    """Which statements the pages read: all but the evidence (four fifths of a
    big build's statements), of which only what a slogan is quoted by counts."""
    evidence, quoting = set(), set()
    for s, p, o, _ in q.quads():
        if p == KG.evidence:
            evidence.add(o)
        elif p == RDF.predicate and o == KG.quotes:
            quoting.add(s)
    told = (RDF.predicate, RDF.object)

    def keep(quad: tuple) -> bool:
        s, p = quad[0], quad[1]
        if p == KG.evidence:
            return False
        return s not in evidence or (s in quoting and p in told)
    return keep


def write_views(graph: Graph, out_dir: Path, *, max_nodes: int = pages.MAX_NODES,
                timeout: float | None = None, on_wait=None) -> list[Path]:
    """Write the views of ``graph`` into ``out_dir``; return the files written.

    ``graph`` is a Graph (graph.ttl parsed), kg's Dataset (one named graph
    per document) or the Quads kg.api.build holds.  The pages replace the folder's
    previous views as one unit, together with the build's other outputs
    (graph, records, report), which are carried over unchanged: see
    :mod:`kg.atomic`.  Pages of documents no longer in the graph go.  The
    corpus and roles views show at most ``max_nodes`` nodes.
    """
    names = []
    with Generation(Path(out_dir), timeout, on_wait) as gen:
        for name, text in render_views(graph, max_nodes=max_nodes):
            with gen.open(name) as f:
                f.write(text)
            names.append(name)
        gen.keep(exclude=is_view)
        gen.commit()
    return [Path(out_dir) / name for name in names]
