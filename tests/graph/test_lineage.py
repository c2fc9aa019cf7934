"""The lineage linker on small invented plans (tests/data/lineage/plans.json), with a
deterministic hashed bag-of-words encoder standing in for the embedding model."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from graph.lineage import chain, link_plans, plan_pair_thresholds
from graph.lineage_candidates import embedding_pairs, exact_pairs
from graph.lineage_features import PairScorer, name_pairs
from ontology.records import CHANGE_TYPES, plan_from_dict

DATA = Path(__file__).parent.parent / "data" / "lineage"


def match(score: float, verbatim: bool = False, names: tuple[str, ...] = ()) -> SimpleNamespace:
    """A scored candidate pair, as `_decide` reads it."""
    return SimpleNamespace(score=score, verbatim=verbatim, names=names)


def fake_encode(texts):
    """Hashed bag of words, L2-normalised: texts sharing words get a high cosine."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


@pytest.fixture(scope="module")
def plans():
    """Three Eastmere plans (2019, 2021, 2023) and one plan of another council."""
    return [plan_from_dict(p) for p in json.loads((DATA / "plans.json").read_text())["plans"]]


@pytest.fixture(scope="module")
def links(plans):
    """Every link the linker finds between the invented plans."""
    return link_plans(plans, fake_encode)


def continues(links):
    return {(l.from_id, l.to_id) for l in links if l.relation == "continues"}


def test_reworded_commitment_continues_into_next_plan(links):
    assert ("eastmere-2019-001", "eastmere-2021-001") in continues(links)
    link = next(l for l in links if l.to_id == "eastmere-2021-001")
    assert "reworded" in link.changes
    assert 0 < link.score <= 1


def test_chain_goes_through_each_plan_once_rather_than_skipping_ahead(links):
    assert ("eastmere-2021-001", "eastmere-2023-001") in continues(links)
    assert ("eastmere-2019-001", "eastmere-2023-001") not in continues(links)
    versions, _ = chain("eastmere-2023-001", links)
    assert versions == {"eastmere-2019-001", "eastmere-2021-001", "eastmere-2023-001"}


def test_evidence_names_shared_entities_and_quotes_both_versions(links):
    link = next(l for l in links if l.to_id == "eastmere-2021-001")
    assert "shared place: larkspur estate" in link.evidence
    assert "shared strategy: climate emergency action plan" in link.evidence
    assert any(e.startswith("from quote: Retrofit 40 council homes") for e in link.evidence)
    assert any(e.startswith("to quote: Complete the heat pump") for e in link.evidence)


def test_merged_commitments_both_link_to_the_successor(links):
    merged = {l.from_id: l for l in links if l.to_id == "eastmere-2021-003" and l.relation == "continues"}
    assert set(merged) == {"eastmere-2019-004", "eastmere-2019-005"}
    assert all("merged" in l.changes for l in merged.values())


def test_commitment_that_no_later_plan_carries_has_no_successor(links):
    assert not [l for l in links if l.from_id == "eastmere-2019-003" and l.relation == "continues"]


def test_links_stay_within_one_council(links):
    assert not [l for l in links if "westbury" in l.from_id or "westbury" in l.to_id]


def test_from_id_is_always_the_earlier_plans_commitment(links, plans):
    year = {c.id: p.document.period_start for p in plans for c in p.commitments}
    assert links and all(year[l.from_id] < year[l.to_id] for l in links)


def test_changes_use_the_contract_change_types(links):
    assert all(set(l.changes) <= set(CHANGE_TYPES) for l in links)


def test_unknown_publisher_plans_link_to_each_other_and_plan_order_decides_direction(plans):
    anon = [unnamed(p) for p in plans[:2]]
    links = link_plans(list(reversed(anon)), fake_encode)
    assert ("eastmere-2019-001", "eastmere-2021-001") in continues(links)


def unnamed(plan):
    return replace(plan, document=replace(plan.document, publisher=None))


def test_a_plan_without_a_publisher_joins_the_only_council_the_others_name(plans):
    eastmere = [plans[0], unnamed(plans[1]), plans[2]]
    assert ("eastmere-2019-001", "eastmere-2021-001") in continues(link_plans(eastmere, fake_encode))


def test_plans_that_write_their_council_differently_are_one_council(plans):
    def named(plan, publisher):
        return replace(plan, document=replace(plan.document, publisher=publisher))

    hull = [named(plans[0], "Hull City Council"), named(plans[1], "Kingston upon Hull City Council"),
            named(plans[3], "Westbury Council")]
    assert ("eastmere-2019-001", "eastmere-2021-001") in continues(link_plans(hull, fake_encode))


def test_among_several_councils_a_plan_without_a_publisher_links_to_no_other_plan(plans):
    """Eastmere 2021 and 2023 lose their publisher; Eastmere 2019 and Westbury keep theirs:
    each unnamed plan could be either council's, or a third's, so it stands alone, even
    beside another unnamed plan (alone, those two are one council's: the next test)."""
    assert link_plans([plans[0], unnamed(plans[1]), unnamed(plans[2]), plans[3]], fake_encode) == []


def test_plans_that_all_lack_a_publisher_are_one_council(plans):
    links = link_plans([unnamed(p) for p in plans[:3]], fake_encode)
    assert ("eastmere-2021-001", "eastmere-2023-001") in continues(links)


def test_a_single_plan_has_no_lineage(plans):
    assert link_plans(plans[:1], fake_encode) == []


def test_forest_candidates_find_most_exact_neighbours():
    rng = np.random.default_rng(1)
    base = rng.normal(size=(600, 32)).astype(np.float32)
    # four "years", each a noisy copy of the same commitments
    vecs = np.concatenate([base + 0.3 * rng.normal(size=base.shape) for _ in range(4)])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    doc_of = np.repeat(np.arange(4), 600)
    exact = {tuple(p) for p in exact_pairs(vecs, doc_of, k=1)}
    approx = {tuple(p) for p in embedding_pairs(vecs, doc_of, k=5, exact_limit=100)}
    assert len(exact & approx) / len(exact) > 0.9
    assert len(approx) < len(vecs) * (len(vecs) - 1) / 20  # far from all pairs


def test_plans_sharing_few_strong_matches_need_a_higher_score_to_continue():
    """Plans 0 and 1 (four rows each) match row for row at 0.8; plan 2's rows only reach 0.5."""
    rank = np.repeat(np.arange(3), 4)
    feats = {(i, i + 4): match(0.8) for i in range(4)}
    feats |= {(i, i + 8): match(0.5) for i in range(4)}
    feats |= {(i + 4, i + 8): match(0.5) for i in range(4)}
    best_out = {(i, rank[j]): (i, j) for i, j in feats}
    best_in = {(j, rank[i]): (i, j) for i, j in feats}
    t = plan_pair_thresholds(feats, rank, np.array([4, 4, 4]), best_out, best_in, {}, {})
    assert t[(0, 1)] < 0.5 < t[(0, 2)]
    assert t[(0, 2)] == t[(1, 2)]


def test_a_draft_and_its_final_version_link_only_matches_better_than_their_runners_up():
    """Plans 0 and 1 (ten rows each) match row for row at 0.9, so nearly everything carries
    over; but every row's second-best match reaches 0.55, so a 0.5 match is no carry-over."""
    rank = np.repeat(np.arange(2), 10)
    feats = {(i, i + 10): match(0.9) for i in range(10)}
    best_out = {(i, 1): (i, i + 10) for i in range(10)}
    best_in = {(i + 10, 0): (i, i + 10) for i in range(10)}
    second_out = {(i, 1): 0.55 for i in range(10)}
    second_in = {(i + 10, 0): 0.55 for i in range(10)}
    prior_only = plan_pair_thresholds(feats, rank, np.array([10, 10]), best_out, best_in, {}, {})
    t = plan_pair_thresholds(feats, rank, np.array([10, 10]), best_out, best_in, second_out, second_in)
    assert prior_only[(0, 1)] < 0.5
    assert t[(0, 1)] >= 0.55


def test_an_unambiguous_match_between_plans_of_different_kinds_still_continues():
    """Plans 0 and 1 share no strong matches, so their threshold is high; row 0 and row 4
    are each other's best match by far (0.48 against 0.2), rows 1 and 5 are not (0.48
    against 0.45)."""
    from graph.lineage import _decide

    rank = np.repeat(np.arange(2), 4)
    feats = {(i, j): match(0.2) for i in range(4) for j in range(4, 8)}
    feats[(0, 4)] = match(0.48)
    feats[(1, 5)] = match(0.48)
    feats[(1, 6)] = match(0.45)
    chosen = _decide(feats, rank, np.array([4, 4]), np.eye(8))
    assert chosen[(0, 4)] == "continues"
    assert chosen[(1, 5)] == "related"


def test_a_commitment_continues_from_the_latest_earlier_plan_that_carries_it():
    """Row 4 (plan 2) carries row 2 (plan 1) at 0.8 and also resembles row 0 (plan 0) at
    0.7, which plan 1 did not carry: the lineage comes through plan 1 only, as a chain goes
    forward through the earliest later plan only."""
    from graph.lineage import _decide

    rank = np.repeat(np.arange(3), 2)
    feats = {(i, j): match(0.2) for i in range(6) for j in range(i + 1, 6) if rank[i] != rank[j]}
    feats[(2, 4)] = match(0.8)
    feats[(0, 4)] = match(0.7)
    chosen = _decide(feats, rank, np.array([2, 2, 2]), np.eye(6))
    assert chosen[(2, 4)] == "continues"
    assert chosen.get((0, 4)) != "continues"


def test_a_renamed_action_that_keeps_the_name_of_its_programme_continues():
    """Plans 0 and 1 share no strong matches, so their threshold is high, and rows 0 and 4
    match at 0.43 with a runner-up at 0.42: no clear margin. Only the name they alone use
    (`PairFeatures.names`) says they are one commitment."""
    from graph.lineage import _decide

    rank = np.repeat(np.arange(2), 4)
    feats = {(i, j): match(0.2) for i in range(4) for j in range(4, 8)}
    feats[(0, 5)] = match(0.42)
    for names, expected in (((), "related"), (("Stronger Together",), "continues")):
        feats[(0, 4)] = match(0.43, names=names)
        assert _decide(feats, rank, np.array([4, 4]), np.eye(8)).get((0, 4), "related") == expected


def test_names_are_capitalised_words_inside_a_sentence_joined_by_small_words():
    assert set(name_pairs("Stronger Together starts; deliver the Heads of Service review")) == {"heads service"}
    assert "let's talk" in name_pairs("Grow the Let’s Talk Kingston Resident Panel")
    assert "council police" not in name_pairs("Work with the Council, Police and NHS")  # a list


def test_a_name_counts_only_where_no_other_row_of_either_plan_uses_it_and_it_is_no_partner():
    rows = [("Empower our staff", ["Deliver the Stronger Together programme"], []),
            ("Work through the South London Partnership on skills", [], ["South London Partnership"]),
            ("Deliver our Stronger Together programme and a People & OD Strategy", [], []),
            ("Support the South London Partnership on jobs", [], ["South London Partnership"]),
            ("Refresh the People & Organisational Development Strategy", [], []),
            ("Hold more Let's Talk events", [], []),
            ("Grow the Let’s Talk Kingston Resident Panel", [], []),
            ("Open the Let's Talk portal", [], [])]
    plan = plan_from_dict({"document": {"name": "p.txt", "title": "P"}, "commitments": [
        {"id": f"p-{n}", "document": "p.txt", "text": t, "milestones": m, "partners": p}
        for n, (t, m, p) in enumerate(rows)]})
    texts = [c.text for c in plan.commitments]
    scorer = PairScorer(plan.commitments, fake_encode(texts), fake_encode(texts), [0, 0, 1, 1, 0, 2, 3, 3])

    def names(i, j):
        return scorer.features(i, j, 0.5, 0.5).names

    assert names(0, 2) == ("Stronger Together",)
    assert names(1, 3) == ()  # a partner: a council works with it on many actions
    # initials for the words they stand for
    assert names(2, 4) == ("People & OD Strategy / People & Organisational Development Strategy",)
    assert names(5, 6) == ()  # plan 3 writes "Let's Talk" twice: it names no one action there


def test_a_gap_keeps_its_closest_unlinked_candidates_in_each_other_plan():
    """Row 0 continues into row 4. Row 1 continues nowhere: its two best candidates in plan 1
    (0.44 and 0.40) are kept, not its third (0.38), nor anything under CLOSEST (0.2). Rows
    5, 6 and 7 have no predecessor, so each keeps its best earlier ones: row 5 also keeps
    row 0, and row 7's best is row 1's third. Row 0 itself has no gap: it continues. A
    `related` link between rows 1 and 5 is shown instead of anything else in those plans."""
    from graph.lineage import closest_unlinked

    rank = np.repeat(np.arange(2), 4)
    feats = {(i, j): match(0.2) for i in range(4) for j in range(4, 8)}
    feats[(0, 4)] = match(0.8)
    feats[(0, 5)] = match(0.36)
    feats[(1, 5)], feats[(1, 6)], feats[(1, 7)] = match(0.44), match(0.40), match(0.38)
    closest = closest_unlinked(feats, rank, {(0, 4): "continues"})
    assert closest == [(0, 5, "new"), (1, 5, "disappeared"), (1, 5, "new"), (1, 6, "disappeared"),
                       (1, 6, "new"), (1, 7, "new")]
    assert closest_unlinked(feats, rank, {(0, 4): "continues", (1, 5): "related"}) == [
        (1, 6, "new"), (1, 7, "new")]


def test_an_action_repeated_word_for_word_continues_even_when_a_neighbour_is_close():
    """As above, but row 5 repeats every word of row 1's action (the extraction glued more
    text to it), so the close runner-up (0.42) does not make the match ambiguous."""
    from graph.lineage import _decide

    rank = np.repeat(np.arange(2), 4)
    feats = {(i, j): match(0.2) for i in range(4) for j in range(4, 8)}
    feats[(1, 5)] = match(0.45, verbatim=True)
    feats[(1, 6)] = match(0.42)
    assert _decide(feats, rank, np.array([4, 4]), np.eye(8))[(1, 5)] == "continues"


def test_a_second_predecessor_is_a_merge_only_when_the_successor_reads_like_both():
    """Row 2 says what rows 0 and 1 said together; row 3 says what row 0 said, and row 1
    merely resembles row 0."""
    from graph.lineage import covers

    a, b = np.array([1.0, 0, 0]), np.array([0, 1.0, 0])
    both = (a + b) / np.linalg.norm(a + b)
    near_a = np.array([0.9, 0, 0.1]) / np.linalg.norm([0.9, 0, 0.1])
    vecs = np.stack([a, b, both, a])
    assert covers(vecs, target=2, linked=[0], extra=1)
    vecs[1] = near_a
    assert not covers(vecs, target=3, linked=[0], extra=1)


def test_an_action_repeated_word_for_word_outranks_a_closer_scoring_paraphrase():
    """Row 1's twin in the other printing is row 5, filed under another heading (0.58);
    row 6 shares row 1's heading and scores higher (0.60) without repeating it."""
    from graph.lineage import _decide

    rank = np.repeat(np.arange(2), 4)
    feats = {(i, j): match(0.2) for i in range(4) for j in range(4, 8)}
    feats[(1, 5)] = match(0.58, verbatim=True)
    feats[(1, 6)] = match(0.60)
    chosen = _decide(feats, rank, np.array([4, 4]), np.eye(8))
    assert chosen[(1, 5)] == "continues"
    assert chosen.get((1, 6)) != "continues"


def test_a_row_printed_twice_takes_its_own_twin_before_a_split_takes_it():
    """Two printings of a 40-row plan, each holding one action twice (rows 0 and 1; rows 40
    and 41). Row 1 matches both twins a little better than row 0 does, and reads like the
    two together (so taking both would pass as a split), but each twin is carried once;
    every other row matches its own copy."""
    from graph.lineage import _decide

    n = 40
    rank = np.repeat(np.arange(2), n)
    feats = {(i, j): match(0.2) for i in range(n) for j in range(n, 2 * n)}
    feats |= {(i, i + n): match(0.7) for i in range(2, n)}
    feats |= {(1, n): match(0.84), (1, n + 1): match(0.83), (0, n + 1): match(0.79), (0, n): match(0.78)}
    vecs = np.eye(2 * n)
    vecs[0], vecs[1] = vecs[n + 1], (vecs[n] + vecs[n + 1]) / np.sqrt(2)
    chosen = _decide(feats, rank, np.array([n, n]), vecs)
    twins = {p for p, r in chosen.items() if r == "continues" and p[0] < 2}
    assert twins == {(1, n), (0, n + 1)}


def test_words_split_by_pdf_extraction_still_count_as_the_same_action():
    texts = ["Cut VA T for owners, residents and business groups on retrofitting from 20% to 5%;",
             "Cut VAT for owners , residents and business groups on retrofitting from 20% to 5% ;",
             "Cut fees for owners and business groups on retrofitting"]
    plan = plan_from_dict({"document": {"name": "a.txt", "title": "A"},
                           "commitments": [{"id": f"a-{n}", "document": "a.txt", "text": t}
                                           for n, t in enumerate(texts)]})
    scorer = PairScorer(plan.commitments, fake_encode(texts), fake_encode(texts))
    assert scorer.features(0, 1, 0.5, 0.5).verbatim
    assert not scorer.features(0, 2, 0.5, 0.5).verbatim


def test_milestones_a_later_edition_adds_do_not_dilute_the_rare_words_it_repeats():
    def overlap(later_milestones):
        rows = [{"text": "Deliver new homes through the small sites programme"},
                {"text": "Complete the first phase of the Small Sites Programme",
                 "milestones": later_milestones},
                {"text": "Deliver new homes through the estate regeneration programme"}]
        plan = plan_from_dict({"document": {"name": "a.txt", "title": "A"},
                               "commitments": [{"id": f"a-{n}", "document": "a.txt", **r}
                                               for n, r in enumerate(rows)]})
        texts = [c.text for c in plan.commitments]
        scorer = PairScorer(plan.commitments, fake_encode(texts), fake_encode(texts))
        return scorer.features(0, 1, 0.5, 0.5).rare_words

    assert overlap(["Tenants move in to Cumberland House and Roupell House",
                    "Proposals for the second phase go to committee by Autumn"]) == overlap([])


def test_in_one_year_a_draft_comes_before_the_plan_adopted_from_it():
    from ontology.records import PlanDocument

    final = PlanDocument(name="a-plan.txt", title="Climate Action Plan 2022/23", period_start=2022)
    draft = PlanDocument(name="b-plan.txt", title="Draft Climate Action Plan - actions", period_start=2022)
    undated = PlanDocument(name="0-plan.txt", title="Action Plan")
    earlier = PlanDocument(name="z-plan.txt", title="Draft Council Plan", period_start=2019)
    assert sorted([undated, final, draft, earlier], key=lambda d: d.order) == [earlier, draft, final, undated]


def test_headings_shared_by_two_editions_and_not_by_plans_of_different_kinds():
    from graph.lineage_features import heading_share

    assert heading_share({"energy and carbon", "young people"}, {"energy and carbon", "young people s"}) == 1.0
    assert heading_share({"recommendation 4 leadership"}, {"energy and carbon", "young people"}) == 0.0
    assert heading_share(set(), {"energy and carbon"}) == 0.0


def test_between_plans_of_different_kinds_a_long_heading_does_not_dilute_a_carry_over():
    """A peer review's recommendation heads the action; the delivery plan files it under a
    theme. The headings share nothing, so the match is read from the actions' words."""
    def plan(name: str, year: int, heading: str, texts: list[str]):
        return plan_from_dict({"document": {"name": f"{name}.txt", "title": name, "period_start": year,
                                            "publisher": "Eastmere Council"},
                               "commitments": [{"id": f"{name}-{n}", "document": f"{name}.txt", "text": t,
                                                "section_path": [heading]} for n, t in enumerate(texts)]})

    review = plan("review", 2019, "Recommendation 4: strengthen leadership, governance, scrutiny and "
                  "member development across every directorate of the council", [
                      "Refresh the People and OD Strategy with a focus on performance",
                      "Publish a members' development programme"])
    delivery = plan("delivery", 2023, "Our workforce", [
        "Deliver a refreshed People and OD Strategy with a focus on performance management",
        "Plant 300 street trees"])
    link = next(l for l in link_plans([review, delivery], fake_encode)
                if (l.from_id, l.to_id) == ("review-0", "delivery-0"))
    context, text = map(float, re.findall(r"(\d\.\d\d) \(", link.evidence[0]))
    assert link.relation == "continues" and context >= text


def _sectioned_plan(name: str, year: int, rows: list[tuple[str, str]]):
    """A plan of Eastmere Council whose rows are (heading, text)."""
    return plan_from_dict({"document": {"name": f"{name}.txt", "title": name, "period_start": year,
                                        "publisher": "Eastmere Council"},
                           "commitments": [{"id": f"{name}-{n}", "document": f"{name}.txt", "text": t,
                                            "section_path": [h]} for n, (h, t) in enumerate(rows)]})


DRAFT_ROWS = [("Buildings", "Evaluate the corporate estate and cost a delivery plan to cut its energy use"),
              ("Buildings", "Install solar panels on the roofs of the civic centre and the depot"),
              ("Buildings", "Replace the heating of the guildhall with an air source heat pump"),
              ("Travel", "Convert the council fleet of refuse lorries and vans to electric vehicles")]


@pytest.mark.parametrize("moved, counted", [(True, False), (False, True)])
def test_a_shared_heading_counts_only_where_the_plans_keep_their_rows_under_their_headings(moved, counted):
    """A plan adopted from a draft filed the draft's building actions under "Council"
    (Kingston's climate plans, 2022): where the rows both plans hold moved heading, their
    headings say nothing of a row, and sharing one is no evidence of a carry-over."""
    draft = _sectioned_plan("draft", 2022, DRAFT_ROWS)
    adopted = _sectioned_plan("adopted", 2023, [("Council" if moved and h == "Buildings" else h, t)
                                                for h, t in DRAFT_ROWS])
    link = next(l for l in link_plans([draft, adopted], fake_encode)
                if (l.from_id, l.to_id) == ("draft-3", "adopted-3"))
    assert link.relation == "continues"
    assert any(e == "same section: Travel" for e in link.evidence) == counted
