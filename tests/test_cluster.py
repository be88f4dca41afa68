"""kg build --scheduler: the same per-document function on a Dask cluster, the same bytes."""
from __future__ import annotations

import pytest

from kg.api import build

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
