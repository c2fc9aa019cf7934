"""Quotes: the source words of a commitment, cut from its plan's decoded text by span."""
from __future__ import annotations

from ontology.records import Commitment, ExtractedPlan

MAX_QUOTE = 600


def quote(c: Commitment, plan: ExtractedPlan | None, limit: int = MAX_QUOTE) -> str:
    """The commitment's source text as written (whitespace folded), or its text if no span."""
    if plan is None or c.span is None or not plan.text:
        raw = c.text
    else:
        raw = plan.text[c.span.start:c.span.end]
    raw = " ".join(raw.split())
    return raw if len(raw) <= limit else raw[: limit - 1].rsplit(" ", 1)[0] + "…"


def location(c: Commitment) -> dict:
    """Where the quote sits: document, section, lines, characters."""
    span = c.span
    return {"document": c.document, "section": list(c.section_path),
            "line_start": span.line_start if span else None,
            "line_end": span.line_end if span else None,
            "char_start": span.start if span else None, "char_end": span.end if span else None}
