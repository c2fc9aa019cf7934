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

from .answer_text import (
    MAX_POINTS,
    entity_phrase,
    link_text,
    list_text,
    point,
    short_quote,
)
from .question_shapes import Shape, parse_question
from .quotes import location, quote

log = logging.getLogger(__name__)

# Kinds of node through which commitments are "connected" in the expansion step.
SHARED_KINDS = ("strategy", "place", "organisation", "post", "unit", "theme", "lineage",
                "indicator", "person")
EXPAND_FROM = 5      # expand the graph around this many top hits
HUB_DEGREE = 15      # a node linking more commitments than this is not followed in expansion
# A "what links X to Y" answer (_rank_link; figures measured there).
SIDE_HITS = 30       # candidates searched for X, for Y and for the whole question
END_KEEP = 3         # best matches of each end always kept in the answer
STRONG = 5           # best ranked candidates whose specific entities earn a bonus
SPECIFIC = 15        # an entity named by more commitments than this is too general to link
BOTH_WEIGHT = 0.5    # weight of the weaker end's (scaled) match
LINK_BONUS = 0.15    # times 1/sqrt(commitments naming it), per specific entity shared ...
LINK_CAP = 0.2       # ... summed, at most this
PATH_SEEDS = 10      # hits of each end considered as path ends
PATH_ENDS = 6        # of which this many seed the path search
MAX_PATHS = 6


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
        partner = re.sub(r"^(?:the|our)\s+", "", shape.partner, flags=re.IGNORECASE)
        hits = searcher.search(shape.subject, k, Filters(partner=partner)) or \
            searcher.search(f"{shape.partner} {shape.subject}", k)
    else:
        hits = searcher.search(shape.subject or question, k)
    cited = [cite(gen, h.id, h.why, h.score) for h in hits]
    extra = [cite(gen, cid, why) for cid, why in expand(gen, ctx, hits)]
    text = _describe(shape, question, cited, gen)
    return Answer(question, text, shape.kind, tuple(cited + extra))


def _describe(shape: Shape, question: str, cited: list[Cited], gen) -> str:
    if not cited:
        return f"Nothing in the plans matches \"{question}\"."
    top, plan = cited[:MAX_POINTS], (lambda c: gen.documents.get(c.document))
    if shape.kind == "owner":
        pts = [point(c, plan(c), "; ".join(gen.commitments[c.id].owners) or "No named owner")
               for c in top]
        return list_text(f"Who owns {shape.subject}:", pts)
    if shape.kind == "due":
        pts = [point(c, plan(c), ", ".join(t.text for t in gen.commitments[c.id].targets)
                     or "No date given") for c in top]
        return list_text(f"When {shape.subject} is due:", pts)
    if shape.kind == "partner":
        return list_text(f"With {shape.partner} on {shape.subject}:", [point(c, plan(c)) for c in top])
    return list_text("The plans say:", [point(c, plan(c)) for c in top])


def link(x: str, y: str, gen, searcher, k: int = 10) -> Answer:
    """`councilkg path X Y`: what links two topics (names, phrases or commitment ids)."""
    x, y = (x or "").strip(), (y or "").strip()
    if not x or not y:
        raise QueryRejected("A path needs two ends, e.g. `councilkg path \"climate\" \"retrofit\"`.")
    ctx = graph_context(gen)
    if ctx is None:
        raise StoreNotBuilt(f"No graph projection in {gen.path}. Run `councilkg build` first.")
    return _link(f"what links {x} to {y}", Shape("link", x, y), gen, searcher, ctx, k)


def _end_query(gen, phrase: str) -> str:
    """What to search for one end of a link: a commitment id stands for its own text."""
    return gen.commitments[phrase].text if phrase in gen.commitments else phrase


def _scaled(scores: dict[str, float]) -> dict[str, float]:
    """Scores divided by the best, so a short end ("SEND") whose best match scores 0.5 and a
    long one scoring 0.9 weigh alike in the ranking."""
    top = max(scores.values(), default=0.0)
    return {i: s / top for i, s in scores.items()} if top > 0 else scores


def _link(question: str, shape: Shape, gen, searcher, ctx: GraphContext, k: int) -> Answer:
    from graph.paths import best_paths

    qx, qy = _end_query(gen, shape.subject), _end_query(gen, shape.other)
    searcher.prime([question, qx, qy])
    hx, hy, hq = (searcher.search(q, SIDE_HITS) for q in (qx, qy, question))
    ids = list(dict.fromkeys(h.id for h in hx + hy + hq))
    order, why, sx, sy, shared = _rank_link(searcher, ctx, question, qx, qy, ids, k)
    ex, ey = matching_entities(ctx, shape.subject), matching_entities(ctx, shape.other)
    side_x, side_y = _split_sides(sx, sy, [h.id for h in hx[:PATH_SEEDS]], [h.id for h in hy[:PATH_SEEDS]])
    sources = [ctx.node_of[i] for i in side_x if i in ctx.node_of] + ex
    targets = [ctx.node_of[i] for i in side_y if i in ctx.node_of] + ey
    paths = best_paths(ctx.g, sources, targets, k=MAX_PATHS, view=ctx.view)
    for h, end in [(h, shape.subject) for h in hx] + [(h, shape.other) for h in hy] + [(h, "the question") for h in hq]:
        why.setdefault(h.id, f"about '{end}': {h.why}")
    order = _with_linking(order, paths, ctx, why, k)
    cited = [cite(gen, cid, why.get(cid, "")) for cid in order if cid in gen.commitments][:k]
    ents = [ctx.describe(n) for n in dict.fromkeys(ex + ey)]
    # The text names an end given as a commitment id by its words, not its id.
    shown = Shape("link", *(f"“{short_quote(gen.commitments[e].text, 8)}”" if e in gen.commitments else e
                            for e in (shape.subject, shape.other)))
    text = _link_answer(shown, cited, paths, ctx, gen, sx, sy, shared)
    return Answer(question, text, "link", tuple(cited), tuple(path_json(ctx, p) for p in paths),
                  tuple(ents))


def _rank_link(searcher, ctx: GraphContext, question: str, qx: str, qy: str, ids: list[str],
               k: int) -> tuple[list[str], dict[str, str], dict, dict, dict]:
    """Order the candidates of a link answer. A good answer holds what is most about X, what
    is most about Y, and what joins them, so:
    - the END_KEEP best matches of each end always stay in the top k;
    - the rest rank by the whole question's match plus BOTH_WEIGHT times the weaker end's
      match (a commitment about both ends is itself a link: supported housing is both
      social care and housing);
    - plus a bonus for sharing a specific entity or lineage chain with a strong hit (the
      Acre Road site, the Small Sites Programme), weighted like idf (graph.paths).
    On the shared path questions: 0.84 (question + weaker end alone), 0.87 with the kept
    ends, 0.90 with the entity bonus; flat for bonus 0.05-0.2, specificity 10-15
    commitments, 3-5 strong hits. Returns (order, why, X scores, Y scores,
    {id: {shared entity node: weight}})."""
    from graph.paths import shared_specific

    sq = _scaled(searcher.score_ids(question, ids))
    sx, sy = _scaled(searcher.score_ids(qx, ids)), _scaled(searcher.score_ids(qy, ids))
    ids = [i for i in ids if i in sq]
    score = {i: sq[i] + BOTH_WEIGHT * min(sx[i], sy[i]) for i in ids}
    keep = list(dict.fromkeys(sorted(ids, key=lambda i: -sx[i])[:END_KEEP]
                              + sorted(ids, key=lambda i: -sy[i])[:END_KEEP]))
    strong = keep + sorted(ids, key=lambda i: -score[i])[:STRONG]
    shared: dict[str, dict[str, float]] = {}
    why: dict[str, str] = {}
    for s in shared_specific(ctx.g, [ctx.node_of[i] for i in strong if i in ctx.node_of], SPECIFIC):
        c = ctx.cid(s.commitment)
        if c in score:
            shared.setdefault(c, {})[s.entity] = s.weight
            d = ctx.g.nodes[s.entity]
            why.setdefault(c, f"shares {d.get('kind')} '{d.get('label')}' with {ctx.cid(s.via)}")
    for c, weights in shared.items():
        score[c] += min(LINK_CAP, LINK_BONUS * sum(weights.values()))
    rest = [i for i in sorted(ids, key=lambda i: -score[i]) if i not in keep]
    head = sorted(keep + rest[:max(0, k - len(keep))], key=lambda i: -score[i])
    return head + rest[max(0, k - len(keep)):], why, sx, sy, shared


def _with_linking(order: list[str], paths, ctx: GraphContext, why: dict[str, str],
                  k: int) -> list[str]:
    """Put the commitments *inside* the connecting paths (not their ends, which are already
    the best matches of X and Y) into the top k: they are the link the question asks for,
    e.g. the Acre Road design between a social-care hit and a housing hit, even when their
    own text matches neither end well. They take the places of the lowest ranked."""
    inner = []
    for p in paths:
        for a, node, b in zip(p.nodes, p.nodes[1:], p.nodes[2:]):
            cid = ctx.cid(node)
            if cid and cid not in inner:
                inner.append(cid)
                why.setdefault(cid, f"links {ctx.describe(a)['label'] or a} "
                                    f"and {ctx.describe(b)['label'] or b} on a connecting path")
    inner = inner[:max(0, k - 2 * END_KEEP)]
    head = [i for i in order if i not in inner][:k - len(inner)]
    return head + inner + [i for i in order if i not in head and i not in inner]


def _split_sides(sx: dict, sy: dict, hx: list[str], hy: list[str]) -> tuple[list[str], list[str]]:
    """The path ends: each candidate goes to the end it matches better, and only if it
    matches that end at least half as well as the end's best hit. Disjoint ends make a path
    say how X reaches Y; a commitment about both is ranked by _rank_link instead."""
    ids = list(dict.fromkeys(hx + hy))
    out = []
    for mine, theirs in ((sx, sy), (sy, sx)):
        best = max((mine.get(i, 0.0) for i in ids), default=0.0)
        side = [i for i in ids if mine.get(i, 0.0) > theirs.get(i, 0.0) and mine.get(i, 0.0) >= best / 2]
        out.append(sorted(side, key=lambda i: -mine[i])[:PATH_ENDS])
    return out[0], out[1]


# Kinds that name a particular thing (a fund, a partner, an estate, an indicator): these
# make the summary line; themes, posts and units say only where a commitment is filed.
NAMED_KINDS = ("strategy", "organisation", "place", "indicator", "person")


def _link_answer(shape: Shape, cited: list[Cited], paths, ctx: GraphContext, gen, sx, sy,
                 shared: dict[str, dict[str, float]]) -> str:
    """'X and Y meet in <the most specific entities linking the answer>.' then one sentence
    per linking commitment: those touching the named entities first, then the best ranked."""
    from graph.paths import commitment_degree

    touches: dict[str, list[str]] = {}       # entity node -> commitments it links here
    for p in paths:
        for a, n in enumerate(p.nodes):
            if not ctx.g.nodes[n].get("cid"):
                near = [ctx.cid(m) for m in p.nodes[max(0, a - 1):a + 2] if ctx.cid(m)]
                touches.setdefault(n, []).extend(near)
    top = {c.id for c in cited}
    for cid, ents in shared.items():
        if cid in top:
            for e in ents:
                touches.setdefault(e, []).append(cid)

    def rank(e):
        d = ctx.g.nodes[e]
        general = 0 if d.get("kind") in NAMED_KINDS else 2 if d.get("kind") == "theme" else 1
        return (general, commitment_degree(ctx.g, e), -len(set(touches[e])))

    ents = [e for e in sorted(touches, key=rank)
            if ctx.g.nodes[e].get("kind") != "lineage" and len(set(touches[e])) >= 2][:3]
    if any(ctx.g.nodes[e].get("kind") in NAMED_KINDS for e in ents):
        ents = [e for e in ents if ctx.g.nodes[e].get("kind") in NAMED_KINDS]
    phrase = {e: entity_phrase(ctx.g.nodes[e].get("label") or "", ctx.g.nodes[e].get("kind")) for e in ents}
    via = {}
    for e in ents:
        for cid in touches[e]:
            via.setdefault(cid, phrase[e])
    by_id = {c.id: c for c in cited}
    order = list(dict.fromkeys([c for c in via if c in gen.commitments] + [c.id for c in cited]))
    points = []
    for cid in order[:MAX_POINTS]:
        c = by_id.get(cid) or cite(gen, cid)
        if cid in via:
            lead = f"Through {via[cid]}"
        elif min(sx.get(cid, 0), sy.get(cid, 0)) >= 0.5:
            lead = f"On both {shape.subject} and {shape.other}"
        else:
            lead = f"On {shape.subject if sx.get(cid, 0) >= sy.get(cid, 0) else shape.other}"
        points.append(point(c, gen.documents.get(c.document), lead))
    return link_text(shape.subject, shape.other, [phrase[e] for e in ents], points)


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
    points = [point(c, gen.documents.get(c.document)) for c in cited[:MAX_POINTS]]
    lead = f"What happened to {shape.subject}" + (f" since {shape.year}" if shape.year else "") \
        + ", earliest plan first:"
    return Answer(question, list_text(lead, points), "since", tuple(cited))
