"""One function per page: what goes into it, rendered by render.page."""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import networkx as nx
from rdflib.namespace import SKOS

from ..graph.build import ELI
from ..graph.ns import KG
from . import facts, layout, project, render, stats, vocab
from .facts import Doc
from .project import Corpus

# Past this many nodes the corpus view shows the best connected ones and says
# so: a tab that never settles answers nothing.
MAX_NODES = 6000


def index(c: Corpus) -> str:
    return render.page("index.html", title="概览", root="", active="index",
                       stats=stats.overview(c), docs=list(c.docs.values()))


def corpus_graph(c: Corpus, max_nodes: int = MAX_NODES) -> str:
    G, message = _capped(project.corpus(c), max_nodes)
    # one issuer's documents side by side
    hubs = sorted(c.docs, key=lambda d: (c.docs[d].issuer, c.docs[d].date, str(d)))
    net = render.network(G, positions=layout.seed_positions(G, hubs, {n: a["docs"] for n, a in G.nodes(data=True)}))
    return render.page("graph.html", title="全部公文", root="", active="graph", message=message,
                       **_network_page(G, net, filters=("doc", "modality", "role")))


def document(c: Corpus, doc: Doc) -> str:
    G = project.document(c, doc.iri)
    net = render.network(G, root="../", boxes=True, layout={"hierarchical": {
        "enabled": True, "direction": "LR", "levelSeparation": 320, "nodeSpacing": 46,
        "treeSpacing": 46, "sortMethod": "directed", "shakeTowards": "roots"}})
    g = c.g
    # tall enough that the longest column of boxes is readable when it all fits
    rows = max(Counter(a.get("level", 0) for _, a in G.nodes(data=True)).values())
    return render.page(
        "document.html", title=doc.title or doc.name, root="../", active="", doc=doc,
        net_height=min(2400, max(560, 36 * rows)),
        **_network_page(G, net, filters=("modality", "role"), boxes=True),
        directives=[_directive_row(c, r) for r in c.by_doc.get(doc.iri, [])],
        mentions=_mentions(c, doc),
        sections=[{"numeral": facts.text(g, s, KG.numeral), "heading": facts.text(g, s, KG.heading),
                   "level": int(facts.text(g, s, KG.level) or 1)}
                  for s in sorted(g.objects(doc.iri, KG.hasSection), key=lambda s: (facts.ordinal(s), str(s)))])


def roles(c: Corpus, max_nodes: int = MAX_NODES) -> str:
    G = project.roles(c)
    g = c.g
    role_nodes = [n for n, a in G.nodes(data=True) if a["cls"] == "role"]
    ordered = sorted(role_nodes, key=lambda n: (-len(c.received.get(n, [])), G.nodes[n]["label"], str(n)))
    anchors = {n: f"role-{k}" for k, n in enumerate(ordered)}
    for n in role_nodes:
        # the roles are what this page is about: their names stay readable zoomed out
        got = len(c.received.get(n, []))
        G.nodes[n].update(anchor=anchors[n], font=round(30 + 3 * math.sqrt(got)),
                          label=f"{G.nodes[n]['label']} {got}" if got else G.nodes[n]["label"])
    children = defaultdict(list)
    for n in role_nodes:
        for b in g.objects(n, SKOS.broader):
            if b in anchors:
                children[b].append(n)
    roots = [n for n in role_nodes if not any(b in anchors for b in g.objects(n, SKOS.broader))]
    hierarchy = _tree(c, roots, children, anchors)
    # a role with neither directives nor a place in the hierarchy is listed but
    # not drawn: physics would push it far off and shrink everything else
    G, message = _capped(G.subgraph([n for n in G if G.degree(n)]).copy(), max_nodes)
    homes = {r: [o for _, o in G.out_edges(r)] for r, a in G.nodes(data=True) if a["cls"] == "directive"}
    # parents and children next to each other on the spiral
    net = render.network(G, positions=layout.seed_positions(G, _preorder(hierarchy), homes))
    rows = [{"anchor": anchors[n], "name": facts.name(g, n),
             "broader": sorted(facts.name(g, b) for b in g.objects(n, SKOS.broader)),
             "narrower": sorted(facts.name(g, m) for m in children[n]),
             "directives": [_directive_row(c, r) for r in c.received.get(n, [])]}
            for n in ordered]
    return render.page("roles.html", title="角色", root="", active="roles", message=message,
                       **_network_page(G, net, filters=("modality", "role")), roles=rows, hierarchy=hierarchy)


def _tree(c: Corpus, nodes, children: dict, anchors: dict, seen: frozenset = frozenset()) -> list[dict]:
    """The role hierarchy as nested items, by name; a cycle is cut where it closes."""
    return [{"node": n, "name": facts.name(c.g, n), "anchor": anchors[n], "count": len(c.received.get(n, [])),
             "children": _tree(c, children[n], children, anchors, seen | {n})}
            for n in sorted(nodes, key=lambda n: (facts.name(c.g, n), str(n))) if n not in seen]


def _preorder(items: list[dict]) -> list:
    return [n for item in items for n in [item["node"], *_preorder(item["children"])]]


def _capped(G: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, str]:
    """At most ``max_nodes`` nodes, the best connected; and a message saying so."""
    total = G.number_of_nodes()
    if total <= max_nodes:
        return G, ""
    keep = sorted(G, key=lambda n: (-G.degree(n), str(n)))[:max_nodes]
    return G.subgraph(keep).copy(), (
        f"图中共有 {total} 个节点，为保持页面流畅只显示连接最多的 {max_nodes} 个。"
        "每份公文的文件视图和下面的列表有全部内容。")


def _network_page(G: nx.MultiDiGraph, net, filters: tuple[str, ...], boxes: bool = False) -> dict:
    """What network.html needs: the data, the legend, the filters' choices."""
    choices = {"doc": lambda: _choices(net, "document"), "role": lambda: _choices(net, "role"),
               "modality": lambda: render.modality_legend(G)}
    return {"data": render.network_data(net), "legend": render.legend(G), "modality_legend": render.modality_legend(G),
            "filters": {f: choices[f]() for f in filters}, "boxes": boxes,
            "counts": {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}}


def _choices(net, cls: str) -> list[dict]:
    """The nodes of one class as options of a filter: the page's node id and name."""
    out = [{"id": n["id"], "name": facts.short(n["label"], 30)} for n in net.nodes if n["cls"] == cls]
    return sorted(out, key=lambda o: (o["name"], o["id"]))


def _directive_row(c: Corpus, r: facts.Directive) -> dict:
    d = c.docs.get(r.doc)
    style = vocab.MODALITY.get(r.modality)
    return {"modality": style.name if style else r.modality, "color": style.color if style else "#999",
            "cue": r.cue, "actor": r.actor_text, "action": r.action, "sentence": r.sentence,
            "doc": d, "section": facts.text(c.g, r.section, KG.heading) if r.section else ""}


def _mentions(c: Corpus, doc: Doc) -> list[dict]:
    g = c.g
    out = []
    for p in (KG.quotes, KG.mentionsPerson, KG.mentionsPlace,
              KG.mentionsOrganization, ELI.cites):
        names = sorted({facts.name(g, o) for o in g.objects(doc.iri, p)})
        if names:
            out.append({"label": vocab.predicate_label(g, p), "names": names})
    return out
