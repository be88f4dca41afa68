"""The interactive views (kg.views): files, escaping, determinism, and the
pages themselves in a real headless Chromium.

The browser tests are skipped with a reason when Chromium or Playwright is
missing, unless CI is set: then they fail.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from kg.api import build
from kg.views import write_views
from kg.views.render import script_json

from . import browser
from .conftest import CORPUS

HOSTILE = """测试局文件

测发〔2024〕7号

关于<script>kgxss=1</script>"onmouseover="kgxss=2"<img src=x onerror=kgxss=3>工作的通知

各单位：

一、加强“<script>kgxss=4</script>”工作。各单位要落实“<img src=x onerror=kgxss=5>”要求，"onmouseover="kgxss=6"。

二、各级党组织不得传播</script><script>kgxss=7</script>谣言。

测试局
2024年3月5日
"""
HOSTILE_TITLE = '关于<script>kgxss=1</script>"onmouseover="kgxss=2"<img src=x onerror=kgxss=3>工作的通知'

PREFIXES = """
PREFIX kg: <https://w3id.org/kg-gongwen/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
# What graph.html draws, as the README states it: documents; what they name
# through these predicates; the actors of their directives; and the role and
# organ hierarchies between nodes so reached.
DOC_PREDICATES = ("dcterms:creator kg:addressee kg:ccRecipient kg:mentionsOrganization kg:hasDirective "
                  "kg:mentionsRole kg:quotes kg:mentionsPerson kg:signer kg:mentionsPlace eli:cites dcterms:type")


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="session")
def corpus_rdf(corpus_build) -> Graph:
    _, out = corpus_build
    return Graph().parse(out / "graph.ttl")


@pytest.fixture(scope="session")
def views(corpus_rdf, tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("views")
    return out, write_views(corpus_rdf, out)


@pytest.fixture(scope="session")
def hostile_views(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("hostile_src") / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile_out")
    result = build([src], out)
    assert result.ok, result.skipped
    graph = Graph().parse(out / "graph.ttl")
    write_views(graph, out)
    return out


@pytest.fixture(scope="session")
def site(views):
    with browser.serve(views[0]) as base:
        yield base


@pytest.fixture(scope="session")
def hostile_site(hostile_views):
    with browser.serve(hostile_views) as base:
        yield base


@pytest.fixture(scope="session")
def pages(chromium, site, views) -> dict[str, browser.Visit]:
    """Every page of the corpus views, opened once for the tests that read
    them; each is opened before the last has settled, so they settle side by side."""
    out, written = views
    opened = {}
    for path in written:
        rel = path.relative_to(out).as_posix()
        opened[rel] = browser.open_page(chromium, site + rel)
    for rel, v in opened.items():
        if rel != "index.html":
            browser.wait_ready(v)
    yield opened
    for v in opened.values():
        v.page.close()


@pytest.fixture
def graph_page(pages) -> browser.Visit:
    return pages["graph.html"]


def expected_corpus_network(g: Graph) -> tuple[int, int]:
    """Nodes and edges of graph.html, from the RDF alone."""
    nodes = {row.n for row in g.query(PREFIXES + f"""
        SELECT DISTINCT ?n WHERE {{
          {{ ?n a kg:OfficialDocument }}
          UNION {{ ?d a kg:OfficialDocument ; ?p ?n . VALUES ?p {{ {DOC_PREDICATES} }} FILTER isIRI(?n) }}
          UNION {{ ?d a kg:OfficialDocument ; kg:hasDirective ?r . ?r kg:actor ?n }}
        }}""")}
    edges = len(g.query(PREFIXES + f"""
        SELECT ?d ?p ?o WHERE {{
          ?d a kg:OfficialDocument ; ?p ?o . VALUES ?p {{ {DOC_PREDICATES} }} FILTER isIRI(?o)
        }}"""))
    edges += len(g.query(PREFIXES + """
        SELECT ?r ?a WHERE { ?d a kg:OfficialDocument ; kg:hasDirective ?r . ?r kg:actor ?a }"""))
    edges += sum(1 for row in g.query(PREFIXES + "SELECT ?s ?o WHERE { ?s skos:broader|org:subOrganizationOf ?o }")
                 if row.s in nodes and row.o in nodes)
    return len(nodes), edges


def page_data(path: Path) -> dict:
    """The JSON a page hands its script."""
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', path.read_text("utf-8"), re.S)
    return json.loads(m.group(1))


class Tags(HTMLParser):
    """The start tags of a page, with their attributes (script contents are text to it)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def loads(self) -> list[tuple[str, str]]:
        """Every URL the page would load by itself (links followed by a click are not)."""
        return [(tag, a[attr]) for tag, a in self.tags for attr in ("src", "href", "srcset", "poster", "data")
                if a.get(attr) is not None and tag != "a"]

    def csp(self) -> str:
        return next((a.get("content", "") for tag, a in self.tags
                     if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"), "")


# ------------------------------------------------------------------ files

def test_writes_every_view(views, corpus_rdf):
    out, written = views
    n_docs = len(list(corpus_rdf.query(PREFIXES + "SELECT ?d WHERE { ?d a kg:OfficialDocument }")))
    names = sorted(p.relative_to(out).as_posix() for p in written)
    assert {"index.html", "graph.html", "roles.html"} <= set(names)
    doc_pages = [n for n in names if n.startswith("docs/")]
    assert len(doc_pages) == n_docs == 5
    assert all(re.fullmatch(r"docs/doc-[0-9a-f]{12}\.html", n) for n in doc_pages)
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    assert not list(out.rglob("*.tmp")), "temporary files left behind"
    index = (out / "index.html").read_text("utf-8")
    for name in doc_pages + ["graph.html", "roles.html"]:
        assert f'href="{name}"' in index


def test_pages_need_nothing_from_the_network(views):
    out, written = views
    for path in written:
        html = path.read_text("utf-8")
        tags = Tags(html)
        assert tags.loads() == [], f"{path.name} loads {tags.loads()}"
        assert "default-src 'none'" in tags.csp()
        assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)\s*=\s*[\"']?(https?:)?//", html, re.I)


def test_same_graph_same_pages(corpus_rdf, views, tmp_path):
    out, written = views
    again = write_views(corpus_rdf, tmp_path)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in written]
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_dataset_gives_the_same_pages(corpus_rdf, views, tmp_path):
    """kg.api.build holds a Dataset, one named graph per document."""
    ds = Dataset()
    for k, d in enumerate(sorted(set(corpus_rdf.subjects()), key=str)):
        g = ds.graph(URIRef(f"urn:test:{k % 7}"))  # spread over several named graphs
        for t in corpus_rdf.triples((d, None, None)):
            g.add(t)
    again = write_views(ds, tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in views[1]]


def test_a_build_gives_the_same_pages(views, corpus_build):
    """kg.api.build holds Quads and shows the views only the statements they
    read (no evidence but slogan quotes): the pages are those of the whole graph."""
    from kg.graph.build import add_document, document_iri
    from kg.graph.quads import new_quads
    from kg.pipeline import process
    from kg.read import read
    from kg.views import render_views

    result, _ = corpus_build
    q = new_quads()
    for path in result.documents:
        doc = process(read(Path(path)))
        add_document(q, doc, document_iri(doc))
    assert len(q) > 6000
    pages = dict(render_views(q))
    out, written = views
    assert pages == {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in written}


def test_rewriting_removes_pages_of_gone_documents(corpus_rdf, tmp_path):
    stale = tmp_path / "docs" / "doc-000000000000.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    mine = tmp_path / "docs" / "notes.html"  # not ours: left alone
    mine.write_text("mine")
    write_views(corpus_rdf, tmp_path)
    assert not stale.exists() and mine.exists()


def test_graph_data_matches_the_rdf(views, corpus_rdf):
    data = page_data(views[0] / "graph.html")
    assert (len(data["nodes"]), len(data["edges"])) == expected_corpus_network(corpus_rdf)
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 150


def test_script_json_cannot_end_the_script():
    value = {"t": "</script><script>alert(1)</script><!-- & \u2028\u2029 '\""}
    text = str(script_json(value))
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_hostile_text_is_escaped_in_the_files(hostile_views):
    pages = [p for p in hostile_views.rglob("*.html") if ".kg" not in p.parts]  # not the generations behind them
    assert len(pages) == 4
    for path in pages:
        parser = Tags(path.read_text("utf-8"))
        # the payload made no element and no attribute: only kg's own scripts are there
        assert [t for t, _ in parser.tags if t == "img"] == [], path.name
        assert [a for _, attrs in parser.tags for a in attrs if a.startswith("on")] == [], path.name
        scripts = [attrs.get("id") for t, attrs in parser.tags if t == "script"]
        assert scripts == ([] if path.name == "index.html" else ["kg-data", None, None]), path.name
    doc = next(hostile_views.glob("docs/*.html")).read_text("utf-8")
    assert "关于&lt;script&gt;kgxss=1&lt;/script&gt;&#34;onmouseover=&#34;kgxss=2&#34;" in doc


def test_big_graphs_are_capped_with_a_message(corpus_rdf, tmp_path):
    write_views(corpus_rdf, tmp_path, max_nodes=40)
    data = page_data(tmp_path / "graph.html")
    assert len(data["nodes"]) == 40
    assert "只显示连接最多的 40 个" in (tmp_path / "graph.html").read_text("utf-8")


def test_empty_graph(tmp_path):
    written = write_views(Graph(), tmp_path)
    assert sorted(p.name for p in written) == ["graph.html", "index.html", "roles.html"]


# ------------------------------------------------------------------ in the browser

def test_every_page_loads_offline_without_errors(pages, site):
    assert len(pages) == 8
    for rel, v in pages.items():
        assert v.errors == [], f"{rel}: {v.errors}"
        assert v.foreign_requests == [], f"{rel} asked the network for {v.foreign_requests}"
        assert v.requests == [site + rel], f"{rel} made requests besides itself: {v.requests}"


def test_graph_shows_the_whole_corpus(graph_page, corpus_rdf):
    nodes, edges = expected_corpus_network(corpus_rdf)
    got = graph_page.page.evaluate(
        "[kg.nodes.length, kg.edges.length, kg.nodeView.length, kg.edgeView.length,"
        " kg.network.body.nodeIndices.length, kg.network.body.edgeIndices.length]")
    assert got == [nodes, edges] * 3
    # settled: physics is off once the capped stabilisation is done
    assert graph_page.page.evaluate("kg.network.physics.physicsEnabled") is False
    # edge labels are the ontology's Chinese labels
    assert graph_page.page.evaluate("kg.edges.get().every(e => /[\\u4e00-\\u9fff]/.test(e.label))")


def test_filters_change_what_is_shown(graph_page):
    page = graph_page.page
    total = page.evaluate("kg.nodeView.length")
    shown = lambda: page.evaluate("kg.network.body.nodeIndices.length")  # noqa: E731
    try:
        doc = page.evaluate("String(kg.nodes.get({filter: n => n.cls === 'document'})[0].id)")
        page.select_option("#kg-doc", doc)
        assert 0 < shown() < total
        assert page.evaluate(f"kg.nodeView.get().every(n => n.docs.includes({doc}))")
        page.select_option("#kg-doc", "")
        assert shown() == total

        page.select_option("#kg-modality", "prohibition")
        assert page.evaluate("kg.nodeView.get({filter: n => n.cls === 'directive'})"
                             ".every(n => n.mod === 'prohibition')")
        assert shown() < total
        page.select_option("#kg-modality", "")

        page.uncheck(".legend input[data-cls=directive]")
        assert page.evaluate("kg.nodeView.get({filter: n => n.cls === 'directive'}).length") == 0
        page.check(".legend input[data-cls=directive]")
        assert shown() == total

        role = page.evaluate("String(kg.nodes.get({filter: n => n.label === '党员'})[0].id)")
        page.select_option("#kg-role", role)
        assert 1 < shown() < total
        assert page.evaluate(f"kg.nodeView.get().some(n => n.id === {role})")

        page.click("#kg-reset")
        assert shown() == total
        page.fill("#kg-search", "党员")
        assert "找到" in page.text_content("#kg-status")
        assert page.evaluate("kg.network.getSelectedNodes().length") > 0
    finally:
        page.click("#kg-reset")


def test_document_view_draws_its_directives(pages, views, corpus_rdf):
    out, _ = views
    number = "校党发〔2022〕19号"
    directives = len(corpus_rdf.query(PREFIXES + f"""
        SELECT ?r WHERE {{ ?d dcterms:identifier "{number}" ; kg:hasDirective ?r }}"""))
    page_file = next(p for p in (out / "docs").glob("*.html") if number in p.read_text("utf-8"))
    page = pages["docs/" + page_file.name].page
    got = page.evaluate("kg.nodes.get({filter: n => n.cls === 'directive'}).length")
    assert got == directives > 0
    assert len(page.query_selector_all("section.directives tbody tr")) == directives
    # every directive is reached from an actor by an edge in its modality's colour
    assert page.evaluate("""kg.nodes.get({filter: n => n.cls === 'directive'}).every(n =>
        kg.edges.get({filter: e => e.to === n.id && e.p.endsWith('#actor')}).every(e => e.color))""")
    assert page.text_content(".meta").count(number) == 1


def test_roles_view_lists_what_each_role_receives(pages, corpus_rdf):
    expected = len(corpus_rdf.query(PREFIXES + """
        SELECT ?r WHERE { ?r kg:actor <https://w3id.org/kg-gongwen/role/党员> }"""))
    page = pages["roles.html"].page
    summary = page.locator("details summary", has_text=re.compile(r"^党员 ")).first.text_content()
    assert f"{expected} 条" in summary
    node = page.evaluate("kg.nodes.get({filter: n => n.cls === 'role' && n.label.startsWith('党员 ')})[0]")
    assert node["label"] == f"党员 {expected}"
    assert page.evaluate("kg.edges.get({filter: e => e.p.endsWith('#broader')}).length") > 0


def test_hostile_text_shows_as_text_and_runs_nothing(chromium, hostile_site, hostile_views):
    doc = "docs/" + next(hostile_views.glob("docs/*.html")).name
    opened = {rel: browser.open_page(chromium, hostile_site + rel)
              for rel in ("index.html", "graph.html", "roles.html", doc)}
    try:
        for rel, v in opened.items():
            page = v.page
            if rel != "index.html":
                browser.wait_ready(v)
            assert v.errors == [], f"{rel}: {v.errors}"
            assert v.foreign_requests == [] and v.requests == [hostile_site + rel], v.requests
            assert page.evaluate("typeof window.kgxss") == "undefined"
            assert page.evaluate("document.querySelectorAll('[onmouseover], [onerror], img').length") == 0
            assert page.evaluate("document.scripts.length") == (0 if rel == "index.html" else 3)
            if rel in ("index.html", doc):
                assert HOSTILE_TITLE in page.text_content("body")
            if rel != "index.html":
                # the tooltip of the document (or directive) node is text too
                target = "document" if rel != "roles.html" else "directive"
                node = page.evaluate(f"kg.nodes.get({{filter: n => n.cls === '{target}'}})[0].id")
                box = page.locator("#kg-network").bounding_box()
                xy = page.evaluate(f"kg.network.canvasToDOM(kg.network.getPosition({node}))")
                page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
                tip = page.locator("div.vis-tooltip")
                tip.wait_for(state="visible", timeout=5000)
                assert "<script>kgxss=" in tip.text_content() or "<img src=x" in tip.text_content()
                # innerText turns line breaks into <br>, and nothing else is markup
                assert page.evaluate("[...document.querySelector('div.vis-tooltip').children]"
                                     ".every(c => c.tagName === 'BR')")
                assert page.evaluate("typeof window.kgxss") == "undefined"
    finally:
        for v in opened.values():
            v.page.close()


def test_labels_at_1400x900_are_dark_and_do_not_overlap(chromium, site):
    """Slogans, places and persons are labelled in a dark colour at the first
    view of 1400×900; where labels would overlap, the more central node's is
    drawn and the other's waits for a closer zoom."""
    fresh = browser.visit(chromium, site + "graph.html", viewport=(1400, 900))  # not one other tests filtered
    drawn = fresh.page.evaluate("""() => {
      const net = kg.network, scale = net.getScale();
      const data = JSON.parse(document.getElementById('kg-data').textContent);
      const ctx = document.createElement('canvas').getContext('2d');
      const out = [];
      kg.nodeView.get().forEach(n => {
        const g = data.options.groups[n.group] || {};
        const px = ((n.font && n.font.size) || (g.font && g.font.size) || data.options.nodes.font.size) * scale;
        const color = (n.font && n.font.color) || (g.font && g.font.color) || data.options.nodes.font.color;
        if (px < data.options.nodes.scaling.label.drawThreshold || color === 'rgba(0,0,0,0)') return;
        ctx.font = px + 'px sans-serif';
        const w = Math.max(...String(n.label).split('\\n').map(l => ctx.measureText(l).width));
        const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
        const top = p.y + n.size * scale;
        out.push({cls: n.cls, label: n.label, color, box: [p.x - w / 2, top, p.x + w / 2, top + px]});
      });
      return out;
    }""")
    for cls in ("slogan", "place", "person"):
        assert len([d for d in drawn if d["cls"] == cls]) >= 2, cls

    def luminance(color: str) -> float:
        r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert all(luminance(d["color"]) < 0.3 for d in drawn)
    for k, a in enumerate(drawn):
        for b in drawn[k + 1:]:
            (a0, a1, a2, a3), (b0, b1, b2, b3) = a["box"], b["box"]
            overlap_x, overlap_y = min(a2, b2) - max(a0, b0), min(a3, b3) - max(a1, b1)
            assert overlap_x <= 1 or overlap_y <= 1, (a["label"], b["label"])
    fresh.page.close()


def test_a_build_too_big_to_draw_writes_no_views_and_says_why(tmp_path, monkeypatch):
    """Past VIEWS_UP_TO_STATEMENTS (a document of some 2.5 MB of text) the
    build writes the graph but no pages, and says how to get them."""
    import kg.api

    monkeypatch.setattr(kg.api, "VIEWS_UP_TO_STATEMENTS", 1000)  # the corpus makes about 7,000
    result = build([CORPUS], tmp_path / "out")
    assert len(result.documents) == 5 and (tmp_path / "out" / "graph.ttl").exists()
    assert not (tmp_path / "out" / "index.html").exists()
    said = [w for w in result.warnings if w.startswith("views not written")]
    assert said == ["views not written: the documents make more than 1,000 statements, "
                    "more than the pages can draw; run kg view to write them"]
