"""The build's on-disk store: written by kg build, opened read-only by the readers, never pulled from under one."""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from kg import atomic
from kg.api import build
from kg.cli import cli
from kg.sparql import store as q

from .conftest import CORPUS

DOCS = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    corpus = root / "corpus"
    corpus.mkdir()
    for d in DOCS[:3]:
        shutil.copy(d, corpus)
    build([corpus], root / "out", views=False)
    return corpus, root / "out"


def _rows(store, named):
    values = {p.name: "党员" for p in named.params if not p.optional}
    return [tuple(map(str, row)) for row in q.run(store, named, values)]


def test_every_shipped_query_answers_the_same_from_the_store_as_from_the_files(built):
    _, out = built
    assert os.readlink(out / "store") == ".kg/current/store"
    disk, files = q.open_store([out]), q.open_store([out / "graph.ttl"])
    answered = 0
    for named in q.shipped().values():
        rows = _rows(disk, named)
        assert rows == _rows(files, named), named.name
        answered += bool(rows)
    assert answered >= 8  # the comparison is not between empty answers
    assert _rows(q.open_store([out / "store"]), q.shipped()["issuers"]) == _rows(files, q.shipped()["issuers"])


def test_a_folder_without_a_store_is_refused_with_a_hint(tmp_path):
    with pytest.raises(q.QueryError, match="no kg store"):
        q.open_store([tmp_path])


def test_a_build_never_removes_a_store_a_reader_has_open(built, tmp_path):
    corpus, _ = built
    out = tmp_path / "out"
    build([corpus], out, views=False)
    first = os.path.realpath(out / "store")
    pins = len(atomic._pins)
    reader = q.open_store([out])  # pins the generation
    issuers = _rows(reader, q.shipped()["issuers"])
    build([DOCS[3]], out, views=False)
    assert os.path.realpath(out / "store") != first
    assert os.path.isdir(first)  # kept for the reader, which still answers
    assert _rows(reader, q.shipped()["issuers"]) == issuers
    del reader
    while len(atomic._pins) > pins:  # the reader ends
        os.close(atomic._pins.pop())
    build([DOCS[3]], out, views=False)
    assert not os.path.exists(first)  # the next build removes it
    left = set(os.listdir(out / atomic.STORE)) - {atomic.CACHE}  # the cache of extracted documents stays
    assert left == {atomic.CURRENT, os.readlink(out / atomic.STORE / atomic.CURRENT)}


def test_query_export_and_view_read_a_builds_folder(built, tmp_path):
    _, out = built
    runner = CliRunner()
    by_folder = runner.invoke(cli, ["query", "documents", "-g", str(out), "--format", "csv"])
    by_file = runner.invoke(cli, ["query", "documents", "-g", str(out / "graph.nq"), "--format", "csv"])
    assert by_folder.exit_code == 0 and by_folder.output == by_file.output and by_folder.output.count("\n") == 4
    for source, target in ((out, tmp_path / "a.ttl"), (out / "graph.nq", tmp_path / "b.ttl")):
        assert runner.invoke(cli, ["export", str(source), "--format", "ttl", "-o", str(target)]).exit_code == 0
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, symlinks=True)
    result = runner.invoke(cli, ["view", str(copy)])
    assert result.exit_code == 0, result.output
    assert (copy / "index.html").is_file() and (copy / "store").is_dir()  # the view kept the store
    assert q.open_store([copy]) is not None


def test_a_table_shows_a_page_and_counts_the_rest_the_standard_formats_everything(built):
    _, out = built
    runner = CliRunner()
    args = ["query", "role-hierarchy", "-g", str(out)]
    every = list(csv.reader(io.StringIO(runner.invoke(cli, args + ["--format", "csv"]).output)))[1:]
    assert len(every) > 12
    paged = list(csv.reader(io.StringIO(runner.invoke(cli, args + ["--format", "csv", "--limit", "5",
                                                                   "--offset", "3"]).output)))[1:]
    assert paged == every[3:8]
    table = runner.invoke(cli, args + ["--limit", "4", "--offset", "2"]).output.splitlines()
    assert table[-1] == f"(rows 3–6 of {len(every)} rows; --limit/--offset for more)"
    assert [line.split()[0] for line in table[2:-1]] == [row[0] for row in every[2:6]]
    whole = runner.invoke(cli, args).output.splitlines()  # fewer rows than a page: all, counted as before
    assert whole[-1] == f"({len(every)} rows)" and len(whole) == len(every) + 3
    first = runner.invoke(cli, args + ["--limit", "3"]).output.splitlines()
    assert first[-1] == f"(first 3 of {len(every)} rows; --limit/--offset for more)"
    asked = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "-g", str(out), "--format", "json", "--limit", "3"])
    assert asked.exit_code == 2 and "no SELECT" in asked.output


def test_paging_keeps_a_querys_own_limit_and_order():
    named = q.NamedQuery("x", "PREFIX a: <http://a/>\nSELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10 OFFSET 4\n# end\n", "")
    assert q.paged(named, 5, 8).text.endswith("ORDER BY ?s\nLIMIT 2\nOFFSET 12")
    assert q.paged(named, None, 0) is named
    store = q.ox.Store()
    store.update("INSERT DATA { " + " ".join(f"<http://a/{k:02d}> <http://a/p> {k} ." for k in range(30)) + " }")
    rows = [str(r["s"]) for r in q.run(store, q.paged(named, 3, 1))]
    assert rows == [f"<http://a/{k:02d}>" for k in (5, 6, 7)]


def test_the_build_says_its_stages_on_a_terminal_and_nothing_elsewhere(tmp_path):
    from kg.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    files = sorted(CORPUS.glob("*.txt"))
    stream = Tty()
    started = time.perf_counter()
    result = build(files * 1, tmp_path / "out", progress=Progress(True, stream))
    wall = time.perf_counter() - started
    said = stream.getvalue()
    for stage in ("reading and extracting", "writing the graph", "writing the store", "writing the views"):
        assert f"{stage}: " in said, (stage, said)
    assert said.index("writing the graph: ") < said.index("writing the store: ") < said.index("writing the views: ")
    assert wall - 0.05 <= result.seconds <= wall  # the summary's time is the build's wall time
    quiet = Tty()
    build(files, tmp_path / "out2", progress=Progress(False, quiet), views=False)
    assert quiet.getvalue() == ""


def test_the_estimate_waits_for_the_rate():
    from kg.progress import Progress

    now = [0.0]
    stream = io.StringIO()
    bar = Progress(True, stream, clock=lambda: now[0])
    for k, _ in enumerate(bar(range(100))):
        now[0] = 10.0 + k * 0.1 if k else 10.0  # ten seconds of start-up, then ten items a second
        if k == 3:
            assert "left" not in stream.getvalue()  # too early to tell
    lines = stream.getvalue().split("\r")
    estimates = [line for line in lines if "left" in line]
    first = estimates[0]
    # the rate from the first item on, not from the start: 7 s for the 70 left, not 29 s
    assert "10/s" in first and int(re.search(r"about (\d+)s left", first).group(1)) <= 8, first
    assert lines[-1].startswith("reading and extracting: 100/100 files")


def test_kg_build_into_a_pipe_prints_only_the_summary(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", *map(str, DOCS[:2]), "-o", str(tmp_path / "o"),
                           "--no-views"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""
    assert re.fullmatch(r"2 documents built, 0 skipped, \d+ triples, [\d.]+ s → \S+/\n", proc.stdout)
