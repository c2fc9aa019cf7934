"""The most informative paths between two sets of nodes of the networkx projection.

"What links climate action to housing retrofit?" is answered by the things two commitments
share. Sharing a specific fund, estate or partner says much; sharing the council-wide theme
or the plan they both sit in says little, because nearly everything shares it. So a path is
costed by the nodes it passes through, each costing 1 + ln(degree): an inverse-document-
frequency in graph form (Sparck Jones 1972; the same idea as "degree-penalised" paths in
knowledge-graph explanation, e.g. Fang et al., REX, VLDB 2011). The cheapest simple paths
are found with Yen's algorithm (networkx.shortest_simple_paths) from a virtual source joined
to every source node to a virtual target joined to every target node.

Input is the projection contract of integration.md: an undirected MultiGraph whose nodes
carry `kind` and `label` (commitments also `cid`).
"""
from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Iterable

import networkx as nx

log = logging.getLogger(__name__)

# Node kinds a path never goes through: targets and milestones hang off one commitment
# only, and "in the same plan document" links everything in it, so it explains nothing.
SKIP_KINDS = frozenset({"target", "milestone", "plan"})
MAX_NODES = 7          # commitment - entity - commitment - entity - commitment - ... at most
TIME_LIMIT_S = 2.0     # Yen's algorithm is exponential in the worst case; stop looking then
_SRC, _DST = "\x00source", "\x00target"


@dataclass(frozen=True)
class GraphPath:
    """One connecting path: its nodes in order, the predicate of each hop, and its cost
    (lower is more informative)."""

    nodes: tuple[str, ...]
    predicates: tuple[str, ...]
    cost: float


def node_cost(g: nx.MultiGraph, node: str) -> float:
    """1 + ln(number of distinct neighbours): a hub is costly to pass through."""
    return 1.0 + math.log(max(1, len(g.adj[node])))


def weighted_view(g: nx.MultiGraph) -> nx.Graph:
    """A simple graph whose edge weight is the mean cost of its two ends, so the cost of a
    path is the sum of its inner nodes' costs plus half of each end's."""
    h = nx.Graph()
    cost = {n: node_cost(g, n) for n in g.nodes if g.nodes[n].get("kind") not in SKIP_KINDS}
    for u, v, data in g.edges(data=True):
        if u in cost and v in cost and u != v and not h.has_edge(u, v):
            h.add_edge(u, v, weight=(cost[u] + cost[v]) / 2, predicate=data.get("predicate", ""))
    return h


def best_paths(g: nx.MultiGraph, sources: Iterable[str], targets: Iterable[str], k: int = 5,
               max_nodes: int = MAX_NODES, time_limit_s: float = TIME_LIMIT_S,
               view: nx.Graph | None = None) -> list[GraphPath]:
    """Up to `k` cheapest simple paths from any source to any target, cheapest first.

    A node in both sets is itself the best link (a one-node path of cost 0). `view` is a
    precomputed `weighted_view(g)` (worth caching when answering many questions)."""
    h = view if view is not None else weighted_view(g)
    src = [n for n in dict.fromkeys(sources) if n in h]
    dst = [n for n in dict.fromkeys(targets) if n in h]
    both = [n for n in src if n in set(dst)]
    out = [GraphPath((n,), (), 0.0) for n in both[:k]]
    src = [n for n in src if n not in both]
    dst = [n for n in dst if n not in both]
    if not src or not dst or len(out) >= k:
        return out
    # The virtual edges carry half of each end's cost, so a path's cost counts every node it
    # touches in full: starting from a council-wide hub is as uninformative as crossing one.
    h = h.copy()
    h.add_edges_from((_SRC, n, {"weight": node_cost(g, n) / 2}) for n in src)
    h.add_edges_from((n, _DST, {"weight": node_cost(g, n) / 2}) for n in dst)
    ends = set(src) | set(dst)
    deadline = time.monotonic() + time_limit_s
    try:
        for path in nx.shortest_simple_paths(h, _SRC, _DST, weight="weight"):
            inner = path[1:-1]
            if time.monotonic() > deadline or len(inner) > max_nodes:
                break
            # A path that reaches a source or target again midway is a longer version of
            # a path already listed from that node.
            if any(n in ends for n in inner[1:-1]):
                continue
            cost = sum(h.edges[a, b]["weight"] for a, b in zip(path, path[1:]))
            preds = tuple(h.edges[a, b]["predicate"] for a, b in zip(inner, inner[1:]))
            out.append(GraphPath(tuple(inner), preds, round(cost, 4)))
            if len(out) >= k:
                break
    except nx.NetworkXNoPath:
        pass
    return out


def neighbours(g: nx.MultiGraph, node: str, kinds: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(neighbour, predicate) pairs of `node`, optionally only neighbours of the given kinds."""
    wanted = set(kinds) if kinds is not None else None
    out = []
    for _, nb, data in g.edges(node, data=True):
        if wanted is None or g.nodes[nb].get("kind") in wanted:
            out.append((nb, data.get("predicate", "")))
    return list(dict.fromkeys(out))
