"""The peer-review TSV reader (layout `peer_tsv`): rows, continuations, themes, swaps."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.layouts import peer_tsv

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


@pytest.fixture(scope="module")
def sample() -> str:
    """A hand-made peer-review action plan with wrapped cells, a theme row and swapped
    target/status cells."""
    return (DATA / "layouts" / "peer_tsv_swapped_and_wrapped.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rows(sample):
    """The rows the reader cuts from the sample."""
    return peer_tsv.read(sample, "peer_tsv_swapped_and_wrapped.txt")


def test_each_numbered_activity_becomes_one_row_with_its_own_ref(rows):
    assert [r.ref for r in rows] == ["1", "1.1", "2", "2.1"]


def test_a_wrapped_comment_is_joined_into_the_progress_of_the_row_above(rows):
    assert rows[0].progress == "Site survey booked with the building surveyor for April."


def test_a_recommendation_wrapped_onto_the_next_line_is_the_whole_section(rows):
    assert rows[2].section_path == (
        "GREEN SPACES", "Protect the parks and open spaces of the town for future generations")
    assert rows[2].text.endswith("largest parks and publish it on the council website.")


def test_rows_before_any_theme_have_only_their_recommendation_as_section(rows):
    assert rows[0].section_path == ("Make the library offer visible across the whole district",)


def test_target_and_status_are_swapped_back_when_the_status_column_holds_a_date(rows):
    assert (rows[2].target_texts, rows[2].status) == (("March 2022",), "In progress")
    assert (rows[3].target_texts, rows[3].status) == (("June 2021",), "Complete")


def test_a_ref_cut_across_lines_is_joined_and_its_cells_continue(rows):
    assert rows[3].ref == "2.1"
    assert rows[3].text == "Survey the pond wildlife at Mill Meadow and record the birds seen there"
    assert rows[3].owners_text == "Ali Khan"


def test_owners_are_kept_raw_for_enrich_to_split(rows):
    assert rows[1].owners_text == "Jo Bloggs / Sam Lee"


def test_cell_spans_quote_the_source(sample, rows):
    span = rows[1].cells["owners"]
    assert sample[span.start:span.end] == "Jo Bloggs / Sam Lee"
    assert rows[1].span.line_start == rows[1].span.line_end == 7


def test_layout_is_recognised_from_content_but_not_from_prose():
    sample = (DATA / "layouts" / "peer_tsv_swapped_and_wrapped.txt").read_text(encoding="utf-8")
    assert peer_tsv.looks_like(sample) >= 0.5
    prose = "Our plan\n\nWe will review recommendations from the peer team.\n"
    assert peer_tsv.looks_like(prose) < 0.5
    assert peer_tsv.read(prose, "prose.txt") == []


def test_other_seed_layouts_are_not_claimed():
    for name in ("000_", "001_", "003_", "004_"):
        seed = next(SEEDS.glob(f"{name}*.txt"))
        assert peer_tsv.looks_like(seed.read_text(encoding="utf-8")) < 0.5, seed.name
