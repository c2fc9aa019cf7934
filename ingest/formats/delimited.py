"""CSV / TSV -> tab-separated lines, one table row per line.

Table readers then see the same structure as a tab-separated plan pasted from Word. A
quoted cell may hold line breaks (RFC 4180 section 2.6,
https://www.rfc-editor.org/rfc/rfc4180#section-2); they are joined into the cell so a row
stays on one line, and tabs inside cells become spaces so columns stay aligned.
"""
from __future__ import annotations

import csv
import io
import re

from ontology.errors import SourceParseError

_INNER_BREAK = re.compile(r"\s*\n\s*")
# Delimiters seen in exported spreadsheets: comma, semicolon (European Excel), tab, pipe.
_DELIMITERS = ",;\t|"


def _cell(value: str) -> str:
    return _INNER_BREAK.sub(" ", value.replace("\t", " ")).strip()


def _dialect(text: str, default: str) -> str:
    """The delimiter of `text`: sniffed from the first lines, else the extension's default."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return default


def to_tab_lines(text: str, name: str, delimiter: str | None = None) -> str:
    """`text` of a CSV (delimiter None = sniff, default ',') or TSV ('\\t') as tab lines."""
    delimiter = delimiter or _dialect(text, ",")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SourceParseError(
            f"{name}: is not valid delimited text ({exc}). Open it in a spreadsheet and "
            f"re-export as CSV (UTF-8).") from exc
    lines = []
    for row in rows:
        cells = [_cell(c) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"
