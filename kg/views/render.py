"""Projections → pyvis networks → self-contained HTML pages.

pyvis holds the nodes, edges and options and ships vis-network; its own
template links Bootstrap and vis-network from CDNs, so pages are rendered
from kg's templates instead, with vis-network inlined: a page makes no
network request.

Text from documents is data.  Jinja autoescapes it in HTML; data handed to
the page's script is JSON inside ``<script type="application/json">`` with
``< > &`` and U+2028/2029 escaped, so no text can close the script element;
tooltips are plain strings, which vis-network 9 sets with ``innerText``.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import vocab

TEMPLATES = Path(__file__).parent / "templates"
# A CJK font first so that Chinese labels on the canvas never fall back to boxes.
FONT = "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

# vis-network's physics costs ~50 ms an iteration at 2,000 nodes on a small
# machine (2 cores): the iteration cap shrinks as the graph grows, so the page
# settles in a few seconds; seeded positions make a few iterations enough, and
# where fewer than MIN_ITERATIONS would fit (over ~3,300 nodes) the seeded
# positions stand as they are.
ITERATION_BUDGET = 50_000
MIN_ITERATIONS, MAX_ITERATIONS = 15, 150

# Characters that must not appear raw in JSON inside <script>, and their JSON escapes.
_SCRIPT_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(value) -> Markup:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in _SCRIPT_UNSAFE:  # str.replace runs in C; translate() would go char by char
        text = text.replace(raw, escaped)
    return Markup(text)


@lru_cache(maxsize=None)
def vis_js() -> Markup:
    """The vis-network that pyvis ships, to inline (without its source-map
    comment, which would make devtools fetch a file)."""
    import pyvis

    js = (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")
    js = re.sub(r"//# sourceMappingURL=\S*\s*$", "", js)
    if re.search(r"</script|<!--", js, re.I):
        raise RuntimeError("vis-network.min.js cannot be inlined as it is")
    return Markup(js)


@lru_cache(maxsize=None)
def asset(name: str) -> Markup:
    """A file of the templates folder, verbatim (CSS and the page's script)."""
    return Markup((TEMPLATES / name).read_text("utf-8"))


@lru_cache(maxsize=None)
def csp() -> str:
    """The pages' Content-Security-Policy: nothing may be fetched from anywhere,
    and of scripts only vis-network and view.js (by hash) run, so even markup
    that slipped into a page could not run or load anything."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(str(js).encode()).digest()).decode()}'"
                      for js in (vis_js(), asset("view.js")))
    return f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"


# The legend draws each vis-network shape in a 16×16 box.
_SHAPES = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon points="8,1.5 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,14.5"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "hexagon": '<polygon points="4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8"/>',
    "star": '<polygon points="8,1 9.8,6 15,6 10.8,9.2 12.4,14.5 8,11.3 3.6,14.5 5.2,9.2 1,6 6.2,6"/>',
    "box": '<rect x="1" y="3" width="14" height="10" rx="2"/>',
}


def shape(style: vocab.Style, boxes: bool = False) -> Markup:
    fill, stroke, drawn = (vocab.tint(style.color), style.color, "box") if boxes else (style.color, "#555", style.shape)
    return Markup('<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="{}" stroke="{}" '
                  'stroke-width="{}">{}</svg>').format(fill, stroke, 1.2 if boxes else 0.6, Markup(_SHAPES[drawn]))


@lru_cache(maxsize=None)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["script_json"] = script_json
    env.globals.update(vis_js=vis_js, asset=asset, csp=csp, shape=shape)
    return env


def page(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def network(G: nx.MultiDiGraph, *, root: str = "", positions: dict | None = None,
            layout: dict | None = None, boxes: bool = False):
    """A pyvis Network of a projection.

    ``root`` is the way from the page to the output folder (for links to
    document pages); ``positions`` seeds a physics layout, ``layout`` is a
    vis-network layout (a hierarchy) that needs no physics; ``boxes`` draws
    nodes as text boxes (see vocab.vis_groups).
    """
    from pyvis.network import Network

    order = sorted(G, key=str)
    ids = {n: k for k, n in enumerate(order)}
    centrality = nx.degree_centrality(G) if len(G) > 1 else {n: 0.0 for n in G}
    top = max(centrality.values(), default=0.0) or 1.0
    nodes = []
    for n in order:
        a = G.nodes[n]
        node = {
            "id": ids[n], "label": a["label"], "title": a["title"], "cls": a["cls"],
            "group": vocab.group(a["cls"], a.get("modality")),
            # degree centrality sets the size: hubs stand out at a glance
            "size": round(8 + 22 * math.sqrt(centrality[n] / top), 1),
            "docs": sorted(ids[d] for d in a["docs"] if d in ids),
        }
        if a.get("modality"):
            node["mod"] = a["modality"]
        if a.get("page"):
            node["href"] = f"{root}docs/{a['page']}"
        if a.get("anchor"):
            node["anchor"] = a["anchor"]
        if a.get("font"):
            node["font"] = {"size": a["font"]}
        if layout is not None:
            node["level"] = a.get("level", 0)
        if positions is not None:
            x, y = positions[n]
            node["x"], node["y"] = round(x, 1), round(y, 1)
        nodes.append(node)
    edges = []
    ordered = sorted(G.edges(keys=True, data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2]))
    for k, (s, o, key, a) in enumerate(ordered):
        edge = {"id": k, "from": ids[s], "to": ids[o], "label": a["label"], "title": a["title"], "p": key}
        if a.get("color"):
            edge["color"] = {"color": a["color"], "highlight": a["color"]}
        edges.append(edge)

    net = Network(directed=True, height="100%", width="100%")
    # Filled directly: pyvis's add_node/add_edge check membership in lists,
    # which is quadratic in the size of the graph.
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = _options(len(nodes), layout, boxes)
    return net


def _options(n: int, layout: dict | None, boxes: bool) -> dict:
    big = n > 1000
    options = {
        "groups": vocab.vis_groups(boxes),
        # labels too small to read at the current zoom are not drawn, except
        # in a text box, where the label is the node
        # dark labels on a white halo: readable over edges and pale fills
        "nodes": {"font": {"size": 14, "face": FONT, "color": "#1F1F1F", "strokeWidth": 3, "strokeColor": "#FFFFFF"},
                  "borderWidth": 1,
                  "scaling": {"label": {"drawThreshold": 3 if boxes else 8}}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,  # straight edges draw and simulate faster
            "font": {"size": 10, "face": FONT, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "color": {"color": "#BBBBBB", "highlight": "#333333", "hover": "#333333"},
            "width": 1,
            "scaling": {"label": {"drawThreshold": 8}},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
    }
    if layout is not None:
        options["layout"] = layout
        options["physics"] = {"enabled": False}
    else:
        iterations = min(MAX_ITERATIONS, ITERATION_BUDGET // max(n, 1))
        options["layout"] = {"improvedLayout": False, "randomSeed": 1}
        options["physics"] = {
            "enabled": iterations >= MIN_ITERATIONS, "solver": "barnesHut",
            # central gravity keeps small unlinked parts from drifting off the screen
            "barnesHut": {"gravitationalConstant": -5000, "centralGravity": 0.35, "springLength": 110,
                          "springConstant": 0.03, "damping": 0.3, "avoidOverlap": 0.2},
            "minVelocity": 1,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 10, "fit": True},
        }
    return options


def network_data(net) -> dict:
    """What the page's script needs of a pyvis Network."""
    nodes, edges, *_ = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": net.options}


def legend(G: nx.MultiDiGraph) -> list[dict]:
    """The classes drawn, with how many nodes each has."""
    counts = Counter(a["cls"] for _, a in G.nodes(data=True))
    return [{"style": s, "count": counts[s.key]} for s in vocab.CLASSES if s.key in counts]


def modality_legend(G: nx.MultiDiGraph) -> list[dict]:
    counts = Counter(a["modality"] for _, a in G.nodes(data=True) if a.get("modality"))
    return [{"style": s, "count": counts[s.key]} for s in vocab.MODALITIES if s.key in counts]
