"""Reviewers' verdicts in the linker: confirmed, rejected and related pairs, and verdicts
finding their commitments again after a plan is re-read (graph.lineage_reviews)."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDF, SKOS

from graph.lineage import _decide, link_plans_and_gaps
from graph.lineage_reviews import resolve
from ontology.records import LinkReview, plan_from_dict

from .test_lineage import fake_encode, match

DATA = Path(__file__).parent.parent / "data" / "lineage"
RETROFIT_2019, RETROFIT_2021 = "eastmere-2019-001", "eastmere-2021-001"


@pytest.fixture(scope="module")
def plans():
    return [plan_from_dict(p) for p in json.loads((DATA / "plans.json").read_text())["plans"]]


def verdict(a: str, b: str, said: str, plans, at: str = "2026-01-01T00:00:00+00:00") -> LinkReview:
    """A verdict as `councilkg review` records it, with both rows' documents and texts."""
    rows = {c.id: c for p in plans for c in p.commitments}
    return LinkReview(a, b, said, "Ada Reviewer", at, "", rows[a].document, rows[b].document,  # type: ignore[arg-type]
                      rows[a].text, rows[b].text)


def pairs(links, relation="continues"):
    return {(l.from_id, l.to_id) for l in links if l.relation == relation}


def test_a_confirmed_carry_over_is_linked_first_and_frees_the_row_the_linker_had_paired():
    """Row 0 reads most like row 2 (0.8) and the linker pairs them; a reviewer says row 2
    carries row 1 on. Row 0 is then free to continue into row 3, its next-best (0.7)."""
    rank = np.repeat(np.arange(2), 2)
    feats = {(0, 2): match(0.8), (0, 3): match(0.7), (1, 2): match(0.3), (1, 3): match(0.2)}
    assert _decide(feats, rank, np.array([2, 2]), np.eye(4)) == {(0, 2): "continues", (0, 3): "related"}
    chosen = _decide(feats, rank, np.array([2, 2]), np.eye(4), confirmed={(1, 2): "continues"})
    assert chosen == {(1, 2): "continues", (0, 3): "continues", (0, 2): "related"}


def test_a_confirmed_related_pair_is_related_and_never_a_carry_over():
    rank = np.repeat(np.arange(2), 2)
    feats = {(0, 2): match(0.8), (1, 3): match(0.2)}
    assert _decide(feats, rank, np.array([2, 2]), np.eye(4), confirmed={(0, 2): "related"}) == {
        (0, 2): "related"}


def test_a_rejected_pair_is_neither_linked_nor_offered_as_the_closest_candidate(plans):
    links, closest = link_plans_and_gaps(plans, fake_encode)
    assert (RETROFIT_2019, RETROFIT_2021) in pairs(links)
    links, closest = link_plans_and_gaps(plans, fake_encode,
                                         [verdict(RETROFIT_2019, RETROFIT_2021, "rejected", plans)])
    assert not any((l.from_id, l.to_id) == (RETROFIT_2019, RETROFIT_2021) for l in links)
    assert not any((m.from_id, m.to_id) == (RETROFIT_2019, RETROFIT_2021) for m in closest)


def test_a_reviewed_link_names_its_reviewer_in_the_record_and_the_evidence(plans):
    unlinked = next((a.id, b.id) for a in plans[0].commitments for b in plans[1].commitments
                    if (a.id, b.id) not in pairs(link_plans_and_gaps(plans, fake_encode)[0]))
    review = replace(verdict(*unlinked, "continues", plans), note="renamed in 2021")
    links, _ = link_plans_and_gaps(plans, fake_encode, [review])
    link = next(l for l in links if (l.from_id, l.to_id) == unlinked)
    assert link.relation == "continues" and link.reviewed_by == "Ada Reviewer"
    assert link.evidence[0] == "reviewed by Ada Reviewer on 2026-01-01: renamed in 2021"
    assert all(not l.reviewed_by for l in links if l is not link)


def test_a_verdict_given_later_first_applies_to_the_pair_in_plan_order(plans):
    resolved = resolve([verdict(RETROFIT_2021, RETROFIT_2019, "rejected", plans)], plans)
    assert list(resolved.verdicts) == [(RETROFIT_2019, RETROFIT_2021)]


def test_the_latest_verdict_on_a_pair_wins_and_clearing_it_leaves_the_pair_to_the_linker(plans):
    first = verdict(RETROFIT_2019, RETROFIT_2021, "rejected", plans)
    cleared = verdict(RETROFIT_2021, RETROFIT_2019, "cleared", plans, at="2026-02-01T00:00:00+00:00")
    resolved = resolve([first, cleared], plans)
    assert resolved.verdicts == {} and resolved.latest[(RETROFIT_2019, RETROFIT_2021)] is cleared
    links, _ = link_plans_and_gaps(plans, fake_encode, [first, cleared])
    assert (RETROFIT_2019, RETROFIT_2021) in pairs(links)


def test_a_verdict_finds_its_rows_again_by_text_when_a_re_read_plan_numbers_them_differently(plans):
    review = verdict(RETROFIT_2019, RETROFIT_2021, "rejected", plans)
    renumbered = [replace(p, commitments=tuple(replace(c, id=f"{c.id}-v2") for c in p.commitments))
                  for p in plans]
    assert list(resolve([review], renumbered).verdicts) == [(f"{RETROFIT_2019}-v2", f"{RETROFIT_2021}-v2")]


def test_a_verdict_whose_row_is_gone_is_stale_and_applies_to_nothing(plans):
    review = verdict(RETROFIT_2019, RETROFIT_2021, "rejected", plans)
    reworded = [replace(p, commitments=tuple(replace(c, text="Something else entirely " + c.id)
                                             if c.id == RETROFIT_2021 else c for c in p.commitments))
                for p in plans]
    resolved = resolve([review], reworded)
    assert resolved.verdicts == {} and resolved.stale == (review,)


def test_a_reviewed_revision_is_attributed_to_the_reviewer_as_a_person_and_passes_shacl(plans):
    from graph.build import build_graph
    from graph.iris import Minter
    from graph.validate import check

    links, _ = link_plans_and_gaps(plans, fake_encode, [verdict(RETROFIT_2019, RETROFIT_2021, "continues", plans)])
    g = build_graph(plans, links, "https://example.org/")
    check(g)
    m = Minter("https://example.org/")
    revision = g.value(m.commitment(RETROFIT_2021), PROV.qualifiedRevision)
    people = [a for a in g.objects(revision, PROV.wasAttributedTo) if (a, RDF.type, PROV.Person) in g]
    assert [g.value(p, SKOS.prefLabel) for p in people] == [Literal("Ada Reviewer")]


def test_pairs_to_review_put_mutual_best_matches_first_and_skip_ends_already_linked(plans):
    """Open rows a and c (2019), b1 and b2 (2021). a's best candidate is b1 (0.50), but b1's
    best is c (0.55), and c's is b1: (c, b1) is mutual and comes first, though (a, b1)
    scores less than it and more than (a, b2), whose later end prefers a but a does not
    prefer it. A pair whose later end already has a predecessor is no pair to review."""
    from types import SimpleNamespace

    from api.lineage_views import unlinked_view
    from ontology.records import ClosestMatch

    rows = {c.id: c for p in plans for c in p.commitments}
    early = [c.id for c in plans[0].commitments]
    late = [c.id for c in plans[1].commitments]
    a, c, linked_from = early[:3]
    b1, b2, linked_to = late[:3]
    closest = [ClosestMatch(a, b1, 0.50, "disappeared"), ClosestMatch(a, b2, 0.45, "disappeared"),
               ClosestMatch(c, b1, 0.55, "new"), ClosestMatch(a, b2, 0.45, "new"),
               ClosestMatch(c, b1, 0.55, "disappeared"), ClosestMatch(a, linked_to, 0.60, "disappeared")]
    gen = SimpleNamespace(plans=plans, closest=closest, carried=(frozenset({linked_from}), frozenset({linked_to})),
                          commitment=rows.__getitem__, documents={p.document.name: p for p in plans})
    view = unlinked_view(gen)
    assert [(p["from"]["id"], p["to"]["id"], p["mutual"]) for p in view["pairs"]] == [
        (c, b1, True), (a, b1, False), (a, b2, False)]
    # a pair that alone in its plans uses a name is read as early as a mutual best match
    gen.closest = [replace(m, names=("Green Permit",)) if (m.from_id, m.to_id) == (a, b2) else m for m in closest]
    assert [(p["from"]["id"], p["to"]["id"]) for p in unlinked_view(gen)["pairs"]] == [(c, b1), (a, b2), (a, b1)]
