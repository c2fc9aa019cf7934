"""Page labels that PDF extraction ran into a row are removed from what the row says."""
from __future__ import annotations

import pytest

from ingest.enrich import to_commitment
from ingest.page_labels import prints_page_labels, strip_labels
from ingest.rows import RawRow
from ontology.records import SourceSpan


@pytest.mark.parametrize("piece, clean", [
    ("Carbon P a g e | 22 Management", "Carbon Management"),
    ("the reductions that can be achieved. Page 13 of 31", "the reductions that can be achieved."),
    ("district heating and future Page 11 Page 12", "district heating and future"),
    ("mapping out future purchasing and PAGE 26 selling requirements", "mapping out future purchasing and selling requirements"),
])
def test_a_page_label_inside_a_cell_is_cut_and_the_words_either_side_join(piece, clean):
    assert strip_labels(piece) == clean


@pytest.mark.parametrize("piece", ["see point III, Page 5. Reports to the panel", "as set out on page 5 of the plan",
                                   "the council Homepage 5 times"])
def test_a_page_that_prose_points_at_stays(piece):
    assert strip_labels(piece) == piece


def test_only_a_document_that_prints_page_labels_has_them_cut():
    assert prints_page_labels("P a g e | 1\nx\nP a g e | 2\ny\nP a g e | 3\n")
    assert not prints_page_labels("Turn to Page 5 for the plan.")


def test_an_owner_cut_by_a_page_break_is_whole_and_the_note_after_it_is_split_off():
    document = "P a g e | 1\nP a g e | 2\nP a g e | 3\n"
    row = RawRow(text="Convert the fleet to electric vehicles. Owner: All Services. P a g e | 14 Note: In line "
                      "with the Ultra Low Emission Vehicle Action Plan.", span=SourceSpan(0, 10, 1, 1))
    c = to_commitment(row, "d-001", "d.txt", document)
    assert (c.text, c.owners, c.progress) == (
        "Convert the fleet to electric vehicles.", ("All Services",),
        "In line with the Ultra Low Emission Vehicle Action Plan")
