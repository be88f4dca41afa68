"""The steps a document goes through, in order, each ``f(doc) -> doc``.

Like a spaCy pipeline: one object, named steps; the last, ``resolve``, links
the names found to the roles and organs they mean.  Reading and graph
building sit outside, in :mod:`kg.read` and :mod:`kg.graph.build`, which
only maps a resolved document to RDF.
"""
from __future__ import annotations

from typing import Callable

from .errors import NotAnOfficialDocument
from .extract.directives import extract_directives
from .extract.elements import extract_elements
from .extract.mentions import extract_mentions
from .extract.resolve import resolve
from .model import Document, Source
from .text.chrome import strip_chrome
from .text.normalize import normalize
from .text.script import simplify
from .text.segment import segment


def _normalize(doc: Document) -> Document:
    doc.lines = normalize(doc.source.text)
    return doc


def _require_official(doc: Document) -> Document:
    if not doc.doc_type and not doc.doc_number:
        raise NotAnOfficialDocument("not an official document: no title ending in a 文种 and no document number")
    return doc


STEPS: list[tuple[str, Callable[[Document], Document]]] = [
    ("normalize", _normalize),
    ("script", simplify),  # traditional characters read as simplified, offsets kept
    ("chrome", strip_chrome),  # page chrome out: breadcrumbs, 发布时间 lines, 打印/关闭
    ("segment", segment),
    ("elements", extract_elements),
    ("check", _require_official),
    ("directives", extract_directives),
    ("mentions", extract_mentions),
    ("resolve", resolve),
]


def process(source: Source) -> Document:
    doc = Document(source)
    for _name, step in STEPS:
        doc = step(doc)
    return doc
