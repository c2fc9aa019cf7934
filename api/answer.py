"""Answers with quotes: hybrid search joined with the graph, no generative model.

`ask(question, generation, searcher, settings)` routes the question by its shape:
- "what links X to Y", "how does X connect/relate/tie into Y", "where do X and Y overlap"
  -> commitments about X, about Y, and the most informative graph paths between them;
- "who owns X", "when is X due", "what are we doing with P on X", "what happened to X
  since 2019" -> search for X, then the owners / targets / partner / lineage of the hits;
- anything else -> hybrid search, then graph expansion: commitments that share a specific
  strategy, place, partner, owner, theme or lineage with the hits, each with why it came in.
Every commitment named carries its quote (the plan's own words at its span), document,
section and lines (api.quotes), so an officer can paste the answer into a briefing.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from ontology.errors import QueryRejected, StoreNotBuilt
from ontology.records import Hit

from .quotes import location, quote

log = logging.getLogger(__name__)

# Kinds of node through which commitments are "connected" in the expansion step.
SHARED_KINDS = ("strategy", "place", "organisation", "post", "unit", "theme", "lineage",
                "indicator", "person")
EXPAND_FROM = 5      # expand the graph around this many top hits
HUB_DEGREE = 15      # a node linking more commitments than this is not followed in expansion
SIDE_HITS = 10       # commitments searched for each side of a "what links X to Y"
PATH_ENDS = 6        # of which this many seed the path search
MAX_PATHS = 6
# Ranking of a link answer's commitments (_rank_link). On the shared path questions the
# whole-question match alone recalled 0.84; adding the weaker-end match and the path bonus
# 0.87, flat for weights 0.3-1.0 and bonuses 0.05-0.1.
BOTH_WEIGHT = 0.5
PATH_BONUS = 0.1


@dataclass(frozen=True)
class Cited:
    """A commitment named in an answer, with the words that back it."""

    id: str
    document: str
    text: str
    quote: str
    section: tuple[str, ...]
    line_start: int | None
    line_end: int | None
    why: str = ""
    score: float | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    shape: str
    commitments: tuple[Cited, ...]
    paths: tuple[dict, ...] = ()
    entities: tuple[dict, ...] = ()

    def as_json(self) -> dict:
        d = asdict(self)
        d["commitments"] = [{**c, "section": list(c["section"])} for c in d["commitments"]]
        d["paths"], d["entities"] = list(self.paths), list(self.entities)
        return d


def cite(gen, cid: str, why: str = "", score: float | None = None) -> Cited:
    c = gen.commitments[cid]
    loc = location(c)
    return Cited(c.id, c.document, c.text, quote(c, gen.documents.get(c.document)),
                 tuple(c.section_path), loc["line_start"], loc["line_end"], why, score)


# -- the graph, loaded once per generation --------------------------------------------
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
    for node, label, kind in ctx.entities:
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


# -- search ---------------------------------------------------------------------------
def searcher_for(gen, settings):
    """The generation's searcher with the configured embedder (cached per index folder)."""
    from search.embedder import make_embedder
    from search.hybrid import open_searcher

    return open_searcher(gen.index_dir, make_embedder(settings.embedder, settings.model_name))


def run_search(query: str, gen, searcher, k: int = 10, filters=None) -> dict:
    """`councilkg search --json` and /api/search: hits with quotes, and facet counts."""
    hits = searcher.search(query, k, filters)
    rows = []
    for h in hits:
        c = cite(gen, h.id, h.why, h.score)
        rows.append({"id": c.id, "document": c.document, "text": c.text, "score": h.score,
                     "quote": c.quote, "why": c.why, "section": list(c.section),
                     "line_start": c.line_start, "line_end": c.line_end})
    return {"query": query, "filters": filters.as_dict() if filters else {}, "hits": rows,
            "facets": searcher.facets([h.id for h in hits])}


# -- the shapes -------------------------------------------------------------------------
def ask(question: str, gen, searcher, settings=None, k: int = 10) -> Answer:
    """Answer `question` from the generation's commitments, graph and search index."""
    question = (question or "").strip()
    if not question:
        raise QueryRejected("Empty question: ask something, e.g. "
                            "`councilkg ask \"what links climate action to housing retrofit\"`.")
    shape = parse_question(question)
    ctx = graph_context(gen)
    if shape.kind == "link" and ctx is not None:
        return _link(question, shape, gen, searcher, ctx, k)
    if shape.kind == "since":
        return _since(question, shape, gen, searcher, ctx, k)
    if shape.kind == "partner":
        from search.hybrid import Filters

        # Partners are stored as named ("NHS"), questions say "the NHS".
        partner = re.sub(r"^(?:the|our)\s+", "", shape.partner, flags=re.I)
        hits = searcher.search(shape.subject, k, Filters(partner=partner)) or \
            searcher.search(f"{shape.partner} {shape.subject}", k)
    else:
        hits = searcher.search(shape.subject or question, k)
    cited = [cite(gen, h.id, h.why, h.score) for h in hits]
    extra = [cite(gen, cid, why) for cid, why in expand(gen, ctx, hits)]
    text = _describe(shape, question, cited, gen)
    return Answer(question, text, shape.kind, tuple(cited + extra))


@@LINK@@


def _since(question: str, shape: Shape, gen, searcher, ctx, k: int) -> Answer:
    """Follow lineage links (generation.links) from the hits, earliest plan first."""
    hits = searcher.search(shape.subject or question, k)
    year = {p.document.name: p.document.period_start or 0 for p in gen.plans}
    chain: dict[str, str] = {h.id: h.why for h in hits[:EXPAND_FROM]}
    frontier = list(chain)
    links = gen.links
    while frontier:
        cur = frontier.pop()
        for l in links:
            for a, b in ((l.from_id, l.to_id), (l.to_id, l.from_id)):
                if a == cur and b not in chain:
                    chain[b] = f"lineage: {l.relation} {l.from_id} -> {l.to_id}" + (
                        f" ({', '.join(l.changes)})" if l.changes else "")
                    frontier.append(b)
    since = shape.year or 0
    ids = [c for c in chain if c in gen.commitments
           and year.get(gen.commitments[c].document, 0) >= since]
    ids.sort(key=lambda c: year.get(gen.commitments[c].document, 0))
    rest = [h.id for h in hits if h.id not in ids]
    cited = [cite(gen, c, chain.get(c, "")) for c in ids + rest][:k]
    if not cited:
        return Answer(question, f"Nothing in the plans matches \"{question}\".", "since", ())
    story = [f"{gen.documents[c.document].document.period or c.document}: {sentence(c)}"
             for c in cited[:4]]
    text = f"What happened to {shape.subject}" + (f" since {shape.year}" if shape.year else "") \
        + ": " + "; then ".join(story) + "."
    return Answer(question, text, "since", tuple(cited))
