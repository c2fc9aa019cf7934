"""Gaps in lineage (graph.gaps): commitments that disappear, and new ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.gaps import find_gaps
from ontology.records import ClosestMatch, LineageLink, plan_from_dict

DATA = Path(__file__).parent.parent / "data" / "lineage"


@pytest.fixture(scope="module")
def plans():
    """Three Eastmere plans (2019, 2021, 2023) and one plan of another council."""
    return [plan_from_dict(p) for p in json.loads((DATA / "plans.json").read_text())["plans"]]


@pytest.fixture(scope="module")
def links():
    """Hand-made links as the linker should find them in plans.json."""
    def link(a, b, relation="continues"):
        return LineageLink(f"eastmere-{a}", f"eastmere-{b}", relation, 0.8)

    return [link("2019-001", "2021-001"), link("2019-002", "2021-002"), link("2019-004", "2021-003"),
            link("2019-005", "2021-003"), link("2019-006", "2021-004"), link("2021-001", "2023-001"),
            link("2021-004", "2023-002"), link("2019-003", "2023-003", "related")]


def gap_ids(gaps, kind):
    return {g.id for g in gaps if g.kind == kind}


def test_commitment_missing_from_later_plans_is_a_gap(plans, links):
    gaps = find_gaps(plans, links)
    assert "eastmere-2019-003" in gap_ids(gaps, "disappeared")
    gap = next(g for g in gaps if g.id == "eastmere-2019-003")
    assert gap.year == 2019 and gap.text.startswith("Launch a weekly food waste collection")
    assert gap.related == ("eastmere-2023-003",)  # a related thread does not close the gap


def test_commitment_that_continues_later_is_not_a_gap(plans, links):
    assert "eastmere-2019-001" not in gap_ids(find_gaps(plans, links), "disappeared")


def test_commitment_dropped_after_its_second_plan_disappears_too(plans, links):
    disappeared = gap_ids(find_gaps(plans, links), "disappeared")
    assert {"eastmere-2021-002", "eastmere-2021-003", "eastmere-2021-005"} <= disappeared


def test_commitments_of_the_newest_plan_have_not_disappeared(plans, links):
    assert not {i for i in gap_ids(find_gaps(plans, links), "disappeared") if "2023" in i}


def test_commitment_without_predecessor_in_a_later_plan_is_new(plans, links):
    new = gap_ids(find_gaps(plans, links), "new")
    assert {"eastmere-2021-005", "eastmere-2023-003"} <= new
    assert "eastmere-2021-001" not in new
    assert not {i for i in new if "2019" in i}  # the first plan has no past to come from


def test_a_council_with_a_single_plan_has_no_gaps(plans, links):
    assert not [g for g in find_gaps(plans, links) if g.id.startswith("westbury")]


def test_a_gap_lists_the_closest_unlinked_candidates_on_its_side_best_first(plans, links):
    closest = [ClosestMatch("eastmere-2019-003", "eastmere-2021-005", 0.38, "disappeared"),
               ClosestMatch("eastmere-2019-003", "eastmere-2023-003", 0.41, "disappeared"),
               ClosestMatch("eastmere-2021-002", "eastmere-2023-003", 0.44, "new"),
               # kept for 2021-004's sake, which is no gap: nothing of 2019-003's
               ClosestMatch("eastmere-2019-003", "eastmere-2021-004", 0.50, "new")]
    gaps = {(g.kind, g.id): g for g in find_gaps(plans, links, closest)}
    assert gaps[("disappeared", "eastmere-2019-003")].closest == (("eastmere-2023-003", 0.41),
                                                                   ("eastmere-2021-005", 0.38))
    assert gaps[("new", "eastmere-2023-003")].as_json()["closest"] == [{"id": "eastmere-2021-002", "score": 0.44}]
    assert gaps[("new", "eastmere-2021-005")].closest == ()
