"""The SPARQL endpoint, queried with SPARQLWrapper, a real client."""
from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

import pytest
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.sparql.endpoint import make_server

COUNT_DOCS = "PREFIX kg: <https://w3id.org/kg-gongwen/ontology#> SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:OfficialDocument }"


@pytest.fixture(scope="module")
def endpoint(corpus_build):
    _, out = corpus_build
    server = make_server([out / "graph.nq"], port=0, timeout=2.0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    server.endpoint.close()


def client(endpoint, query, fmt=JSON, method="GET"):
    sparql = SPARQLWrapper(f"{endpoint}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_json_over_get_and_post(endpoint, method):
    result = client(endpoint, COUNT_DOCS, method=method).convert()
    assert result["results"]["bindings"][0]["n"]["value"] == "5"


def test_content_negotiation(endpoint):
    xml = client(endpoint, COUNT_DOCS, XML)
    assert "sparql-results+xml" in xml.response.headers["Content-Type"]
    assert xml.convert().getElementsByTagName("literal")[0].firstChild.data == "5"
    csv_text = client(endpoint, COUNT_DOCS, CSV).convert().decode("utf-8")
    assert csv_text.splitlines() == ["n", "5"]
    request = urllib.request.Request(f"{endpoint}/sparql?query=" + urllib.request.quote(COUNT_DOCS),
                                     headers={"Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(request) as response:
        assert response.read().decode("utf-8").splitlines()[0] == "?n"
    construct = client(endpoint, "PREFIX kg: <https://w3id.org/kg-gongwen/ontology#> "
                                 "CONSTRUCT { ?d a kg:OfficialDocument } WHERE { ?d a kg:OfficialDocument }", TURTLE)
    assert "text/turtle" in construct.response.headers["Content-Type"]
    assert construct.convert().decode("utf-8").count("kg:OfficialDocument") == 5


def test_updates_and_writes_are_refused(endpoint):
    sparql = SPARQLWrapper(f"{endpoint}/sparql")
    sparql.setMethod("POST")
    sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(Exception) as exc:
        sparql.query()
    assert "403" in str(exc.value) or "read-only" in str(exc.value)
    request = urllib.request.Request(f"{endpoint}/sparql", data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request)
    assert err.value.code == 405
    # and the graph is unchanged
    assert client(endpoint, COUNT_DOCS).convert()["results"]["bindings"][0]["n"]["value"] == "5"


def test_malformed_query_gets_400_with_the_parser_message(endpoint):
    with pytest.raises(QueryBadFormed) as exc:
        client(endpoint, "SELECT ?x WHERE { ?x ?y }")
    assert "line 1, column" in str(exc.value)


def test_slow_query_is_cut_off_and_the_endpoint_recovers(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{endpoint}/sparql?query=" + urllib.request.quote(slow))
    assert err.value.code == 503 and "cut off" in err.value.read().decode("utf-8")
    assert time.monotonic() - started < 30
    assert client(endpoint, COUNT_DOCS).convert()["results"]["bindings"][0]["n"]["value"] == "5"


def test_html_page_to_type_a_query(endpoint):
    with urllib.request.urlopen(endpoint + "/") as response:
        page = response.read().decode("utf-8")
    assert "<textarea" in page and "/sparql" in page and "textContent" in page
