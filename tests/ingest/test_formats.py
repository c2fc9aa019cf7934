"""PDF, DOCX, HTML and CSV documents read into the same structures as the text layouts,
and from there into commitments."""
from __future__ import annotations

from pathlib import Path

from ingest import decode, read_path
from ingest.layouts import generic

DATA = Path(__file__).parent.parent / "data" / "formats"
TABLE = ["Ref\tWhat we will do\tResponsible officer\tBy when",
         "1.1\tInstall solar panels on the civic centre\tHead of Estates\tMarch 2026",
         "1.2\tDevelop a borough-wide tree planting plan\tParks Manager\tOngoing"]


def test_pdf_table_is_read_as_tab_separated_rows_after_the_page_text(action_pdf):
    lines = decode.load(action_pdf).splitlines()
    assert lines[0] == "Climate Action Plan"
    start = lines.index(TABLE[0])
    assert lines[start:start + 3] == TABLE
    assert lines.index("Buildings") < start


def test_pdf_table_rows_become_commitments_with_owner_and_target(action_pdf):
    plan = read_path(action_pdf)
    assert [c.text for c in plan.commitments] == [
        "Install solar panels on the civic centre", "Develop a borough-wide tree planting plan"]
    first = plan.commitments[0]
    assert first.ref == "1.1" and first.owners == ("Head of Estates",)
    assert [t.text for t in first.targets] == ["March 2026"]
    assert plan.text[first.span.start:first.span.end].startswith("1.1\tInstall solar panels")


def test_docx_headings_paragraphs_bullets_and_table_keep_body_order(action_docx):
    lines = decode.load(action_docx).splitlines()
    order = ["# Climate Action Plan", "Our commitments for the year.", "## Buildings",
             "- Reduce energy use in council offices by 20%", TABLE[0], TABLE[1], TABLE[2],
             "Closing words."]
    assert [ln for ln in lines if ln] == order


def test_docx_gives_the_bullet_and_table_rows_under_their_heading(action_docx):
    rows = generic.read(decode.load(action_docx), "plan.docx")
    assert [r.text for r in rows] == ["Reduce energy use in council offices by 20%",
                                      "Install solar panels on the civic centre",
                                      "Develop a borough-wide tree planting plan"]
    assert all(r.section_path == ("Climate Action Plan", "Buildings") for r in rows)
    assert rows[2].target_texts == ("Ongoing",) and rows[2].owners_text == "Parks Manager"


def test_html_list_and_table_become_commitments_under_their_headings():
    plan = read_path(DATA / "plan.html")
    got = [(c.section_path[-1], c.text) for c in plan.commitments]
    assert got == [("Nature", "Plant hedgerows along council verges"),
                   ("Nature", "Restore the Hogsmill wetland"),
                   ("Buildings", "Insulate the town hall roof")]
    assert "Deliver nothing from a script" not in plan.text


def test_csv_multiline_cell_becomes_one_commitment_with_status():
    plan = read_path(DATA / "actions.csv")
    assert [c.text for c in plan.commitments] == ["Retrofit council homes with heat pumps",
                                                  "Plant 5000 trees"]
    assert [c.status for c in plan.commitments] == ["Green", "Amber"]
    assert [c.ref for c in plan.commitments] == ["1", "2"]


def test_utf16_and_cp1252_lists_read_into_commitments():
    utf16 = read_path(DATA / "utf16.txt")
    assert [c.text for c in utf16.commitments] == [
        "Install 200 electric vehicle charge points across the borough",
        "Deliver the Café Street cycle lane"]
    cp = read_path(DATA / "cp1252.txt")
    assert cp.commitments[0].text == "Work with landlords on the council’s retrofit offer"
    assert cp.commitments[1].section_path == ("Housing",)
