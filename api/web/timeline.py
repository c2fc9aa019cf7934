"""The lineage timeline picture: a commitment's versions across plans on a time axis.

Layout only (numbers and labels); `templates/_timeline.html` draws it as inline SVG. The
versions come from the build's lineage links (issue 4: `continues` = the same commitment
carried forward, `related` = the same thread); each `continues` link carries the change
types of ontology.records.CHANGE_TYPES, drawn as marks on the link between two plans.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from graph.changes import change_report
from graph.lineage import chain
from ontology.records import Commitment, ExtractedPlan, LineageLink

# A letter and a colour per change type; slips are red because they are what a strategist
# looks for first. Colours pass WCAG AA contrast with white text.
MARKS: dict[str, tuple[str, str, str]] = {
    "reworded": ("W", "#1f4e79", "wording changed"),
    "owner_changed": ("O", "#6a1b9a", "owner changed"),
    "deadline_slipped": ("!", "#b00020", "deadline slipped"),
    "deadline_moved": ("D", "#8a4b00", "deadline moved"),
    "status_changed": ("S", "#2e5e1e", "status changed"),
    "milestones_added": ("+", "#00576b", "milestones added"),
    "milestones_dropped": ("−", "#5d4037", "milestones dropped"),
    "merged": ("M", "#37474f", "merged with another commitment"),
}

LEFT, RIGHT, TOP, ROW, AXIS_GAP = 90, 90, 40, 64, 40


@dataclass(frozen=True)
class TLNode:
    cid: str
    x: float
    y: float
    year: int | None
    document: str
    label: str
    current: bool
    main: bool

    @property
    def short(self) -> str:
        """A few words to write beside the circle (the full text is in its tooltip)."""
        return self.label if len(self.label) <= 24 else self.label[:23].rstrip() + "…"


@dataclass(frozen=True)
class TLEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    relation: str
    score: float
    marks: tuple[tuple[float, float, str, str, str], ...] = ()  # (x, y, letter, colour, title)
    note: str = ""  # how far the deadline moved, written under the marks


@dataclass
class Timeline:
    width: int
    height: int
    axis_y: float
    ticks: list[tuple[float, str]] = field(default_factory=list)
    nodes: list[TLNode] = field(default_factory=list)
    edges: list[TLEdge] = field(default_factory=list)
    links: list[LineageLink] = field(default_factory=list)

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        used = {m[4] for e in self.edges for m in e.marks}
        return [m for m in MARKS.values() if m[2] in used]


def lineage_component(cid: str, links: Sequence[LineageLink]) -> tuple[set[str], list[LineageLink]]:
    """Every version linked to `cid` through `continues` links, and the `related` links touching them."""
    seen, _ = chain(cid, links)
    return seen, [l for l in links if l.from_id in seen or l.to_id in seen]


def build_timeline(cid: str, commitments: Mapping[str, Commitment],
                   documents: Mapping[str, ExtractedPlan], links: Sequence[LineageLink],
                   width: int = 900, max_related: int = 4) -> Timeline:
    """Lay out the versions of `cid` (main row) and related commitments (rows below) by plan year."""
    main, touching = lineage_component(cid, links)
    # The strongest few related commitments only: a busy thread would bury the picture.
    related_links = sorted((l for l in touching if l.relation != "continues"), key=lambda l: -l.score)
    related = set()
    for l in related_links:
        related |= {l.from_id, l.to_id} - main
        if len(related) >= max_related:
            break
    touching = [l for l in touching if {l.from_id, l.to_id} <= (main | related)]
    ids = [i for i in main | related if i in commitments]

    def year(i: str) -> int | None:
        return documents[commitments[i].document].document.period_start

    # The axis shows every plan in the store, not only those with a version, so a year in
    # which the commitment is absent shows as a gap. Plans are evenly spaced (a 2008 plan
    # would otherwise squeeze 2019-2026 into a corner); plans without a year go at the end.
    years = sorted({p.document.period_start for p in documents.values() if p.document.period_start is not None})
    docs_without_year = sorted({commitments[i].document for i in ids if year(i) is None})
    slots: list[tuple[str, object]] = [("year", y) for y in years] + [("doc", d) for d in docs_without_year]
    span = max(len(slots) - 1, 1)
    inner = width - LEFT - RIGHT
    xpos = {s: LEFT + (inner * k / span if len(slots) > 1 else inner / 2) for k, s in enumerate(slots)}

    def x_of(i: str) -> float:
        y = year(i)
        return xpos[("year", y)] if y is not None else xpos[("doc", commitments[i].document)]

    rows: dict[float, int] = defaultdict(int)  # column x -> rows used, so stacked versions don't overlap
    nodes: dict[str, TLNode] = {}
    for group in (sorted(i for i in ids if i in main), sorted(i for i in ids if i in related)):
        for i in group:
            x = x_of(i)
            r = rows[x]
            rows[x] += 1
            c = commitments[i]
            label = c.text if len(c.text) <= 60 else c.text[:57].rstrip() + "…"
            nodes[i] = TLNode(i, x, TOP + r * ROW, year(i), c.document, label, i == cid, i in main)
    n_rows = max(rows.values(), default=1)
    axis_y = TOP + (n_rows - 1) * ROW + AXIS_GAP
    edges = []
    for l in touching:
        a, b = nodes.get(l.from_id), nodes.get(l.to_id)
        if not a or not b:
            continue
        marks = []
        kinds = [ch for ch in l.changes if ch in MARKS] if l.relation == "continues" else []
        mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
        for k, ch in enumerate(kinds):
            letter, colour, title = MARKS[ch]
            marks.append((mx + (k - (len(kinds) - 1) / 2) * 22, my - 14, letter, colour, title))
        note = ""
        if {"deadline_moved", "deadline_slipped"} & set(kinds):
            months = change_report(commitments[l.from_id], commitments[l.to_id]).slip_months
            note = f"deadline {'+' if months > 0 else '−'}{abs(months)} months" if months else ""
        edges.append(TLEdge(a.x, a.y, b.x, b.y, l.relation, l.score, tuple(marks), note))
    ticks = [(xpos[s], str(s[1]) if s[0] == "year" else str(s[1])[:12]) for s in slots]
    return Timeline(width, int(axis_y + 30), axis_y, ticks, sorted(nodes.values(), key=lambda n: (n.x, n.y)),
                    edges, sorted(touching, key=lambda l: (l.relation, _x(nodes, l.from_id),
                                                           _x(nodes, l.to_id), l.from_id)))


def _x(nodes: Mapping[str, TLNode], cid: str) -> float:
    """A version's place on the time axis (links are listed in year order)."""
    return nodes[cid].x if cid in nodes else float("inf")
