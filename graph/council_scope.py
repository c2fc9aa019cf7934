"""Whose is an entity: one council's own, or shared by every plan that names it.

A "Director of Housing", a "Sustainability Team", a "Local Plan" or a section headed
"Transport" in two councils' plans are two things: each council has its own post, unit,
plans and headings, and the W3C ORG vocabulary puts a post in one organisation
(https://www.w3.org/TR/vocab-org/#property-postin). Names are resolved within each
council's plans (graph.build.resolve_scoped), and the IRIs of posts, people, units, themes
and strategies carry the council's place (`id/post/reading-director-of-housing`). What the
plans share keeps one IRI, so one node: partner organisations ("Environment Agency"),
places, indicators, and the government's grants, Acts and standards, and national or
regional plans ("Green Homes Grant", "Environment Act", "Future Homes Standard", "London
Plan") that councils' strategies cite.
"""
from __future__ import annotations

import re
from typing import Sequence

from ontology.authorities import authority_of, place_of
from ontology.records import ExtractedPlan

from .lineage import councils, group_publisher

COUNCIL_OWN = frozenset({"post", "person", "unit", "theme", "strategy"})
_SHARED_STRATEGY = re.compile(
    r"\b(?:national|government|grant|act|agreement|standard|london plan)\b", re.I)


def entity_scope(kind: str, name: str, council: str) -> str:
    """The scope an entity of `kind` named `name` is resolved in: `council` (its place, from
    `council_scopes`) for the council's own things, "" for shared ones."""
    if kind in COUNCIL_OWN and not (kind == "strategy" and _SHARED_STRATEGY.search(name)):
        return council
    return ""


def council_scopes(plans: Sequence[ExtractedPlan]) -> dict[str, str]:
    """Document name -> the place its council is named for ("Kingston upon Thames"; the ONS
    name when the area is known, so "Hull City Council" and "Kingston upon Hull City
    Council" agree). Plans are grouped as lineage groups them (`graph.lineage.councils`).
    Plans whose council is not found get "" when they are the only council; among several
    councils each stands alone, and so does what it owns: its document name is its scope,
    so two unnamed plans' "Director of Housing" are two posts."""
    groups = councils(plans)
    out = {}
    for group in groups:
        publisher = group_publisher(group)
        area = authority_of(publisher)
        scope = (area.forms[0] if area else place_of(publisher) if publisher
                 else group[0].document.name if len(groups) > 1 else "")
        out.update((p.document.name, scope) for p in group)
    return out
