"""Commitment lineage: what each commitment became in the council's later plans.

For every council (plans with the same `PlanDocument.publisher`; see `councils` for plans
whose publisher was not found), plans are put in order (`PlanDocument.order`: year, a
draft before the plan adopted from it, name). Candidate pairs come from
`graph.lineage_candidates` (near neighbours by embedding, and shared named entities),
never from all pairs; each
candidate is scored by the weighted model in `graph.lineage_features`. Then, for each
pair of plans, a greedy one-to-one matching by score keeps the best partner of each
commitment: a plan carries a commitment forward once, mostly. Pairs where one action
repeats the other word for word (`PairFeatures.verbatim`) are matched first: a plan
printed twice files a row under another heading, and a paraphrase under the old heading
must not take its place. Once the one-to-one matching is done, a further link into an
already-matched successor is kept as a merge (or split) when it is that commitment's own
best match and either scores at least MERGE or beats its next-best match by MARGIN
(the ratio test of feature matching: an unambiguous best match is probably the one),
and it covers what the matches so far leave out: the successor's embedding must be at
least COVER closer (cosine) to the sum of all its predecessors than to those already
linked. A successor that merges two actions reads like both; one that merely resembles a
second earlier row does not come closer to it by adding that row.

How high a match must score to be `continues` depends on the pair of plans (empirical
Bayes): two editions of one delivery plan carry a large share of their commitments, so
a middling match between them is probably a carry-over; a 2008 cohesion plan and a 2025
peer-challenge response share themes, not actions, and their best matches are mostly
thematic neighbours. The share carried, pi, is estimated from the plan pair itself as
the fraction of the smaller plan whose mutual best match scores at least STRONG
(smoothed), and a match continues when its log-odds, SLOPE * (score - MIDPOINT) plus the
prior log-odds logit(pi), is positive; i.e. score >= MIDPOINT - logit(pi) / SLOPE.
That threshold never falls below what the plan pair's runners-up reach: the NULL_QUANTILE
quantile of every row's second-best score into the other plan (a score that rows reach
with a commitment they do not carry is no evidence of a carry-over). Without this floor a
draft and its final version, which carry nearly everything, would link a row the final
dropped to any thematic neighbour; two editions of a delivery plan are barely touched.
Below that, a mutual best match that beats both its runners-up by MARGIN still continues
(and scores at least FLOOR): two plans of different kinds share few actions, but the
few they share stand out from everything else in the other plan. So does a mutual best
match that repeats one action word for word (`PairFeatures.verbatim`), however close its
runners-up: extraction may glue a heading or a neighbouring row to a row, which lowers
its score but not what it says.
Last, rows that alone in their two plans use one name (a programme, project or place, not
a partner: "Let's Talk", "Stronger Together", "People & OD Strategy" for "People &
Organisational Development Strategy"; `PairFeatures.names`) and have no other link
between those plans continue from FLOOR: an action reworded from a strategy's aims to
its delivery keeps the name of what it delivers, while its words and its runners-up
say nothing clear.
A commitment continues into the *earliest* later plan that carries it, and from the
*latest* earlier plan that carries it; plans further off are reached through those
versions (A -> B -> C, not also A -> C), so each hop is one `prov:wasRevisionOf`
(https://www.w3.org/TR/prov-o/#wasRevisionOf) in the graph. A row of C that has a version in
B and also resembles an A row that B did not carry keeps B's version only: an older row
that skipped the plan between and reads like a later one shares its theme more often than
its action.
Other good matches are `related` (same programme or thread, not the same action).

A reviewer's verdict (`graph.lineage_reviews`) overrides the linker on its pair: a
confirmed carry-over is linked before the one-to-one matching (so the row the linker had
paired wrongly is free for its true partner), even over a plan in between; a confirmed
`related` pair is that and never a carry-over; a rejected pair is no candidate at all, so
it is neither linked nor offered as the closest unlinked candidate.

`from_id` is always the earlier plan's commitment.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace
from typing import Callable, Iterable, Sequence

import numpy as np

from ontology.authorities import authority_of
from ontology.records import ClosestMatch, ExtractedPlan, LineageLink, LinkReview

from .changes import change_types
from .lineage_candidates import embedding_pairs, entity_pairs, merge_pairs
from .lineage_features import PairScorer, context_text, entity_keys, full_text, heading_share, norm
from .lineage_reviews import resolve

log = logging.getLogger(__name__)

MIDPOINT = 0.42   # score at which a match is even odds when pi is 1/2
SLOPE = 20.0      # log-odds per unit of score: +0.05 of score multiplies the odds by e
STRONG = 0.60     # a mutual best match this good is taken as a carry-over when estimating pi
MERGE = 0.60      # a second predecessor (or successor) needs a clearly good match
MARGIN = 0.10     # ...or be that commitment's best match by this much over its next
FLOOR = 0.40      # no weaker match continues, however clear its margins
RELATED = 0.47    # same thread: a commitment's best match in a plan, not carried on
# A gap's closest unlinked candidate is shown from this score: of the 13 gold carry-overs
# the seeds' linker misses, 9 score at least this much with their partner.
CLOSEST = 0.35
CLOSEST_PER_PLAN = 2  # ...and at most this many in each other plan, best first
COVER = 0.03      # a merge (or split) brings the combined versions this much closer
NULL_QUANTILE = 0.90  # a continues link beats this share of the plan pair's runner-up scores
NULL_MIN = 5          # ...when the pair has at least this many runners-up to judge by
SAME_KIND = 0.2       # plans sharing fewer of their headings are of different kinds
TWIN = 0.75           # a mutual best match by text cosine this high is one row in both plans;
KEPT_SECTION = 0.75   # ...plans whose such rows keep their section less often regrouped them


def publisher_key(publisher: str | None) -> str:
    """One key per council however a plan writes it ("Hull City Council", "Kingston upon
    Hull City Council"): its ONS code when ontology/authorities.tsv knows it, else the name
    normalised ("" for none)."""
    authority = authority_of(publisher)
    return authority.gss if authority else norm(publisher)


def council_key(plan: ExtractedPlan) -> str:
    """Plans of one council share a publisher (`publisher_key`)."""
    return publisher_key(plan.document.publisher)


def councils(plans: Sequence[ExtractedPlan]) -> list[list[ExtractedPlan]]:
    """The plans of each council, in plan order. A plan whose publisher was not found joins
    the only council the other plans name (a folder of one council's plans, one of which
    never writes its name), and plans that all lack one are one council. Among plans of
    several councils an unnamed plan could be anyone's, so it stands alone: linking two
    councils' plans as one council's editions is worse than missing a lineage that
    `build --publisher` restores."""
    groups = defaultdict(list)
    for p in plans:
        groups[council_key(p)].append(p)
    if "" in groups and len(groups) == 2:
        unnamed = groups.pop("")
        next(iter(groups.values())).extend(unnamed)
    alone = [[p] for p in groups.pop("")] if "" in groups and len(groups) > 1 else []
    ordered = [sorted(g, key=lambda p: p.document.order) for g in groups.values()] + alone
    return sorted(ordered, key=lambda g: g[0].document.order)


def group_publisher(group: Sequence[ExtractedPlan]) -> str | None:
    """The council of a group of `councils`, as the first of its plans that names one
    writes it; None when none does."""
    return next((p.document.publisher for p in group if p.document.publisher), None)


def link_plans(plans: Sequence[ExtractedPlan],
               encode: Callable[[Sequence[str]], np.ndarray]) -> list[LineageLink]:
    """Every lineage link between commitments of the same council's plans."""
    return link_plans_and_gaps(plans, encode)[0]


def link_plans_and_gaps(plans: Sequence[ExtractedPlan], encode: Callable[[Sequence[str]], np.ndarray],
                        reviews: Sequence[LinkReview] = ()
                        ) -> tuple[list[LineageLink], list[ClosestMatch]]:
    """The lineage links, and for each commitment left without a successor (or a
    predecessor) its closest unlinked candidate in each other plan (`closest_unlinked`).
    `reviews` are reviewers' verdicts, which override the linker on their pairs."""
    links: list[LineageLink] = []
    closest: list[ClosestMatch] = []
    verdicts = resolve(reviews, plans).verdicts
    for group in councils(plans):
        council = [p for p in group if p.commitments]
        if len(council) > 1:
            more_links, more_closest = _link_council(council, encode, verdicts)
            links += more_links
            closest += more_closest
    return links, closest


def _link_council(plans: list[ExtractedPlan], encode, verdicts: dict[tuple[str, str], LinkReview]
                  ) -> tuple[list[LineageLink], list[ClosestMatch]]:
    commitments = [c for p in plans for c in p.commitments]
    row = {c.id: n for n, c in enumerate(commitments)}
    # rows are in plan order, so i < j puts the earlier plan first
    reviewed = {(min(row[a], row[b]), max(row[a], row[b])): r for (a, b), r in verdicts.items()
                if a in row and b in row}
    sizes = np.array([len(p.commitments) for p in plans])
    rank = np.repeat(np.arange(len(plans)), sizes)
    text_vecs = _unit(encode([full_text(c) for c in commitments]))
    ctx_vecs = _unit(encode([context_text(c) for c in commitments]))
    both = text_vecs + ctx_vecs  # what candidates are found by, and the merge test reads
    pairs = merge_pairs(embedding_pairs(both / 2, rank),
                        entity_pairs([entity_keys(c) for c in commitments], rank),
                        np.array([p for p in reviewed if rank[p[0]] != rank[p[1]]]).reshape(-1, 2))
    log.info("lineage: %d plans, %d commitments, %d candidate pairs",
             len(plans), len(commitments), len(pairs))
    scorer = PairScorer(commitments, text_vecs, ctx_vecs, rank)
    text_cos, ctx_cos = scorer.cosines(pairs)
    # Where a plan pair's headings say nothing of the rows under them, the context cosine is
    # at least the text's and a shared heading is no evidence.
    apart = (_kinds_apart(plans) | _regrouped(pairs, text_cos, rank, len(plans), scorer.same_section)
             )[rank[pairs[:, 0]], rank[pairs[:, 1]]]
    ctx_cos = np.where(apart, np.maximum(ctx_cos, text_cos), ctx_cos)
    rejected = {p for p, r in reviewed.items() if r.verdict == "rejected"}
    feats = {(int(i), int(j)): scorer.features(int(i), int(j), t, c, headings=not a)
             for (i, j), t, c, a in zip(pairs, text_cos, ctx_cos, apart)
             if (int(i), int(j)) not in rejected}
    confirmed = {p: r.verdict for p, r in reviewed.items() if p in feats}
    chosen = _decide(feats, rank, sizes, _unit(both), confirmed)
    links = []
    for (i, j), relation in sorted(chosen.items()):
        f, review = feats[(i, j)], reviewed.get((i, j))
        said = (f"reviewed by {review.reviewer} on {review.at[:10]}" + (f": {review.note}" if review.note else ""),
                ) if review else ()
        links.append(LineageLink(
            from_id=commitments[i].id, to_id=commitments[j].id, relation=relation,
            score=round(f.score, 4), evidence=said + scorer.evidence(i, j, f),
            changes=change_types(commitments[i], commitments[j]) if relation == "continues" else (),
            reviewed_by=review.reviewer if review else ""))
    closest = [ClosestMatch(commitments[i].id, commitments[j].id, round(feats[(i, j)].score, 4), gap,
                            feats[(i, j)].names)
               for i, j, gap in closest_unlinked(feats, rank, chosen)]
    return _mark_merges(links), closest


def closest_unlinked(feats: dict, rank: np.ndarray, chosen: dict) -> list[tuple[int, int, str]]:
    """For each row that continues into no later plan, its CLOSEST_PER_PLAN best-scoring
    candidates in each later plan it has no link into (i, j, "disappeared"); likewise for
    each row no earlier plan continues into, in each earlier plan (i, j, "new"). Only
    candidates scoring at least CLOSEST. The linker misses carry-overs that score no higher
    than their thematic neighbours (see the README on lineage), so a gap is shown with what
    came closest, not as a bare verdict."""
    has_succ = {i for (i, _), r in chosen.items() if r == "continues"}
    has_pred = {j for (_, j), r in chosen.items() if r == "continues"}
    linked = {(i, rank[j]) for i, j in chosen} | {(j, rank[i]) for i, j in chosen}
    best = defaultdict(list)  # (row, other plan, gap) -> [(score, pair)]
    for (i, j), f in feats.items():
        if f.score < CLOSEST:
            continue
        for row, other, gap, open_ in ((i, rank[j], "disappeared", i not in has_succ),
                                       (j, rank[i], "new", j not in has_pred)):
            if open_ and (row, other) not in linked:
                best[(row, other, gap)].append((f.score, (i, j)))
    return sorted((i, j, gap) for (_, _, gap), found in best.items()
                  for _, (i, j) in sorted(found, reverse=True)[:CLOSEST_PER_PLAN])


def _kinds_apart(plans: Sequence[ExtractedPlan]) -> np.ndarray:
    """[a, b] is True when plans a and b share under SAME_KIND of their innermost headings."""
    heads = [{norm(c.section_path[-1]) for c in p.commitments if c.section_path} - {""} for p in plans]
    n = len(plans)
    apart = np.zeros((n, n), dtype=bool)
    for a in range(n):
        for b in range(a + 1, n):
            apart[a, b] = apart[b, a] = heading_share(heads[a], heads[b]) < SAME_KIND
    return apart


def _regrouped(pairs: np.ndarray, text_cos: np.ndarray, rank: np.ndarray, n_plans: int,
               same_section: Callable[[int, int], bool]) -> np.ndarray:
    """[a, b] is True when plans a and b regrouped their rows under other headings: of the
    rows both plans hold nearly word for word (mutual best matches by text cosine of at
    least TWIN), under KEPT_SECTION keep their section (add-one smoothed). A draft climate
    plan's "Theme 1: Efficient buildings" became "Theme 5: Sustainable Council" in the plan
    adopted from it (Kingston, 2022); two editions of a delivery plan keep their themes."""
    best_out: dict[tuple[int, int], int] = {}  # (row, later plan) -> index into pairs
    best_in: dict[tuple[int, int], int] = {}   # (row, earlier plan) -> index into pairs
    for n, (i, j) in enumerate(pairs):
        for best, key in ((best_out, (i, rank[j])), (best_in, (j, rank[i]))):
            if key not in best or text_cos[n] > text_cos[best[key]]:
                best[key] = n
    twins, kept = np.zeros((n_plans, n_plans)), np.zeros((n_plans, n_plans))
    for n in set(best_out.values()):
        i, j = pairs[n]
        if best_in[(j, rank[i])] == n and text_cos[n] >= TWIN:
            twins[rank[i], rank[j]] += 1
            kept[rank[i], rank[j]] += same_section(int(i), int(j))
    regrouped = (twins > 0) & ((kept + 1) / (twins + 1) < KEPT_SECTION)
    return regrouped | regrouped.T


def plan_pair_thresholds(feats: dict, rank: np.ndarray, sizes: np.ndarray,
                         best_out: dict, best_in: dict,
                         second_out: dict, second_in: dict) -> dict[tuple[int, int], float]:
    """The score from which a match continues, for each pair of plans (see module doc).
    Linear in the candidates: the mutual best matches are read off best_out/best_in, the
    runners-up off second_out/second_in ((row, other plan) -> second-best score)."""
    strong = defaultdict(int)
    for p in set(best_out.values()):
        i, j = p
        if best_in[(j, rank[i])] == p and feats[p].score >= STRONG:
            strong[(rank[i], rank[j])] += 1
    runners_up = defaultdict(list)
    for (i, b), s in second_out.items():
        runners_up[(rank[i], b)].append(s)
    for (j, a), s in second_in.items():
        runners_up[(a, rank[j])].append(s)
    out = {}
    for a in range(len(sizes)):
        for b in range(a + 1, len(sizes)):
            n = min(sizes[a], sizes[b])
            pi = (strong[(a, b)] + 0.5) / (n + 1)  # add-half smoothing: never 0 or 1
            out[(a, b)] = MIDPOINT - float(np.log(pi / (1 - pi))) / SLOPE
            if len(runners_up[(a, b)]) >= NULL_MIN:
                out[(a, b)] = max(out[(a, b)], float(np.quantile(runners_up[(a, b)], NULL_QUANTILE)))
    return out


def covers(vecs: np.ndarray, target: int, linked: Sequence[int], extra: int) -> bool:
    """Does adding `extra` to the versions already `linked` to `target` bring their summed
    embedding at least COVER closer to it? (Rows of `vecs` are unit length.)"""
    t, base = vecs[target], vecs[list(linked)].sum(axis=0)
    both = base + vecs[extra]
    return float(t @ both / np.linalg.norm(both) - t @ base / np.linalg.norm(base)) >= COVER


def _decide(feats: dict, rank: np.ndarray, sizes: np.ndarray, vecs: np.ndarray,
            confirmed: dict[tuple[int, int], str] | None = None) -> dict[tuple[int, int], str]:
    """Label candidate pairs (i earlier than j) `continues` or `related`; drop the rest.
    `vecs` holds each row's unit embedding, for the merge test; `confirmed` pairs take the
    relation a reviewer gave them."""
    confirmed = confirmed or {}
    # a row whose words recur in another outranks any paraphrase (see PairFeatures.verbatim)
    by_score = sorted(feats, key=lambda p: (not feats[p].verbatim, -feats[p].score))
    best_out: dict[tuple[int, int], tuple[int, int]] = {}  # (row, later plan) -> its best pair
    best_in: dict[tuple[int, int], tuple[int, int]] = {}   # (row, earlier plan) -> its best pair
    second_out: dict[tuple[int, int], float] = {}  # (row, later plan) -> its second-best score
    second_in: dict[tuple[int, int], float] = {}
    for i, j in by_score:
        if (i, rank[j]) in best_out:
            second_out.setdefault((i, rank[j]), feats[(i, j)].score)
        best_out.setdefault((i, rank[j]), (i, j))
        if (j, rank[i]) in best_in:
            second_in.setdefault((j, rank[i]), feats[(i, j)].score)
        best_in.setdefault((j, rank[i]), (i, j))
    threshold = plan_pair_thresholds(feats, rank, sizes, best_out, best_in, second_out, second_in)
    log.debug("lineage thresholds per plan pair: %s", threshold)
    # Pairs that may continue: above their plan pair's threshold, or an unambiguous mutual
    # best match (clear margins, or a verbatim repeat) from FLOOR up; with their margins.
    eligible = []
    for i, j in by_score:
        s = feats[(i, j)].score
        clear_out = s - second_out.get((i, rank[j]), 0.0) >= MARGIN
        clear_in = s - second_in.get((j, rank[i]), 0.0) >= MARGIN
        mutual = best_out[(i, rank[j])] == (i, j) and best_in[(j, rank[i])] == (i, j)
        unambiguous = feats[(i, j)].verbatim or (clear_out and clear_in)
        if (i, j) in confirmed:
            continue
        if s >= threshold[(rank[i], rank[j])] or (mutual and unambiguous and s >= FLOOR):
            eligible.append((i, j, clear_out, clear_in))
    succ, pred = defaultdict(list), defaultdict(list)  # (row, other plan) -> linked rows
    cont = set()

    def link(i: int, j: int) -> None:
        cont.add((i, j))
        succ[(i, rank[j])].append(j)
        pred[(j, rank[i])].append(i)

    # Reviewed carry-overs first, then greedy one-to-one per pair of plans; merges and
    # splits only then, among what is left, so a duplicated row takes its own twin before
    # its neighbour's.
    for (i, j), verdict in confirmed.items():
        if verdict == "continues":
            link(i, j)
    for i, j, _, _ in eligible:
        if not succ[(i, rank[j])] and not pred[(j, rank[i])]:
            link(i, j)
    for i, j, clear_out, clear_in in eligible:
        if (i, j) in cont:
            continue
        s, have_out, have_in = feats[(i, j)].score, succ[(i, rank[j])], pred[(j, rank[i])]
        merge = (not have_out and best_out[(i, rank[j])] == (i, j) and (s >= MERGE or clear_out)
                 and covers(vecs, j, have_in, i))
        split = (not have_in and best_in[(j, rank[i])] == (i, j) and (s >= MERGE or clear_in)
                 and covers(vecs, i, have_out, j))
        if merge or split:
            link(i, j)
    # Rows that alone in their two plans use one name (PairFeatures.names), and have no
    # other link between those plans, continue from FLOOR: a renamed action keeps the name
    # of its programme ("Let's Talk", "Stronger Together"), though its wording and its
    # runners-up say nothing clear.
    for i, j in by_score:
        if (feats[(i, j)].names and feats[(i, j)].score >= FLOOR and (i, j) not in confirmed
                and not succ[(i, rank[j])] and not pred[(j, rank[i])]):
            link(i, j)
    # Carry on into the earliest later plan only, and from the latest earlier plan only:
    # the versions over a plan between are linked through that plan's version (A -> B -> C,
    # not also A -> C). A reviewer who links over a plan has read it.
    def nearest(links: set[tuple[int, int]]) -> tuple[dict[int, int], dict[int, int]]:
        """Each row's earliest later plan and latest earlier plan it continues into/from."""
        first, last = {}, {}
        for i, j in links:
            first[i] = min(first.get(i, rank[j]), rank[j])
            last[j] = max(last.get(j, rank[i]), rank[i])
        return first, last

    first, last = nearest(cont)
    cont = {(i, j) for i, j in cont
            if (rank[j] == first[i] and rank[i] == last[j]) or (i, j) in confirmed}
    first, _ = nearest(cont)
    chosen = {p: "continues" for p in cont}
    chosen |= {p: "related" for p, verdict in confirmed.items() if verdict == "related"}
    linked = {i for i, _ in cont} | {j for _, j in cont}
    for p in set(best_out.values()) | set(best_in.values()):
        i, j = p
        if p in chosen or feats[p].score < RELATED:
            continue
        # one version of a lineage already linked to the other plan says enough
        if (i in first and rank[j] > first[i]):
            continue
        if i in linked and j in linked and _same_lineage(i, j, cont):
            continue
        chosen[p] = "related"
    return chosen


def _same_lineage(i: int, j: int, cont: Iterable[tuple[int, int]]) -> bool:
    nxt = defaultdict(set)
    for a, b in cont:
        nxt[a].add(b)
    stack, seen = [i], set()
    while stack:
        x = stack.pop()
        if x == j:
            return True
        if x not in seen:
            seen.add(x)
            stack += nxt[x]
    return False


def _mark_merges(links: list[LineageLink]) -> list[LineageLink]:
    """A successor carrying several earlier commitments records the merge on each link."""
    preds = defaultdict(int)
    for l in links:
        if l.relation == "continues":
            preds[l.to_id] += 1
    return [replace(l, changes=l.changes + ("merged",)) if l.relation == "continues" and preds[l.to_id] > 1
            else l for l in links]


def _unit(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(n == 0, 1, n)


def chain(cid: str, links: Sequence[LineageLink]) -> tuple[set[str], list[LineageLink]]:
    """The lineage of one commitment: every version reachable by `continues` links in
    either direction, and those links."""
    adj = defaultdict(set)
    for l in links:
        if l.relation == "continues":
            adj[l.from_id].add(l.to_id)
            adj[l.to_id].add(l.from_id)
    seen, stack = set(), [cid]
    while stack:
        x = stack.pop()
        if x not in seen:
            seen.add(x)
            stack += adj[x]
    return seen, [l for l in links if l.relation == "continues" and l.from_id in seen]
