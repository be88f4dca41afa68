"""kg build --scheduler: the same per-document function on a Dask cluster, the same bytes;
and --push: from a (cluster) build straight into an external store."""
from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.api import build
from kg.cli import cli
from kg.sparql import remote
from kg.sparql import store as q
from tests.virtuoso import virtuoso  # noqa: F401  (a session fixture)

from .conftest import CORPUS

distributed = pytest.importorskip("distributed")
OUTPUTS = ("graph.ttl", "graph.nq", "records.jsonl")


def test_a_dask_cluster_builds_the_same_bytes_as_local_workers(corpus_build, tmp_path):
    _, local = corpus_build
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = build([CORPUS], tmp_path / "out", scheduler=cluster.scheduler_address, views=False)
    assert len(result.documents) == 5
    for name in OUTPUTS:
        assert (tmp_path / "out" / name).read_bytes() == (local / name).read_bytes(), name


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path):
    from kg.cluster import SchedulerUnreachable

    with pytest.raises(SchedulerUnreachable, match="no Dask scheduler at tcp://127.0.0.1:9"):
        build([CORPUS], tmp_path / "out", scheduler="tcp://127.0.0.1:9", views=False)


def per_graph(endpoint: str, graphs: set[str]) -> Counter:
    rows = remote.query(endpoint, q.resolve("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"),
                        {})
    return Counter({s["g"].value: int(s["n"].value) for s in rows if s["g"].value in graphs})


def test_build_push_takes_a_cluster_build_straight_into_virtuoso(tmp_path, virtuoso):  # noqa: F811
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        done = CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(out), "--no-views",
                                        "--scheduler", cluster.scheduler_address, "--push", virtuoso.sparql,
                                        "--push-user", virtuoso.user, "--push-bulk-dir", str(virtuoso.directory)],
                                  env={"KG_STORE_PASSWORD": virtuoso.password})
    assert done.exit_code == 0, done.output
    built, pushed = done.output.splitlines()[-2:]
    assert built.startswith("5 documents built")
    assert "(Virtuoso bulk loader)" in pushed
    expected = Counter(quad.graph_name.value for quad in ox.parse(path=str(out / "graph.nq"),
                                                                  format=ox.RdfFormat.N_QUADS))
    assert pushed.startswith(f"{len(expected)} graphs, {sum(expected.values())} triples pushed to ")
    assert per_graph(virtuoso.sparql, set(expected)) == expected


def test_build_push_speaks_the_graph_store_protocol_and_keeps_the_build_when_the_push_fails(tmp_path,
                                                                                           virtuoso):  # noqa: F811
    runner = CliRunner()
    out = tmp_path / "out"
    args = ["build", str(CORPUS), "-o", str(out), "--no-views", "--push", virtuoso.sparql]
    done = runner.invoke(cli, args + ["--push-graph-store", virtuoso.graph_store, "--push-user", virtuoso.user],
                         env={"KG_STORE_PASSWORD": virtuoso.password})
    assert done.exit_code == 0, done.output
    summary = re.fullmatch(rf"6 graphs, (\d+) triples pushed to {re.escape(virtuoso.graph_store)} "
                           r"\((\d) new, (\d) replaced\), [\d.]+ s", done.output.splitlines()[-1])
    assert summary and int(summary[2]) + int(summary[3]) == 6, done.output
    expected = Counter(quad.graph_name.value for quad in ox.parse(path=str(out / "graph.nq"),
                                                                  format=ox.RdfFormat.N_QUADS))
    assert int(summary[1]) == sum(expected.values())
    assert per_graph(virtuoso.sparql, set(expected)) == expected
    refused = runner.invoke(cli, args + ["--push-graph-store", virtuoso.anonymous_graph_store])
    assert refused.exit_code == 2
    assert "5 documents built" in refused.output and "error: " in refused.output and "403 Forbidden" in refused.output
    assert (out / "graph.nq").exists()
    wrong = runner.invoke(cli, ["build", str(CORPUS), "-o", str(out), "--push-user", "dba"])
    assert wrong.exit_code == 2 and "go with --push URL" in wrong.output
