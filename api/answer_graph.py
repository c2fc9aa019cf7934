"""The graph side of answers: the generation's networkx projection loaded once per process,
entity nodes named by a phrase, and expansion from search hits to the commitments that share
something specific with them."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from ontology.records import Hit

log = logging.getLogger(__name__)

# Kinds of node through which commitments are "connected" in the expansion step.
SHARED_KINDS = ("strategy", "place", "organisation", "post", "unit", "theme", "lineage",
                "indicator", "person")
EXPAND_FROM = 5      # expand the graph around this many top hits
HUB_DEGREE = 15      # a node linking more commitments than this is not followed in expansion


class GraphContext:
    """The projection of one generation with its path-finding view and id lookups."""

    def __init__(self, g):
        from graph.paths import weighted_view

        self.g = g
        self.view = weighted_view(g)
        self.node_of = {d["cid"]: n for n, d in g.nodes(data=True) if d.get("cid")}
        self.entities = [(n, d.get("label") or "", d.get("kind")) for n, d in g.nodes(data=True)
                         if d.get("kind") in SHARED_KINDS and d.get("label")]

    def cid(self, node: str) -> str | None:
        return self.g.nodes[node].get("cid")

    def describe(self, node: str) -> dict:
        d = self.g.nodes[node]
        return {"iri": node, "kind": d.get("kind"), "label": d.get("label") or "",
                "id": d.get("cid")}


_GRAPHS: dict[tuple[str, float], GraphContext] = {}
_LOCK = threading.Lock()


def graph_context(gen) -> GraphContext | None:
    """The generation's graph, loaded and prepared once per process (None if not built)."""
    f = Path(gen.projection_file)
    if not f.exists():
        log.warning("no graph projection in %s; answering from search alone", f.parent)
        return None
    key = (str(f.resolve()), f.stat().st_mtime)
    with _LOCK:
        if key not in _GRAPHS:
            from graph.projection import load_projection

            _GRAPHS.clear()
            _GRAPHS[key] = GraphContext(load_projection(f))
        return _GRAPHS[key]


def matching_entities(ctx: GraphContext, phrase: str, limit: int = 4) -> list[str]:
    """Entity nodes whose label's words are all in `phrase` (or the reverse), most specific first."""
    from search.keyword import tokenize

    words = set(tokenize(phrase))
    scored = []
    for node, label, _kind in ctx.entities:
        lw = set(tokenize(label))
        # A one-word label ("Kingston") matches only a one-word phrase: otherwise the borough's
        # name would stand for every phrase that mentions it.
        if lw and ((lw <= words and (len(lw) >= 2 or len(words) == 1))
                   or (words <= lw and len(words) >= len(lw) / 2)):
            scored.append((-len(lw & words), len(ctx.g.adj[node]), node))
    return [n for *_, n in sorted(scored)[:limit]]


# -- retrieval helpers ------------------------------------------------------------------
def expand(gen, ctx: GraphContext | None, hits: list[Hit], per_hit: int = 3) -> list[tuple[str, str]]:
    """Commitments sharing something specific with the top hits: (id, why), most specific
    shared node first (fewest commitments attached), lineage links included."""
    seen = {h.id for h in hits}
    out: list[tuple[str, str]] = []
    by_id = {}
    for l in gen.links:
        by_id.setdefault(l.from_id, []).append((l.to_id, f"continued by {l.to_id} ({l.relation})"))
        by_id.setdefault(l.to_id, []).append((l.from_id, f"carries on {l.from_id} ({l.relation})"))
    for h in hits[:EXPAND_FROM]:
        found: list[tuple[float, str, str]] = []
        for other, why in by_id.get(h.id, []):
            found.append((0.0, other, f"lineage: {h.id} {why}"))
        if ctx is not None and h.id in ctx.node_of:
            for nb, _ in _shared(ctx, ctx.node_of[h.id]):
                if len(ctx.g.adj[nb]) > HUB_DEGREE:  # a council-wide hub says nothing
                    continue
                d = ctx.g.nodes[nb]
                linked = [m for m in ctx.g.adj[nb] if ctx.g.nodes[m].get("kind") == "commitment"]
                for m in linked:
                    cid = ctx.cid(m)
                    if cid and cid != h.id:
                        found.append((len(linked), cid, f"shares {d.get('kind')} '{d.get('label')}' with {h.id}"))
        taken = 0
        for _, cid, why in sorted(found):
            if cid not in seen and cid in gen.commitments and taken < per_hit:
                seen.add(cid)
                out.append((cid, why))
                taken += 1
    return out


def _shared(ctx: GraphContext, node: str):
    from graph.paths import neighbours

    return neighbours(ctx.g, node, SHARED_KINDS)


def path_json(ctx: GraphContext, p) -> dict:
    steps = [ctx.describe(n) for n in p.nodes]
    text = " — ".join(s["id"] or f"{s['kind']} '{s['label']}'" for s in steps)
    return {"nodes": steps, "predicates": list(p.predicates), "cost": p.cost, "text": text}
