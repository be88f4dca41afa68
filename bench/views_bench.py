"""How fast the corpus view (graph.html) is ready, and how big it is.

    python bench/views_bench.py                    # 500, 2,000 and 5,000 nodes
    python bench/views_bench.py --nodes 2000 --runs 3

For each size a synthetic graph shaped like kg's output (documents with 24
directives each, their actors from a role hierarchy, issuers and addressees,
slogans, places, a 文种) is made directly in RDF, with exactly that many nodes
in the corpus view.  Then kg.views writes the pages and headless Chromium
(Debian's, driven by Playwright) opens graph.html over http: "settled" is the
time from navigation to the page's ``window.__kgReadyAt``, set once the
capped stabilisation is done and physics is off.  Plain text, one figure per
line.  Aim: 2,000 nodes settled within 5 s.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.graph.build import ROLE_SCHEME, new_dataset  # noqa: E402
from kg.graph.iris import DOCTYPE, ROLE, iri  # noqa: E402
from kg.graph.ns import KG  # noqa: E402
from kg.views import project, write_views  # noqa: E402
from tests import browser  # noqa: E402

DIRECTIVES_PER_DOC = 24
MODALITIES = ["obligation"] * 8 + ["prohibition", "permission", "encouragement"]


def synthetic(nodes: int) -> Graph:
    """A graph whose corpus view has exactly ``nodes`` nodes."""
    g = Graph()
    for s, p, o, _ in new_dataset().quads((None, None, None, None)):  # the ontology: labels, roles
        g.add((s, p, o))
    roles = max(5, nodes // 40)
    organs = max(3, nodes // 30)
    slogans = max(2, nodes // 30)
    places = max(1, nodes // 60)
    rest = nodes - roles - organs - slogans - places - 1   # 1: the 文种
    docs = max(1, rest // (1 + DIRECTIVES_PER_DOC))
    directives = rest - docs
    role_iris = [ROLE[f"合成角色{k}"] for k in range(roles)]
    for k, r in enumerate(role_iris):
        g.add((r, RDF.type, SKOS.Concept))
        g.add((r, SKOS.inScheme, ROLE_SCHEME))
        g.add((r, SKOS.prefLabel, Literal(f"合成角色{k}", lang="zh")))
        if k:
            g.add((r, SKOS.broader, role_iris[(k - 1) // 3]))  # a tree, three below each
    organ_iris = [iri("org", f"合成机关{k}") for k in range(organs)]
    for k, o in enumerate(organ_iris):
        g.add((o, RDF.type, ORG.Organization))
        g.add((o, SKOS.prefLabel, Literal(f"合成机关{k}", lang="zh")))
    slogan_iris = [iri("slogan", f"合成提法{k}") for k in range(slogans)]
    for k, s in enumerate(slogan_iris):
        g.add((s, RDF.type, KG.Slogan))
        g.add((s, SKOS.prefLabel, Literal(f"合成提法{k}", lang="zh")))
    place_iris = [iri("place", f"合成地点{k}") for k in range(places)]
    for k, p in enumerate(place_iris):
        g.add((p, RDF.type, DCTERMS.Location))
        g.add((p, SKOS.prefLabel, Literal(f"合成地点{k}", lang="zh")))
    # every pooled node is used at least once (round robin), so all are drawn
    n_dir = 0
    for k in range(docs):
        d = iri("doc", f"合发〔2024〕{k + 1}号")
        g.add((d, RDF.type, KG.OfficialDocument))
        g.add((d, DCTERMS.identifier, Literal(f"合发〔2024〕{k + 1}号")))
        g.add((d, DCTERMS.title, Literal(f"关于合成事项{k + 1}的通知")))
        g.add((d, DCTERMS.issued, Literal(f"2024-{k % 12 + 1:02d}-{k % 28 + 1:02d}", datatype=XSD.date)))
        g.add((d, DCTERMS.type, DOCTYPE.Notice))
        g.add((d, DCTERMS.creator, organ_iris[k % organs]))
        g.add((d, KG.addressee, organ_iris[(k * 7 + 1) % organs]))
        for j in range(3):
            g.add((d, KG.quotes, slogan_iris[(k * 3 + j) % slogans]))
            g.add((d, KG.mentionsRole, role_iris[(k * 3 + j) % roles]))
        g.add((d, KG.mentionsPlace, place_iris[k % places]))
        share = directives // docs + (1 if k < directives % docs else 0)
        for j in range(share):
            r = URIRef(f"{d}/directive/{j + 1}")
            g.add((d, KG.hasDirective, r))
            g.add((r, RDF.type, KG.Directive))
            g.add((r, KG.modality, Literal(MODALITIES[n_dir % len(MODALITIES)])))
            g.add((r, KG.cue, Literal("要")))
            g.add((r, KG.actorText, Literal("各单位")))
            g.add((r, KG.actionText, Literal(f"落实第{j + 1}项合成要求")))
            g.add((r, KG.sentence, Literal(f"各单位要落实第{j + 1}项合成要求，确保工作到位。")))
            g.add((r, KG.actor, role_iris[n_dir % roles]))
            if n_dir % 5 == 0:
                g.add((r, KG.actor, role_iris[(n_dir * 7 + 3) % roles]))
            n_dir += 1
    return g


def measure(nodes: int, runs: int, chromium) -> None:
    g = synthetic(nodes)
    G = project.corpus(project.Corpus(g))
    assert G.number_of_nodes() == nodes, (G.number_of_nodes(), nodes)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        write_views(g, out)
        wrote = time.perf_counter() - started
        print(f"{nodes} nodes: corpus view has {G.number_of_edges()} edges")
        print(f"{nodes} nodes: write_views (all pages, {len(list(out.rglob('*.html')))} files) {wrote:.2f} s")
        print(f"{nodes} nodes: graph.html {(out / 'graph.html').stat().st_size / 1e6:.2f} MB")
        with browser.serve(out) as base:
            for run in range(runs):
                v = browser.visit(chromium, base + "graph.html", timeout=120_000)
                settled = v.page.evaluate("window.__kgReadyAt") / 1000
                physics = v.page.evaluate("JSON.parse(document.getElementById('kg-data').textContent).options.physics")
                layout = (f"{physics['stabilization']['iterations']} physics iterations" if physics["enabled"]
                          else "no physics, the seeded layout as it is")
                drawn = v.page.evaluate("kg.network.body.nodeIndices.length")
                assert not v.errors and not v.foreign_requests, (v.errors, v.foreign_requests)
                v.page.close()
                print(f"{nodes} nodes: settled in Chromium {settled:.2f} s "
                      f"(run {run + 1}: {layout}, {drawn} nodes drawn)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, nargs="*", default=[500, 2000, 5000])
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    reason = browser.unavailable()
    if reason:
        sys.exit(f"cannot run: {reason}")
    with browser.launch() as chromium:
        for n in args.nodes:
            measure(n, args.runs, chromium)


if __name__ == "__main__":
    main()
