"""Reading and extraction on a Dask distributed cluster (``kg build --scheduler``).

The workers run the same per-document function as local worker processes
(:func:`kg.api._graphed`) and send back each document's rows and N-Quads,
which the build writes into its cache (local workers write them there
themselves) and merges here, in document order, as it does for local
results.  The workers need kg installed (the same version) and the
files at the same paths (a shared file system).
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator

from .errors import KGError

AHEAD = 64  # documents submitted ahead of the one being merged: bounds what waits in memory


class SchedulerUnreachable(KGError):
    code = "KG702"


@contextlib.contextmanager
def mapped(scheduler, fn: Callable, items: list) -> Iterator[Iterator]:
    """``fn`` over ``items`` on the cluster, results in order.

    ``scheduler``: an address (``tcp://HOST:8786``) or a ``distributed.Client``.
    """
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerUnreachable("kg build --scheduler needs the distributed package "
                                   "(pip install 'kg[cluster]')") from None
    own = not isinstance(scheduler, Client)
    if own:
        try:
            client = Client(scheduler, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise SchedulerUnreachable(f"no Dask scheduler at {scheduler}: {exc}") from None
    else:
        client = scheduler
    try:
        yield _in_order(client, fn, items)
    finally:
        if own:
            client.close()


def _in_order(client, fn: Callable, items: list) -> Iterator:
    pending = []
    it = iter(items)
    for item in it:
        # pure=False: a file can change between two builds, its path does not
        pending.append(client.submit(fn, item, pure=False))
        if len(pending) >= AHEAD:
            break
    while pending:
        future = pending.pop(0)
        result = future.result()
        future.release()
        nxt = next(it, None)
        if nxt is not None:
            pending.append(client.submit(fn, nxt, pure=False))
        yield result
