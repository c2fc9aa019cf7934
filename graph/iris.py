"""Stable IRIs derived from content, never from run order.

Slash IRIs `{base}id/{type}/{key}` (W3C "Cool URIs for the Semantic Web",
https://www.w3.org/TR/cooluris/#slash): a rebuild of the same documents gives the same IRIs,
so research partners' saved queries keep working. Keys are the commitment id (document stem
+ row number), the document name, or a slug of an entity's preferred label.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

KINDS = ("commitment", "plan", "post", "organisation", "unit", "person", "strategy", "place",
         "theme", "indicator", "lineage", "agent", "dataset", "scheme")
MAX_SLUG = 60


def slug(text: str) -> str:
    """'Director of Housing & Regeneration' -> 'director-of-housing-and-regeneration'.

    Long labels (a peer-review recommendation used as a heading) are cut at a word boundary
    and given 8 hex digits of their full text's hash, so two long labels never collide."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = t.replace("&", " and ")
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "x"
    if len(t) <= MAX_SLUG:
        return t
    digest = hashlib.sha256(t.encode()).hexdigest()[:8]
    return t[:MAX_SLUG].rsplit("-", 1)[0] + "-" + digest


def entity_key(label: str, scope: str = "") -> str:
    """An entity's key: its label slugged, led by the place of the council that owns it
    (graph.council_scope): 'reading-director-of-housing'."""
    return slug(f"{scope} {label}" if scope else label)


def doc_key(document: str) -> str:
    """The key of a plan: its file name without the extension, slugged."""
    return slug(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", document))


class Minter:
    """Builds IRIs under one base (Settings.base_iri, e.g. https://w3id.org/councilkg/)."""

    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def id(self, kind: str, key: str) -> URIRef:
        if kind not in KINDS:
            raise ValueError(f"Unknown IRI kind {kind!r}; one of {', '.join(KINDS)}.")
        return URIRef(f"{self.base}id/{kind}/{quote(key, safe='-._~')}")

    def commitment(self, cid: str) -> URIRef:
        return self.id("commitment", cid)

    def plan(self, document: str) -> URIRef:
        return self.id("plan", doc_key(document))

    def entity(self, kind: str, label: str, scope: str = "") -> URIRef:
        """An entity's IRI; one council's own (graph.council_scope) leads with its place:
        `id/post/reading-director-of-housing`."""
        return self.id(kind, entity_key(label, scope))

    def part(self, parent: URIRef, *path: str | int) -> URIRef:
        """A node that only exists as part of another (a target, a quote): parent IRI + path."""
        return URIRef(str(parent) + "/" + "/".join(quote(str(p), safe="-._~") for p in path))

    @property
    def dataset(self) -> URIRef:
        return self.id("dataset", "councilkg")

    @property
    def theme_scheme(self) -> URIRef:
        return self.id("scheme", "themes")

    def dump(self, file: str) -> URIRef:
        return URIRef(f"{self.base}dumps/{file}")
