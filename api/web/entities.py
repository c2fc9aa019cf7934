"""Entities (posts, organisations, strategies, places, themes, ...) and their commitments.

The graph's networkx projection (integration brief: node keys are IRIs, attrs `kind`,
`label`, commitment nodes `cid`) is the source when it is built: entity resolution has
already merged the names a thing goes by in different years. Without it, the page falls back
to matching the commitments' own fields by slug, so it still works on a half-built store.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping
from urllib.parse import quote

from graph.council_scope import entity_scope
from graph.iris import entity_key  # the graph's own keys, so fallback URLs match its IRIs
from ontology.records import Commitment

log = logging.getLogger(__name__)

# Which commitment fields name an entity of each kind (fallback without the projection).
FIELDS = {
    "post": ("owners", "monitored_by"), "unit": ("owners", "monitored_by"),
    "organisation": ("partners", "owners", "monitored_by"), "strategy": ("strategies",),
    "place": ("places",), "indicator": ("indicators",), "theme": ("section_path",),
}
KIND_OF_FIELD = {"owners": "post", "partners": "organisation", "strategies": "strategy",
                 "places": "place", "monitored_by": "post"}


def split_iri(iri: str, base: str) -> tuple[str, str] | None:
    """(kind, slug) of an IRI `{base}id/{kind}/{slug}`, else None."""
    if not iri.startswith(base + "id/"):
        return None
    # A part of a node (`.../commitment/X/revision/Y`, a target, a quote) shows its whole.
    parts = iri[len(base) + 3:].split("/")
    return (parts[0], parts[1]) if len(parts) >= 2 and parts[1] else None


@lru_cache(maxsize=4)
def _load(path: str, mtime: float):
    from graph.projection import load_projection

    return load_projection(Path(path))


def projection(file: Path):
    """The generation's networkx projection, or None when it is not built (yet)."""
    try:
        return _load(str(file), file.stat().st_mtime) if file.exists() else None
    except Exception as exc:  # noqa: BLE001 - a page should still render without the picture data
        log.warning("projection %s not loaded: %s", file, exc)
        return None


@dataclass(frozen=True)
class EntityRef:
    kind: str
    label: str
    href: str


def entity_href(kind: str, label: str, iri: str | None = None, council: str = "") -> str:
    """The page of an entity: by its IRI, else by kind and slug as the graph mints them (with
    the place of `council` for the council's own things, graph.council_scope)."""
    if iri:
        return f"/entity?iri={quote(iri, safe='')}"
    return f"/entity/{quote(kind, safe='')}/{quote(scoped_slug(kind, label, council), safe='')}"


def scoped_slug(kind: str, label: str, council: str) -> str:
    return entity_key(label, entity_scope(kind, label, council))


def commitment_entities(c: Commitment, graph, base: str, council: str = "") -> list[EntityRef]:
    """The entities a commitment links to: from the graph when built, else from its fields."""
    iri = f"{base}id/commitment/{c.id}"
    if graph is not None and iri in graph:
        refs = {(graph.nodes[n].get("kind", "entity"), graph.nodes[n].get("label") or n, n)
                for n in graph.neighbors(iri) if graph.nodes[n].get("kind") not in ("commitment", None)}
        # IRIs outside this dataset (ONS statistical geographies) link to their own page.
        return [EntityRef(k, label, entity_href(k, label, n) if n.startswith(base) else n)
                for k, label, n in sorted(refs)]
    refs = {(KIND_OF_FIELD[f], v) for f in KIND_OF_FIELD for v in getattr(c, f)}
    refs |= {("theme", c.section_path[0])} if c.section_path else set()
    return [EntityRef(k, v, entity_href(k, v, council=council)) for k, v in sorted(refs)]


def entity_commitments(kind: str, slug: str, commitments: Mapping[str, Commitment], graph,
                       base: str, scopes: Mapping[str, str]) -> tuple[str | None, list[str], str]:
    """(label, commitment ids, iri) of the entity; label None when nothing matches. `scopes`:
    document -> its council's place (graph.council_scope.council_scopes)."""
    iri = f"{base}id/{kind}/{slug}"
    if graph is not None and iri in graph:
        label = graph.nodes[iri].get("label") or slug
        cids = sorted({graph.nodes[n].get("cid") for n in graph.neighbors(iri)
                       if graph.nodes[n].get("kind") == "commitment" and graph.nodes[n].get("cid")})
        return label, [c for c in cids if c in commitments], iri
    label, cids = None, []
    for c in commitments.values():
        names = [v for f in FIELDS.get(kind, ()) for v in getattr(c, f)]
        council = scopes.get(c.document, "")
        hit = next((v for v in names if scoped_slug(kind, v, council) == slug), None)
        if hit:
            label = label or hit
            cids.append(c.id)
    return label, cids, iri
