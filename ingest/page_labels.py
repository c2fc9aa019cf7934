"""Page labels that PDF extraction runs into a row: "... estate and operations. P a g e | 9",
"Carbon P a g e | 22 Management", "... can be achieved. Page 13 of 31".

A plan prints its page label on every page, with a changing number, so the label is never
one repeated line the readers can skip as furniture; where a table row runs over a page
break, the label lands inside the row's cells. In a document that prints at least
MIN_LABELS of them, a label is removed from what a row says, unless prose points at it
("see point III, Page 5").
"""
from __future__ import annotations

import re
from dataclasses import replace

from .rows import RawRow

MIN_LABELS = 3
# "Page 4", "PAGE 4", "Page | 4", "P a g e  | 4" (letters spaced by extraction), "Page 4 of 31"
# (Spaces are bounded: an unbounded run before the label would make a line of spaces quadratic.)
_LABEL = re.compile(r"(?<!\w)[ \t]{0,12}(?:P ?a ?g ?e|PAGE)[ \t]{0,12}\|?[ \t]{0,12}\d{1,3}"
                    r"(?:[ \t]{1,12}of[ \t]{1,12}\d{1,3})?\b")
_POINTED_AT = re.compile(r"(?:,|\b(?:see|on|at|in|to|from|of))\s*$", re.IGNORECASE)


def prints_page_labels(document: str) -> bool:
    return len(_LABEL.findall(document)) >= MIN_LABELS


def strip_labels(piece: str) -> str:
    """`piece` without the page labels in it, the words either side joined by one space."""
    def cut(m: re.Match) -> str:
        if _POINTED_AT.search(piece[max(0, m.start() - 20):m.start()]):  # "see point III, Page 5"
            return m.group(0)
        return " "
    return re.sub(r"  +", " ", _LABEL.sub(cut, piece)).strip() if _LABEL.search(piece) else piece


def without_page_labels(row: RawRow) -> RawRow:
    """The row with page labels removed from its text and the cells a reader sees."""
    def opt(value: str | None) -> str | None:
        return strip_labels(value) or None if value else value
    return replace(row, text=strip_labels(row.text), owners_text=opt(row.owners_text),
                   progress=opt(row.progress), status=opt(row.status),
                   milestones=tuple(strip_labels(m) for m in row.milestones),
                   context=tuple(strip_labels(c) for c in row.context))
