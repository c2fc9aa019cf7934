"""Answers with quotes: hybrid search joined with the graph, no generative model.

`ask(question, generation, searcher, settings)` routes the question by its shape:
- "what links X to Y", "how does X connect/relate/tie into Y", "where do X and Y overlap"
  -> commitments about X, about Y, and the most informative graph paths between them;
- "who owns X", "when is X due", "what are we doing with P on X", "what happened to X
  since 2019" -> search for X, then the owners / targets / partner / lineage of the hits;
- "which (X) actions have slipped / are behind schedule" -> the deadlines a later plan moved
  later (lineage change reports), longest slip first, and rows whose status says late;
- anything else -> hybrid search, then graph expansion: commitments that share a specific
  strategy, place, partner, owner, theme or lineage with the hits, each with why it came in.
Every commitment named carries its quote (the plan's own words at its span), document,
section and lines (api.quotes), so an officer can paste the answer into a briefing.
"""
from __future__ import annotations

import re
from dataclasses import replace

from graph.build import status_concept
from ontology.errors import QueryRejected, StoreNotBuilt
from ontology.terms import CK

from .answer_graph import EXPAND_FROM, expand, graph_context
from .answer_link import link_answer
from .answer_records import Answer, Cited, cite
from .answer_text import MAX_POINTS, capitalised, list_text, point, short_quote
from .lineage_views import council_plans, lineage_view, slipped_deadlines
from .question_shapes import Shape, named_council, parse_question, without_council


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


class OneCouncil:
    """A searcher that keeps to the plans of the one council a question names ("what is
    Reading doing on EV charging"), in a store of several."""

    def __init__(self, searcher, documents: frozenset[str]):
        self.searcher, self.documents = searcher, documents

    def search(self, query: str, k: int = 10, filters=None):
        from search.hybrid import Filters

        return self.searcher.search(query, k, replace(filters or Filters(), documents=self.documents))

    def __getattr__(self, name: str):
        return getattr(self.searcher, name)


# -- the shapes -------------------------------------------------------------------------
def ask(question: str, gen, searcher, settings=None, k: int = 10) -> Answer:
    """Answer `question` from the generation's commitments, graph and search index."""
    question = (question or "").strip()
    if not question:
        raise QueryRejected("Empty question: ask something, e.g. "
                            "`councilkg ask \"what links climate action to housing retrofit\"`.")
    shape = parse_question(question)
    ctx = graph_context(gen)
    named = named_council(question, {p.document.publisher for p in gen.plans}, gen.ordinary_words) \
        if gen.several_councils else None
    plans, mine = None, None  # whose plans the question keeps to, and their documents
    if named:
        councils, words = named
        plans = f"{councils[0]}'s plans" if len(councils) == 1 else f"the plans of {' and '.join(councils)}"
        mine = frozenset(p.document.name for c in councils for p in council_plans(gen, c))
        shape, searcher = without_council(shape, words), OneCouncil(searcher, mine)
    if shape.kind == "link" and ctx is not None:
        return link_answer(question, shape, gen, searcher, ctx, k)
    if shape.kind == "since":
        return _since(question, shape, gen, searcher, ctx, k, plans)
    if shape.kind == "late":
        return _late(question, shape, gen, searcher, k, mine, plans)
    if shape.kind == "partner":
        from search.hybrid import Filters

        # Partners are stored as named ("NHS"), questions say "the NHS".
        partner = re.sub(r"^(?:the|our)\s+", "", shape.partner, flags=re.IGNORECASE)
        hits = searcher.search(shape.subject, k, Filters(partner=partner)) or \
            searcher.search(f"{shape.partner} {shape.subject}", k)
    else:
        hits = searcher.search(shape.subject or question, k)
    cited = [cite(gen, h.id, h.why, h.score) for h in hits]
    extra = [cite(gen, cid, why) for cid, why in expand(gen, ctx, hits)
             if mine is None or gen.commitments[cid].document in mine]
    text = _describe(shape, question, cited, gen, plans)
    return Answer(question, text, shape.kind, tuple(cited + extra))


def _describe(shape: Shape, question: str, cited: list[Cited], gen, whose: str | None) -> str:
    """`whose`: the plans the question kept to ("Reading Borough Council's plans"), if any."""
    plans = whose or "the plans"
    if not cited:
        return f"Nothing in {plans} matches \"{question}\"."
    top, where = cited[:MAX_POINTS], f" in {whose}" if whose else ""
    if shape.kind == "owner":
        pts = [point(c, gen, "; ".join(gen.commitments[c.id].owners) or "No named owner")
               for c in top]
        return list_text(f"Who owns {shape.subject}{where}:", pts)
    if shape.kind == "due":
        pts = [point(c, gen, ", ".join(t.text for t in gen.commitments[c.id].targets)
                     or "No date given") for c in top]
        return list_text(f"When {shape.subject} is due{where}:", pts)
    if shape.kind == "status":
        pts = [point(c, gen, _status_of(gen.commitments[c.id])) for c in top]
        return list_text(f"Where {shape.subject} stands{where}, as each plan reports it:", pts)
    if shape.kind == "partner":
        return list_text(f"With {shape.partner} on {shape.subject}{where}:", [point(c, gen) for c in top])
    return list_text(f"{capitalised(plans)} say:", [point(c, gen) for c in top])


def _status_of(c) -> str:
    """'In progress (the new fleet arrived in May)': a row's status and progress note, as
    the plan reports them."""
    progress = short_quote(c.progress, 15) if c.progress else ""
    if c.status and progress:
        return f"{c.status} ({progress})"
    return c.status or progress or "No status reported"


def link(x: str, y: str, gen, searcher, k: int = 10) -> Answer:
    """`councilkg path X Y`: what links two topics (names, phrases or commitment ids)."""
    x, y = (x or "").strip(), (y or "").strip()
    if not x or not y:
        raise QueryRejected("A path needs two ends, e.g. `councilkg path \"climate\" \"retrofit\"`.")
    ctx = graph_context(gen)
    if ctx is None:
        raise StoreNotBuilt(f"No graph projection in {gen.path}. Run `councilkg build` first.")
    return link_answer(f"what links {x} to {y}", Shape("link", x, y), gen, searcher, ctx, k)

def _since(question: str, shape: Shape, gen, searcher, ctx, k: int, whose: str | None = None) -> Answer:
    """The lineage of the best hits: each hit's versions as `councilkg lineage` shows them
    (api.lineage_views), earliest plan first, each later version led by what changed on the
    way (a reworded action, a new owner, a deadline moved by N months). Chains come in the
    order of their hits; a `related` link is not followed, as it is another action."""
    from search.hybrid import Filters

    query = shape.subject or question
    hits = searcher.search(query, k)
    if shape.year:
        # "what did we promise about X in 2019": that year's commitments about X lead; "about X"
        # means among X's top hits over all years, so a year with nothing on X adds nothing.
        wide = {h.id for h in searcher.search(query, 3 * k)}
        first = [h for h in searcher.search(query, k, Filters(year_from=shape.year, year_to=shape.year))
                 if h.id in wide]
        hits = first + [h for h in hits if h.id not in {f.id for f in first}]
    order: list[str] = []
    lead: dict[str, str] = {}
    on_topic = {h.id for h in hits}
    for h in hits[:EXPAND_FROM]:
        if h.id in order:
            continue
        view = lineage_view(gen, h.id)
        versions = view["versions"]
        if shape.year:
            versions = [v for v in versions if (v["year"] or 0) >= shape.year] or versions
        report = {l["to"]: l["report"] for l in view["links"]}
        confirmed = {l["to"]: l["reviewed_by"] for l in view["links"] if l.get("reviewed_by")}
        # A version with no successor (or no predecessor) whose closest unlinked candidate
        # is also about the question's subject, and open at its other end, was probably
        # carried on in words the linker did not match ("Develop our approach to 'Community Hubs'" -> "Expand Community
        # Hubs ..."): the answer shows that candidate next to it, and says it is not linked.
        perhaps: dict[tuple[str, str], dict] = {}
        for m in view["closest"]:  # best first for each gap
            if (m["id"] in on_topic and m["id"] not in order and m["open"]
                    and (m["kind"] == "disappeared" or (m["year"] or 0) >= (shape.year or 0))):
                perhaps.setdefault((m["for"], m["kind"]), m)
        for v in versions:
            if v["id"] in order:
                continue  # shown already, as another chain's closest candidate
            before, after = perhaps.get((v["id"], "new")), perhaps.get((v["id"], "disappeared"))
            before, after = [m if m and m["id"] not in order else None for m in (before, after)]
            if before:
                order.append(before["id"])
                lead[before["id"]] = (f"Perhaps first ({before['year']}; not linked: the closest earlier "
                                      f"commitment on this subject, score {before['score']:.2f})")
            order.append(v["id"])
            r = report.get(v["id"])
            if r:
                moved = r["deadline"]["moved_months"]
                notes = [t.replace("_", " ") for t in r["types"] if not t.startswith("deadline_")]
                if moved:
                    notes.append(f"deadline {'slipped' if moved > 0 else 'brought forward'} {abs(moved)} months")
                if v["id"] in confirmed:  # a reviewer's word, not the linker's guess
                    notes.append(f"confirmed by {confirmed[v['id']]}")
                lead[v["id"]] = f"Then ({v['year']}; {', '.join(notes) or 'unchanged'})"
            elif before:
                lead[v["id"]] = f"Later ({v['year']})"
            elif len(versions) > 1 or after:
                lead[v["id"]] = f"First ({v['year']})"
            if after:
                order.append(after["id"])
                lead[after["id"]] = (f"Perhaps then ({after['year']}; not linked: the closest later "
                                     f"commitment on this subject, score {after['score']:.2f})")
    order += [h.id for h in hits if h.id not in order]
    why = {h.id: h.why for h in hits}
    cited = [cite(gen, c, lead.get(c) or why.get(c, "")) for c in order][:k]
    if not cited:
        return Answer(question, f"Nothing in {whose or 'the plans'} matches \"{question}\".", "since", ())
    points = [point(c, gen, lead.get(c.id, "")) for c in cited[:MAX_POINTS]]
    head = f"What happened to {shape.subject}" + (f" since {shape.year}" if shape.year else "") \
        + (f" in {whose}" if whose else "") + ", each commitment's versions earliest plan first:"
    return Answer(question, list_text(head, points), "since", tuple(cited))


# A status that says a commitment is late or about to be: the graph's own reading of it
# (graph.build.STATUS_RULES), so the answer and a SPARQL query on ck:status agree.
_LATE_STATUS = frozenset({CK.StatusDelayed, CK.StatusAtRisk})
TOPIC_HITS = 25  # how many search hits count as "about" the topic of a late question


def _late(question: str, shape: Shape, gen, searcher, k: int, documents: frozenset | None = None,
          whose: str | None = None) -> Answer:
    """Deadlines that slipped (a later plan moved them later, api.lineage_views), longest
    slip first, then commitments whose own status says they are late; about the question's
    topic when it names one (commitments among the topic's search hits), of the council
    it names, if any (its `documents`)."""
    about = {h.id for h in searcher.search(shape.subject, TOPIC_HITS)} if shape.subject else None
    if documents is not None and about is None:
        about = {c.id for c in gen.commitments.values() if c.document in documents}
    slips = sorted((s for s in slipped_deadlines(gen)
                    if about is None or s["to"] in about or s["from"] in about),
                   key=lambda s: -(s["months"] or 0))
    cited = [cite(gen, s["to"], f"due {s['before']}, now {s['after']} ({s['months']} months later)")
             for s in slips[:k]]
    named = {c.id for c in cited}
    late = [c for c in gen.commitments.values() if c.status and status_concept(c.status) in _LATE_STATUS
            and c.id not in named and (about is None or c.id in about)]
    cited += [cite(gen, c.id, f"status: {c.status}") for c in late[:max(0, k - len(cited))]]
    topic = (f" on {shape.subject}" if shape.subject else "") + (f" in {whose}" if whose else "")
    if not cited:
        return Answer(question, f"No deadline{topic} has slipped from one plan to the next, and no "
                      "commitment's status says it is late.", "late", ())
    head = (f"{len(slips)} deadline{'s' * (len(slips) != 1)}{topic} slipped from one plan to the next, "
            "longest slip first:" if slips else f"Commitments{topic} whose status says they are late:")
    points = [point(c, gen, c.why) for c in cited[:MAX_POINTS]]
    return Answer(question, list_text(head, points), "late", tuple(cited))
