"""Row shapes of flattened PDF tables that the line-by-line list reader misses.

PDF text extraction loses table geometry in a few recurring ways (measured on the real
climate plans in ../shared/corpus/climate-plans, see docs/layouts.md):

- the row number is glued to the action ("1Review of standard ...", "12Ensure ...") and
  the other cells are glued to its end ("...the Capital PlanCarbon impact is ...",
  "...outcomesSep-20Finance 1");
- the row number stands alone on its line ("1.1", "E1") with the action on the lines below
  and a repeated objective/partner column after it;
- bullets lost in extraction, leaving items indented by a space or two;
- a "Ref Activity Lead Timescale" table whose words are separated by tabs, so the tab
  that would separate cells is no longer special.

Each helper recognises one shape from the shape alone (numbers, capitals, indentation,
tab counts), never from a council's wording.
"""
from __future__ import annotations

import re

from . import _generic_phrases as phrases
from ._generic_tables import Cell

# "12Ensure the ...": a row number glued to a capitalised word.
_GLUED_NUMBER = re.compile(r"^\s*(\d{1,3})(?=[A-Z][a-z])")
# Where one cell's text runs into the next without a space: "PlanCarbon", "complete.Provision".
_GLUE = re.compile(r"(?<=[a-z)\].,;:%?])(?=[A-Z][a-z])")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A deadline cell followed by the owner cell at the end of a glued row: "Sep-20Finance 1",
# "Ongoing to 2030 Climate Change Team 2", "Apr 2025 and ongoing Finance 3".
_GLUED_TAIL = re.compile(
    rf"(?P<t>(?:{_MONTH}[- ]?'?\d{{2,4}}|on-?going|annual(?:ly)?|(?:19|20)\d\d(?:/\d\d)?)"
    rf"(?:\s*(?:and on-?going|to (?:{_MONTH}[- ])?(?:19|20)\d\d))?)"
    r"\s*(?P<o>[A-Z][A-Za-z&/,' -]{2,60}?)?[\s\d*&]*$", re.IGNORECASE)
# A line that is only a row reference: "1.1", "2.14", "E1", "T3.2", "A.1".
_REF_ONLY = re.compile(r"^\s*(?:[A-Z]{1,3}[.-]?\d{1,2}(?:\.\d{1,2})?|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\s*$")
# A row reference PDF extraction ran onto the end of the cell before it: "... impacts of
# climate / change1.7" (Kingston's draft Climate Action Plan, 2022: the key-objective cell
# of row 1.6, then row 1.7).
# (Trailing blanks are bounded: an unbounded run after each candidate would make a line of
# "x1.1 x1.1 ..." and spaces quadratic.)
_GLUED_REF = re.compile(r"(?<=[A-Za-z)])\d{1,2}(?:\.\d{1,2}){1,2}[ \t]{0,12}$")
# ...or onto the page label's total before it: "Page / 29 / | / 445.21" is page 29 of 44,
# then row 5.21 (Kingston Climate Action Plan 2022).
_NUMBER_THEN_REF = re.compile(r"^\s*(\d{2,5})\.(\d{1,2})\s*$")
# An item whose bullet glyph was lost: indented by spaces (never a tab) before a capital.
_SPACE_INDENT = re.compile(r"^ {1,4}(?=[A-Z])")
# A section heading glued to the end of the last item: "...fleet.3.3 WASTE AND THE ...".
_GLUED_HEADING = re.compile(r"(?<=[.;])\s*\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][A-Z ,&'-]{4,}$")


def glued_number(line: str) -> tuple[int, int] | None:
    """(number, offset of the text) when `line` opens with a number glued to a word."""
    m = _GLUED_NUMBER.match(line)
    return (int(m.group(1)), m.end()) if m else None


def first_glue(text: str) -> int | None:
    """Offset where the first cell ends and the next begins without a space, if any."""
    m = _GLUE.search(text)
    return m.start() if m else None


def glued_tail(text: str) -> tuple[str | None, str | None]:
    """(deadline, owner) from the end of a glued row, e.g. "...Mar-21Finance 1"."""
    m = _GLUED_TAIL.search(text[-160:])
    if not m:
        return None, None
    owner = (m.group("o") or "").strip(" ,&/-") or None
    return m.group("t").strip(), owner


def ref_only(line: str) -> str | None:
    """The reference when a line holds nothing but a row reference ("1.1", "E1")."""
    return line.strip() if _REF_ONLY.match(line) else None


def glued_refs(line: str) -> list[tuple[str, int]]:
    """(reference, its offset) for each dotted row reference `line` may end in, glued to a
    word ("change1.7") or to a page number ("445.21": 5.21 or 45.21); only one that
    `follows` the row before is a reference."""
    m = _GLUED_REF.search(line)
    if m:
        return [(m.group(0).strip(), m.start())]
    m = _NUMBER_THEN_REF.match(line)
    if not m:
        return []
    digits, start = m.group(1), m.start(1)
    return [(f"{digits[-k:]}.{m.group(2)}", start + len(digits) - k) for k in (1, 2) if len(digits) > k]


def follows(ref: str | None, last: str | None) -> bool:
    """Whether `ref` ("6.1.2") is the sibling numbered right after `last` ("6.1.1")."""
    if not ref or not last or "." not in ref or "." not in last:
        return False
    parent, _, child = ref.rpartition(".")
    last_parent, _, last_child = last.rpartition(".")
    return (parent == last_parent and child.isdigit() and last_child.isdigit()
            and int(child) == int(last_child) + 1)


def space_bullet(line: str) -> int | None:
    """Offset of the text when an indented line reads like a commitment whose bullet
    glyph was lost in extraction ("  Install rapid electric car charging points ...")."""
    m = _SPACE_INDENT.match(line)
    if m and phrases.reads_like_commitment(line[m.end():]):
        return m.end()
    return None


def strip_glued_heading(text: str) -> str:
    """"...eco-friendly fleet.3.3 WASTE AND THE WIDER ENVIRONMENT" -> "...eco-friendly fleet."."""
    return _GLUED_HEADING.sub("", text)


# A bullet inside a line, before what reads like another item: spaces, a bullet, spaces.
_INLINE_BULLET = re.compile(r"\s[•●▪]\s+(?=[A-Z])")


def split_inline_bullets(parts: list[Cell]) -> list[list[Cell]]:
    """The fragments of one list item, split where a bullet inside a line starts another
    item that reads like a commitment (two columns of a list that extraction put on one
    line); one group when there is none."""
    groups: list[list[Cell]] = [[]]
    for cell in parts:
        at = 0
        for m in _INLINE_BULLET.finditer(cell.text):
            rest = cell.text[m.end():]
            if not phrases.reads_like_commitment(rest) or not cell.text[at:m.start()].strip():
                continue
            groups[-1].append(Cell(cell.text[at:m.start()].rstrip(), cell.start + at, cell.start + m.start()))
            groups.append([])
            at = m.end()
        groups[-1].append(Cell(cell.text[at:], cell.start + at, cell.end))
    return groups


# -- tabs used as word spacing -------------------------------------------------------------
_CELL_BREAK = re.compile(r"\t[\t ]+")


def word_tabbed(line: str) -> bool:
    """Whether tabs in `line` separate words rather than cells: many tabs, and most pieces
    between them single words (a PDF extractor's spacing, not a table)."""
    pieces = [p for p in line.split("\t") if p.strip()]
    if line.count("\t") < 4 or len(pieces) < 4:
        return False
    single = sum(1 for p in pieces if len(p.split()) == 1)
    return single >= 0.7 * len(pieces)


def word_tab_cells(line: str) -> list[tuple[int, int, str]]:
    """(tab depth, offset, text) of each cell of a word-tabbed line; a cell break is a tab
    followed by a space or another tab, a single tab is a space inside the cell."""
    cells, pos = [], 0
    for m in list(_CELL_BREAK.finditer(line)) + [None]:
        end = m.start() if m else len(line)
        piece = line[pos:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip("\t "))
            cells.append((line[:pos + lead].count("\t"), pos + lead,
                          " ".join(piece.replace("\t", " ").split())))
        if m is None:
            break
        pos = m.end()
    return cells
