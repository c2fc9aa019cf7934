"""Generic reader for layouts nobody has seen: action tables with any header names, and
numbered or bulleted action lists under headings.

Tables are tab-separated lines (what ingest.decode makes of CSV, TSV, HTML, DOCX and PDF
tables) or markdown pipe tables; their header cells are mapped to fields by meaning (see
`headers.field_of`). Lists are kept only where items read like commitments: an imperative
("Deliver", "Work with", "Reducing") or "We will ..." (see `_generic_phrases`). Headings above them
(markdown '#' or short title-like lines) become the section path.
"""
from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field

from ..rows import LineIndex, RawRow
from . import _generic_aims as aims
from . import _generic_blocks as blocks
from . import _generic_phrases as phrases
from . import _generic_rowshapes as rowshapes
from ._generic_headers import field_of, flattened_header, header_map

NAME = "generic"

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Lines repeated this often are running headers/footers, never section headings.
_FURNITURE_REPEATS = 3
_MAX_CONTINUATION_LINES = 10
_MAX_SPACE_ITEM_LINES = 2
_SPACE_RUN_GAP = 3
# "Delivering the Strategy ....... 31": a table-of-contents line, not an action.
# Boxed asides whose titles would otherwise become the section of the rows after them.
# Matched with spaces removed: OCR splits words ("Case Stud y").
_ASIDE = re.compile(r"^(?:casestud(?:y|ies)|spotlight|didyouknow|example|infocus)", re.I)
_CONTENTS_ENTRY = re.compile(r"^[^.;:]{3,80}?(?:\s|\.{2,}\s*)\d{1,3}$")


@dataclass
class _Cell:
    text: str
    start: int
    end: int


@dataclass
class _Row:
    """A table row being built: fragments per column, joined when the row is done."""

    section: tuple[str, ...]
    frags: dict[int, list[_Cell]] = field(default_factory=dict)

    def add(self, col: int, cell: _Cell):
        self.frags.setdefault(col, []).append(cell)


def _split_cells(line: str, offset: int, pipe: bool) -> list[_Cell]:
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
        cells.append(_Cell(stripped, start, start + len(stripped)))
        pos += len(part) + 1
    return cells


def _join(frags: list[_Cell]) -> str:
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


class _Reader:
    def __init__(self, text: str, source: str):
        self.text = text
        self.source = source
        self.index = LineIndex(text)
        self.lines = text.split("\n")
        counts = collections.Counter(ln.strip() for ln in self.lines if ln.strip())
        self.furniture = {ln for ln, n in counts.items() if n >= _FURNITURE_REPEATS}
        self.md: list[tuple[int, str]] = []  # markdown heading stack (level, title)
        self.plain: str | None = None        # last title-like line after the last '#'
        self.rows: list[RawRow] = []
        # After a run-together header line, plain lines that open like an action are rows.
        self.flat = False
        self.glued_next: int | None = None  # next expected number of "1Review ..." rows
        self.ref_lines = sum(1 for ln in self.lines if blocks.ref_only(ln))

    # -- sections -----------------------------------------------------------------------
    def section_path(self) -> tuple[str, ...]:
        path = tuple(title for _, title in self.md)
        return path + ((self.plain,) if self.plain else ())

    def _markdown_heading(self, level: int, title: str):
        self.md = [(lv, t) for lv, t in self.md if lv < level] + [(level, title)]
        self.plain = None

    def _title_like(self, i: int) -> bool:
        line = self.lines[i].strip()
        if phrases.labelled_heading(line) and line not in self.furniture:
            return True
        if not (3 <= len(line) <= 80) or line in self.furniture:
            return False
        if line[-1] in ".,;!?" or not (line[0].isupper() or line[0].isdigit()):
            return False
        if "|" in line or re.search(r"www\.|\.gov|\.uk\b|\s\d{1,3}$|[a-z]\d{1,3}(?:[A-Z]|$)", line):
            return False  # running header/footer or a contents entry with its page number
        if _ASIDE.match(re.sub(r"\s+", "", line)):
            return False  # a boxed aside ("Case study: ...") is no section of the plan
        words = line.split()
        if len(words) > 10 or sum(ch.isalpha() for ch in line) < 0.6 * len(line):
            return False
        if phrases.reads_like_commitment(phrases.strip_number(line)):
            return False
        prev_blank = i == 0 or not self.lines[i - 1].strip()
        next_blank = i + 1 >= len(self.lines) or not self.lines[i + 1].strip()
        long_words = [w for w in words if len(w) > 3]
        capitalised = sum(w[0].isupper() for w in long_words) >= 0.6 * max(len(long_words), 1)
        return (prev_blank and next_blank) or line.isupper() or (capitalised and prev_blank)

    title_like = _title_like

    # -- tables ---------------------------------------------------------------------------
    def _table_line(self, i: int, pipe: bool) -> bool:
        line = self.lines[i]
        if pipe:
            return line.strip().startswith("|") and line.count("|") >= 2
        return "\t" in line

    def _table(self, i: int) -> int | None:
        """Read the table whose header is line i; the index after it, or None."""
        line = self.lines[i]
        pipe = line.strip().startswith("|") and line.count("|") >= 3
        if not pipe and "\t" not in line:
            return None
        header = _split_cells(line, self.index.starts[i], pipe)
        columns = header_map([c.text for c in header])
        if columns is None:
            return None
        names = [c.text.lower() for c in header]
        ref_column = "ref" in columns.values() or self._numbered_blank_column(i, header, pipe)
        j, section, current = i + 1, (), None
        built: list[_Row] = []
        while j < len(self.lines):
            raw = self.lines[j]
            if not raw.strip() or (pipe and _PIPE_SEPARATOR.match(raw)):
                j += 1
                continue
            if not self._table_line(j, pipe):
                if _MD_HEADING.match(raw.strip()) or not self._resumes(j, pipe):
                    break
                section = (raw.strip(),)  # a short heading between blocks of the same table
                j += 1
                current = None
                continue
            cells = _split_cells(raw, self.index.starts[j], pipe)
            values = [c.text for c in cells]
            j += 1
            if [v.lower() for v in values] == names[:len(values)] or _same_header(values, columns):
                continue  # header repeated at the top of a new page
            filled = [k for k, v in enumerate(values) if v]
            if not filled:
                continue
            sec_cols = [k for k in filled if columns.get(k) == "section"]
            if sec_cols:
                section = (_join([cells[sec_cols[0]]]),)
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
            current = _Row(self.section_path() + section)
            built.append(current)
            for k in filled:
                current.add(k, cells[k])
        for row in built:
            made = self._table_row(row, columns, header)
            if made:
                self.rows.append(made)
        return j

    def _numbered_blank_column(self, i: int, header: list[_Cell], pipe: bool) -> bool:
        """Whether a column with an empty header holds row numbers ("1.", "1.1") in the
        first lines below the header."""
        blank = [k for k, c in enumerate(header) if not c.text]
        hits = 0
        for j in range(i + 1, min(i + 8, len(self.lines))):
            if self._table_line(j, pipe):
                cells = _split_cells(self.lines[j], 0, pipe)
                hits += any(k < len(cells) and phrases.looks_like_ref(cells[k].text) for k in blank)
        return hits >= 2

    def _resumes(self, j: int, pipe: bool) -> bool:
        """A short non-table line is a heading inside the table if table lines follow."""
        if len(self.lines[j].strip()) > 80:
            return False
        for k in range(j + 1, min(j + 4, len(self.lines))):
            if self.lines[k].strip():
                return self._table_line(k, pipe)
        return False

    def _table_row(self, row: _Row, columns: dict[int, str], header: list[_Cell]) -> RawRow | None:
        by_field: dict[str, list[tuple[int, list[_Cell]]]] = collections.defaultdict(list)
        for col, frags in sorted(row.frags.items()):
            name = columns.get(col)
            if name is None and col >= len(header) or name is None and not header[col].text:
                name = "ref" if phrases.looks_like_ref(_join(frags)) else "context"
            by_field[name or "context"].append((col, frags))
        texts = [_join(f) for _, f in by_field.get("text", [])]
        text = ": ".join(t for t in texts if t)
        if not text:
            return None
        joined = {name: [_join(f) for _, f in parts if _join(f)] for name, parts in by_field.items()}
        all_frags = [c for frags in row.frags.values() for c in frags if c.text]
        span = self.index.span(min(c.start for c in all_frags), max(c.end for c in all_frags))
        cell_names = {"owners": "owners", "target": "targets", "milestones": "milestones",
                      "status": "status", "progress": "progress", "monitored_by": "monitored_by",
                      "context": "context", "text": "text"}
        cells = {}
        for name, parts in by_field.items():
            first = next((c for _, f in parts for c in f if c.text), None)
            if first and name in cell_names:
                cells[cell_names[name]] = self.index.span(first.start, first.end)
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

    # -- lists ----------------------------------------------------------------------------
    def _item(self, i: int) -> int | None:
        """Read the list item at line i if it reads like a commitment; the next index."""
        item = phrases.list_item(self.lines[i])
        space_item = item is None and self._space_run(i)
        if space_item:
            item = (None, blocks.space_bullet(self.lines[i]))
        if item is None and self.flat and self.lines[i].strip()[:1].isupper():
            item = (None, len(self.lines[i]) - len(self.lines[i].lstrip()))
        if item is None:
            return None
        ref, body_at = item
        start = self.index.starts[i] + body_at
        end = self.index.starts[i] + len(self.lines[i].rstrip())
        parts = [_Cell(self.lines[i][body_at:].strip(), start, end)]
        j = i + 1
        # An item without its bullet glyph is only trusted when short (a list, not prose).
        limit = _MAX_SPACE_ITEM_LINES if space_item else _MAX_CONTINUATION_LINES
        while j < len(self.lines) and j - i <= limit:
            nxt = self.lines[j]
            s = nxt.strip()
            if (not s or phrases.list_item(nxt) or "\t" in nxt or s.startswith(("#", "|"))
                    or s in self.furniture or blocks.space_bullet(nxt) is not None
                    or blocks.ref_only(nxt)):
                break
            if parts[-1].text.rstrip().endswith((".", ":", "!", "?")) and self._title_like(j):
                break
            if phrases.labelled_heading(s):
                break
            if (self.flat and s[:1].isupper() and phrases.reads_like_commitment(s)
                    and not phrases.ends_mid_sentence(parts[-1].text)):
                break
            lead = len(nxt) - len(nxt.lstrip())
            parts.append(_Cell(s, self.index.starts[j] + lead, self.index.starts[j] + len(nxt.rstrip())))
            j += 1
        text = blocks.strip_glued_heading(_join(parts))
        if not (phrases.reads_like_commitment(text) or self._next_sibling(ref)):
            return None
        if _CONTENTS_ENTRY.search(text) or (ref is None and aims.LABEL_AIM.match(text)):
            return None
        milestones: list[str] = []
        if text.endswith(":"):
            # "Establish a retrofit programme:" followed by its steps as sub-bullets.
            while j < len(self.lines):
                sub = phrases.list_item(self.lines[j]) if self.lines[j].strip() else None
                if sub is None or sub[0]:
                    break
                milestones.append(self.lines[j][sub[1]:].strip())
                end_sub = self.index.starts[j] + len(self.lines[j].rstrip())
                parts.append(_Cell(milestones[-1], end_sub - len(milestones[-1]), end_sub))
                j += 1
        text, targets = phrases.trailing_target(text)
        text = re.sub(r"\s+", " ", text)  # PDF extraction pads words with runs of spaces/tabs
        span = self.index.span(parts[0].start, parts[-1].end)
        self.rows.append(RawRow(text=text, span=span, ref=ref, section_path=self.section_path(),
                                milestones=tuple(milestones), target_texts=targets,
                                cells={"text": self.index.span(parts[0].start, parts[0].end)}))
        return j

    def _space_run(self, i: int) -> bool:
        """An indented commitment-like line whose bullet glyph was lost, with another one
        within a few lines: a list of at least two items, never one indented paragraph."""
        if blocks.space_bullet(self.lines[i]) is None:
            return False
        near = range(max(0, i - _SPACE_RUN_GAP), min(len(self.lines), i + _SPACE_RUN_GAP + 1))
        return any(k != i and blocks.space_bullet(self.lines[k]) is not None for k in near)

    def _next_sibling(self, ref: str | None) -> bool:
        """Whether `ref` ("6.1.2") follows the last row's ref ("6.1.1"): a numbered action
        table keeps rows that do not open with a verb ("With a grant obtained ...")."""
        last = self.rows[-1].ref if self.rows else None
        if not ref or not last or "." not in ref or "." not in last:
            return False
        parent, _, child = ref.rpartition(".")
        last_parent, _, last_child = last.rpartition(".")
        return (parent == last_parent and child.isdigit() and last_child.isdigit()
                and int(child) == int(last_child) + 1)

    def run(self) -> list[RawRow]:
        i = 0
        while i < len(self.lines):
            stripped = self.lines[i].strip()
            heading = _MD_HEADING.match(stripped)
            if heading:
                self._markdown_heading(len(heading.group(1)), heading.group(2).strip("*_ "))
                self.flat = False
                i += 1
                continue
            if not stripped:
                i += 1
                continue
            nxt = self._table(i)
            if not nxt and "|" not in stripped and flattened_header(stripped):
                self.flat = True
                i += 1
                continue
            nxt = (nxt or rowshapes.glued_row(self, i) or rowshapes.ref_line_row(self, i)
                   or rowshapes.word_tab_row(self, i) or self._item(i))
            if nxt:
                i = nxt
                continue
            if self._title_like(i):
                self.plain = phrases.clean_heading(stripped)
                # a numbered heading also sits between the rows of one flattened table
                self.flat = self.flat and phrases.labelled_heading(stripped)
                follow = self.lines[i + 1].strip() if i + 1 < len(self.lines) else ""
                if phrases.labelled_heading(stripped) and follow[:1].islower():
                    self.plain += " " + phrases.clean_heading(follow)  # a heading wrapped over two lines
                    i += 1
            i += 1
        return self.rows


def _same_header(values: list[str], columns: dict[int, str]) -> bool:
    """A repeated header: every filled cell maps to the same field as the first header."""
    filled = [(k, v) for k, v in enumerate(values) if v]
    return len(filled) >= 2 and all(field_of(v) == columns.get(k) for k, v in filled)


def read(text: str, source: str) -> list[RawRow]:
    """Rows of every action table and commitment list in `text`, in document order."""
    return aims.drop_aim_lists(_Reader(text, source).run())


def looks_like(text: str) -> float:
    """A modest score: the generic reader fits anything with actions, but specific layouts
    that recognise their own shape should win."""
    rows = read(text[:200_000], "probe")
    return 0.0 if not rows else min(0.4, 0.1 + 0.02 * len(rows))
