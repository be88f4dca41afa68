"""A document's N-Quads are written from its key rows by kg, not by Oxigraph:
they must be Oxigraph's bytes, escapes and all."""
from __future__ import annotations

import pyoxigraph as ox

from kg.graph import stream
from kg.graph.build import document_iri, document_rows
from kg.pipeline import process
from kg.read import read

from .conftest import CORPUS

S, P, G = (0, "https://w3id.org/kg-gongwen/id/s"), (0, "http://purl.org/dc/terms/title"), (0, "https://w3id.org/g")
XSD = "http://www.w3.org/2001/XMLSchema#"


def oxigraph(g, rows) -> bytes:
    og = stream.ox_term(g)
    return ox.serialize((ox.Quad(stream.ox_term(s), stream.ox_term(p), stream.ox_term(o), og) for s, p, o in rows),
                        format=ox.RdfFormat.N_QUADS)


def test_every_character_is_escaped_as_oxigraph_escapes_it():
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]  # no lone surrogates in a str Rust takes
    rows = []
    for k in range(0, len(chars), 251):
        text = "".join(chars[k:k + 251])
        rows += [(S, P, (2, text, "", "")), (S, P, (2, text, "zh-Hant", "")), (S, P, (2, text, "", XSD + "date"))]
    rows += [((1, "b1"), P, (2, 'say "hi"\\\n', "", XSD + "string")), (S, P, (2, "", "", XSD + "integer")),
             ((0, "mailto:a@b.cn"), P, (0, "tel:+8610"))]
    assert stream.nquads(G, rows) == oxigraph(G, rows)


def test_a_documents_nquads_are_oxigraphs_in_chunks_or_whole(monkeypatch):
    for path in sorted(CORPUS.glob("*.txt")):
        doc = process(read(path))
        g, rows = document_rows(doc, document_iri(doc))
        assert rows == sorted(set(rows))
        whole = stream.nquads(g, rows)
        assert whole == oxigraph(g, rows)
        assert b"".join(stream.nquads_chunks(g, rows, size=7)) == whole


def test_big_documents_nquads_written_by_the_writer_from_rows_and_cached_so(corpus_build, tmp_path, monkeypatch):
    """Past NQUADS_IN_WORKER_UP_TO rows a document carries no N-Quads (the
    GraphWriter writes them from its rows), fresh or from the cache."""
    import kg.api
    from kg.api import build

    _, out = corpus_build
    names = ("graph.ttl", "graph.nq", "records.jsonl")
    monkeypatch.setattr(kg.api, "NQUADS_IN_WORKER_UP_TO", 0)
    made = []
    graphed = kg.api._graphed
    monkeypatch.setattr(kg.api, "_graphed", lambda *a, **kw: made.append(graphed(*a, **kw)) or made[-1])
    for _ in range(2):  # the second build takes every document from the cache
        build([CORPUS], tmp_path / "out", views=False)
        assert {n: (tmp_path / "out" / n).read_bytes() for n in names} == {n: (out / n).read_bytes() for n in names}
    assert len(made) == 5 and all(g.nquads is None for g in made)
