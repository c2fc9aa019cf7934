"""Change reports between two versions of a commitment (graph.changes)."""
from __future__ import annotations

from graph.changes import change_report, change_types, deadline, months_between
from ontology.records import CHANGE_TYPES, Commitment, Target


def version(cid="p-001", text="Retrofit 40 council homes with heat pumps", **fields) -> Commitment:
    return Commitment(id=cid, document=cid.split("-")[0] + ".txt", text=text, **fields)


def test_target_slip_is_reported_when_a_later_plan_moves_the_deadline():
    before = version(targets=(Target("Mar 2024", "2024-03"),))
    after = version("q-001", targets=(Target("Summer 2025", "2025-07"),))
    report = change_report(before, after)
    assert report.slip_months == 16
    assert {"deadline_moved", "deadline_slipped"} <= set(report.types)
    assert report.as_json()["deadline"] == {"before": "2024-03", "after": "2025-07", "moved_months": 16}


def test_deadline_brought_forward_is_moved_but_not_slipped():
    before = version(targets=(Target("2030", "2030"),))
    after = version("q-001", targets=(Target("June 2028", "2028-06"),))
    report = change_report(before, after)
    assert report.slip_months == -30
    assert "deadline_moved" in report.types and "deadline_slipped" not in report.types


def test_changed_owner_is_reported():
    report = change_report(version(owners=("Head of Housing",)),
                           version("q-001", owners=("Director of Housing",)))
    assert "owner_changed" in report.types
    assert report.owners_before == ("Head of Housing",) and report.owners_after == ("Director of Housing",)


def test_owner_named_in_only_one_plan_is_not_a_change():
    assert "owner_changed" not in change_types(version(owners=("Head of Housing",)), version("q-001"))


def test_owner_respelt_is_not_a_change():
    assert "owner_changed" not in change_types(version(owners=("Head of Housing",)),
                                               version("q-001", owners=("head of  housing",)))


def test_wording_diff_shows_dropped_and_added_words():
    report = change_report(version(text="Retrofit 66 homes with funding"),
                           version("q-001", text="Retrofit 316 homes with funding"))
    assert report.wording == (("=", "Retrofit"), ("-", "66"), ("+", "316"), ("=", "homes with funding"))
    assert "reworded" in report.types


def test_same_text_is_not_reworded():
    assert "reworded" not in change_types(version(), version("q-001", text="Retrofit 40 council homes, with heat pumps."))


def test_status_and_milestones_changes_are_reported():
    before = version(status="In progress", milestones=("Survey all homes", "Appoint a contractor"))
    after = version("q-001", status="Complete", milestones=("Survey all homes.", "Bid for more funding"))
    report = change_report(before, after)
    assert {"status_changed", "milestones_added", "milestones_dropped"} <= set(report.types)
    assert report.milestones_added == ("Bid for more funding",)
    assert report.milestones_dropped == ("Appoint a contractor",)
    assert set(report.types) <= set(CHANGE_TYPES)


def test_deadline_is_the_latest_dated_target_and_ignores_open_ended_ones():
    c = version(targets=(Target("Ongoing", None), Target("Spring 2025", "2025-04"), Target("Mar 2026", "2026-03")))
    assert deadline(c) == "2026-03"
    assert deadline(version(targets=(Target("Ongoing", None),))) is None


def test_a_bare_year_counts_as_its_end():
    assert months_between("2025", "2026-03") == 3
