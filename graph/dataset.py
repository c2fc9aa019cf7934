"""The VoID + DCAT description of the whole dataset: what it holds, where its SPARQL
endpoint and dumps are, which vocabularies it uses (https://www.w3.org/TR/void/,
https://www.w3.org/TR/vocab-dcat-3/)."""
from __future__ import annotations

from typing import Sequence

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

from ontology.records import ExtractedPlan
from ontology.terms import PREFIXES

from .iris import Minter


def add_dataset(g: Graph, m: Minter, plans: Sequence[ExtractedPlan]) -> None:
    """The VoID + DCAT description of the whole dataset (https://www.w3.org/TR/void/#dataset)."""
    d = m.dataset
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal(f"Council plan commitments ({len(plans)} plans)", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Commitments in local councils' plans: owners, partners, places, targets, status, "
        "the quote each comes from, and how they carry forward from plan to plan.", lang="en")))
    g.add((d, VOID.uriSpace, Literal(f"{m.base}id/")))
    g.add((d, VOID.sparqlEndpoint, URIRef(f"{m.base}sparql")))
    for ns in ("ck", "org", "prov", "skos", "time", "dcterms", "oa"):
        g.add((d, VOID.vocabulary, URIRef(PREFIXES[ns])))
    for plan in plans:
        g.add((d, DCTERMS.source, m.plan(plan.document.name)))
        if plan.commitments:
            g.add((d, VOID.exampleResource, m.commitment(plan.commitments[0].id)))
    for ext, media in (("ttl", "text/turtle"), ("nt", "application/n-triples"),
                       ("jsonld", "application/ld+json")):
        dist = m.dump(f"councilkg.{ext}")
        g.add((d, VOID.dataDump, dist))
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, Literal(media)))
    g.add((d, VOID.triples, Literal(len(g) + 1)))  # + this triple itself
