"""Reviewers' verdicts on lineage links, matched to the commitments of a (re)built store.

A verdict (`ontology.records.LinkReview`) names two commitment ids, and keeps their
documents and texts. Ids are stable while a plan reads the same, but a re-read plan (a
corrected file, a better extractor) may number its rows differently; then a verdict
finds its commitments again by text in the same document, and one that cannot is
"stale": listed, never silently applied to another pair.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz, process

from ontology.records import Commitment, ExtractedPlan, LinkReview

from .lineage_features import norm

# A row re-read with a stray word glued on or a typo fixed still matches; a different row
# of the same plan does not (rows of one plan that close are duplicates, and either does).
SAME_ROW = 90


@dataclass(frozen=True)
class ResolvedReviews:
    """The latest verdict on each pair, keyed (earlier id, later id) as the plans now
    number them; and the latest verdict on each pair whose commitments were not found."""

    latest: dict[tuple[str, str], LinkReview]
    stale: tuple[LinkReview, ...]

    @property
    def verdicts(self) -> dict[tuple[str, str], LinkReview]:
        """The verdicts in force: those "cleared" leave their pair to the linker."""
        return {pair: r for pair, r in self.latest.items() if r.verdict != "cleared"}


def find_row(cid: str, document: str, text: str, plans: dict[str, ExtractedPlan],
             by_id: dict[str, Commitment]) -> str | None:
    """The id that now holds the row a verdict named: the same id while its text reads the
    same, else the row of the same document whose text is equal or nearly so."""
    c = by_id.get(cid)
    if c is not None and (not text or norm(c.text) == norm(text)):
        return cid
    plan = plans.get(document)
    if plan is None or not text:
        return None
    rows = {r.id: norm(r.text) for r in plan.commitments}
    hit = process.extractOne(norm(text), rows, scorer=fuzz.ratio, score_cutoff=SAME_ROW)
    return hit[2] if hit else None


def resolve(reviews: Sequence[LinkReview], plans: Sequence[ExtractedPlan]) -> ResolvedReviews:
    """Match every verdict to the plans; a later verdict on the same pair replaces an
    earlier one (reviews are kept in the order they were given)."""
    by_doc = {p.document.name: p for p in plans}
    by_id = {c.id: c for p in plans for c in p.commitments}
    order = {c.id: (p.document.order, n) for p in plans for n, c in enumerate(p.commitments)}
    latest: dict[frozenset[str], tuple[str, str, LinkReview]] = {}
    stale: dict[frozenset[str], LinkReview] = {}
    for r in reviews:
        a = find_row(r.from_id, r.from_document, r.from_text, by_doc, by_id)
        b = find_row(r.to_id, r.to_document, r.to_text, by_doc, by_id)
        if a is None or b is None or a == b:
            stale[r.pair] = r
            continue
        stale.pop(r.pair, None)
        a, b = sorted((a, b), key=order.__getitem__)
        latest[frozenset((a, b))] = (a, b, r)
    return ResolvedReviews({(a, b): r for a, b, r in latest.values()}, tuple(stale.values()))
