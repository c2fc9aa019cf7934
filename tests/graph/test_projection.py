"""The networkx projection: kinds, labels, commitment attributes and predicates as CURIEs."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from graph.build import build_graph
from graph.projection import build_projection, curie, load_projection
from graph.store import write_store
from ontology.errors import StoreNotBuilt
from ontology.records import LineageLink, plan_from_dict

DATA = Path(__file__).resolve().parents[1] / "data" / "graph" / "small_plans.json"
BASE = "https://w3id.org/councilkg/"


@pytest.fixture(scope="module")
def proj(tmp_path_factory) -> nx.MultiGraph:
    """The projection of the two small plans, built from their store and loaded back."""
    d = json.loads(DATA.read_text(encoding="utf-8"))
    links = [LineageLink(l["from"], l["to"], l["relation"], l["score"]) for l in d["links"]]
    g = build_graph([plan_from_dict(p) for p in d["plans"]], links, BASE)
    folder = tmp_path_factory.mktemp("proj")
    write_store(g, folder / "store")
    build_projection(folder / "store", folder / "graph.pkl")
    return load_projection(folder / "graph.pkl")


def test_the_projection_is_an_undirected_multigraph_keyed_by_iri(proj):
    assert isinstance(proj, nx.MultiGraph) and not proj.is_directed()
    assert all(n.startswith(("https://", "http://")) for n in proj)


def test_commitment_nodes_carry_id_document_and_year(proj):
    n = proj.nodes[f"{BASE}id/commitment/plan_2025-001"]
    assert n == {"kind": "commitment", "label": "Complete the retrofit of 100 council homes",
                 "cid": "plan_2025-001", "document": "plan_2025.txt", "year": 2025}


def test_node_kinds_cover_owners_partners_strategies_places_and_themes(proj):
    kinds = {d["kind"] for _, d in proj.nodes(data=True)}
    assert {"commitment", "plan", "post", "organisation", "unit", "strategy", "place", "theme",
            "indicator", "lineage", "target", "milestone"} <= kinds


def test_a_path_joins_two_plans_commitments_through_their_shared_post(proj):
    a, b = f"{BASE}id/commitment/plan_2023-001", f"{BASE}id/commitment/plan_2025-001"
    post = f"{BASE}id/post/kingston-upon-thames-director-of-housing"
    assert proj.nodes[post]["label"] == "Director of Housing"
    assert {d["predicate"] for d in proj.get_edge_data(a, post).values()} == {"ck:accountablePost"}
    assert {d["predicate"] for d in proj.get_edge_data(a, b).values()} == {"prov:wasRevisionOf"}


def test_literal_values_and_status_concepts_are_not_nodes(proj):
    assert not any(n.startswith("https://w3id.org/councilkg/def#") for n in proj)
    assert "Director of Housing" not in proj


def test_curies_use_the_longest_matching_namespace():
    assert curie("http://www.w3.org/ns/prov#wasRevisionOf") == "prov:wasRevisionOf"
    assert curie("http://example.org/x") == "http://example.org/x"


def test_a_missing_projection_says_to_build_first(tmp_path):
    with pytest.raises(StoreNotBuilt, match="councilkg build"):
        load_projection(tmp_path / "graph.pkl")
