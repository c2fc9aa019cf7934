"""Bullets that state aims or outcomes rather than actions, in prose strategies.

A strategy often lists what it hopes to achieve ("Increasing tree cover;", "Improve mental
health – directly from addressing anxiety ...") next to what the council will do. SCHEMA.md
counts only action rows as commitments, so these lists must not become rows. Both tests
are about shape: a run of -ing phrases, or a short label glossed after a dash.
"""
from __future__ import annotations

import re

from ..rows import RawRow

# "Improve mental health – directly from ...": a short label and its gloss, an aim or a
# benefit listed in a strategy, not an action (actions run on before any dash).
LABEL_AIM = re.compile(r"^(?:\S+\s+){1,4}\S+\s+[–—-]\s")
# This many -ing bullets in a row are a list of aims or outcomes, not actions.
_AIM_RUN = 3


def drop_aim_lists(rows: list[RawRow]) -> list[RawRow]:
    """Drop runs of bullets that all open with an -ing form ("Increasing tree cover;",
    "Reducing certain waste streams;", "Enhancing biodiversity."): such runs state outcomes
    or aims, while action lists are written in the imperative. A lone -ing item among
    imperatives ("Switching all council owned vehicles ...") stays."""
    def plain_bullet(row: RawRow) -> bool:
        return row.ref is None and not row.target_texts and set(row.cells) == {"text"}

    def ing(row: RawRow) -> bool:
        first = row.text.split()[0].lower() if row.text.split() else ""
        return first.endswith("ing") and not row.text.lower().startswith("continuing to")

    keep, run = [], []

    def flush():
        if len(run) < _AIM_RUN:
            keep.extend(run)
        run.clear()

    for row in rows:
        if plain_bullet(row) and ing(row):
            if run and row.span.line_start - run[-1].span.line_end > 3:
                flush()
            run.append(row)
            continue
        flush()
        keep.append(row)
    flush()
    return keep
