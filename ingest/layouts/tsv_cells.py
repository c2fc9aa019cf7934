"""Cells of tab-separated action tables, shared by the TSV-shaped readers.

Text extracted from PDF/Word tables often comes out as one line per table row with a
tab between cells; a cell that wrapped in the source spills onto a following line that
starts with tabs, so the spill keeps its column position (seeds 002 and 004). These
helpers split lines into cells with their character offsets, name columns from header
words, and gather a row's pieces across lines so the reader can join them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ontology.records import SourceSpan

from ..rows import LineIndex

Role = Literal["section", "ref", "text", "owners", "targets", "status", "progress",
               "milestones", "monitored_by", "context"]


@dataclass(frozen=True)
class Cell:
    """One tab-separated piece of a line, as written, with offsets into the document."""

    text: str
    start: int
    end: int

    @property
    def value(self) -> str:
        return clean(self.text)


def split_cells(text: str, start: int, end: int) -> list[Cell]:
    """The tab-separated cells of text[start:end] (one line), offsets kept."""
    cells, pos = [], start
    for piece in text[start:end].split("\t"):
        cells.append(Cell(piece, pos, pos + len(piece)))
        pos += len(piece) + 1
    return cells


def lines(text: str) -> list[tuple[int, int, int]]:
    """(1-based line number, start offset, end offset) of every line."""
    out, pos = [], 0
    for n, line in enumerate(text.split("\n"), start=1):
        out.append((n, pos, pos + len(line)))
        pos += len(line) + 1
    return out


_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,40}>")
# "decision- making": a hyphenated word split at a line break inside the source cell.
_BROKEN_HYPHEN = re.compile(r"(?<=[A-Za-z])- (?=[a-z])")


def clean(s: str) -> str:
    """Cell text without stray HTML tags (seed 004 has <p>), spaces collapsed."""
    s = _TAG.sub(" ", s or "")
    s = " ".join(s.split())
    return _BROKEN_HYPHEN.sub("-", s)


def join(parts: list[str]) -> str:
    """Join a cell's pieces from consecutive lines into one string."""
    out = ""
    for p in (clean(x) for x in parts):
        if not p:
            continue
        if out.endswith("-") and out[-2:-1].isalpha() and p[:1].islower():
            out += p
        else:
            out = f"{out} {p}" if out else p
    return out


# Header words -> role. Checked in order, so "Progress Monitored By" is monitored_by before
# it could be progress, and "Comments/Milestones" is progress (seed 002's gold keeps those
# comments as progress notes, not milestones).
_HEADER_ROLES: list[tuple[Role, re.Pattern]] = [
    ("monitored_by", re.compile(r"monitor", re.I)),
    ("ref", re.compile(r"^\s*(no\.?|nos?\.|ref\.?|reference|#|item|number|id)\s*$", re.I)),
    ("section", re.compile(r"recommendation|finding|area for improvement|^\s*(theme|objective|aim|issue)s?\s*$", re.I)),
    ("context", re.compile(r"\blink|indicator|\bkpis?\b|\bpis?\b|key strateg", re.I)),
    ("owners", re.compile(r"\bowner|\blead|responsib|officer|accountab", re.I)),
    ("status", re.compile(r"\bstatus|\brag\b", re.I)),
    ("targets", re.compile(r"target|deadline|timescale|due date|by when|completion|^\s*date", re.I)),
    ("progress", re.compile(r"comment|progress|update|notes?\b", re.I)),
    ("milestones", re.compile(r"milestone|measure|output|deliverable", re.I)),
    ("text", re.compile(r"activit|action|task|commitment|what we will", re.I)),
]

# A lead cell that also carries timescales ("Lead Responsibility & Timescales", seed 004).
MIXED_TIMESCALE = re.compile(r"timescale|deadline|date|when", re.I)


def map_header(cells: list[Cell]) -> dict[int, Role]:
    """Column index -> role for a header line; each role is given to one column only."""
    roles: dict[int, Role] = {}
    for i, c in enumerate(cells):
        name = c.value
        if not name:
            continue
        for role, pat in _HEADER_ROLES:
            if pat.search(name) and role not in roles.values():
                roles[i] = role
                break
    return roles


REF = re.compile(r"^\d{1,3}[a-z]?(\.\d{1,3}[a-z]?)*\.?$")


def is_ref(s: str) -> bool:
    """A document's own row number: "1", "1.", "1.1", "21.5", "39a"."""
    return bool(REF.match(clean(s)))


_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_LIKE = re.compile(
    rf"\b{_MONTH}\s*'?\d{{2,4}}\b|\b(spring|summer|autumn|winter)\b|\b(19|20)\d\d\b|\bq[1-4]\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|^\s*" + _MONTH + r"\s*$", re.I)
STATUS_WORD = re.compile(
    r"^\s*(complete[d]?|in progress|not (yet )?started|on track|off track|on hold|delayed|"
    r"at risk|achieved|closed|open|overdue|started|under ?way|cancelled|deferred|superseded|"
    r"green|amber|red|ongoing|on-going)\s*\.?\s*$", re.I)


def looks_like_date(s: str) -> bool:
    return bool(DATE_LIKE.search(clean(s))) and not STATUS_WORD.match(clean(s))


def looks_like_status(s: str) -> bool:
    return bool(STATUS_WORD.match(clean(s)))


@dataclass
class Draft:
    """A row being gathered across lines: pieces of each role's cell, in order.

    Mutable only while one reader walks the lines; `to_fields` hands out plain values."""

    first: int
    last: int
    pieces: dict[str, list[Cell]] = field(default_factory=dict)

    def add(self, role: str, cell: Cell) -> None:
        if cell.value:
            self.pieces.setdefault(role, []).append(cell)
        self.last = max(self.last, cell.end)

    def value(self, role: str) -> str:
        return join([c.text for c in self.pieces.get(role, [])])

    def spans(self, index: LineIndex) -> dict[str, SourceSpan]:
        return {role: index.span(cs[0].start, cs[-1].end)
                for role, cs in self.pieces.items() if cs}

    def span(self, index: LineIndex) -> SourceSpan:
        return index.span(self.first, self.last)

