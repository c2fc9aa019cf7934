"""ingest.decode.load turns text files of any encoding and delimited/HTML files into the
text shapes the layout readers know."""
from __future__ import annotations

from pathlib import Path

from ingest import decode

DATA = Path(__file__).parent.parent / "data" / "formats"


def test_cp1252_curly_quotes_are_decoded_as_the_characters_windows_meant():
    text = decode.load(DATA / "cp1252.txt")
    assert "council’s retrofit offer" in text
    assert "“warm homes”" in text
    assert "\r" not in text


def test_utf16_with_bom_is_decoded_and_crlf_becomes_lf():
    text = decode.load(DATA / "utf16.txt")
    assert text.startswith("# Transport\n\n1. Install 200")
    assert "Café Street" in text and "\r" not in text and "\x00" not in text


def test_utf8_bom_is_dropped_from_the_text():
    assert decode.load(DATA / "utf8_bom.md").startswith("# Energy")


def test_csv_quoted_multiline_cell_stays_on_its_row_as_tab_separated_cells():
    lines = decode.load(DATA / "actions.csv").splitlines()
    assert lines[0] == "Action No\tCommitment\tAccountable\tDue date\tRAG"
    assert lines[1] == "1\tRetrofit council homes with heat pumps\tHousing Director\t2027\tGreen"
    assert lines[2].split("\t")[2] == "Parks, Open Spaces"
    assert len(lines) == 3


def test_tsv_keeps_its_tab_separated_rows():
    lines = decode.load(DATA / "actions.tsv").splitlines()
    assert lines == ["Theme\tActivity\tLead\tTimescale",
                     "Waste\tIntroduce food waste collections\tWaste Team\t2026"]


def test_html_becomes_headings_bullets_and_table_rows_without_script_or_style():
    text = decode.load(DATA / "plan.html")
    lines = text.splitlines()
    assert "# Climate Plan" in lines and "## Nature" in lines and "## Buildings" in lines
    assert "- Plant hedgerows along council verges" in lines
    assert "- Restore the Hogsmill wetland" in lines
    assert "Action\tOwner\tDeadline" in lines
    assert "Insulate the town hall roof\tEstates\t2026" in lines
    assert "Introductory words here." in lines
    assert "script" not in text and "color:red" not in text and "JavaScript" not in text


def test_warnings_report_undecodable_characters_and_ocr_noise():
    clean = "Deliver the plan.\n" * 20
    assert decode.warnings_for(clean, "a.txt") == []
    broken = "Deliver the pl\ufffdn.\n" * 20
    assert any("could not be decoded" in w and "a.txt" in w
               for w in decode.warnings_for(broken, "a.txt"))
    noisy = clean + "~~ |/ ;; .. -- ::\n" * 10 + "a b c d e f g\n" * 5
    assert any("OCR noise" in w for w in decode.warnings_for(noisy, "scan.txt"))
