"""The generic reader finds action tables with any header names and commitment lists
under headings, and nothing in documents without actions."""
from __future__ import annotations

from pathlib import Path

from ingest import decode
from ingest.layouts import generic

DATA = Path(__file__).parent.parent / "data" / "generic"


def _rows(name: str):
    text = decode.load(DATA / name)
    return text, generic.read(text, name)


def test_unusual_header_names_map_to_the_right_fields():
    _, rows = _rows("odd_headers.txt")
    first = rows[0]
    assert first.text == "Roll out low emission zone around schools"
    assert first.owners_text == "Director of Place"
    assert first.target_texts == ("Q3 2025",)
    assert first.status == "Amber"
    assert first.progress == "Consultation closed in May"
    assert first.context == ("Transport for London",)
    assert first.milestones == ("NO2 below 40µg/m3", "10 schools covered")
    assert first.section_path == ("Net Zero Delivery Plan", "Cleaner air")


def test_theme_cell_carries_down_and_repeated_page_header_is_skipped():
    _, rows = _rows("odd_headers.txt")
    assert [r.text for r in rows] == ["Roll out low emission zone around schools",
                                      "Review idling enforcement",
                                      "Replace diesel refuse trucks with electric"]
    assert rows[1].section_path[-1] == "Cleaner air"
    assert rows[2].section_path[-1] == "Greener fleet"


def test_row_and_cell_spans_quote_the_source_text():
    text, rows = _rows("odd_headers.txt")
    row = rows[1]
    assert text[row.span.start:row.span.end].startswith("Review idling enforcement")
    assert text[row.cells["owners"].start:row.cells["owners"].end] == "Head of Parking"
    assert text[row.cells["targets"].start:row.cells["targets"].end] == "By March 2026"
    assert row.span.line_start == row.span.line_end == 5


def test_bullet_and_numbered_actions_under_headings_are_found_but_statements_are_not():
    text, rows = _rows("bullets_under_headings.txt")
    assert [(r.section_path, r.ref, r.text) for r in rows] == [
        (("ENERGY",), None, "Install solar PV on all suitable council roofs"),
        (("ENERGY",), None, "Work with community energy groups to develop local generation schemes"),
        (("Travel and Transport",), "1", "We will expand the car club network to every ward"),
        (("Travel and Transport",), "2", "Reducing staff business mileage"),
    ]
    assert rows[3].target_texts == ("Short term",)
    wrapped = rows[1]
    assert (wrapped.span.line_start, wrapped.span.line_end) == (8, 9)


def test_pipe_table_with_id_and_service_area_headers():
    _, rows = _rows("pipe_table.md")
    assert [(r.ref, r.text, r.owners_text, r.target_texts) for r in rows] == [
        ("A1", "Map surface water flood risk hotspots", "Drainage", ("2025",)),
        ("A2", "Create shaded play areas in parks", "Parks", ("Summer 2026",))]


def test_a_document_with_no_actions_gives_no_rows():
    _, rows = _rows("no_actions.txt")
    assert rows == []
    assert generic.looks_like("Annual Report\n\nA good year.\n") == 0.0


def test_looks_like_stays_modest_so_specific_layouts_win():
    text = decode.load(DATA / "odd_headers.txt")
    assert 0.0 < generic.looks_like(text) < 0.5
