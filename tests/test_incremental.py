"""The streaming build writes what sorting the whole graph at once wrote, and
a build into a folder built before extracts only new and changed files yet
writes what a clean build writes."""
from __future__ import annotations

import json
import shutil

import pytest

import kg.api
import kg.cache
import kg.incremental
from kg.api import Graphed, build
from kg.graph import stream, write
from kg.graph.build import PREFIXES, add_document, document_iri
from kg.graph.quads import new_quads
from kg.pipeline import process
from kg.read import read

from .conftest import CORPUS, SHARED

OUTPUTS = ("graph.ttl", "graph.nq", "records.jsonl")


def outputs(folder):
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def test_streamed_graph_is_the_graph_sorted_whole(corpus_build):
    """The old way: every document into one set of quads, sorted once."""
    _, out = corpus_build
    ds = new_quads()
    for path in sorted(CORPUS.glob("*.txt")):
        doc = process(read(path))
        add_document(ds, doc, document_iri(doc))
    quads = write.sorted_quads(ds)
    assert write.turtle(quads, PREFIXES) == (out / "graph.ttl").read_bytes()
    assert write.nquads(quads) == (out / "graph.nq").read_bytes()


def test_runs_spilled_to_disk_merge_to_the_same_bytes(corpus_build, tmp_path, monkeypatch):
    _, out = corpus_build
    monkeypatch.setattr(stream, "RUN_ROWS", 500)  # a run every document or so
    monkeypatch.setattr(stream, "CHUNK", 7)
    build([CORPUS], tmp_path / "out", views=False)
    assert outputs(tmp_path / "out") == outputs(out)


@pytest.fixture
def counted(monkeypatch):
    """How many files a build reads and extracts (in this process: fewer than 200 files)."""
    calls = []
    one = kg.api._one

    def counting(path, *args, **kw):
        calls.append(path.name)
        return one(path, *args, **kw)

    monkeypatch.setattr(kg.api, "_one", counting)
    return calls


def test_building_again_extracts_only_changed_files_and_equals_a_clean_build(tmp_path, counted):
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    out, clean = tmp_path / "out", tmp_path / "clean"
    build([src], out, views=False)
    assert len(counted) == 5
    assert len(list((out / ".kg" / "cache").iterdir())) == 5

    counted.clear()
    build([src], out, views=False)
    assert counted == []  # nothing changed: nothing extracted

    changed = src / "003_fd2a9579d902d1ba.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("认真", "切实", 1), encoding="utf-8")
    counted.clear()
    build([src], out, views=False)
    assert counted == [changed.name]
    build([src], clean, views=False, rebuild=True)
    assert outputs(out) == outputs(clean)
    assert "切实".encode() in (out / "graph.ttl").read_bytes()

    (src / "001_092036f7e9b9a680.txt").unlink()
    counted.clear()
    build([src], out, views=False)
    assert counted == []
    shutil.rmtree(clean)
    build([src], clean, views=False)
    assert outputs(out) == outputs(clean)
    assert b"001_092036f7e9b9a680" not in (out / "graph.ttl").read_bytes()
    assert len(list((out / ".kg" / "cache").iterdir())) == 4  # the gone file's entry too


def test_rebuild_extracts_everything_and_a_damaged_entry_is_extracted_again(tmp_path, counted):
    out = tmp_path / "out"
    first = build([CORPUS], out, views=False)
    expected = outputs(out)
    counted.clear()
    build([CORPUS], out, views=False, rebuild=True)
    assert len(counted) == 5
    assert outputs(out) == expected
    entry = sorted((out / ".kg" / "cache").iterdir())[0]
    entry.write_bytes(b"\x00garbage")
    counted.clear()
    build([CORPUS], out, views=False)
    assert counted == []  # patched: the entries of unchanged files are not even read
    assert outputs(out) == expected
    (out / ".kg" / "current" / kg.incremental.NAME).unlink()  # no state: everything merged again
    build([CORPUS], out, views=False)
    assert len(counted) == 1
    assert outputs(out) == expected
    assert first.ok


def test_a_cache_entry_gives_back_its_head_and_sections_and_none_cut_short(tmp_path):
    cache = kg.cache.Cache(tmp_path)
    sections = [b"<a> <b> <c> <g> .\n", None, "块".encode()]
    put = kg.cache.put(cache.folder, "k", ("head", [1, 2]), sections)
    head, got = cache.get("k")
    assert head == ("head", [1, 2])
    assert [r and r.read() for r in got] == [r and r.read() for r in put] == sections
    entry = cache.folder / "k"
    entry.write_bytes(entry.read_bytes()[:-1])
    assert cache.get("k") is None  # extracted again rather than read short
    assert cache.get("absent") is None


def test_a_changed_extractor_does_not_take_old_entries(tmp_path, counted, monkeypatch):
    out = tmp_path / "out"
    build([CORPUS], out, views=False)
    monkeypatch.setattr(kg.cache, "extractor_version", lambda: "another")
    counted.clear()
    build([CORPUS], out, views=False)
    assert len(counted) == 5


def test_two_files_with_one_document_number_stay_two_documents_built_again_too(tmp_path):
    from rdflib import Graph

    from kg.graph.iris import iri

    src = tmp_path / "in"
    src.mkdir()
    text = (CORPUS / "000_2dafe728cb752b67.txt").read_bytes()
    (src / "a.txt").write_bytes(text)
    (src / "b.txt").write_bytes(text)
    out = tmp_path / "out"
    result = build([src], out, views=False)
    assert len(result.documents) == 2
    assert any("same document number" in w for w in result.warnings)
    first = outputs(out)
    g = Graph().parse(out / "graph.ttl")
    number = json.loads((out / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])["doc_number"]
    docs = {iri("doc", number), iri("doc", number, "file", "b")}
    assert all((d, None, None) in g for d in docs)
    build([src], out, views=False)
    assert outputs(out) == first


def store_quads(folder):
    import pyoxigraph as ox

    return set(ox.Store.read_only(str(folder / "store")))


@pytest.fixture
def patched(monkeypatch):
    """How many builds patched the previous graph (kg.graph.patch) rather than merging all again."""
    calls = []
    patched = kg.api._patched

    def counting(*args, **kw):
        result = patched(*args, **kw)
        if result is not None:
            calls.append(1)
        return result

    monkeypatch.setattr(kg.api, "_patched", counting)
    return calls


def test_patched_builds_equal_clean_builds_through_changes_additions_and_removals(tmp_path, counted, patched):
    """Real documents of several issuers that share organs: each step changes
    a few files, is patched, and writes what a clean build writes (the store
    holds the same triples)."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    docs = sorted((SHARED / "realdev" / "docs").glob("*.txt"))[:16] + sorted(CORPUS.glob("*.txt"))
    for f in docs:
        shutil.copy(f, src / f.name)
    build([src], out, views=False)
    assert patched == []  # nothing to patch yet
    first = outputs(out)

    def same_as_clean(step):
        clean = tmp_path / f"clean-{step}"
        build([src], clean, views=False, rebuild=True)
        assert outputs(out) == outputs(clean), step
        assert store_quads(out) == store_quads(clean), step
        shutil.rmtree(clean)

    one, two, three = sorted(src.iterdir())[6], sorted(src.iterdir())[8], sorted(src.iterdir())[-2]
    steps = {
        "unchanged": lambda: None,  # the previous outputs, linked
        # a phrase changed in one document
        "changed": lambda: one.write_text(one.read_text(encoding="utf-8").replace("国务院", "国务院办公厅", 1),
                                          encoding="utf-8"),
        "removed": lambda: two.unlink(),
        "added": lambda: (src / "zz.txt").write_bytes((SHARED / "realdev" / "docs" / "govcn_059.txt").read_bytes()),
        # a file that is no document any more: its graph goes, it is skipped
        "skipped": lambda: three.write_text("hello world " * 20, encoding="utf-8"),
    }
    for step, change in steps.items():
        change()
        counted.clear()
        before = len(patched)
        result = build([src], out, views=False)
        assert len(patched) == before + 1, step
        assert len(counted) <= 1, step
        assert result.ok
        same_as_clean(step)
    assert outputs(out) != first
    assert any(s.file == str(three) for s in result.skipped)


def test_a_document_number_taken_twice_is_merged_anew_and_equals_a_clean_build(tmp_path, patched):
    src, out, clean = tmp_path / "in", tmp_path / "out", tmp_path / "clean"
    shutil.copytree(CORPUS, src)
    build([src], out, views=False)
    first, second = sorted(src.iterdir())[:2]
    second.write_bytes(first.read_bytes())  # the same document number in two files
    result = build([src], out, views=False)
    assert any("same document number" in w for w in result.warnings)
    assert patched == []  # seen before patching: merged anew
    build([src], clean, views=False, rebuild=True)
    assert outputs(out) == outputs(clean)
    # and the next build, from a state-less output, merges everything again too
    build([src], out, views=False)
    assert outputs(out) == outputs(clean)


def test_too_many_changes_or_views_merge_everything_again(tmp_path, patched):
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CORPUS, src)
    build([src], out, views=False)
    for f in sorted(src.iterdir())[:3]:  # 3 of 5 changed: more than patching is for
        f.write_text(f.read_text(encoding="utf-8").replace("认真", "切实", 1), encoding="utf-8")
    build([src], out, views=False)
    assert patched == []
    # the cached documents' Turtle blocks, copied, give a clean build's bytes
    build([src], tmp_path / "clean", views=False, rebuild=True)
    assert outputs(out) == outputs(tmp_path / "clean")
    build([src], out)  # views: they need every document's statements (the cached blocks read back)
    assert patched == []
    build([src], tmp_path / "clean-views", rebuild=True)
    pages = ["index.html", "graph.html", "roles.html"]
    assert {p: (out / p).read_bytes() for p in pages} == {p: (tmp_path / "clean-views" / p).read_bytes() for p in pages}


@pytest.mark.parametrize("run_rows", [None, 500])
def test_the_state_counts_the_rows_several_graphs_share(tmp_path, monkeypatch, run_rows):
    """What patching relies on: in how many graphs each shared row is, and the
    subjects in order, the same whether the rows were merged in memory or
    from runs spilled to disk (chunks of 7 rows: duplicates across chunks;
    the subjects spooled 5 at a time)."""
    import marshal
    from collections import Counter

    if run_rows:
        monkeypatch.setattr(stream, "RUN_ROWS", run_rows)
        monkeypatch.setattr(stream, "CHUNK", 7)
        monkeypatch.setattr(stream, "SUBJECTS_CHUNK", 5)  # the state's subjects in many pieces
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted((SHARED / "realdev" / "docs").glob("*.txt"))[:6] + sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, src / f.name)
    out = tmp_path / "out"
    build([src], out, views=False)
    state = kg.incremental.previous(out, kg.cache.extractor_version())
    graphs = [stream.quads_rows(new_quads().quads())[1]]  # the ontology's
    # each document's rows: those merged as rows and those of its Turtle blocks
    cache = kg.cache.Cache(out)
    graphs += [Graphed.from_entry(*cache.get(d.key)).all_rows() for d in state.docs]
    counts = Counter(row for rows in graphs for row in rows)
    assert state.shared == {row: n for row, n in counts.items() if n > 1}
    assert len(state.shared) > 20  # organs, roles, the software agent
    assert state.subjects == sorted({row[0] for row in counts})
    assert state.triples == len(counts)
    assert [d.path for d in state.docs] == [str(f) for f in sorted(src.iterdir())]


def test_the_store_loaded_in_chunks_holds_the_graph(tmp_path, monkeypatch, corpus_build):
    """The store is loaded from the Turtle in chunks of whole subject blocks,
    each given the prefixes: chunks of a few hundred bytes cut everywhere."""
    import pyoxigraph as ox

    from kg.sparql import store

    _, out = corpus_build
    monkeypatch.setattr(store, "STORE_CHUNK", 300)
    store.write_store(tmp_path / "store", out / "graph.ttl")
    loaded = set(ox.Store.read_only(str(tmp_path / "store")))
    parsed = {ox.Quad(t.subject, t.predicate, t.object)
              for t in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert loaded == parsed
    assert len(loaded) == 6814
