"""Fields written inline after an action ("... Deadline: 2027. Owner: Estates.") become
fields of the commitment, and a numbered heading ends the row above it."""
from __future__ import annotations

from pathlib import Path

from ingest import decode
from ingest.enrich import to_commitment
from ingest.inline_fields import split_inline_fields
from ingest.layouts import generic
from ingest.rows import RawRow
from ontology.records import SourceSpan

DATA = Path(__file__).parent.parent / "data" / "generic"
SPAN = SourceSpan(0, 1, 1, 1)


def _commitments():
    text = decode.load(DATA / "inline_labels.txt")
    rows = generic.read(text, "inline_labels.txt")
    return [to_commitment(r, f"c-{i}", "inline_labels.txt", text) for i, r in enumerate(rows)]


def test_deadline_owner_and_note_after_the_action_become_its_fields():
    first = _commitments()[0]
    assert first.text == "Replace the gas boilers in the civic centre with heat pumps."
    assert first.owners == ("Estates", "Energy Team")
    assert [(t.text, t.date) for t in first.targets] == [("March 2027", "2027-03")]
    assert first.progress == "Funded by the Public Sector Decarbonisation Scheme"


def test_a_label_spaced_from_its_colon_and_a_status_label_are_read():
    second = _commitments()[1]
    assert second.text == "Install solar panels on every depot roof by 2028."
    assert second.owners == ("Estates",)
    assert second.status == "In progress"
    assert "2028" in [t.date for t in second.targets]


def test_action_owners_written_as_a_sentence_are_owners():
    assert _commitments()[2].owners == ("Climate Team", "Communications")


def test_partners_label_names_a_partner_and_lead_officer_label_an_owner():
    fleet = _commitments()[3]
    assert fleet.text == "Replace pool cars with electric vehicles."
    assert fleet.owners == ("Head of Fleet",)
    assert "Transport for London" in fleet.partners


def test_a_lower_case_label_inside_a_sentence_is_prose():
    last = _commitments()[4]
    assert last.text == "Train drivers in efficient driving; note: refresher every two years."
    assert last.progress is None


def test_a_numbered_objective_heading_ends_the_row_above_and_becomes_its_section():
    rows = _commitments()
    assert not any("Objective" in c.text for c in rows)
    assert rows[2].section_path[-1] == ("Objective B1 – Bring the council's own buildings to net zero "
                                        "carbon by 2030, starting with the civic centre and depots.")
    assert rows[3].section_path[-1] == "Objective B2 – Move the council fleet to zero emission vehicles"


def test_a_row_whose_layout_read_an_owner_column_keeps_its_text_whole():
    row = RawRow(text="Plant trees. Note: with schools.", span=SPAN, owners_text="Parks")
    assert split_inline_fields(row) is row


def test_a_row_that_opens_with_a_label_is_left_alone():
    row = RawRow(text="Owner: Parks. Plant trees.", span=SPAN)
    assert split_inline_fields(row) is row
