"""Lineage links -> RDF: every version of a commitment `prov:specializationOf` one
ck:CommitmentLineage, consecutive versions `prov:wasRevisionOf` with a qualified
prov:Revision carrying the change types, score and evidence; `related` links as
ck:relatedTo with a scored ck:Relatedness (ontology/council.ttl;
https://www.w3.org/TR/prov-o/#qualifiedRevision). Both are attributed to the linker, and
a link a reviewer confirmed also to that reviewer, a prov:Person."""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import Sequence

from rdflib import RDF, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, SKOS

from ontology.records import LineageLink
from ontology.terms import CHANGE_TYPE_TERMS, CK

from .iris import Minter

log = logging.getLogger(__name__)


def add_lineage(g: Graph, m: Minter, links: Sequence[LineageLink], order: dict[str, tuple]) -> None:
    """'continues' links -> one ck:CommitmentLineage per chain, prov:wasRevisionOf and a
    qualified prov:Revision (https://www.w3.org/TR/prov-o/#qualifiedRevision); 'related'
    links -> ck:relatedTo with a scored ck:Relatedness."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    agent = m.id("agent", "lineage-linker")
    known = [l for l in links if l.from_id in order and l.to_id in order]
    for l in links:
        if l not in known:
            log.warning("Lineage link %s -> %s names a commitment not in the graph; skipped.",
                        l.from_id, l.to_id)
    if known:
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, SKOS.prefLabel, Literal("councilkg lineage linker", lang="en")))
    for l in known:
        earlier, later = m.commitment(l.from_id), m.commitment(l.to_id)
        q = m.part(later, "revision" if l.relation == "continues" else "related", l.from_id)
        # what every qualified link says: how sure, why, and whose claim it is
        g.add((q, CK.score, Literal(Decimal(str(round(l.score, 4))))))
        g.add((q, PROV.wasAttributedTo, agent))
        for ev in l.evidence:
            g.add((q, CK.evidence, Literal(ev)))
        if l.reviewed_by:
            reviewer = m.id("agent", f"reviewer-{l.reviewed_by}")
            g.add((reviewer, RDF.type, PROV.Person))
            g.add((reviewer, SKOS.prefLabel, Literal(l.reviewed_by)))
            g.add((q, PROV.wasAttributedTo, reviewer))
        if l.relation == "continues":
            a, b = find(l.from_id), find(l.to_id)
            if a != b:
                parent[max(a, b, key=order.get)] = min(a, b, key=order.get)
            g.add((later, PROV.wasRevisionOf, earlier))
            g.add((later, PROV.qualifiedRevision, q))
            g.add((q, RDF.type, PROV.Revision))
            g.add((q, PROV.entity, earlier))
            # ck:confidence is 0..1; the linker's score is a weighted sum that can pass 1,
            # so it is kept whole as ck:score and clamped for ck:confidence.
            g.add((q, CK.confidence, Literal(Decimal(str(round(min(1.0, max(0.0, l.score)), 4))))))
            for ch in l.changes:
                if ch in CHANGE_TYPE_TERMS:
                    g.add((q, CK.changeType, CHANGE_TYPE_TERMS[ch]))
        else:
            g.add((later, CK.relatedTo, earlier))
            g.add((later, CK.qualifiedRelation, q))
            g.add((q, RDF.type, CK.Relatedness))
            g.add((q, CK.relatedEntity, earlier))
    chains: dict[str, list[str]] = {}
    for cid in list(parent):
        chains.setdefault(find(cid), []).append(cid)
    for members in chains.values():
        members.sort(key=order.get)
        lin = m.id("lineage", members[0])  # keyed by the chain's earliest commitment
        g.add((lin, RDF.type, CK.CommitmentLineage))
        label = g.value(m.commitment(members[0]), DCTERMS.description)
        g.add((lin, SKOS.prefLabel, Literal(str(label)[:160], lang="en")))
        for cid in members:
            g.add((m.commitment(cid), PROV.specializationOf, lin))
