"""Gaps in a council's lineage: commitments that quietly disappear, and new ones.

* disappeared: a commitment with no `continues` successor in any later plan of the same
  council. Only judged when the council has a plan that starts in a later year: the
  newest plans have no future to be carried into yet.
* new: a commitment with no `continues` predecessor, in a plan that starts after the
  council's earliest year (the first plans have no past to come from).

A `related` link does not close a gap: the thread went on, the commitment did not; the
related ids are listed with the gap so a reader can judge, and so are the closest
candidates the linker did not link (`graph.lineage.closest_unlinked`), with their scores.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from ontology.records import ClosestMatch, ExtractedPlan, GapKind, LineageLink

from .lineage import councils


@dataclass(frozen=True)
class Gap:
    """One commitment without a successor (disappeared) or a predecessor (new)."""

    kind: GapKind
    id: str
    document: str
    year: int | None
    text: str
    related: tuple[str, ...] = ()
    closest: tuple[tuple[str, float], ...] = ()  # (id, score), best first

    def as_json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "document": self.document, "year": self.year,
                "text": self.text, "related": list(self.related),
                "closest": [{"id": i, "score": s} for i, s in self.closest]}


def find_gaps(plans: Sequence[ExtractedPlan], links: Sequence[LineageLink],
              closest: Sequence[ClosestMatch] = ()) -> list[Gap]:
    """Disappeared and new commitments of every council, in plan order."""
    succ, pred = set(), set()
    related = defaultdict(list)
    later, earlier = defaultdict(list), defaultdict(list)  # a gap's closest candidates
    for m in sorted(closest, key=lambda m: -m.score):
        if m.gap == "disappeared":
            later[m.from_id].append((m.to_id, m.score))
        else:
            earlier[m.to_id].append((m.from_id, m.score))
    for l in links:
        if l.relation == "continues":
            succ.add(l.from_id)
            pred.add(l.to_id)
        else:
            related[l.from_id].append(l.to_id)
            related[l.to_id].append(l.from_id)
    gaps: list[Gap] = []
    for group in councils(plans):
        years = [p.document.period_start for p in group if p.document.period_start is not None]
        if not years:
            continue  # undated plans cannot be put before or after one another
        first, last = min(years), max(years)
        for p in group:  # in plan order (graph.lineage.councils)
            year = p.document.period_start
            if year is None:
                continue
            for c in p.commitments:
                if year < last and c.id not in succ:
                    gaps.append(Gap("disappeared", c.id, c.document, year, c.text,
                                    tuple(sorted(set(related[c.id]))), tuple(later[c.id])))
                if year > first and c.id not in pred:
                    gaps.append(Gap("new", c.id, c.document, year, c.text,
                                    tuple(sorted(set(related[c.id]))), tuple(earlier[c.id])))
    return gaps
