"""Lineage views shared by `councilkg lineage/gaps` and `api/routes/lineage.py`, so both say
the same: a commitment's versions in year order with change reports, every link, and gaps."""
from __future__ import annotations

from collections import Counter

from ontology.errors import NotFound


def _year(gen, cid: str) -> int | None:
    c = gen.commitment(cid)
    return gen.documents[c.document].document.period_start


def _order(gen, cid: str) -> tuple:
    c = gen.commitment(cid)
    d = gen.documents[c.document].document
    return (*d.order, cid)


def lineage_view(gen, cid: str) -> dict:
    """One commitment's lineage: its versions in year order, the `continues` links between
    them with their change reports, `related` links touching any version, and which
    versions are new (no predecessor) or disappeared (no successor in a later plan)."""
    from graph.changes import change_report
    from graph.gaps import find_gaps
    from graph.lineage import chain

    gen.commitment(cid)  # NotFound with a helpful message when the id is unknown
    ids, links = chain(cid, gen.links)
    versions = []
    for v in sorted(ids, key=lambda i: _order(gen, i)):
        c = gen.commitment(v)
        versions.append({**_brief(gen, v), "owners": list(c.owners), "targets": [t.text for t in c.targets],
                         "status": c.status})
    out_links = []
    for l in sorted(links, key=lambda l: (_order(gen, l.from_id), _order(gen, l.to_id))):
        report = change_report(gen.commitment(l.from_id), gen.commitment(l.to_id))
        out_links.append({**l.as_json(), "report": report.as_json()})
    related = [l.as_json() for l in gen.links
               if l.relation == "related" and (l.from_id in ids or l.to_id in ids)]
    # The chain's own links decide its versions' gaps; only its council's plans are read.
    document = gen.commitment(cid).document
    council = gen.council_of(document)
    near = [m for m in gen.closest if m.from_id in ids or m.to_id in ids]
    with_successor, with_predecessor = gen.carried
    linked = {"disappeared": with_predecessor, "new": with_successor}
    gaps = [g for g in find_gaps(council, links, near) if g.id in ids]
    shared = {frozenset((m.from_id, m.to_id)): list(m.names) for m in near}
    return {"id": cid, "versions": versions, "links": out_links, "related": related,
            # versions no later plan carries on (graph.gaps: only judged before the newest plan)
            "disappeared": [g.id for g in gaps if g.kind == "disappeared"],
            "new": [g.id for g in gaps if g.kind == "new"],
            # what came closest to closing each gap, for a reader to judge; a carry-over the
            # linker missed leaves both ends unlinked, so `open` says whether the candidate
            # lacks a predecessor (for a gap that disappeared) or a successor (for a new one)
            # and `names` the names the two alone use in their plans (a renamed programme)
            "closest": [{"for": g.id, "kind": g.kind, **_brief(gen, i), "score": s,
                         "open": i not in linked[g.kind], "names": shared.get(frozenset((g.id, i)), [])}
                        for g in gaps for i, s in g.closest]}


def _brief(gen, cid: str) -> dict:
    c = gen.commitment(cid)
    return {"id": cid, "document": c.document, "year": _year(gen, cid), "text": c.text}


def describe_report(report: dict, with_wording: bool = True) -> list[str]:
    """A change report (`ChangeReport.as_json`) as the lines a strategist reads: the wording
    diff (git's --word-diff style: [-dropped-] {+added+}; the web page marks it up itself),
    then each field that differs.
    A field one plan leaves blank is shown as "not named", never as a change type."""
    from graph.lineage_features import norm  # owners compared as graph.changes compares them

    lines = []
    if with_wording and any(op != "=" for op, _ in report["wording"]):
        marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
        lines.append("wording: " + " ".join(marks[op].format(w) for op, w in report["wording"]))
    owners = report["owners"]
    if {norm(o) for o in owners["before"]} != {norm(o) for o in owners["after"]}:
        lines.append(f"owner: {'; '.join(owners['before']) or 'not named'} -> "
                     f"{'; '.join(owners['after']) or 'not named'}")
    d = report["deadline"]
    if d["moved_months"]:
        n = abs(d["moved_months"])
        lines.append(f"deadline: {d['before']} -> {d['after']} ({n} month{'s' * (n != 1)} "
                     f"{'later: slipped' if d['moved_months'] > 0 else 'earlier'})")
    st = report["status"]
    if st["before"] and st["after"] and st["before"].casefold() != st["after"].casefold():
        lines.append(f"status: {st['before']} -> {st['after']}")
    for key in ("milestones_added", "milestones_dropped"):
        if report[key]:
            lines.append(f"{key.replace('_', ' ')}: {'; '.join(report[key])}")
    return lines


def all_links_view(gen) -> dict:
    """Every lineage link, with ids as in `councilkg export`."""
    return {"links": [l.as_json() for l in gen.links]}


def reviews_view(reviews, gen) -> dict:
    """Every verdict given on the store, oldest first, with what became of it: "applied"
    (the latest on its pair; `link` is the pair's link now, null when there is none),
    "superseded" (a later verdict on the pair replaced it) or "stale" (its commitments are
    no longer in the store, even by their text: graph.lineage_reviews)."""
    from graph.lineage_reviews import resolve

    resolved = resolve(reviews, gen.plans)
    in_force = {id(r): pair for pair, r in resolved.latest.items()}
    stale = {id(r) for r in resolved.stale}
    links = {(l.from_id, l.to_id): l.as_json() for l in gen.links}
    out = []
    for r in reviews:
        pair = in_force.get(id(r))
        status = "applied" if pair else "stale" if id(r) in stale else "superseded"
        out.append({**r.as_json(), "status": status, "pair": list(pair) if pair else None,
                    "link": links.get(pair) if pair else None})
    return {"reviews": out}


def unlinked_view(gen, council: str | None = None, limit: int | None = None) -> dict:
    """Pairs the linker left unlinked though neither end has a partner on that side: the
    earlier commitment continues into no later plan and the later one comes from no earlier
    plan. A carry-over the linker missed looks like this (README, lineage), so these are
    what a reviewer reads first, of one council's plans when `council` is given. They are
    the gaps' closest candidates (`graph.lineage.closest_unlinked`). Mutual best matches
    (each end's best such candidate in the other's plan: the test the linker's one-to-one
    matching rests on) and pairs that alone in their plans use a name come first, then the
    rest; by score within each."""
    names = {p.document.name for p in (gen.plans if council is None else council_plans(gen, council))}
    with_successor, with_predecessor = gen.carried
    score: dict[tuple[str, str], float] = {}
    shared: dict[tuple[str, str], list[str]] = {}  # pair -> the names it alone uses
    best: dict[tuple[str, str, str], tuple[float, tuple[str, str]]] = {}  # (row, gap, other plan) ->
    for m in gen.closest:
        pair = (m.from_id, m.to_id)
        if m.from_id in with_successor or m.to_id in with_predecessor or gen.commitment(m.from_id).document not in names:
            continue
        score[pair], shared[pair] = m.score, list(m.names)
        row, other = (m.from_id, m.to_id) if m.gap == "disappeared" else (m.to_id, m.from_id)
        key = (row, m.gap, gen.commitment(other).document)
        best[key] = max(best.get(key, (m.score, pair)), (m.score, pair))
    firsts = Counter(pair for _, pair in best.values())
    # a name the two alone use in their plans is as telling as being each other's best: of
    # the 7 such pairs scoring 0.38 or more that the seeds' linker left unlinked before it
    # read names, 4 were gold carry-overs and 1 gold `related` (docs/results-history.md)
    ordered = sorted(score, key=lambda pair: (firsts[pair] < 2 and not shared[pair], -score[pair], pair))
    return {"total": len(ordered),
            "pairs": [{"from": _brief(gen, a), "to": _brief(gen, b), "score": score[(a, b)],
                       "mutual": firsts[(a, b)] == 2, "names": shared[(a, b)]} for a, b in ordered[:limit]]}


def council_plans(gen, council: str) -> list:
    """The plans of the council named `council`, however a plan writes it (with any plan
    lineage counts as that council's: `graph.lineage.councils`); NotFound naming the closest
    publishers when no plan names it."""
    from graph.lineage import council_key, publisher_key

    key = publisher_key(council)
    for group in gen.councils:
        if key and any(council_key(p) == key for p in group):
            return group
    from rapidfuzz import fuzz, process

    publishers = sorted({p.document.publisher for p in gen.plans if p.document.publisher})
    close = [m for m, _, _ in process.extract(council, publishers, scorer=fuzz.token_set_ratio,
                                              processor=_place_words, limit=3)]
    raise NotFound(f"No plan in the store is published by {council!r}"
                   + (f"; the closest publishers: {', '.join(close)}." if close else "."))


def council_names(gen) -> list[str]:
    """One name for each council the store's plans name (the first its plans write), in
    alphabetical order: what a reader picks a council by."""
    from graph.lineage import group_publisher

    return sorted(filter(None, map(group_publisher, gen.councils)))


def _place_words(name: str) -> str:
    """"Kingston Council" -> "kingston": what tells one council's name from another's."""
    from ontology.authorities import place_of

    return place_of(name).lower()


def gaps_view(gen, document: str | None = None, council: str | None = None) -> dict:
    """Commitments that disappeared, new ones, and deadlines a later plan moved later; of one
    plan when `document` is given, of one council's plans when `council` is."""
    from graph.gaps import find_gaps

    if document is not None:
        gen.plan(document)  # NotFound naming the closest documents
    plans = gen.plans if council is None else council_plans(gen, council)
    names = {p.document.name for p in plans} if document is None else {document}
    gaps = [g for g in find_gaps(plans, gen.links, gen.closest) if g.document in names]
    return {"disappeared": [g.as_json() for g in gaps if g.kind == "disappeared"],
            "new": [g.as_json() for g in gaps if g.kind == "new"],
            "slipped": slipped_deadlines(gen, names)}


def slipped_deadlines(gen, documents: set[str] | None = None) -> list[dict]:
    """Deadlines a later plan moved later, with the dates and months from the change report,
    in plan order; a slip belongs to the plan that moved the deadline (of `documents` only,
    when given)."""
    from graph.changes import change_report

    slipped = []
    for l in gen.links:
        if "deadline_slipped" not in l.changes:
            continue
        before, after = gen.commitment(l.from_id), gen.commitment(l.to_id)
        if documents is None or after.document in documents:
            d = change_report(before, after).as_json()["deadline"]
            slipped.append({"from": l.from_id, "to": l.to_id, "document": after.document,
                            "year": _year(gen, l.to_id), "text": after.text, "before": d["before"],
                            "after": d["after"], "months": d["moved_months"]})
    return sorted(slipped, key=lambda x: (_order(gen, x["to"]), x["from"]))
