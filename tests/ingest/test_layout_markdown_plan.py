"""The markdown plan reader: only paragraphs under an actions heading are commitments,
filed under their theme and priority, with inline numbered milestones split off."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.layouts import flattened_table, markdown_plan

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
SEED = "001_2e7bed6743a04fa1"


@pytest.fixture(scope="module")
def plan_text() -> str:
    """A small invented markdown delivery plan: an introduction, two upper-case themes,
    three priorities each with a description, and actions under 'Actions and milestones'."""
    return (DATA / "layouts" / "markdown_plan_delivery_plan.md").read_text()


@pytest.fixture(scope="module")
def rows(plan_text):
    """The reader's rows for the invented plan."""
    return markdown_plan.read(plan_text, "markdown_plan_delivery_plan.md")


def test_only_paragraphs_under_an_actions_heading_are_commitments(rows):
    texts = [r.text for r in rows]
    assert len(texts) == 5
    assert not any("This plan sets out" in t or "We help residents" in t or "live healthy" in t
                   for t in texts)


def test_section_path_is_theme_then_priority_without_the_actions_heading(rows):
    assert [r.section_path for r in rows] == [
        ("THRIVING", "Healthy communities"), ("THRIVING", "Healthy communities"),
        ("THRIVING", "Good jobs"), ("CLEANER", "Streets and waste"), ("CLEANER", "Streets and waste")]


def test_numbered_milestones_are_split_from_the_action_text(rows):
    assert rows[1].text == "Deliver the physical activity strategy"
    assert rows[1].milestones == ("Launch free swimming for under-16s", "Run twelve community walking groups",
                                  "Publish an annual activity report")


def test_deadlines_written_into_an_action_become_target_texts(rows):
    assert rows[0].target_texts == ("September 2026",)
    assert rows[2].target_texts == ("Spring 2027",)
    assert rows[3].target_texts == ()


def test_a_bulleted_action_under_an_actions_heading_is_a_commitment(rows):
    assert rows[4].text == "Trial reusable nappy vouchers for new parents"


def test_spans_point_at_the_action_paragraph(plan_text, rows):
    for r in rows:
        quoted = plan_text[r.span.start:r.span.end]
        assert quoted.startswith(r.text.split()[0])
    cut = rows[1].cells["milestones"]
    assert plan_text[cut.start:cut.end].startswith("(1) Launch")


def test_layout_is_claimed_for_the_plan_and_not_for_a_flattened_table(plan_text):
    assert markdown_plan.looks_like(plan_text) >= 0.5
    assert flattened_table.looks_like(plan_text) < 0.5
    table = (DATA / "layouts" / "flattened_table_delivery_plan.txt").read_text()
    assert markdown_plan.looks_like(table) < 0.5


def test_markdown_with_action_tables_is_left_to_the_generic_reader():
    section = ("# Priority {n}\n\nIntro.\n\n## Actions\n\n| Action | Lead |\n|---|---|\n"
               "| Do thing {n} | Team |\n| Do other {n} | Team |\n\n")
    text = "".join(section.format(n=n) for n in range(4))
    assert markdown_plan.looks_like(text) < 0.5


def test_numbers_that_do_not_run_from_one_are_not_milestones():
    text = "# P\n\n## Actions\n\nAdopt the plan (2025-2030) and report 2) on it\n\n## Actions\n\nB\n\n## Actions\n\nC\n"
    row = markdown_plan.read(text, "x.md")[0]
    assert row.milestones == ()
    assert row.text == "Adopt the plan (2025-2030) and report 2) on it"


def test_a_plan_with_a_single_actions_heading_over_paragraphs_is_still_this_layout():
    """A one-theme climate plan has one "Actions" heading; its paragraphs are its actions
    (the generic reader wants bullets or numbers, so the plan read as empty before)."""
    text = ("# Westford Climate Action Plan 2022\n\nWestford District Council\n\n# Energy\n\n"
            "We want warm homes.\n\n## Actions and milestones 2022/23\n\n"
            "Retrofit 60 council homes with heat pumps by March 2023\n\n"
            "Plant 500 street trees across the district by November 2022\n")
    assert markdown_plan.looks_like(text) > 0.5
    assert [r.text for r in markdown_plan.read(text, "westford.md")] == [
        "Retrofit 60 council homes with heat pumps by March 2023",
        "Plant 500 street trees across the district by November 2022"]


def test_headings_without_an_actions_heading_are_not_this_layout():
    text = "# Plan\n\n# Energy\n\nWe want warm homes.\n\n## Progress\n\nWe insulated 60 homes.\n"
    assert markdown_plan.looks_like(text) == 0.0
