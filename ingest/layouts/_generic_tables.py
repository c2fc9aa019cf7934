"""Action tables for the generic reader: tab-separated lines (what ingest.decode makes of
CSV, TSV, HTML, DOCX and PDF tables) or markdown pipe tables, their header cells mapped to
fields by meaning (`_generic_headers.field_of`). Like `_generic_rowshapes`, each reading
function takes the reader and a line index.
"""
from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field

from ..rows import RawRow
from . import _generic_phrases as phrases
from ._generic_headers import field_of, header_map

_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass
class Cell:
    text: str
    start: int
    end: int


@dataclass
class _Row:
    """A table row being built: fragments per column, joined when the row is done."""

    section: tuple[str, ...]
    frags: dict[int, list[Cell]] = field(default_factory=dict)

    def add(self, col: int, cell: Cell):
        self.frags.setdefault(col, []).append(cell)


def split_cells(line: str, offset: int, pipe: bool) -> list[Cell]:
    """Cells of one table line with their offsets in the whole text."""
    cells, pos = [], 0
    body = line
    if pipe:
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        pos = lead
        if body.startswith("|"):
            body, pos = body[1:], pos + 1
        if body.endswith("|"):
            body = body[:-1]
    for part in body.split("|" if pipe else "\t"):
        stripped = part.strip()
        start = offset + pos + (len(part) - len(part.lstrip()))
        cells.append(Cell(stripped, start, start + len(stripped)))
        pos += len(part) + 1
    return cells


def join_cells(frags: list[Cell]) -> str:
    """Fragments of one cell across line breaks, re-joining hyphenated words."""
    out = ""
    for frag in frags:
        if not frag.text:
            continue
        if out.endswith("-") and frag.text[:1].islower():
            out += frag.text
        else:
            out = f"{out} {frag.text}" if out else frag.text
    return out.strip()


def table_line(r, i: int, pipe: bool) -> bool:
    line = r.lines[i]
    if pipe:
        return line.strip().startswith("|") and line.count("|") >= 2
    return "\t" in line

def read_table(r, i: int) -> int | None:
    """Read the table whose header is line i; the index after it, or None."""
    line = r.lines[i]
    pipe = line.strip().startswith("|") and line.count("|") >= 3
    if not pipe and "\t" not in line:
        return None
    header = split_cells(line, r.index.starts[i], pipe)
    columns = header_map([c.text for c in header])
    if columns is None:
        return None
    names = [c.text.lower() for c in header]
    ref_column = "ref" in columns.values() or _numbered_blank_column(r, i, header, pipe)
    j, section, current = i + 1, (), None
    built: list[_Row] = []
    while j < len(r.lines):
        raw = r.lines[j]
        if not raw.strip() or (pipe and _PIPE_SEPARATOR.match(raw)):
            j += 1
            continue
        if not table_line(r, j, pipe):
            if phrases.MD_HEADING.match(raw.strip()) or not _resumes(r, j, pipe):
                break
            section = (raw.strip(),)  # a short heading between blocks of the same table
            j += 1
            current = None
            continue
        cells = split_cells(raw, r.index.starts[j], pipe)
        values = [c.text for c in cells]
        j += 1
        if [v.lower() for v in values] == names[:len(values)] or _same_header(values, columns):
            continue  # header repeated at the top of a new page
        filled = [k for k, v in enumerate(values) if v]
        if not filled:
            continue
        sec_cols = [k for k in filled if columns.get(k) == "section"]
        if sec_cols:
            section = (join_cells([cells[sec_cols[0]]]),)
        text_cols = [k for k in filled if columns.get(k) in ("text", "ref")]
        if len(filled) == 1 and not text_cols and not sec_cols and filled[0] == 0:
            section, current = (values[0],), None  # a theme row spanning the table
            continue
        has_ref = any(columns.get(k) == "ref" or (not names[k] if k < len(names) else False)
                      and phrases.looks_like_ref(values[k]) for k in filled)
        if current is not None and not has_ref and ref_column and text_cols:
            text_cols = []  # rows are numbered: an unnumbered line continues the last row
        elif current is not None and text_cols and values[text_cols[0]][:1].islower():
            text_cols = []  # a wrapped cell: "the Korean Festival"
        if not text_cols:
            if current is not None:
                for k in filled:
                    current.add(k, cells[k])
            continue
        current = _Row(r.section_path() + section)
        built.append(current)
        for k in filled:
            current.add(k, cells[k])
    for row in built:
        made = _table_row(r, row, columns, header)
        if made:
            r.rows.append(made)
    return j

def _numbered_blank_column(r, i: int, header: list[Cell], pipe: bool) -> bool:
    """Whether a column with an empty header holds row numbers ("1.", "1.1") in the
    first lines below the header."""
    blank = [k for k, c in enumerate(header) if not c.text]
    hits = 0
    for j in range(i + 1, min(i + 8, len(r.lines))):
        if table_line(r, j, pipe):
            cells = split_cells(r.lines[j], 0, pipe)
            hits += any(k < len(cells) and phrases.looks_like_ref(cells[k].text) for k in blank)
    return hits >= 2

def _resumes(r, j: int, pipe: bool) -> bool:
    """A short non-table line is a heading inside the table if table lines follow."""
    if len(r.lines[j].strip()) > 80:
        return False
    for k in range(j + 1, min(j + 4, len(r.lines))):
        if r.lines[k].strip():
            return table_line(r, k, pipe)
    return False

def _table_row(r, row: _Row, columns: dict[int, str], header: list[Cell]) -> RawRow | None:
    by_field: dict[str, list[tuple[int, list[Cell]]]] = collections.defaultdict(list)
    for col, frags in sorted(row.frags.items()):
        name = columns.get(col)
        if name is None and col >= len(header) or name is None and not header[col].text:
            name = "ref" if phrases.looks_like_ref(join_cells(frags)) else "context"
        by_field[name or "context"].append((col, frags))
    texts = [join_cells(f) for _, f in by_field.get("text", [])]
    text = ": ".join(t for t in texts if t)
    if not text:
        return None
    joined = {name: [join_cells(f) for _, f in parts if join_cells(f)] for name, parts in by_field.items()}
    all_frags = [c for frags in row.frags.values() for c in frags if c.text]
    span = r.index.span(min(c.start for c in all_frags), max(c.end for c in all_frags))
    cell_names = {"owners": "owners", "target": "targets", "milestones": "milestones",
                  "status": "status", "progress": "progress", "monitored_by": "monitored_by",
                  "context": "context", "text": "text"}
    cells = {}
    for name, parts in by_field.items():
        first = next((c for _, f in parts for c in f if c.text), None)
        if first and name in cell_names:
            cells[cell_names[name]] = r.index.span(first.start, first.end)
    refs = joined.get("ref", [])
    return RawRow(
        text=text, span=span, ref=refs[0].rstrip(".") if refs else None,
        section_path=row.section,
        milestones=tuple(m for cell in joined.get("milestones", []) for m in phrases.split_items(cell)),
        target_texts=tuple(joined.get("target", [])),
        owners_text="; ".join(joined["owners"]) if joined.get("owners") else None,
        status="; ".join(joined["status"]) if joined.get("status") else None,
        progress=" ".join(joined["progress"]) if joined.get("progress") else None,
        monitored_by_text="; ".join(joined["monitored_by"]) if joined.get("monitored_by") else None,
        context=tuple(joined.get("context", [])), cells=cells)



def _same_header(values: list[str], columns: dict[int, str]) -> bool:
    """A repeated header: every filled cell maps to the same field as the first header."""
    filled = [(k, v) for k, v in enumerate(values) if v]
    return len(filled) >= 2 and all(field_of(v) == columns.get(k) for k, v in filled)
