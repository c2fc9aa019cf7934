"""The most informative paths between two sets of nodes of the networkx projection.

"What links climate action to housing retrofit?" is answered by the things two commitments
share. Sharing a specific fund, estate or partner says much; sharing the council-wide theme
or the plan they both sit in says little, because nearly everything shares it. So a path is
costed by the nodes it passes through, each costing sqrt(degree): like an inverse-document-
frequency in graph form (Sparck Jones 1972; the same idea as "degree-penalised" paths in
knowledge-graph explanation, e.g. Fang et al., REX, VLDB 2011). The cheapest simple paths
are found with Dijkstra's algorithm from each source (networkx.single_source_dijkstra, cut
off at MAX_COST so hubs are not explored), keeping the best path to each target.

Input is the projection contract of integration.md: an undirected MultiGraph whose nodes
carry `kind` and `label` (commitments also `cid`).
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

log = logging.getLogger(__name__)

# Node kinds a path never goes through: targets and milestones hang off one commitment
# only, and "in the same plan document" links everything in it, so it explains nothing.
SKIP_KINDS = frozenset({"target", "milestone", "plan"})
MAX_NODES = 7          # commitment - entity - commitment - entity - commitment - ... at most
TIME_LIMIT_S = 0.5     # stop starting new searches from further sources after this
ALTERNATIVES = 3       # best pairs that also get a second, different path
MAX_COST = 40.0        # Dijkstra explores no further: a path this costly explains nothing


@dataclass(frozen=True)
class GraphPath:
    """One connecting path: its nodes in order, the predicate of each hop, and its cost
    (lower is more informative)."""

    nodes: tuple[str, ...]
    predicates: tuple[str, ...]
    cost: float


def node_cost(g: nx.MultiGraph, node: str) -> float:
    """sqrt(number of distinct neighbours, leaves not counted): a hub is costly to pass
    through. A square root rather than a logarithm, so that a chain through two specific
    entities (a fund shared by 2, an estate shared by 2) still beats one council-wide theme
    shared by 40: the chain says something, the theme does not."""
    degree = sum(1 for nb in g.adj[node] if g.nodes[nb].get("kind") not in SKIP_KINDS)
    return math.sqrt(max(1, degree))


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
    """Up to `k` cheapest paths from any source to any target, cheapest first; one path per
    (source, target) pair, so the paths show different links rather than detours of one.

    A node in both sets is itself the best link (a one-node path of cost 0). `view` is a
    precomputed `weighted_view(g)` (worth caching when answering many questions); it is
    only read, so answers may share it across threads."""
    h = view if view is not None else weighted_view(g)
    src = [n for n in dict.fromkeys(sources) if n in h]
    dst = [n for n in dict.fromkeys(targets) if n in h]
    both = [n for n in src if n in set(dst)]
    out = [GraphPath((n,), (), 0.0) for n in both[:k]]
    src = [n for n in src if n not in both]
    dst = [n for n in dst if n not in both]
    if not src or not dst or len(out) >= k:
        return out
    ends, targets_left = set(src) | set(dst), set(dst)
    # Edge weights count each end half, so add the other half of the two ends: a path's cost
    # counts every node it touches in full, and starting from a council-wide hub is as
    # uninformative as crossing one.
    half = {n: node_cost(g, n) / 2 for n in ends}
    deadline = time.monotonic() + time_limit_s
    found: list[tuple[float, list[str]]] = []
    for s in src:
        if time.monotonic() > deadline:
            log.info("path search stopped after %.1fs", time_limit_s)
            break
        dist, paths = nx.single_source_dijkstra(h, s, cutoff=MAX_COST, weight="weight")
        for t in targets_left & dist.keys():
            p = paths[t]
            if len(p) <= max_nodes and not any(n in ends for n in p[1:-1]):
                found.append((dist[t] + half[s] + half[t], p))
    found.sort(key=lambda x: (x[0], x[1]))
    # A second, different way for the best pairs (e.g. a shared estate as well as a direct
    # revision link): the same search with the first path's inner nodes, or its one edge,
    # hidden (a read-only view; nothing is copied).
    for _, p in found[:ALTERNATIVES]:
        if time.monotonic() > deadline:
            break
        hidden_nodes, hidden_edges = p[1:-1], ([] if len(p) > 2 else [(p[0], p[1])])
        other = nx.restricted_view(h, hidden_nodes, hidden_edges)
        try:
            d, alt = nx.single_source_dijkstra(other, p[0], p[-1], cutoff=MAX_COST, weight="weight")
        except nx.NetworkXNoPath:
            continue
        if len(alt) <= max_nodes and not any(n in ends for n in alt[1:-1]):
            found.append((d + half[p[0]] + half[p[-1]], alt))
    found.sort(key=lambda x: (x[0], x[1]))
    for cost, p in found[: k - len(out)]:
        preds = tuple(h.edges[a, b]["predicate"] for a, b in zip(p, p[1:]))
        out.append(GraphPath(tuple(p), preds, round(cost, 4)))
    return out


def neighbours(g: nx.MultiGraph, node: str, kinds: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(neighbour, predicate) pairs of `node`, optionally only neighbours of the given kinds."""
    wanted = set(kinds) if kinds is not None else None
    out = []
    for _, nb, data in g.edges(node, data=True):
        if wanted is None or g.nodes[nb].get("kind") in wanted:
            out.append((nb, data.get("predicate", "")))
    return list(dict.fromkeys(out))


# Kinds a "shared specific entity" may be: not commitments themselves (direct links are
# lineage, counted by the caller), nor the per-commitment or per-plan kinds of SKIP_KINDS.
ENTITY_SKIP = SKIP_KINDS | {"commitment"}


@dataclass(frozen=True)
class SharedEntity:
    """A commitment reached from a strong one through an entity few commitments name."""

    commitment: str     # node
    entity: str         # node
    via: str            # the strong commitment node it was reached from
    weight: float       # 1/sqrt(commitments naming the entity): rarer says more


def commitment_degree(g: nx.MultiGraph, node: str) -> int:
    """How many commitments name `node`."""
    return sum(1 for nb in g.adj[node] if g.nodes[nb].get("kind") == "commitment")


def shared_specific(g: nx.MultiGraph, strong: Iterable[str], max_commitments: int = 15) -> list[SharedEntity]:
    """Commitments sharing a specific entity (a fund, estate, partner, strategy, lineage
    chain; named by at most `max_commitments` commitments) with any of the `strong` nodes.
    Weighted 1/sqrt(n) like node_cost: the same idf-in-graph-form reasoning, so the Small
    Sites Programme (3 commitments) counts far more than a theme shared by 15."""
    out = []
    for s in dict.fromkeys(strong):
        if s not in g:
            continue
        for e in g.adj[s]:
            if g.nodes[e].get("kind") in ENTITY_SKIP:
                continue
            n = commitment_degree(g, e)
            if n > max_commitments:
                continue
            for m in g.adj[e]:
                if m != s and g.nodes[m].get("kind") == "commitment":
                    out.append(SharedEntity(m, e, s, 1 / math.sqrt(max(1, n))))
    return out
