"""Starting positions for the physics views, computed in Python.

networkx's force layouts cost O(n²) memory or need scipy and take tens of
seconds at a few thousand nodes, and vis-network's physics needs hundreds of
iterations (~60 ms each at 2,000 nodes) to untangle random positions.  The
graphs drawn have a plain shape, though: every node hangs off the documents
(or roles) it belongs to.  So these hubs are spread on a sunflower spiral, in
an order that keeps related hubs together, each other node is put around the
centre of its hubs, and the page only needs a few dozen physics iterations
to smooth that out before it switches physics off.

Jitter comes from a hash of the node's IRI, not from a random generator, so
positions are the same in every build.
"""
from __future__ import annotations

import math
import zlib

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 60.0  # about one vis-network spring length between neighbours


def seed_positions(G: nx.MultiDiGraph, hubs: list, homes: dict) -> dict:
    """``{node: (x, y)}`` for every node of G.

    ``hubs`` are the nodes the others hang off (documents; roles), in the
    order they should sit on the spiral; ``homes`` gives, for a node, the
    hubs it belongs to.
    """
    hubs = [h for h in hubs if h in G]
    members = {h: 0 for h in hubs}
    for n in G:
        for h in homes.get(n, ()):
            if h in members:
                members[h] += 1
    # m nodes around a hub need a disc of radius ~ SPACING·√m; the spiral gives
    # every hub the area of an average disc
    disc = {h: SPACING * math.sqrt(m + 1) for h, m in members.items()}
    step = 1.2 * SPACING * math.sqrt(sum(members.values()) / max(len(hubs), 1) + 1)
    pos = {h: _sunflower(k, step) for k, h in enumerate(hubs)}
    for n in G:
        if n in pos:
            continue
        mine = [h for h in sorted(homes.get(n, ()), key=str) if h in pos]
        if len(mine) == 1:
            # in its hub's disc
            pos[n] = _offset(pos[mine[0]], n, disc[mine[0]])
        else:
            # between its hubs (or at the centre, for the top of a hierarchy)
            cx = sum(pos[h][0] for h in mine) / len(mine) if mine else 0.0
            cy = sum(pos[h][1] for h in mine) / len(mine) if mine else 0.0
            pos[n] = _offset((cx, cy), n, step / 3)
    return pos


def _sunflower(k: int, step: float) -> tuple[float, float]:
    r = step * math.sqrt(k)
    return r * math.cos(k * GOLDEN_ANGLE), r * math.sin(k * GOLDEN_ANGLE)


def _offset(centre: tuple[float, float], node, radius: float) -> tuple[float, float]:
    h = zlib.crc32(str(node).encode("utf-8"))
    u, v = (h & 0xFFFF) / 0xFFFF, (h >> 16) / 0xFFFF
    r = radius * (0.25 + 0.75 * math.sqrt(u))  # spread over the disc, clear of its centre
    return centre[0] + r * math.cos(2 * math.pi * v), centre[1] + r * math.sin(2 * math.pi * v)
