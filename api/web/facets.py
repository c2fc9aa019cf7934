"""Facets for the search results: counts by council, year, plan, theme, owner, partner, place, status,
and filtering by the chosen values (one value per facet, facets combined with AND).

Facets are counted over the candidate hits the search returned, so a count always means
"this many of these results", and every choice is a query parameter: the URL is shareable.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from ontology.records import Commitment, ExtractedPlan

FACETS = ("council", "year", "plan", "theme", "owner", "partner", "place", "status")
LABELS = {"council": "Council", "year": "Year", "plan": "Plan", "theme": "Theme", "owner": "Owner",
          "partner": "Partner", "place": "Place", "status": "Status"}


def facet_values(c: Commitment, plan: ExtractedPlan | None) -> dict[str, list[str]]:
    """The values one commitment has for each facet (a theme is its top-level plan section)."""
    doc = plan.document if plan else None
    return {
        "council": [doc.publisher] if doc and doc.publisher else [],
        "year": [str(doc.period_start)] if doc and doc.period_start else [],
        "plan": [doc.title or doc.name] if doc else [c.document],
        "theme": [c.section_path[0]] if c.section_path else [],
        "owner": list(c.owners),
        "partner": list(c.partners),
        "place": list(c.places),
        "status": [c.status] if c.status else [],
    }


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    chosen: str | None
    counts: list[tuple[str, int]]


def matches(values: Mapping[str, list[str]], chosen: Mapping[str, str]) -> bool:
    return all(v in values.get(k, []) for k, v in chosen.items() if v)


def apply_facets(ids: Iterable[str], commitments: Mapping[str, Commitment],
                 documents: Mapping[str, ExtractedPlan], chosen: Mapping[str, str],
                 top: int = 8) -> tuple[list[str], list[Facet]]:
    """The ids that match every chosen value, and the facets counted over all the candidates."""
    ids = [i for i in ids if i in commitments]
    values = {i: facet_values(commitments[i], documents.get(commitments[i].document)) for i in ids}
    kept = [i for i in ids if matches(values[i], chosen)]
    facets = []
    for name in FACETS:
        # Count over what the other chosen facets leave, so each facet shows its real options.
        others = {k: v for k, v in chosen.items() if k != name}
        counts = Counter(v for i in ids if matches(values[i], others) for v in set(values[i][name]))
        order = sorted(counts.items(), key=lambda kv: (-int(kv[0]) if name == "year" and kv[0].isdigit() else -kv[1], kv[0]))
        if order:
            facets.append(Facet(name, LABELS[name], chosen.get(name) or None, order[:top]))
    return kept, facets
