"""One function per page: what goes into it, rendered by render.page."""
from __future__ import annotations

import math
from collections import defaultdict

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
    G = project.corpus(c)
    total, message = G.number_of_nodes(), ""
    if total > max_nodes:
        keep = sorted(G, key=lambda n: (-G.degree(n), str(n)))[:max_nodes]
        G = G.subgraph(keep).copy()
        message = (f"图中共有 {total} 个节点，为保持页面流畅只显示连接最多的 {max_nodes} 个。"
                   "选一份公文筛选，或打开它的文件视图，可看到全部内容。")
    # one issuer's documents side by side
    hubs = sorted(c.docs, key=lambda d: (c.docs[d].issuer, c.docs[d].date, str(d)))
    net = render.network(G, positions=layout.seed_positions(G, hubs, {n: a["docs"] for n, a in G.nodes(data=True)}))
    return render.page(
        "graph.html", title="全部公文", root="", active="graph", message=message, boxes=False,
        data=render.network_data(net), legend=render.legend(G), modality_legend=render.modality_legend(G),
        filters={"doc": _choices(G, net, "document"), "role": _choices(G, net, "role"),
                 "modality": render.modality_legend(G)},
        counts={"nodes": G.number_of_nodes(), "edges": G.number_of_edges()})


def document(c: Corpus, doc: Doc) -> str:
    G = project.document(c, doc.iri)
    net = render.network(G, root="../", boxes=True, layout={"hierarchical": {
        "enabled": True, "direction": "LR", "levelSeparation": 320, "nodeSpacing": 46,
        "treeSpacing": 46, "sortMethod": "directed", "shakeTowards": "roots"}})
    directives = c.by_doc.get(doc.iri, [])
    g = c.g
    return render.page(
        "document.html", title=doc.title or doc.name, root="../", active="", doc=doc, boxes=True,
        data=render.network_data(net), legend=render.legend(G), modality_legend=render.modality_legend(G),
        filters={"modality": render.modality_legend(G), "role": _choices(G, net, "role")},
        counts={"nodes": G.number_of_nodes(), "edges": G.number_of_edges()},
        sections=[{"numeral": facts.text(g, s, KG.numeral), "heading": facts.text(g, s, KG.heading),
                   "level": int(facts.text(g, s, KG.level) or 1)}
                  for s in sorted(g.objects(doc.iri, KG.hasSection), key=lambda s: (facts.ordinal(s), str(s)))],
        directives=[_directive_row(c, r) for r in directives],
        mentions=_mentions(c, doc))


def roles(c: Corpus) -> str:
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
    # the hierarchy as a tree: parents and children next to each other on the spiral
    children = defaultdict(list)
    for n in role_nodes:
        for b in g.objects(n, SKOS.broader):
            if b in anchors:
                children[b].append(n)
    roots = [n for n in role_nodes if not any(b in anchors for b in g.objects(n, SKOS.broader))]

    def tree(nodes, seen=frozenset()):
        return [{"node": n, "name": facts.name(g, n), "anchor": anchors[n], "count": len(c.received.get(n, [])),
                 "children": tree(children[n], seen | {n})}
                for n in sorted(nodes, key=lambda n: (facts.name(g, n), str(n))) if n not in seen]

    def walk(items, out):
        for item in items:
            out.append(item["node"])
            walk(item["children"], out)
        return out

    hierarchy = tree(roots)
    hubs = walk(hierarchy, [])
    # a role with neither directives nor a place in the hierarchy is listed but
    # not drawn: physics would push it far off and shrink everything else
    G = G.subgraph([n for n in G if G.degree(n)]).copy()
    homes = {r: [o for _, o in G.out_edges(r)] for r, a in G.nodes(data=True) if a["cls"] == "directive"}
    net = render.network(G, positions=layout.seed_positions(G, hubs, homes))
    rows = [{"anchor": anchors[n], "name": facts.name(g, n),
             "broader": sorted(facts.name(g, b) for b in g.objects(n, SKOS.broader)),
             "narrower": sorted(facts.name(g, m) for m in children[n]),
             "directives": [_directive_row(c, r) for r in c.received.get(n, [])]}
            for n in ordered]
    return render.page(
        "roles.html", title="角色", root="", active="roles", boxes=False,
        data=render.network_data(net), legend=render.legend(G), modality_legend=render.modality_legend(G),
        filters={"role": _choices(G, net, "role"), "modality": render.modality_legend(G)},
        counts={"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}, roles=rows, hierarchy=hierarchy)


def _choices(G: nx.MultiDiGraph, net, cls: str) -> list[dict]:
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
