"""A networkx projection of the store for traversal (paths between commitments, owners,
strategies, places ...), built once per generation and cached as a pickle.

Contract (../briefs/integration.md): an undirected MultiGraph; node keys are IRIs; node
attrs `kind` and `label` (commitments also `cid`, `document`, `year`); edge attr
`predicate` as a CURIE. Literal-valued triples, quotes and provenance are left out.
"""
from __future__ import annotations

import os
import pickle
from functools import lru_cache
from pathlib import Path

import networkx as nx

from ontology.terms import PREFIXES

from .store import open_store

# rdf:type -> node kind; the first listed wins when a node has several types.
KIND_OF_TYPE = [
    ("ck:Commitment", "commitment"), ("ck:PlanDocument", "plan"), ("ck:CommitmentLineage", "lineage"),
    ("org:Post", "post"), ("foaf:Person", "person"), ("org:OrganizationalUnit", "unit"),
    ("org:FormalOrganization", "organisation"), ("org:Organization", "organisation"),
    ("ck:Programme", "strategy"), ("ck:Place", "place"), ("dcterms:Location", "place"),
    ("ck:Indicator", "indicator"), ("ck:Target", "target"), ("ck:Milestone", "milestone"),
]
LABEL_PROPS = ("skos:prefLabel", "dcterms:title", "rdfs:label", "dcterms:description")


def _iri(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


def curie(iri: str) -> str:
    """'http://www.w3.org/ns/prov#wasRevisionOf' -> 'prov:wasRevisionOf' (longest namespace wins)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    return next(p for p, ns in PREFIXES.items() if ns == best) + ":" + iri[len(best):]


def project(store) -> nx.MultiGraph:
    """The projection of an open pyoxigraph Store."""
    g = nx.MultiGraph()
    rank = {_iri(t): i for i, (t, _) in enumerate(KIND_OF_TYPE)}
    kinds = dict(KIND_OF_TYPE)
    best: dict[str, int] = {}
    for row in store.query("SELECT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s)) }"):
        s, t = row["s"].value, row["t"].value
        if t in rank and rank[t] < best.get(s, len(rank)):
            best[s] = rank[t]
    theme_scheme = store.query(
        "SELECT ?c WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> ; "
        "<http://www.w3.org/2004/02/skos/core#inScheme> ?s . ?s a "
        "<http://www.w3.org/2004/02/skos/core#ConceptScheme> FILTER(!STRSTARTS(STR(?c), STR(<"
        + PREFIXES["ck"] + ">))) }")
    for s, r in best.items():
        g.add_node(s, kind=kinds[KIND_OF_TYPE[r][0]], label="")
    for row in theme_scheme:
        g.add_node(row["c"].value, kind="theme", label="")
    for prop in reversed(LABEL_PROPS):  # the first listed label property wins
        for row in store.query(f"SELECT ?s ?l WHERE {{ ?s <{_iri(prop)}> ?l }}"):
            if row["s"].value in g:
                g.nodes[row["s"].value]["label"] = row["l"].value
    for row in store.query(
            "SELECT ?c ?id ?doc ?y WHERE { ?c a <" + _iri("ck:Commitment") + "> ; <"
            + _iri("dcterms:identifier") + "> ?id ; <" + _iri("dcterms:isPartOf") + "> ?p . ?p <"
            + _iri("dcterms:identifier") + "> ?doc OPTIONAL { ?c <" + _iri("ck:year") + "> ?y } }"):
        attrs = g.nodes[row["c"].value]
        attrs.update(cid=row["id"].value, document=row["doc"].value)
        if row["y"] is not None:
            attrs["year"] = int(row["y"].value)
    rdf_type = _iri("rdf:type")
    for row in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        if p != rdf_type and s in g and o in g and s != o:
            g.add_edge(s, o, key=curie(p), predicate=curie(p))
    return g


def build_projection(store_dir: Path, out_file: Path) -> None:
    """Project the store in `store_dir` and pickle it to `out_file` (atomically)."""
    store = open_store(store_dir)
    g = project(store)
    del store
    out_file = Path(out_file)
    tmp = out_file.with_name(out_file.name + ".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(g, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, out_file)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> nx.MultiGraph:
    with open(path, "rb") as f:
        return pickle.load(f)


def load_projection(file: Path) -> nx.MultiGraph:
    """The pickled projection (cached per file and modification time)."""
    file = Path(file)
    if not file.exists():
        from ontology.errors import StoreNotBuilt

        raise StoreNotBuilt(f"No graph projection at {file}. Run `councilkg build` first.")
    return _load(str(file), file.stat().st_mtime)
