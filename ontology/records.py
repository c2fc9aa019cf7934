"""Frozen records passed between stages (ingest -> graph/search -> api).

A record never changes once made: stages build new ones instead, so a record read in one
place is the record written in another. Field names follow ../shared/eval/SCHEMA.md
section 1, so `Commitment.as_export()` is exactly one line of `councilkg export --format jsonl`.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal, get_args


@dataclass(frozen=True)
class SourceSpan:
    """Where a fact sits in its document's decoded text: character offsets [start, end)
    and 1-based line numbers, inclusive. Quoting `text[start:end]` gives the source words."""

    start: int
    end: int
    line_start: int
    line_end: int


@dataclass(frozen=True)
class FieldSpan:
    """The source span of one field value of a commitment (e.g. an owner or a target)."""

    field: str
    value: str
    span: SourceSpan


@dataclass(frozen=True)
class Target:
    """A target or deadline as written, with its date as YYYY, YYYY-MM or YYYY-MM-DD;
    `date` is None for 'Ongoing', 'Annual' and other open-ended targets."""

    text: str
    date: str | None = None


@dataclass(frozen=True)
class Commitment:
    """One action / activity row of a plan: what the council says it will do."""

    id: str
    document: str
    text: str
    ref: str | None = None
    section_path: tuple[str, ...] = ()
    milestones: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    owners: tuple[str, ...] = ()
    status: str | None = None
    progress: str | None = None
    monitored_by: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    span: SourceSpan | None = None
    field_spans: tuple[FieldSpan, ...] = ()

    def as_export(self) -> dict:
        """The JSON-ready dict of one exported commitment (SCHEMA.md section 1 plus provenance)."""
        return asdict(self)


@dataclass(frozen=True)
class PlanDocument:
    """A plan as a whole: its name is the file name it was read from."""

    name: str
    title: str
    period: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    publisher: str | None = None
    layout: str = "unknown"
    sha256: str = ""

    @property
    def order(self) -> tuple:
        """Plans in time order: by the year their period starts, undated plans last; in one
        year a draft before the plan adopted from it ("Draft Kingston Climate Action Plan"
        before "Climate Action Plan 2022/23"), then by name, so runs agree."""
        draft = re.search(r"\bdraft\b", self.title or "", re.I) is not None
        return (self.period_start is None, self.period_start or 0, not draft, self.name)


@dataclass(frozen=True)
class ExtractedPlan:
    """What ingest gives for one document: the plan, its commitments in document order,
    the decoded text every span points into, and warnings worth showing the user."""

    document: PlanDocument
    commitments: tuple[Commitment, ...]
    text: str = field(repr=False, default="")
    warnings: tuple[str, ...] = ()


Relation = Literal["continues", "related"]
# "disappeared": no later plan continues a commitment; "new": no earlier plan leads to it
GapKind = Literal["disappeared", "new"]

# What changed between two versions of a commitment (LineageLink.changes); each maps to a
# ck: change-type individual in council.ttl.
CHANGE_TYPES = ("reworded", "owner_changed", "deadline_moved", "deadline_slipped",
                "status_changed", "milestones_added", "milestones_dropped", "merged")


@dataclass(frozen=True)
class LineageLink:
    """A link from an earlier plan's commitment to a later one's (`from_id` is the earlier)."""

    from_id: str
    to_id: str
    relation: Relation
    score: float
    evidence: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    reviewed_by: str = ""  # who confirmed it (LinkReview); "" for the linker's own links

    def as_json(self) -> dict:
        out = {"from": self.from_id, "to": self.to_id, "relation": self.relation,
               "score": round(self.score, 4), "evidence": list(self.evidence),
               "changes": list(self.changes)}
        return out | ({"reviewed_by": self.reviewed_by} if self.reviewed_by else {})


# A reviewer's word on a pair of commitments: the same commitment carried on, the same
# thread only, not linked at all, or "cleared" (the linker decides again).
Verdict = Literal["continues", "related", "rejected", "cleared"]
VERDICTS: tuple[str, ...] = get_args(Verdict)


@dataclass(frozen=True)
class LinkReview:
    """A person's verdict on whether two commitments of one council's plans are linked.

    The linker misses carry-overs that read no closer than their neighbours; a reviewer who
    knows the council settles them, and the verdict outlives rebuilds (api.workspace keeps
    it beside the generations). The two texts and documents are kept so a verdict can find
    its commitments again when a re-read plan numbers its rows differently
    (graph.lineage_reviews)."""

    from_id: str
    to_id: str
    verdict: Verdict
    reviewer: str
    at: str  # ISO 8601 date and time, UTC
    note: str = ""
    from_document: str = ""
    to_document: str = ""
    from_text: str = ""
    to_text: str = ""

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.from_id, self.to_id))

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ClosestMatch:
    """A commitment's best candidate in another plan of its council that the linker did not
    link (`graph.lineage.closest_unlinked`): shown beside a gap, so a reader can check
    whether the commitment really disappeared (or is really new)."""

    from_id: str  # the earlier plan's commitment, as in LineageLink
    to_id: str
    score: float
    gap: GapKind  # "disappeared": from_id is the commitment with the gap; "new": to_id is
    names: tuple[str, ...] = ()  # names the two alone use in their plans (PairFeatures.names)

    def as_json(self) -> dict:
        return {"from": self.from_id, "to": self.to_id, "score": round(self.score, 4), "gap": self.gap,
                "names": list(self.names)}


@dataclass(frozen=True)
class Hit:
    """One search result: a commitment id with its score and why it came in."""

    id: str
    score: float
    why: str = ""


def plan_to_dict(plan: ExtractedPlan) -> dict:
    """A plan as plain JSON-ready data (the build folder keeps one file per plan)."""
    return asdict(plan)


def plan_from_dict(d: dict) -> ExtractedPlan:
    """The inverse of plan_to_dict."""
    def span(s):
        return SourceSpan(**s) if s else None

    def commitment(c: dict) -> Commitment:
        tuples = {k: tuple(c.get(k) or ()) for k in (
            "section_path", "milestones", "owners", "monitored_by", "indicators", "partners",
            "places", "strategies")}
        return Commitment(
            **{**c, **tuples,
               "targets": tuple(Target(**t) for t in c.get("targets") or ()),
               "span": span(c.get("span")),
               "field_spans": tuple(FieldSpan(f["field"], f["value"], span(f["span"]))
                                    for f in c.get("field_spans") or ())})

    return ExtractedPlan(document=PlanDocument(**d["document"]),
                         commitments=tuple(commitment(c) for c in d["commitments"]),
                         text=d.get("text", ""), warnings=tuple(d.get("warnings") or ()))
