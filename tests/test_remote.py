"""kg.sparql.remote against a real store: the corpus pushed into OpenLink Virtuoso
through the Graph Store protocol, and every shipped query answered by
Virtuoso and by the embedded Oxigraph store alike.

Needs Debian's virtuoso-opensource (see tests/virtuoso.py): without it these
tests skip, or fail when env CI is set.  The binding tests marked "offline"
run everywhere.

How answers are compared: as multisets of rows (order is left to ORDER BY,
which the queries do not make total), each cell reduced to a plain value:
an IRI; a literal's lexical form with its language tag or its datatype.
Two normalisations, both for documented Virtuoso behaviour:

- language tags are compared in lower case.  Virtuoso stores tags lower-cased
  (``en-GB`` comes back ``en-gb``); BCP 47 and RDF 1.1 make tags
  case-insensitive, and Oxigraph lower-cases them too, so this changes
  nothing for kg's ``zh`` and ``en`` but keeps the test honest for others.
- booleans: Virtuoso has no boolean type inside; it returns stored booleans
  as ``"1"^^xsd:boolean`` (kg.sparql.remote canonicalises those to true/false) and
  ``EXISTS {…}`` as ``1``/``0`` typed xsd:integer.  In a column where the
  embedded store gives xsd:boolean, Virtuoso's integer 1/0 counts as
  true/false.

Counts (xsd:integer), dates (xsd:date) and strings came back with the same
lexical forms and datatypes from both stores, so no other normalisation is
applied: a datatype difference would fail the test.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.sparql import store as q
from kg.sparql import bulk, remote
from kg.sparql.results import render
from tests.virtuoso import free_port, virtuoso  # noqa: F401  (virtuoso is a session fixture)

XSD = "http://www.w3.org/2001/XMLSchema#"
KG_GRAPHS = "https://w3id.org/kg-gongwen/"
TEST_GRAPH = "https://example.org/kg-test/binding"
EX = "http://example.org/"

# Two shipped queries are written the portable way because Virtuoso gets the
# obvious form wrong: documents.rq tests ?organ apart (Virtuoso folds
# COALESCE(?organ = ?issuer, true) into a join and drops every row when
# ?issuer is unbound), and directives-per-role.rq takes MIN(STR(?action))
# (Virtuoso's MIN over long literals is not the codepoint minimum).  The test
# below compares every shipped query on both stores, so a regression shows.


def example(param: q.Param) -> str:
    match = re.search(r"e\.g\.\s*(\S+)", param.doc)
    assert match, f"parameter {param.name} has no 'e.g. VALUE' in its doc: {param.doc!r}"
    return match[1]


def values_for(named: q.NamedQuery, mode: str) -> dict[str, str]:
    """Every parameter's example, or only the required ones (optional left unbound)."""
    return {p.name: example(p) for p in named.params if mode == "examples" or not p.optional}


def plain(term, boolean_column: bool = False):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return "_:"  # labels are each store's own
    if term.language:
        return (term.value, "@" + term.language.lower())
    datatype = term.datatype.value
    if boolean_column and datatype == XSD + "integer" and term.value in ("0", "1"):
        return ({"1": "true", "0": "false"}[term.value], XSD + "boolean")  # Virtuoso's EXISTS
    return (term.value, datatype)


def answers(solutions, boolean_columns=frozenset()) -> tuple[list[str], Counter]:
    names = [v.value for v in solutions.variables]
    rows = Counter(tuple(plain(s[n], n in boolean_columns) for n in names) for s in solutions)
    return names, rows


def boolean_columns(solutions) -> frozenset[str]:
    names = [v.value for v in solutions.variables]
    return frozenset(n for n in names for s in solutions
                     if isinstance(s[n], ox.Literal) and s[n].datatype == ox.NamedNode(XSD + "boolean"))


class Rows:
    """Solutions already read, to be read again."""

    def __init__(self, variables, rows):
        self.variables, self._rows = variables, rows

    def __iter__(self):
        return iter(self._rows)


def count_kg_triples(endpoint: str) -> int:
    counted = remote.query(endpoint, q.resolve(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?prefix)) }"),
        {"prefix": KG_GRAPHS})
    return int(next(iter(counted))["n"].value)


@pytest.fixture(scope="module")
def nquads(corpus_build) -> Path:
    _, out = corpus_build
    return out / "graph.nq"


@pytest.fixture(scope="module")
def embedded(nquads):
    return q.open_store([nquads])


@pytest.fixture(scope="module")
def pushed(virtuoso, nquads):  # noqa: F811
    return remote.push(nquads, virtuoso.sparql, graph_store=virtuoso.graph_store,
                       user=virtuoso.user, password=virtuoso.password)


# ---------------------------------------------------------------- push

def test_push_sends_one_graph_per_document_and_the_ontology(pushed, nquads, corpus_build, virtuoso):  # noqa: F811
    quads = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    graphs = {quad.graph_name.value for quad in quads}
    result, _ = corpus_build
    assert len(graphs) == len(result.documents) + 1
    assert "https://w3id.org/kg-gongwen/ontology" in graphs
    assert (pushed.graphs, pushed.triples, pushed.created, pushed.replaced) == (len(graphs), len(quads), len(graphs), 0)
    assert count_kg_triples(virtuoso.sparql) == len(quads)
    per_graph = remote.query(virtuoso.sparql, q.resolve(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?prefix)) } GROUP BY ?g"),
        {"prefix": KG_GRAPHS})
    assert {s["g"].value: int(s["n"].value) for s in per_graph} == Counter(quad.graph_name.value for quad in quads)


def test_pushing_again_replaces_each_graph_rather_than_adding_to_it(pushed, nquads, virtuoso):  # noqa: F811
    before = count_kg_triples(virtuoso.sparql)
    again = remote.push(nquads, virtuoso.sparql, graph_store=virtuoso.graph_store,
                        user=virtuoso.user, password=virtuoso.password)
    assert (again.created, again.replaced) == (0, pushed.graphs)
    assert count_kg_triples(virtuoso.sparql) == before == pushed.triples
    assert f"0 new, {pushed.graphs} replaced" in again.summary()


# ---------------------------------------------------------------- the same answers

CASES = [(name, mode) for name in q.shipped() for mode in ("examples", "required only")
         if mode == "examples" or any(p.optional for p in q.shipped()[name].params)]


@pytest.mark.parametrize("name,mode", CASES, ids=[f"{n}[{m}]" for n, m in CASES])
def test_shipped_query_gives_the_same_answers_on_virtuoso_as_embedded(name, mode, pushed, embedded,
                                                                      virtuoso):  # noqa: F811
    named = q.shipped()[name]
    values = values_for(named, mode)
    local = q.run(embedded, named, values)
    local = Rows(local.variables, list(local))
    flags = boolean_columns(local)
    names, expected = answers(local, flags)
    got_names, got = answers(remote.query(virtuoso.sparql, named, values), flags)
    assert got_names == names
    assert got == expected, (f"only embedded: {list((expected - got).elements())[:3]}; "
                             f"only Virtuoso: {list((got - expected).elements())[:3]}")


def test_remote_results_render_as_the_embedded_ones(pushed, embedded, virtuoso):  # noqa: F811
    named = q.shipped()["issuers"]  # ordered totally: by count, then by name
    for fmt in ("table", "csv", "tsv", "json", "xml", "md"):
        assert render(remote.query(virtuoso.sparql, named, {}), fmt) == render(q.run(embedded, named), fmt)
    ask = q.resolve("PREFIX kg: <https://w3id.org/kg-gongwen/ontology#> ASK { ?d a kg:OfficialDocument }")
    assert remote.query(virtuoso.sparql, ask, {}) is True
    assert render(remote.query(virtuoso.sparql, ask, {})) == "true"
    construct = q.resolve("PREFIX kg: <https://w3id.org/kg-gongwen/ontology#> "
                          "CONSTRUCT { ?d a kg:OfficialDocument } WHERE { ?d a kg:OfficialDocument }")
    triples = remote.query(virtuoso.sparql, construct, {})
    assert isinstance(triples, ox.QueryTriples)
    assert sorted(map(str, triples)) == sorted(map(str, q.run(embedded, construct)))


@pytest.fixture(scope="module")
def kg_serve(nquads):
    """kg's own read-only endpoint (kg serve) on loopback: a second SPARQL 1.1 Protocol server."""
    import threading

    from kg.sparql.endpoint import make_server

    server = make_server([nquads], port=0, timeout=60)
    collect_here()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.close()


@pytest.mark.parametrize("name,mode", CASES, ids=[f"{n}[{m}]" for n, m in CASES])
def test_offline_shipped_query_gives_the_same_answers_through_kg_serve(name, mode, embedded, kg_serve):
    named = q.shipped()[name]
    values = values_for(named, mode)
    assert answers(remote.query(kg_serve, named, values)) == answers(q.run(embedded, named, values))


def test_offline_a_read_only_store_answers_push_with_its_status_and_first_line(nquads, kg_serve):
    with pytest.raises(remote.StoreFailed) as info:
        remote.push(nquads, kg_serve)
    assert re.fullmatch(rf"{kg_serve} answered 405 Method Not Allowed for graph <[^>]+>: this endpoint is read-only",
                        info.value.message)


# ---------------------------------------------------------------- parameters are terms, never syntax

EVIL = [
    'x"@zh } UNION { ?s ?p ?v } #',
    '"@zh',
    "}",
    "} } SELECT * WHERE { ?s ?p ?o",
    "it's \\ \"quoted\"\nsecond line\r\tand a tab",
    "'''",
    '"""',
    f"<{EX}s0> # not an IRI",
    "党员\"@zh . ?s ?p ?o . FILTER(true) #",
]
PATTERN = f"SELECT ?s WHERE {{ ?s <{EX}p> ?v }}"


def evil_graph() -> list[ox.Triple]:
    p = ox.NamedNode(EX + "p")
    triples = [ox.Triple(ox.NamedNode(f"{EX}s{i}"), p, ox.Literal(v, language="zh")) for i, v in enumerate(EVIL)]
    # decoys a pasted value could widen the match to
    triples += [ox.Triple(ox.NamedNode(EX + "decoy"), p, ox.Literal("x", language="zh")),
                ox.Triple(ox.NamedNode(EX + "decoy"), p, ox.Literal("党员", language="zh")),
                ox.Triple(ox.NamedNode(EX + "decoy"), p, ox.Literal("'''"))]
    return triples


@pytest.mark.parametrize("index", range(len(EVIL)))
def test_offline_a_value_stays_one_literal_in_the_query_text(index):
    value = EVIL[index]
    named = q.resolve(PATTERN)
    text = remote.bind_values(named.text, q.bindings(named, {"v:zh": value}))
    block = f"VALUES (?v) {{ ({ox.Literal(value, language='zh')}) }}"
    assert text == PATTERN.replace("WHERE {", "WHERE { " + block, 1)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in evil_graph())
    assert [s["s"].value for s in store.query(text)] == [f"{EX}s{index}"]


@pytest.mark.parametrize("index", range(len(EVIL)))
def test_a_value_reaches_virtuoso_as_exactly_that_literal(index, virtuoso, evil_pushed):  # noqa: F811
    got = remote.query(virtuoso.sparql, q.resolve(PATTERN), {"v:zh": EVIL[index]})
    assert [s["s"].value for s in got] == [f"{EX}s{index}"]


@pytest.fixture(scope="module")
def evil_pushed(virtuoso, tmp_path_factory):  # noqa: F811
    path = tmp_path_factory.mktemp("evil") / "evil.nq"
    path.write_bytes(ox.serialize((ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(TEST_GRAPH))
                                   for t in evil_graph()), format=ox.RdfFormat.N_QUADS))
    remote.push(path, virtuoso.sparql, graph_store=virtuoso.graph_store, user=virtuoso.user,
                password=virtuoso.password)
    yield
    import requests
    from requests.auth import HTTPDigestAuth

    requests.delete(virtuoso.graph_store, params={"graph": TEST_GRAPH}, timeout=30,
                    auth=HTTPDigestAuth(virtuoso.user, virtuoso.password))


def test_offline_an_iri_value_cannot_carry_syntax():
    named = q.resolve("SELECT ?o WHERE { ?s ?p ?o }")
    with pytest.raises(q.QueryError, match="is not an IRI"):
        remote.query("http://127.0.0.1:9/sparql", named, {"s:iri": EX + "s0> ?p ?o } #"})


OFFLINE_SHAPES = [
    # (query, what the parameter must do); Oxigraph substitutes only projected variables
    (("# a comment with { and } and WHERE {\nPREFIX ex: <http://example.org/#>\n"
      "SELECT ?s ?v WHERE { ?s ex:p ?v FILTER(?v != \"} {\") }"), "comment, IRI and string braces are not structure"),
    ("SELECT ?s ?v (EXISTS { ?s ?p ?v } AS ?e) WHERE { ?s ?p ?v }", "braces in the projection are not the WHERE group"),
    ("SELECT ?s ?v WHERE { SELECT ?s ?v WHERE { ?s ?p ?v } }", "a sub-select is wrapped, not prefixed"),
    ("SELECT ?s ?v { ?s ?p ?v }", "WHERE is optional"),
    ("SELECT ?s ?v WHERE { { SELECT ?s ?v WHERE { ?s ?p ?o FILTER(?o = ?v) } } ?s ?p ?o }",
     "a sub-select using the parameter gets it too"),
    ("SELECT ?s ?v WHERE { { SELECT ?s WHERE { ?s ?p ?v } } }", "even when it does not project it"),
    ("SELECT ?s ?v WHERE { { ?s ?p ?o FILTER(?o = ?v) } UNION { ?s ?p ?o FILTER(?o = ?v) } }",
     "UNION branches are evaluated on their own"),
    ("SELECT ?s ?v WHERE { ?s ?p ?o MINUS { ?s ?p ?x FILTER(?x != ?v) } }", "so are MINUS groups"),
    ("SELECT ?s ?v WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s ?p ?x FILTER(?x = ?v) } }", "and EXISTS"),
    ("SELECT ?s ?v WHERE { ?s ?p $v VALUES ?s { <http://example.org/s1> <http://example.org/decoy> } }",
     "a VALUES data block is left alone; $v is ?v"),
    ("CONSTRUCT { ?s ?p ?v } WHERE { ?s ?p ?v }", "the template is skipped"),
    ("CONSTRUCT WHERE { ?s ?p ?v }", "the short form gets its template spelled out"),
    ("ASK { ?s ?p ?v }", "ASK"),
]


@pytest.mark.parametrize("text,why", OFFLINE_SHAPES, ids=[w for _, w in OFFLINE_SHAPES])
def test_offline_values_placement_answers_as_substitution_does(text, why):
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in evil_graph())
    store.add(ox.Quad(ox.NamedNode(EX + "s9"), ox.NamedNode("http://example.org/#p"), ox.Literal("x", language="zh")))
    named = q.resolve(text)
    terms = q.bindings(named, {"v:zh": "x"})
    expected = store.query(text, substitutions=terms)
    got = store.query(remote.bind_values(text, terms))
    if isinstance(expected, ox.QueryBoolean):
        assert bool(got) == bool(expected)
    elif isinstance(expected, ox.QueryTriples):
        assert sorted(map(str, got)) == sorted(map(str, expected))
    else:
        assert answers(got) == answers(expected)


def test_a_query_can_authenticate_with_digest(pushed, embedded, virtuoso):  # noqa: F811
    protected = virtuoso.base + "/sparql-auth"  # Virtuoso's SPARQL endpoint behind HTTP Digest
    named = q.shipped()["issuers"]
    got = remote.query(protected, named, {}, user=virtuoso.user, password=virtuoso.password)
    assert answers(got) == answers(q.run(embedded, named))
    with pytest.raises(remote.StoreRefused, match=r"wants a user name and password \(401"):
        remote.query(protected, named, {})


def collect_here() -> None:
    """Free the main thread's cyclic garbage on the main thread, before a server
    thread starts: pyoxigraph's result objects may only be freed on the thread
    that made them (PyO3 "unsendable"), and a collection triggered on a server
    thread would free them there."""
    import gc

    gc.collect()


class FakeGraphStore:
    """A Graph Store on loopback that wants HTTP Basic, as Fuseki and GraphDB do,
    and keeps what it was sent."""

    def __init__(self, user: str, password: str):
        import base64
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs, urlsplit

        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.graphs: dict[str, tuple[str, bytes]] = {}
        store = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="kg test"')
                    self.end_headers()
                    return
                graph = parse_qs(urlsplit(self.path).query)["graph"][0]
                new = graph not in store.graphs
                store.graphs[graph] = (self.headers["Content-Type"], body)
                self.send_response(201 if new else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/store"
        collect_here()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_offline_push_speaks_the_graph_store_protocol_with_basic_auth(nquads):
    fake = FakeGraphStore("kg", "secret")
    try:
        first = remote.push(nquads, fake.url, user="kg", password="secret")
        again = remote.push(nquads, fake.url, user="kg", password="secret")
    finally:
        fake.close()
    quads = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    assert set(fake.graphs) == {quad.graph_name.value for quad in quads}
    assert (first.created, again.replaced) == (len(fake.graphs), len(fake.graphs))
    sent = Counter()
    for graph, (content_type, body) in fake.graphs.items():
        assert content_type.startswith("application/n-triples")
        for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
            sent[(triple.subject, triple.predicate, triple.object, graph)] += 1
    assert sent == Counter((q_.subject, q_.predicate, q_.object, q_.graph_name.value) for q_ in quads)


# ---------------------------------------------------------------- Virtuoso's bulk loader

def kg_quads(endpoint: str) -> Counter:
    """Every statement in kg's graphs on the store, as plain values."""
    rows = remote.query(endpoint, q.resolve(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?prefix)) }"),
        {"prefix": KG_GRAPHS})
    return Counter(tuple(plain(r[v]) for v in ("g", "s", "p", "o")) for r in rows)


def clear_kg_graphs(virtuoso, graphs) -> None:  # noqa: F811
    import requests
    from requests.auth import HTTPDigestAuth

    update = "; ".join(f"CLEAR SILENT GRAPH {ox.NamedNode(g)}" for g in sorted(graphs))
    answer = requests.post(virtuoso.base + "/sparql-auth", data={"update": update}, timeout=60,
                           auth=HTTPDigestAuth(virtuoso.user, virtuoso.password))
    assert answer.ok, answer.text


def test_the_bulk_loader_stores_what_the_graph_store_protocol_does(pushed, nquads, embedded, virtuoso):  # noqa: F811
    by_protocol = kg_quads(virtuoso.sparql)
    assert sum(by_protocol.values()) == pushed.triples
    clear_kg_graphs(virtuoso, {g.strip("<>") for g, *_ in by_protocol})
    assert count_kg_triples(virtuoso.sparql) == 0
    try:
        first = bulk.push(nquads, virtuoso.sparql, virtuoso.directory, user=virtuoso.user,
                          password=virtuoso.password)
        assert (first.graphs, first.triples, first.created, first.replaced) == (pushed.graphs, pushed.triples,
                                                                                pushed.graphs, 0)
        assert "(Virtuoso bulk loader)" in first.summary()
        assert kg_quads(virtuoso.sparql) == by_protocol
        again = bulk.push(nquads, virtuoso.sparql, virtuoso.directory, user=virtuoso.user,
                          password=virtuoso.password)
        assert (again.graphs, again.triples, again.created, again.replaced) == (pushed.graphs, pushed.triples,
                                                                                0, pushed.graphs)
        assert kg_quads(virtuoso.sparql) == by_protocol  # replaced, not doubled
        for name in ("documents", "issuers", "directives-for-role", "slogan-timeline"):
            named = q.shipped()[name]
            values = values_for(named, "examples")
            assert answers(remote.query(virtuoso.sparql, named, values)) == answers(q.run(embedded, named, values))
        assert not list(virtuoso.directory.glob("kg-push-*"))  # the staged copy is gone
    finally:  # leave the store as the Graph Store push left it, for the tests that follow
        remote.push(nquads, virtuoso.sparql, graph_store=virtuoso.graph_store, user=virtuoso.user,
                    password=virtuoso.password)


def test_the_bulk_loader_keeps_every_character_of_a_literal(virtuoso, tmp_path):  # noqa: F811
    path = tmp_path / "evil.nq"
    path.write_bytes(ox.serialize((ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(TEST_GRAPH + "/bulk"))
                                   for t in evil_graph()), format=ox.RdfFormat.N_QUADS))
    report = bulk.push(path, virtuoso.sparql, virtuoso.directory, user=virtuoso.user, password=virtuoso.password)
    try:
        assert (report.graphs, report.triples) == (1, len(evil_graph()))
        got = remote.query(virtuoso.sparql, q.resolve(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{TEST_GRAPH}/bulk> {{ ?s ?p ?o }} }}"), {})
        assert Counter((s["s"], s["p"], s["o"]) for s in got) == Counter(
            (t.subject, t.predicate, t.object) for t in evil_graph())
    finally:
        clear_kg_graphs(virtuoso, [TEST_GRAPH + "/bulk"])


def test_a_file_the_bulk_loader_refuses_is_one_clear_error(virtuoso, tmp_path):  # noqa: F811
    graph = TEST_GRAPH + "/refused"
    good, bad = tmp_path / "good.nq", tmp_path / "bad.nq"
    good.write_text(f'<{EX}s> <{EX}p> "kept"@zh <{graph}> .\n', encoding="utf-8")
    # N-Quads (and pyoxigraph) allow a language tag of any number of subtags; Virtuoso's loader not this many
    bad.write_text(f'<{EX}s> <{EX}p> "long tag"@{"-".join(["abcdefgh"] * 8)} <{graph}> .\n', encoding="utf-8")
    bulk.push(good, virtuoso.sparql, virtuoso.directory, user=virtuoso.user, password=virtuoso.password)
    try:
        with pytest.raises(remote.BadDataset) as info:
            bulk.push(bad, virtuoso.sparql, virtuoso.directory, user=virtuoso.user, password=virtuoso.password)
        message = info.value.message
        assert "\n" not in message
        assert message.startswith(f"{bad}: Virtuoso's bulk loader refused it: ")
        assert "SP029: NQuads RDF loader, line 1" in message
        assert message.endswith("; the 1 graphs it replaces had been cleared")
        assert not list(virtuoso.directory.glob("kg-push-*"))
        again = bulk.push(good, virtuoso.sparql, virtuoso.directory, user=virtuoso.user, password=virtuoso.password)
        assert (again.triples, again.created) == (1, 1)  # the loader is not stuck on the refused file
    finally:
        clear_kg_graphs(virtuoso, [graph])


@pytest.fixture
def unlisted_dir():
    """A folder outside DirsAllowed: not under /tmp, whose files Virtuoso 7.2 reads whatever DirsAllowed says."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kg-test-", dir="/var/tmp" if Path("/var/tmp").is_dir() else Path.home()))
    yield folder
    shutil.rmtree(folder)


def test_a_folder_virtuoso_may_not_read_falls_back_to_the_graph_store_protocol(pushed, nquads, unlisted_dir,
                                                                              virtuoso):  # noqa: F811
    notes = []
    report = bulk.push_fastest(nquads, virtuoso.sparql, bulk_dir=unlisted_dir, graph_store=virtuoso.graph_store,
                               user=virtuoso.user, password=virtuoso.password, on_fallback=notes.append)
    assert notes == [f"the server may not read {unlisted_dir}: add it to DirsAllowed in its virtuoso.ini [KG605]; "
                     "pushing with the Graph Store protocol instead"]
    assert (report.graphs, report.triples, report.replaced) == (pushed.graphs, pushed.triples, pushed.graphs)
    assert "bulk loader" not in report.summary()
    assert not list(unlisted_dir.iterdir())
    with pytest.raises(bulk.BulkUnavailable, match="wants --user"):
        bulk.push(nquads, virtuoso.sparql, virtuoso.directory, user=None, password=None)
    with pytest.raises(remote.StoreRefused, match="did not accept the user name and password of 'dba'"):
        bulk.push(nquads, virtuoso.sparql, virtuoso.directory, user="dba", password="wrong")
    assert not list(virtuoso.directory.glob("kg-push-*"))


def test_offline_a_store_that_is_not_virtuoso_gets_the_graph_store_protocol(nquads, tmp_path):
    fake = FakeGraphStore("kg", "secret")
    notes = []
    try:
        report = bulk.push_fastest(nquads, fake.url, bulk_dir=tmp_path, user="kg", password="secret",
                                   on_fallback=notes.append)
    finally:
        fake.close()
    assert len(notes) == 1 and notes[0].startswith(f"{bulk.sql_endpoint(fake.url)} is not Virtuoso's")
    assert notes[0].endswith("[KG605]; pushing with the Graph Store protocol instead")
    assert report.graphs == len(fake.graphs) == report.created
    assert not list(tmp_path.iterdir())


def test_offline_a_file_that_is_not_n_quads_is_refused_before_anything_is_sent(tmp_path):
    broken = tmp_path / "broken.nq"
    broken.write_text(f'<{EX}s> <{EX}p> "open <{EX}g> .\n', encoding="utf-8")
    with pytest.raises(remote.BadDataset, match="broken.nq: cannot read as N-Quads"):
        bulk.push(broken, "http://127.0.0.1:9/sparql", tmp_path, user="dba", password="dba")
    assert list(tmp_path.iterdir()) == [broken]


# ---------------------------------------------------------------- errors: one line each

def test_offline_an_unreachable_endpoint_is_one_clear_line(nquads):
    dead = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(remote.StoreUnreachable) as pushing:
        remote.push(nquads, dead)
    with pytest.raises(remote.StoreUnreachable) as querying:
        remote.query(dead, q.shipped()["issuers"], {})
    for error in (pushing.value, querying.value):
        assert error.message == f"cannot reach {dead}: Connection refused"
    with pytest.raises(remote.StoreUnreachable, match="is not an http"):
        remote.query("localhost:8890/sparql", q.shipped()["issuers"], {})


def test_wrong_credentials_say_so(nquads, virtuoso):  # noqa: F811
    with pytest.raises(remote.StoreRefused) as info:
        remote.push(nquads, virtuoso.sparql, graph_store=virtuoso.graph_store, user="dba", password="wrong")
    assert "did not accept the user name and password of 'dba' (401 Unauthorized)" in info.value.message
    with pytest.raises(remote.StoreRefused, match=r"wants a user name and password \(401 Unauthorized\).*--user"):
        remote.push(nquads, virtuoso.sparql, graph_store=virtuoso.graph_store)


def test_a_store_that_refuses_writes_gets_a_hint(nquads, virtuoso):  # noqa: F811
    with pytest.raises(remote.StoreRefused) as info:
        remote.push(nquads, virtuoso.sparql, graph_store=virtuoso.anonymous_graph_store)
    message = info.value.message
    assert "\n" not in message
    assert "403 Forbidden" in message and "SQ110:SECURITY: Permission denied" in message
    assert "GRANT SPARQL_UPDATE" in message


def test_a_malformed_query_gives_the_servers_first_line(virtuoso):  # noqa: F811
    with pytest.raises(remote.StoreFailed) as info:
        remote.query(virtuoso.sparql, q.resolve("SELECT ?s WHERE { ?s nope:p ?o }"), {})
    assert "\n" not in info.value.message
    assert re.search(r"rejected the query \(400 Bad Request\): Virtuoso 37000 Error SP030", info.value.message)


def test_offline_a_file_with_triples_outside_named_graphs_is_refused(tmp_path):
    loose = tmp_path / "loose.nq"
    loose.write_text(f"<{EX}s> <{EX}p> <{EX}o> .\n", encoding="utf-8")
    with pytest.raises(remote.BadDataset, match="1 triples are in no named graph"):
        remote.push(loose, "http://127.0.0.1:9/store")


# ---------------------------------------------------------------- the commands

def test_cli_push_and_query_with_an_endpoint(nquads, pushed, virtuoso):  # noqa: F811
    from click.testing import CliRunner

    from kg.cli import cli

    if "push" not in cli.commands or "endpoint" not in {p.name for p in cli.commands["query"].params}:
        pytest.skip("kg push and kg query --endpoint are not wired into kg/cli.py yet")
    runner = CliRunner()
    pushing = runner.invoke(cli, ["push", str(nquads), "--endpoint", virtuoso.sparql,
                                  "--graph-store", virtuoso.graph_store, "--user", "dba", "--password", "dba"])
    assert pushing.exit_code == 0, pushing.output
    assert f"{pushed.graphs} graphs, {pushed.triples} triples pushed" in pushing.output
    there = runner.invoke(cli, ["query", "slogan-timeline", "-p", "slogan=两个维护", "--format", "csv",
                                "--endpoint", virtuoso.sparql])
    here = runner.invoke(cli, ["query", "slogan-timeline", "-p", "slogan=两个维护", "--format", "csv",
                               "-g", str(nquads)])
    assert there.exit_code == here.exit_code == 0, there.output
    assert sorted(there.output.splitlines()) == sorted(here.output.splitlines())
    dead = runner.invoke(cli, ["query", "issuers", "--endpoint", f"http://127.0.0.1:{free_port()}/sparql"])
    assert dead.exit_code == 2
    assert "error: cannot reach" in dead.output and "Connection refused" in dead.output
    refused = runner.invoke(cli, ["push", str(nquads), "--endpoint", virtuoso.sparql,
                                  "--graph-store", virtuoso.anonymous_graph_store])
    assert refused.exit_code == 2 and "403 Forbidden" in refused.output
    bulky = runner.invoke(cli, ["push", str(nquads), "--endpoint", virtuoso.sparql, "--user", "dba",
                                "--bulk-dir", str(virtuoso.directory)], env={"KG_STORE_PASSWORD": "dba"})
    assert bulky.exit_code == 0, bulky.output
    assert bulky.output.startswith(f"{pushed.graphs} graphs, {pushed.triples} triples pushed to {virtuoso.base}"
                                   f"/sparql-auth (Virtuoso bulk loader) (0 new, {pushed.graphs} replaced)")
