"""The steps a document goes through, in order, each ``f(doc) -> doc``.

Like a spaCy pipeline: one object, named steps.  Reading and graph building
sit outside, in :mod:`kg.read` and :mod:`kg.graph.build`.
"""
from __future__ import annotations

from typing import Callable

from .extract.directives import extract_directives
from .extract.elements import extract_elements
from .extract.mentions import extract_mentions
from .extract.official import require_official
from .model import Document, Source
from .text.normalize import normalize
from .text.runin import relines_document
from .text.segment import segment


def _normalize(doc: Document) -> Document:
    doc.lines = normalize(doc.source.text)
    return doc


STEPS: list[tuple[str, Callable[[Document], Document]]] = [
    ("normalize", _normalize),
    ("relines", relines_document),  # a document scraped onto one line gets its breaks back
    ("segment", segment),
    ("elements", extract_elements),
    ("check", require_official),
    ("directives", extract_directives),
    ("mentions", extract_mentions),
]


# steps that run on each attached document too, after its cover
PART_STEPS = {"elements", "directives", "mentions"}


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
