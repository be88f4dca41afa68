"""The build's on-disk store: written by kg build, opened read-only by the readers, never pulled from under one."""
from __future__ import annotations

import os
import shutil

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
    assert sorted(os.listdir(out / atomic.STORE)) == sorted([atomic.CURRENT, os.readlink(out / atomic.STORE / atomic.CURRENT)])


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
