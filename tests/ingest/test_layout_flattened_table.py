"""The flattened two-column table reader: rows cut at target labels, action and measure
cells told apart, headings recognised wherever the PDF put them."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.layouts import flattened_table, markdown_plan

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
SEED = "000_7b3a382ba0a1285f"


@pytest.fixture(scope="module")
def plan_text() -> str:
    """A small invented delivery plan flattened from a PDF table: three pages, each
    opening with the repeated table header; page two has its heading after its rows."""
    return (DATA / "layouts" / "flattened_table_delivery_plan.txt").read_text()


@pytest.fixture(scope="module")
def rows(plan_text):
    """The reader's rows for the invented plan."""
    return flattened_table.read(plan_text, "flattened_table_delivery_plan.txt")


def test_every_target_label_closes_one_row(rows):
    assert [r.target_texts for r in rows] == [
        ("Jun 2025",), ("Sep 2025",), ("Dec 2025",), ("Mar 2026",), ("Ongoing",), ("31/03/2026",)]


def test_repeated_page_header_is_neither_a_row_nor_a_section(rows):
    for r in rows:
        assert "Measure, milestone" not in r.text
        assert not any("Action or activity" in s for s in r.section_path)


def test_heading_printed_after_its_rows_heads_those_rows(rows):
    assert [r.section_path for r in rows] == [
        ("Clean air and travel",)] * 3 + [("Homes and neighbourhoods",)] * 2 + [("Parks and open spaces",)]


def test_target_label_split_over_a_line_break_is_read_whole(rows):
    # "Target \ndelivery: Sep 2025" and "Target delivery: Mar \n2026" in the source
    assert rows[1].target_texts == ("Sep 2025",)
    assert rows[3].target_texts == ("Mar 2026",)
    assert "Target" not in " ".join(rows[1].milestones)


def test_one_line_action_run_into_its_measure_is_cut_where_the_measure_begins(rows):
    assert rows[0].text == "Expand the borough car club network"
    assert rows[2].text == "Replace the council pool cars with electric vehicles"
    assert rows[5].text == "Plant community orchards in three parks"


def test_action_wrapped_over_lines_is_joined_into_one_text(rows):
    assert rows[1].text == "Introduce a borough-wide anti-idling campaign at school gates"


def test_measures_are_split_at_sentences_semicolons_and_line_items(rows):
    assert rows[0].milestones == ("Ten new car club bays installed in residential streets",
                                  "Consultation on a further twenty bays")
    assert rows[1].milestones[0] == "Campaign launched with all primary schools"
    assert rows[2].milestones == ("Procurement complete by May 2025", "Twelve electric pool cars in service")
    # a list of place names stays one item
    assert rows[5].milestones[0] == "Orchards planted at Elmfield Park, Hollow Lane Rec and Brook Meadow"


def test_spans_quote_the_source_text(plan_text, rows):
    for r in rows:
        cell = r.cells["text"]
        assert plan_text[cell.start:cell.end].startswith(r.text.split()[0])
        target = r.cells["targets"]
        assert " ".join(plan_text[target.start:target.end].split()) == r.target_texts[0]
        assert r.span.start <= cell.start and target.end <= r.span.end
    assert rows[0].span.line_start == 8


def test_layout_is_claimed_for_the_table_and_not_for_a_markdown_plan(plan_text):
    assert flattened_table.looks_like(plan_text) >= 0.5
    assert markdown_plan.looks_like(plan_text) < 0.5
    md = (DATA / "layouts" / "markdown_plan_delivery_plan.md").read_text()
    assert flattened_table.looks_like(md) < 0.5


def test_deadlines_in_a_numbered_list_without_a_table_header_are_not_claimed():
    text = "\n".join(f"{i}. Insulate {i} council buildings. Deadline: 2025. Owner: Estates." for i in range(1, 12))
    assert flattened_table.looks_like(text) < 0.5


def test_headings_between_rows_and_target_date_labels_are_read():
    """Another council's shape: 'Target date:' labels, one table header per page, and a
    section heading between two rows of the same page."""
    text = (DATA / "layouts" / "flattened_table_target_date.txt").read_text()
    assert flattened_table.looks_like(text) >= 0.5
    got = flattened_table.read(text, "flattened_table_target_date.txt")
    assert [(r.section_path[-1], r.text.split()[0], r.target_texts) for r in got] == [
        ("Housing", "Build", ("March 2026",)), ("Housing", "Review", ("Dec 2025",)),
        ("Environment", "Plant", ("2026/27",)), ("Environment", "Insulate", ("Q4 2025/26",)),
        ("Environment", "Support", ("Summer 2026",))]
    assert got[2].text == "Plant 1,000 street trees"
