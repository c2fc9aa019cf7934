"""The words of an answer: a one-line summary, then one short sentence per commitment.

An officer pastes these into a briefing, so each sentence names the plan by its title and
year (not its file name or export id; those stay in the JSON), the section and line, and a
short quote in the plan's own words, cut at a word boundary. Lines are separated by "\n";
the web page shows each as a paragraph.
"""
from __future__ import annotations

import re

from ontology.authorities import place_of

QUOTE_WORDS = 25     # words of a quote in the answer text (the JSON keeps the whole quote)
SECTION_WORDS = 8    # words of a section heading (peer-review recommendations are paragraphs)
MAX_POINTS = 4       # commitments named in the answer text, one sentence each


def short_quote(text: str, words: int = QUOTE_WORDS) -> str:
    """The first `words` words of `text`, with "…" when cut."""
    ws = text.split()
    if len(ws) <= words:
        return " ".join(ws)
    return " ".join(ws[:words]).rstrip(",;:—-") + "…"


def plan_name(plan, with_council: bool = False) -> str:
    """A plan's title, with its period unless the title already says it
    ("Delivery Plan 2023/24", "Corporate Peer Challenge Action Plan (2025-2028)"), and
    `with_council`, led by its council unless the title names it ("Moray Council: Action
    Plan 2020/21"; in a store of many councils "Action Plan" alone says nothing)."""
    if plan is None:
        return "an unnamed plan"
    doc = plan.document
    title = (doc.title or doc.name).strip()
    period = (doc.period or "").strip()
    if period and not any(y in title for y in re.findall(r"\d{4}", period)):
        title = f"{title} ({period})"
    if with_council and doc.publisher and not _names_place(title, place_of(doc.publisher)):
        title = f"{doc.publisher}: {title}"
    return title


# Words that do not tell one place from another: "Newcastle upon Tyne", "East Riding".
_PLACE_FILLER = frozenset("upon on of the and east west north south city county".split())


def _names_place(title: str, place: str) -> bool:
    """Does the title name the council's place ("Lewisham Climate Emergency ... Plan")?"""
    words = set(re.findall(r"[^\W\d_]+", title.casefold()))
    return any(w in words for w in re.findall(r"[^\W\d_]+", place.casefold())
               if w not in _PLACE_FILLER)


def plan_label(gen, document: str) -> str:
    """The plan `document` as a reader of this store names it (`plan_name`): with its
    council when the store holds the plans of several councils."""
    plan = gen.documents.get(document)
    return plan_name(plan, gen.several_councils) if plan else document


def where(c, gen) -> str:
    """'Delivery Plan 2025/26, section 'Energy and carbon reduction', line 12': the innermost
    heading only, shortened, since the JSON carries the whole section path."""
    parts = [plan_label(gen, c.document)]
    if c.section:
        parts.append(f"section '{short_quote(c.section[-1], SECTION_WORDS)}'")
    if c.line_start:
        parts.append(line_range(c.line_start, c.line_end))
    return ", ".join(parts)


def line_range(start: int | None, end: int | None) -> str:
    """'line 12' or 'lines 12-14'."""
    return f"line {start}" if start == end or not end else f"lines {start}-{end}"


def point(c, gen, lead: str = "") -> str:
    """One commitment as a sentence: '<lead>: "quote" (plan, section, line).'"""
    body = f"“{short_quote(c.quote or c.text)}” ({where(c, gen)})."
    return f"{lead}: {body}" if lead else body


def entity_phrase(label: str, kind: str | None) -> str:
    """How a linking entity reads in a sentence: named funds, programmes and partners with
    "the" ("the Social Housing Decarbonisation Fund"), places as named ("Acre Road"), people
    as the owner they are, the rest by kind ("the theme 'Housing'")."""
    label = short_quote(" ".join(label.split()), SECTION_WORDS)
    if kind == "lineage":
        return "a commitment carried from plan to plan"
    if kind in ("theme", "indicator", "unit", "post"):
        return f"the {kind} '{label}'"
    if kind == "person":
        return f"{label} (named owner)"
    if kind == "place" or re.match(r"(?i)the\s", label):
        return label
    return f"the {label}" if label[:1].isupper() else f"'{label}'"


def join_and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def capitalised(s: str) -> str:
    return s[:1].upper() + s[1:]


def link_text(x: str, y: str, linking: list[str], points: list[str]) -> str:
    """'X and Y meet in A and B.' then the points, one a line."""
    ends = f"{capitalised(x)} and {y}"
    if linking:
        lead = f"{ends} meet in {join_and(linking)}."
    elif points:
        lead = f"{ends} meet in commitments that speak to both."
    else:
        return f"Nothing in the plans links {x} and {y}."
    return "\n".join([lead, *points[:MAX_POINTS]])


def list_text(lead: str, points: list[str]) -> str:
    return "\n".join([lead, *points[:MAX_POINTS]])
