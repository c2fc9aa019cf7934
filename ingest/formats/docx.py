"""Word .docx -> text: headings by style as '#', list paragraphs as bullets, tables as
tab-separated rows, all in body order (python-docx `Document.iter_inner_content`,
https://python-docx.readthedocs.io/en/latest/api/document.html)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ontology.errors import SourceParseError

_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\u00a0]+")


def _heading_level(paragraph: Paragraph) -> int | None:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower() == "title":
        return 1
    match = _HEADING.match(style.strip())
    return int(match.group(1)) if match else None


def _list_marker(paragraph: Paragraph) -> str | None:
    """'- ' for bullets, None when the paragraph is not a list item. Numbered lists also
    become '- ': Word keeps the numbers in numbering.xml, not in the text."""
    style = ((paragraph.style.name if paragraph.style is not None else "") or "").lower()
    ppr = paragraph._p.pPr
    if style.startswith("list") or (ppr is not None and ppr.numPr is not None):
        return "- "
    return None


def _cell_text(cell) -> str:
    return _SPACE.sub(" ", " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())).strip()


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column; keep the column
            # (so cells stay under their headers) but not the repeated text.
            key = id(cell._tc)
            cells.append("" if key in seen else _cell_text(cell).replace("\t", " "))
            seen.add(key)
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def to_text(path: Path) -> str:
    """The text of a .docx file; SourceParseError if it is not a readable Word document."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceParseError(
            f"{path.name}: is not a readable Word .docx file ({exc.__class__.__name__}: {exc}). "
            f"Open it in Word and save it again as .docx, or export it to PDF.") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.append("")
            lines.extend(_table_lines(block))
            lines.append("")
            continue
        text = _SPACE.sub(" ", block.text).strip()
        if not text:
            continue
        level = _heading_level(block)
        if level:
            lines.extend(["", "#" * level + " " + text, ""])
        elif (marker := _list_marker(block)):
            lines.append(marker + text)
        else:
            lines.extend([text, ""])
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n") + "\n"
