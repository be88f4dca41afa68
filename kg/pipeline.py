"""The steps a document goes through, in order, each ``f(doc) -> doc``.

Like a spaCy pipeline: one object, named steps; the last, ``resolve``, links
the names found to the roles and organs they mean.  Reading and graph
building sit outside, in :mod:`kg.read` and :mod:`kg.graph.build`, which
only maps a resolved document to RDF.
"""
from __future__ import annotations

from typing import Callable

from .extract.directives import extract_directives
from .extract.elements import extract_elements
from .extract.mentions import extract_mentions
from .extract.official import require_official
from .extract.resolve import resolve
from .model import Document, Source
from .text.chrome import strip_chrome
from .text.normalize import normalize
from .text.runin import relines_document
from .text.script import simplify
from .text.segment import segment


def _normalize(doc: Document) -> Document:
    doc.lines = normalize(doc.source.text)
    return doc


STEPS: list[tuple[str, Callable[[Document], Document]]] = [
    ("normalize", _normalize),
    ("script", simplify),  # traditional characters read as simplified, offsets kept
    ("relines", relines_document),  # a document scraped onto one line gets its breaks back
    ("chrome", strip_chrome),  # page chrome out: breadcrumbs, 发布时间 lines, 打印/关闭
    ("segment", segment),
    ("elements", extract_elements),
    ("check", require_official),
    ("directives", extract_directives),
    ("mentions", extract_mentions),
    ("resolve", resolve),
]


# steps that run on each attached document too, after its cover
PART_STEPS = {"elements", "directives", "mentions", "resolve"}


def process(source: Source) -> Document:
    doc = Document(source)
    for name, step in STEPS:
        doc = step(doc)
        if name in PART_STEPS:
            for part in doc.parts:
                step(part)
                if name == "elements" and part.issuer is None:
                    # an attached plan unsigned is issued by the cover's issuer
                    part.issuer = doc.issuer
    return doc
