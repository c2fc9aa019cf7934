"""Every kind of bad input is refused with an error class the CLI maps to exit code 2
and a message that names the file and says what to do."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import decode
from ontology.errors import SourceNotFound, SourceParseError

BAD = Path(__file__).parent.parent / "data" / "bad"


def test_missing_path_is_source_not_found_naming_the_path(tmp_path):
    with pytest.raises(SourceNotFound, match="nowhere.pdf: no such file"):
        decode.load(tmp_path / "nowhere.pdf")


@pytest.mark.parametrize("name, says", [
    ("empty.txt", "empty.txt: the file is empty"),
    ("whitespace.txt", "whitespace.txt: has no text"),
    ("binary.txt", "binary.txt: looks like binary data"),
    ("corrupt.docx", "corrupt.docx: is not a readable Word .docx file"),
    ("corrupt.pdf", "corrupt.pdf: is not a readable PDF"),
    ("renamed.pdf", "renamed.pdf: is named .pdf but is not a PDF"),
    ("sheet.xlsx", "sheet.xlsx: unsupported file type '.xlsx'.*export it as .csv"),
])
def test_bad_file_is_refused_with_a_message_naming_it(name, says):
    with pytest.raises(SourceParseError, match=says):
        decode.load(BAD / name)


def test_encrypted_pdf_says_to_remove_the_password(encrypted_pdf):
    with pytest.raises(SourceParseError, match="locked.pdf: the PDF is encrypted"):
        decode.load(encrypted_pdf)


def test_image_only_pdf_says_it_needs_ocr_first(image_only_pdf):
    with pytest.raises(SourceParseError, match="scan.pdf: the PDF has no text layer.*needs OCR first"):
        decode.load(image_only_pdf)


def test_file_over_the_limit_is_refused_before_reading_and_names_the_setting(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text("Deliver the plan.\n" * 100)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(SourceParseError) as err:
        decode.load(big, max_bytes=1000)
    assert "big.txt: is 0.0 MB, over the limit" in str(err.value)
    assert "(1000 bytes)" in str(err.value) and "COUNCILKG_MAX_FILE_BYTES" in str(err.value)


def test_folder_is_refused_as_not_a_document(tmp_path):
    with pytest.raises(SourceParseError, match="is a folder"):
        decode.load(tmp_path)
