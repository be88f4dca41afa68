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

from rdflib import Dataset, Graph

from ..atomic import StagedFiles
from ..graph.build import union
from . import pages
from .project import Corpus

__all__ = ["write_views"]

_DOC_PAGE = re.compile(r"^doc-[0-9a-f]{12}\.html$")


def write_views(graph: Graph, out_dir: Path, *, max_nodes: int = pages.MAX_NODES) -> list[Path]:
    """Write the views of ``graph`` into ``out_dir``; return the files written.

    ``graph`` is a Graph (graph.ttl parsed) or kg's Dataset (one named graph
    per document, as kg.api.build makes it).  Every file is written to a
    temporary beside it and renamed into place, so a reader never sees half a
    page.  The corpus and roles views show at most ``max_nodes`` nodes.
    """
    out_dir = Path(out_dir)
    c = Corpus(union(graph) if isinstance(graph, Dataset) else graph)
    top = {
        "index.html": pages.index(c),
        "graph.html": pages.corpus_graph(c, max_nodes),
        "roles.html": pages.roles(c, max_nodes),
    }
    docs = {doc.page: pages.document(c, doc) for doc in c.docs.values()}
    written = _write(out_dir / "docs", docs)
    # pages of documents no longer in the graph would be dead ends
    for old in (out_dir / "docs").iterdir():
        if _DOC_PAGE.match(old.name) and old.name not in docs:
            old.unlink()
    # the entry pages last: once they link to a document page, it is there
    return written + _write(out_dir, top)


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    with StagedFiles(folder) as staged:
        for name, html in sorted(files.items()):
            with staged.open(name) as f:
                f.write(html)
    return [folder / name for name in sorted(files)]
