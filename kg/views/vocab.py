"""What the views call things: node classes (colour, shape, Chinese name),
modalities, and the Chinese labels of the predicates they draw.

Labels come from the graph first (the ontology in graph.ttl labels every kg
term with @zh); the table here only covers the terms of vocabularies the
ontology reuses without labelling (DCTERMS, ELI, SKOS, ORG).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from rdflib import Graph, URIRef

from ..graph.build import PREFIXES
from ..graph.network import label


@dataclass(frozen=True)
class Style:
    key: str
    name: str    # shown in the legend and tooltips
    shape: str   # a vis-network shape whose size follows `size`
    color: str
    font: int = 12  # label size: when zoomed out, small labels go first (and overlapping ones, by centrality)


# Order is the legend's order; each key is also the vis-network group name.
CLASSES = [
    Style("document", "公文", "square", "#4E79A7", 20),
    Style("directive", "规定事项", "dot", "#E15759", 10),
    Style("organization", "机构", "hexagon", "#F28E2B", 15),
    Style("role", "角色", "triangle", "#59A14F", 16),
    Style("slogan", "提法", "star", "#9C755F", 16),
    Style("person", "人物", "triangleDown", "#FF9DA7", 16),
    Style("place", "地点", "diamond", "#79706E", 16),
    Style("cited", "被引文件", "square", "#A0CBE8"),
    Style("doctype", "文种", "diamond", "#499894"),
    Style("section", "正文层次", "square", "#D7B5A6"),
    Style("other", "其他", "dot", "#BAB0AC"),
]
CLASS = {s.key: s for s in CLASSES}

# Directives are coloured by modality; ODRL's classes carry no Chinese label.
MODALITIES = [
    Style("obligation", "义务", "dot", "#E15759"),
    Style("prohibition", "禁止", "dot", "#7B3294"),
    Style("permission", "许可", "dot", "#1B9E77"),
    Style("encouragement", "鼓励", "dot", "#D4A017"),
]
MODALITY = {s.key: s for s in MODALITIES}

def predicate_label(g: Graph, p: URIRef) -> str:
    """The predicate's rdfs:label@zh (the ontology labels reused terms too)."""
    return label(g, p) or curie(g, p)


def curie(g: Graph, p: URIRef) -> str:
    """``kg:actor`` for a term: kg's own prefixes first, then the graph's; never
    a generated prefix (that would also bind it in the caller's graph)."""
    for prefix, ns in sorted(PREFIXES.items()):
        base = str(ns)
        if p.startswith(base) and len(p) > len(base):
            return f"{prefix}:{p[len(base):]}"
    try:
        return g.namespace_manager.curie(p, generate=False)
    except (KeyError, ValueError):
        return str(p)


def group(cls: str, modality: str | None = None) -> str:
    """The vis-network group of a node: its class, or its modality for a directive."""
    return f"directive-{modality}" if cls == "directive" and modality in MODALITY else cls


def vis_groups(boxes: bool = False) -> dict:
    """vis-network groups: a shape sized by centrality per class, or (for the
    tree-like views, where the text matters most) text boxes in the class colour."""
    styles = [(s.key, s) for s in CLASSES]
    styles += [(group("directive", m.key), replace(CLASS["directive"], color=m.color)) for m in MODALITIES]
    if not boxes:
        return {key: {"shape": s.shape, "color": s.color, "font": {"size": s.font}} for key, s in styles}
    return {key: {"shape": "box", "font": {"size": 13}, "widthConstraint": {"maximum": 240}, "margin": 6,
                  "color": {"background": tint(s.color), "border": s.color,
                            "highlight": {"background": s.color, "border": "#333333"},
                            "hover": {"background": tint(s.color, 0.55), "border": s.color}}}
            for key, s in styles}


def tint(color: str, white: float = 0.78) -> str:
    """``color`` mixed with white: a background that dark text reads on."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)

