"""SPARQL: every shipped query answers correctly on the corpus graph; the CLI's
formats, parameters and errors."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.sparql import store as q
from kg.api import build
from kg.cli import cli
from kg.sparql.results import cell

from .conftest import CORPUS


@pytest.fixture(scope="session")
def store(corpus_build):
    _, out = corpus_build
    return q.open_store([out / "graph.ttl"])


def rows(store, name, **params):
    result = q.run(store, q.resolve(name), params)
    names = [v.value for v in result.variables]
    return [{n: cell(s[n]) for n in names} for s in result]


def test_there_are_at_least_twelve_documented_queries():
    shipped = q.shipped()
    assert len(shipped) >= 12
    for name, nq in shipped.items():
        assert nq.summary, name
        for p in nq.params:
            assert "e.g." in p.doc, (name, p.name)  # every parameter shows an example


def test_directives_for_role_include_narrower_roles(store):
    found = rows(store, "directives-for-role", role="党员")
    actors = {r["actor"] for r in found}
    assert {"学生党员", "教师党员", "医护员工党员", "共产党员", "广大党员"} <= actors
    only = rows(store, "directives-for-role", role="学生党员")
    assert [(r["document"], r["actor"]) for r in only] == [("枣科职院党〔2022〕4号", "学生党员")]
    # a variant name (altLabel) finds the same role
    assert rows(store, "directives-for-role", role="共产党员") == [dict(r, role="共产党员") for r in found]


def test_prohibitions_by_issuer(store):
    found = rows(store, "prohibitions-by-issuer")
    assert ("中共泉州师范学院委员会", "全体师生员工") in {(r["organ"], r["actor"]) for r in found}
    assert len({r["organ"] for r in found}) == 3
    by_name = rows(store, "prohibitions-by-issuer", issuer="中共泉州师范学院委员会")
    assert by_name and all(r["organ"] == "中共泉州师范学院委员会" for r in by_name)
    # an alias (skos:altLabel) finds the same organ
    by_alias = rows(store, "prohibitions-by-issuer", issuer="泉州师范学院党委")
    assert [dict(r, issuer="") for r in by_alias] == [dict(r, issuer="") for r in by_name]
    assert rows(store, "documents", issuer="北京交通大学党委")[0]["document"] == "校党发〔2022〕19号"


def test_the_issuer_shows_in_tables_unless_it_was_given(corpus_build):
    _, out = corpus_build
    g = str(out / "graph.ttl")
    for fmt in ("table", "md"):
        every = invoke("query", "prohibitions-by-issuer", "-g", g, "--format", fmt).output
        header = every.splitlines()[0]
        assert "organ" in header and "中共泉州师范学院委员会" in every
        assert "issuer" not in header  # the parameter's own column, empty when not given
        given = invoke("query", "prohibitions-by-issuer", "-g", g, "--format", fmt, "--param", "issuer=泉州师范学院党委")
        assert "issuer" not in given.output.splitlines()[0] and "全体师生员工" in given.output


def test_roles_per_document(store):
    found = rows(store, "roles-per-document")
    roles = {r["role"] for r in found if r["document"] == "枣科职院党〔2022〕4号"}
    assert {"医护员工党员", "教师党员", "学生党员", "党组织"} <= roles


def test_documents_by_issuer_and_date_range(store):
    assert len(rows(store, "documents")) == 5
    in_range = rows(store, "documents", **{"from": "2022-01-01", "to": "2022-03-31"})
    assert [r["document"] for r in in_range] == ["吉交院组字〔2022〕2号", "枣科职院党〔2022〕4号"]
    by = rows(store, "documents", issuer="中共泉州师范学院委员会")
    assert [r["document"] for r in by] == ["泉师委组〔2020〕2号"]


def test_slogan_timeline_and_most_repeated(store):
    timeline = rows(store, "slogan-timeline", slogan="两个维护")
    assert [r["date"] for r in timeline] == ["2020-01-30", "2020-01-31", "2022-03-10", "2022-05-25"]
    top = rows(store, "slogans")[0]
    assert (top["slogan"], top["documents"]) == ("两个维护", "4")


def test_citations(store):
    assert rows(store, "citations") == [
        {"document": "泉师委组〔2020〕2号", "cited": "泉师文〔2020〕6号", "citedTitle": "", "inGraph": "false"}]


@pytest.fixture(scope="module")
def shared_build(tmp_path_factory):
    """The corpus and two documents of other issuers to the corpus's addressees."""
    root = tmp_path_factory.mktemp("shared")
    folder = root / "docs"
    shutil.copytree(CORPUS, folder)
    for name, issuer, number in (("other.txt", "中共某某大学委员会", "某大党发〔2022〕3号"),
                                 ("third.txt", "中共某某学院委员会", "某院党发〔2022〕5号")):
        (folder / name).write_text(
            f"{issuer}文件\n{number}\n关于做好假期安全工作的通知\n各二级党组织，中共北京市委教育工委：\n"
            f"各二级党组织要做好假期安全工作。\n{issuer}\n2022年7月1日\n", encoding="utf-8")
    build([folder], root / "out")
    return root / "out"


def test_shared_addressees(shared_build):
    found = rows(q.open_store([shared_build / "graph.ttl"]), "shared-addressees")
    # each issuer's 各二级党组织 are its own (kg.extract.resolve); a named organ is shared
    assert found == [{"addressee": "中共北京市委员会教育工委", "issuer": "中共某某大学委员会", "otherIssuer": "中共某某学院委员会"}]


def test_directives_per_role(store):
    found = rows(store, "directives-per-role")
    assert found[0]["role"] in ("党组织", "党员") and int(found[0]["directives"]) >= 20
    assert any(r["role"] == "纪检监察部门" for r in found)


def test_directives_in_section(store):
    found = rows(store, "directives-in-section", heading="党员先锋")
    assert found and all("党员先锋" in r["section"] for r in found)
    assert {"吉交院组字〔2022〕2号", "校党发〔2022〕19号"} <= {r["document"] for r in found}


def test_persons_issuers_hierarchy_evidence(store):
    assert {"name": "习近平", "title": "总书记", "documents": "5"} in rows(store, "persons")
    assert len(rows(store, "issuers")) == 5
    hierarchy = {(r["role"], r["broader"]) for r in rows(store, "role-hierarchy")}
    assert ("学生党员", "党员") in hierarchy and ("党支部", "基层党组织") in hierarchy
    evidence = rows(store, "evidence", document="泉师委组〔2020〕2号")
    assert {"property": "dcterms:identifier", "exact": "泉师委组〔2020〕2 号"}.items() <= next(
        r for r in evidence if r["property"] == "dcterms:identifier").items()


def test_parameters_are_bound_not_pasted(store):
    # a value that would break out of a string literal if it were pasted in
    assert rows(store, "directives-for-role", role='党员"@zh } ?x ?y ?z . { ?a ?b "') == []


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_cli_formats(corpus_build):
    _, out = corpus_build
    g = str(out / "graph.ttl")
    table = invoke("query", "issuers", "-g", g)
    assert table.exit_code == 0 and "中共北京交通大学委员会" in table.output and "(5 rows)" in table.output
    lines = table.output.splitlines()
    # CJK-aware alignment: on screen, every row's count starts under the header's "documents"
    from wcwidth import wcwidth
    screen = lambda line: "".join(c * wcwidth(c) for c in line)
    column = screen(lines[0]).index("documents")
    assert all(screen(line)[column].isdigit() for line in lines[2:7])
    data = json.loads(invoke("query", "issuers", "-g", g, "--format", "json").output)
    assert len(data["results"]["bindings"]) == 5
    assert len([r for r in csv.reader(io.StringIO(invoke("query", "issuers", "-g", g, "--format", "csv").output)) if r]) == 6
    csv_bytes = invoke("query", "issuers", "-g", g, "--format", "csv").stdout_bytes
    assert csv_bytes.endswith(b"0\r\n")  # one line end, CSV's own (not \r\n\n)
    assert invoke("query", "issuers", "-g", g, "--format", "tsv").output.startswith("?issuer\t")
    assert invoke("query", "issuers", "-g", g, "--format", "md").output.startswith("| issuer |")
    construct = invoke("query", "-g", g, "CONSTRUCT { ?d a ?t } WHERE { ?d a ?t } LIMIT 1")
    assert construct.exit_code == 0 and "@prefix" in construct.output
    assert invoke("query", "-g", g, "ASK { ?s ?p ?o }").output.strip() == "true"


def test_cli_query_file_and_params(corpus_build, tmp_path):
    _, out = corpus_build
    rq = tmp_path / "mine.rq"
    rq.write_text("PREFIX kg: <https://w3id.org/kg-gongwen/ontology#>\n"
                  "SELECT ?a ?x WHERE { ?d kg:actorText ?a . FILTER(?a = ?x) }", encoding="utf-8")
    result = invoke("query", "-f", str(rq), "-g", str(out / "graph.ttl"), "--param", "x=学生党员")
    assert result.exit_code == 0 and "学生党员" in result.output


def test_cli_errors_exit_2_with_position(corpus_build):
    _, out = corpus_build
    bad = invoke("query", "-g", str(out / "graph.ttl"), "SELECT ?x WHERE {\n  ?x ?y\n}")
    assert bad.exit_code == 2 and "malformed query" in bad.output and "line 3, column" in bad.output
    unknown = invoke("query", "no-such-query", "-g", str(out / "graph.ttl"))
    assert unknown.exit_code == 2 and "directives-for-role" in unknown.output
    missing = invoke("query", "directives-for-role", "-g", str(out / "graph.ttl"))
    assert missing.exit_code == 2 and "--param role" in missing.output
    assert invoke("query", "--list").output.count("\n") >= 12


def test_table_cells_are_cut_to_the_terminal_full_values_elsewhere(corpus_build):
    from wcwidth import wcswidth

    _, out = corpus_build
    args = ["query", "evidence", "--param", "document=校党发〔2022〕19号", "-g", str(out / "graph.ttl")]
    wide = CliRunner().invoke(cli, args + ["--format", "json"])
    exact = [b["exact"]["value"] for b in json.loads(wide.output)["results"]["bindings"]]
    longest = max(exact, key=len)
    assert len(longest) > 200  # a whole paragraph's evidence
    for columns in (100, 60):
        table = CliRunner().invoke(cli, args + ["--limit", "10000"], env={"COLUMNS": str(columns)})
        lines = table.output.splitlines()
        assert table.exit_code == 0 and all(wcswidth(line) <= columns for line in lines), columns
        assert any(line.rstrip().endswith("…") or "… " in line for line in lines[2:])
        assert f"({len(exact)} rows)" in table.output
    # CSV keeps every character of every cell
    rows = list(csv.reader(io.StringIO(CliRunner().invoke(cli, args + ["--format", "csv"], env={"COLUMNS": "60"}).output)))
    assert longest in {cell for row in rows for cell in row}


def test_cut_counts_chinese_characters_double():
    from kg.sparql.results import table

    text = table(["名称", "n"], [["中" * 50, "1"], ["短", "2"]], width=30)
    first = text.splitlines()[2]
    from wcwidth import wcswidth
    assert wcswidth(first) <= 30 and first.startswith("中" * 13 + "…") and first.rstrip().endswith("1")
    assert table(["a"], [["x" * 500]]).splitlines()[2] == "x" * 500  # no width: nothing cut


# ---------------------------------------------------------------- speed without changing answers

PLAIN = Path(__file__).parent / "data" / "queries"


@pytest.mark.parametrize("name", sorted(p.stem for p in PLAIN.glob("*.rq")))
def test_a_query_written_for_speed_answers_as_its_plain_form(shared_build, name):
    """tests/data/queries/NAME.rq keeps the plain form of a shipped query that
    was rewritten to answer fast on the on-disk store (sub-selects, CONCAT sort
    keys): same rows, same order, from the store and from graph.nq (the union
    of per-document graphs)."""
    out = shared_build
    fast = q.shipped()[name]
    plain = q.parse_header(name, (PLAIN / f"{name}.rq").read_text(encoding="utf-8"))
    values = {k: v for k, v in {"role": "党员", "heading": "工作"}.items() if k in {p.name for p in fast.params}}
    for source in ([out], [out / "graph.nq"]):
        store = q.open_store(source)
        want = [tuple(map(str, row)) for row in q.run(store, plain, values)]
        got = [tuple(map(str, row)) for row in q.run(store, fast, values)]
        assert want and got == want, (name, source)


def test_sorting_on_a_concat_copy_keeps_the_order_of_the_plain_keys():
    """ORDER BY CONCAT("~", ?x), as the fast queries sort text, orders like
    ORDER BY ?x: plain and language-tagged strings, prefixes of one another,
    long ones (kept apart in the store), unbound values (first)."""
    import pyoxigraph as ox

    ex = "http://example.org/"
    store = ox.Store()
    texts = ["党员", "党员干部", "党", "~党", "", "abc", "ab~", "ab", "教师党员" * 10, "教师党员" * 9, "A", "z"]
    for i, text in enumerate(texts):
        for kind, literal in (("s", ox.Literal(text)), ("t", ox.Literal(text, language="zh"))):
            store.add(ox.Quad(ox.NamedNode(f"{ex}{kind}{i:02}"), ox.NamedNode(f"{ex}p"), literal))
    for i in range(3):
        store.add(ox.Quad(ox.NamedNode(f"{ex}u{i}"), ox.NamedNode(f"{ex}r"), ox.Literal("x")))
    for where in (f"?s <{ex}p> ?x FILTER(LANG(?x) = '')", f"?s <{ex}p> ?x FILTER(LANG(?x) = 'zh')",
                  f"{{ ?s <{ex}r> ?r }} UNION {{ ?s <{ex}p> ?x FILTER(LANG(?x) = '') }}"):
        plain = [r["s"].value for r in store.query(f"SELECT ?s WHERE {{ {where} }} ORDER BY ?x ?s")]
        copy = [r["s"].value for r in store.query(f'SELECT ?s WHERE {{ {where} }} ORDER BY CONCAT("~", ?x) ?s')]
        desc = [r["s"].value for r in store.query(f'SELECT ?s WHERE {{ {where} }} ORDER BY DESC(?x) ?s')]
        desc_copy = [r["s"].value for r in store.query(
            f'SELECT ?s WHERE {{ {where} }} ORDER BY DESC(CONCAT("~", ?x)) ?s')]
        assert len(plain) >= len(texts) and copy == plain and desc_copy == desc


def test_results_name_iris_with_the_graphs_prefixes():
    from kg.graph.build import PREFIXES as graph_prefixes
    from kg.sparql.prefixes import PREFIXES

    assert PREFIXES == {k: str(v) for k, v in graph_prefixes.items()}


def test_kg_query_starts_without_the_build_libraries(corpus_build):
    """kg query imports neither rdflib, jieba, networkx nor the readers: a
    fresh process answers a shipped query and lists what it loaded."""
    import subprocess
    import sys

    _, out = corpus_build
    script = ("import sys\nfrom kg.cli import cli\n"
              "try:\n    cli(['query', 'evidence', '-g', sys.argv[1], '--param', 'document=校党发〔2022〕19号'])\n"
              "except SystemExit as e:\n    assert not e.code, e.code\n"
              "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, check=True)
    assert "校党发〔2022〕19号" in proc.stdout
    loaded = set(proc.stderr.split())
    assert "pyoxigraph" in loaded
    assert not {"rdflib", "jieba", "networkx", "kg.read", "kg.graph.build", "kg.api"} & loaded


def test_a_graph_pattern_on_the_merged_graph_says_where_the_named_graphs_are(corpus_build):
    """A build's store and graph.ttl hold the merged graph, without the
    documents' named graphs: GRAPH there matches nothing, and kg says so on
    stderr; graph.nq answers it, without the note."""
    import subprocess
    import sys

    _, out = corpus_build

    def kg_query(text, given):
        return subprocess.run([sys.executable, "-m", "kg", "query", text, "-g", str(given)],
                              capture_output=True, text=True, encoding="utf-8")

    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    for given in (out, out / "graph.ttl"):
        merged = kg_query(text, given)
        assert merged.returncode == 0 and "(0 rows)" in merged.stdout
        assert "graph.nq" in merged.stderr and len(merged.stderr.splitlines()) == 1
    split = kg_query(text, out / "graph.nq")
    assert split.returncode == 0 and split.stderr == "" and "(6 rows)" in split.stdout
    plain = kg_query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", out)
    assert plain.returncode == 0 and plain.stderr == ""
