"""Answers to "what links X to Y": what is most about X, what is most about Y, and the most
informative graph paths between them, with the commitments on those paths."""
from __future__ import annotations

from .answer_graph import GraphContext, matching_entities, path_json
from .answer_records import Answer, Cited, cite
from .answer_text import MAX_POINTS, entity_phrase, link_text, point, short_quote
from .question_shapes import Shape

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


def _end_query(gen, phrase: str) -> str:
    """What to search for one end of a link: a commitment id stands for its own text."""
    return gen.commitments[phrase].text if phrase in gen.commitments else phrase


def _scaled(scores: dict[str, float]) -> dict[str, float]:
    """Scores divided by the best, so a short end ("SEND") whose best match scores 0.5 and a
    long one scoring 0.9 weigh alike in the ranking."""
    top = max(scores.values(), default=0.0)
    return {i: s / top for i, s in scores.items()} if top > 0 else scores


def link_answer(question: str, shape: Shape, gen, searcher, ctx: GraphContext, k: int) -> Answer:
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
    paths = best_paths(ctx.g, sources, targets, k=3 * MAX_PATHS, view=ctx.view)
    paths = [p for p in paths if not gen.several_councils or _within_one_council(p, ctx, gen)][:MAX_PATHS]
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


def _within_one_council(path, ctx: GraphContext, gen) -> bool:
    """Do the commitments on a path belong to one council? Two councils' rows meet only in
    what they share (a government grant, a partner), which links neither to the other's
    question: Newcastle's solar row and Wokingham's fuel-poverty row both cite the Green
    Homes Grant, and that says nothing of air quality and school streets."""
    cids = [c for c in map(ctx.cid, path.nodes) if c in gen.commitments]
    return len({gen.scopes.get(gen.commitments[c].document) for c in cids}) <= 1


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
            if s.weight >= max(shared[c].values()):  # the most specific shared thing says why
                d = ctx.g.nodes[s.entity]
                why[c] = f"shares {d.get('kind')} '{d.get('label')}' with {ctx.cid(s.via)}"
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
                ends = [ctx.describe(n) for n in (a, b)]  # a commitment by its id, an entity by its name
                why.setdefault(cid, "on a connecting path between "
                               + " and ".join(d["id"] or f"{d['kind']} '{d['label']}'" for d in ends))
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
    # A fund or estate that two commitments of the answer both name links them, whether or
    # not a path happened to pass through it (the SHDF behind a 2023 and a 2025 retrofit).
    for c in cited:
        if c.id in ctx.node_of:
            for e in ctx.g.adj[ctx.node_of[c.id]]:
                if ctx.g.nodes[e].get("kind") in NAMED_KINDS:
                    touches.setdefault(e, []).append(c.id)

    def both_ends(e) -> bool:
        ids = set(touches[e])
        return any(sx.get(i, 0) >= sy.get(i, 0) for i in ids) and any(sy.get(i, 0) >= sx.get(i, 0) for i in ids)

    def rank(e):
        d = ctx.g.nodes[e]
        general = 0 if d.get("kind") in NAMED_KINDS else 2 if d.get("kind") == "theme" else 1
        return (general, not both_ends(e), commitment_degree(ctx.g, e), -len(set(touches[e])))

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
    order = _point_order([c.id for c in cited], [c for c in via if c in gen.commitments], sx, sy)
    points = []
    for cid in order[:MAX_POINTS]:
        c = by_id.get(cid) or cite(gen, cid)
        if cid in via:
            lead = f"Through {via[cid]}"
        elif min(sx.get(cid, 0), sy.get(cid, 0)) >= 0.5:
            lead = f"On both {shape.subject} and {shape.other}"
        else:
            lead = f"On {shape.subject if sx.get(cid, 0) >= sy.get(cid, 0) else shape.other}"
        points.append(point(c, gen, lead))
    return link_text(shape.subject, shape.other, [phrase[e] for e in ents], points)


def _point_order(cited: list[str], via: list[str], sx: dict, sy: dict) -> list[str]:
    """The order of an answer's points: up to two commitments that are themselves about both
    ends ("school streets to improve air quality", the most direct link), then those joined
    through the linking entities, then the rest as ranked."""
    both = [c for c in cited if min(sx.get(c, 0), sy.get(c, 0)) >= 0.5][:2]
    return list(dict.fromkeys(both + via + cited))
