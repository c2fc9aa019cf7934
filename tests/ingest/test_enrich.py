"""RawRow -> Commitment: typed fields with the spans they were read from."""
from __future__ import annotations


import pytest

from ingest.enrich import line_index, to_commitment
from ingest.rows import LineIndex, RawRow

DOC = (
    "Delivery Plan 2025/26 for the Royal Borough of Kingston upon Thames\n"
    "\n"
    "Deliver school streets programme\tExtension of school street at Devon Way\t"
    "Sarah Ireland / Stephen Evans\tMar 2024\tDMT, ESSG & CDT\n"
    "Work with the GLA and Kingston Voluntary Action (KVA) on the Local Plan\t"
    "NI 1,2 & 4\tHead of Housing\tOngoing\tDMT\n"
)


@pytest.fixture
def first_row() -> RawRow:
    """The first action row of DOC, cut as a reader would cut it (span covers line 3)."""
    index = LineIndex(DOC)
    return RawRow(text="Deliver school streets programme", span=index.lines_span(3, 3),
                  milestones=("Extension of school street at Devon Way",), target_texts=("Mar 2024",),
                  owners_text="Sarah Ireland / Stephen Evans", monitored_by_text="DMT, ESSG & CDT")


@pytest.fixture
def second_row() -> RawRow:
    """The second action row of DOC, with its indicator column as a context cell."""
    index = LineIndex(DOC)
    return RawRow(text="Work with the GLA and Kingston Voluntary Action (KVA) on the Local Plan",
                  span=index.lines_span(4, 4), target_texts=("Ongoing",), owners_text="Head of Housing",
                  monitored_by_text="DMT", context=("NI 1,2 & 4",))


def test_targets_owners_and_monitoring_bodies_are_typed(first_row):
    c = to_commitment(first_row, "doc-001", "doc.txt", DOC)
    assert [(t.text, t.date) for t in c.targets] == [("Mar 2024", "2024-03")]
    assert c.owners == ("Sarah Ireland", "Stephen Evans")
    assert c.monitored_by == ("DMT", "ESSG", "CDT")
    assert c.places == ("Devon Way",)
    assert c.strategies == ("school streets programme",)
    assert c.span == first_row.span


def test_entities_come_from_text_and_context_cells(second_row):
    c = to_commitment(second_row, "doc-002", "doc.txt", DOC)
    assert c.partners == ("GLA", "Kingston Voluntary Action (KVA)")
    assert c.strategies == ("Local Plan",)
    assert c.indicators == ("NI 1", "NI 2", "NI 4")
    assert [(t.text, t.date) for t in c.targets] == [("Ongoing", None)]


def test_field_spans_quote_the_source(first_row, second_row):
    for row in (first_row, second_row):
        c = to_commitment(row, "doc-x", "doc.txt", DOC)
        assert c.field_spans
        for fs in c.field_spans:
            quoted = DOC[fs.span.start:fs.span.end]
            assert fs.value in quoted or quoted in fs.value or fs.field == "indicators"
            assert row.span.start <= fs.span.start and fs.span.end <= row.span.end
            assert fs.span.line_start == row.span.line_start


def test_a_deadline_in_the_milestone_text_becomes_a_target():
    row = RawRow(text="Retrofit 66 pilot homes by Winter 2025", span=LineIndex("x").span(0, 1),
                 milestones=("Roll out further homes before end 2025/26",))
    c = to_commitment(row, "d-1", "d.txt", "x")
    assert [t.date for t in c.targets] == ["2025-12", "2026-03"]


def test_a_timescale_left_in_the_owner_cell_becomes_a_target():
    row = RawRow(text="Review the terms of reference", span=LineIndex("x").span(0, 1),
                 owners_text="Kingston Strategic Partnership / Chief Policy Officer On-going")
    c = to_commitment(row, "d-1", "d.txt", "x")
    assert c.owners == ("Kingston Strategic Partnership", "Chief Policy Officer")
    assert [(t.text, t.date) for t in c.targets] == [("On-going", None)]


def test_a_timescale_word_the_plan_defines_takes_the_end_of_its_period():
    # Lewisham 2020: "Short term - ... up to March 20 23" (the PDF split the year);
    # Blaby 2020: "Medium term  (2023 -2026 ) - ...". "Long term" is not defined here.
    doc = ("Short term - The first three years of the delivery plan up to March 20 23;\n"
           "Medium term  (2023 -2026 ) - Actions requiring further development\n"
           "Install heat pumps in the civic centre  Short term\n")
    rows = [RawRow(text="Install heat pumps in the civic centre", span=LineIndex(doc).span(0, 1),
                   target_texts=(when,)) for when in ("Short term", "Medium-term", "Long term", "Short term pilot")]
    got = [[(t.text, t.date) for t in to_commitment(r, "d-1", "d.txt", doc).targets] for r in rows]
    assert got == [[("Short term", "2023-03")], [("Medium-term", "2026")], [("Long term", None)],
                   [("Short term pilot", None)]]


def test_a_timescale_word_in_a_sentence_defines_nothing():
    doc = "We will act in the short term (by 2022) and beyond.\nInstall heat pumps  Short term\n"
    row = RawRow(text="Install heat pumps", span=LineIndex(doc).span(0, 1), target_texts=("Short term",))
    assert [t.date for t in to_commitment(row, "d-1", "d.txt", doc).targets] == [None]


def test_the_plans_own_borough_is_not_a_place_but_a_listed_one_is(first_row):
    text = DOC + "Improve cycling across Kingston\nCycle routes on Ewell Road and Kingston/New Malden\n"
    index = LineIndex(text)
    across = RawRow(text="Improve cycling across Kingston", span=index.lines_span(5, 5))
    listed = RawRow(text="Cycle routes on Ewell Road and Kingston/New Malden", span=index.lines_span(6, 6))
    assert to_commitment(across, "d-1", "d.txt", text).places == ()
    assert to_commitment(listed, "d-2", "d.txt", text).places == ("Ewell Road", "Kingston", "New Malden")


def test_the_line_index_is_built_once_per_document():
    assert line_index(DOC) is line_index(DOC)




def _row_in(doc: str, **cells) -> RawRow:
    return RawRow(span=LineIndex(doc).span(0, len(doc)), **cells)


def test_an_outside_body_that_oversees_a_row_is_a_partner_but_the_councils_own_board_is_not():
    text = "Reduce repeat victims of hate crime\n"
    row = _row_in(text, text="Reduce repeat victims of hate crime", owners_text="Head of Democratic Services & Partnership",
                  monitored_by_text="Safer Kingston Partnership; Children's Trust Board; Staying Safe Sub Group; GOL")
    c = to_commitment(row, "d-1", "d.txt", text)
    assert c.partners == ("Safer Kingston Partnership", "GOL")


def test_an_acronym_defined_elsewhere_in_the_plan_names_its_body_in_a_row():
    text = ("The Drug and Alcohol Action Team (DAAT) commissions treatment services.\n"
            "Cut drug-related harm\n")
    row = _row_in(text, text="Cut drug-related harm", monitored_by_text="the DAAT")
    c = to_commitment(row, "d-1", "d.txt", text)
    assert c.partners == ("Drug and Alcohol Action Team (DAAT)",)


def test_a_site_named_in_brackets_after_an_owner_is_a_place():
    text = "Run reception desks\n"
    row = _row_in(text, text="Run reception desks", owners_text="Lead Strategic Manager (Eagle Chambers)")
    assert to_commitment(row, "d-1", "d.txt", text).places == ("Eagle Chambers",)


def test_the_publisher_is_no_partner_of_its_own_plan_but_is_of_anothers():
    action = "Work with the Mayor and GLA group on rolling out rapid EV chargers"
    gla = "Zero carbon London\nGreater London Authority\nThe GLA will act. The GLA will lead.\n" + action + "\n"
    borough = "Royal Borough of Kingston upon Thames\n" + "Kingston will act. " * 3 + "\n" + action + "\n"
    assert "GLA" not in to_commitment(_row_in(gla, text=action), "d-1", "d.txt", gla).partners
    assert "GLA" in to_commitment(_row_in(borough, text=action), "d-1", "d.txt", borough).partners
