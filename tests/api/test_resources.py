"""Dereferenceable IRIs (/id/...), dumps and the VoID description."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from api.app import create_app
from api.settings import Settings
from api.workspace import Workspace
from graph.build import build_graph
from graph.store import write_store
from ontology.records import LineageLink, plan_from_dict

DATA = Path(__file__).resolve().parents[1] / "data" / "graph" / "small_plans.json"
BASE = "https://w3id.org/councilkg/"
POST = f"{BASE}id/post/kingston-upon-thames-director-of-housing"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """A TestClient over a build folder holding the two small plans."""
    d = json.loads(DATA.read_text(encoding="utf-8"))
    links = [LineageLink(l["from"], l["to"], l["relation"], l["score"]) for l in d["links"]]
    g = build_graph([plan_from_dict(p) for p in d["plans"]], links, BASE)
    root = tmp_path_factory.mktemp("res") / "build"
    with Workspace(root).new_generation() as gen:
        write_store(g, gen.store_dir)
    with TestClient(create_app(Settings(store=str(root), embedder="fake"))) as c:
        yield c


def test_a_browser_gets_an_html_page_with_the_label_and_links(client):
    r = client.get("/id/post/kingston-upon-thames-director-of-housing",
                   headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<h1>Director of Housing</h1>" in r.text
    assert 'href="/id/commitment/plan_2023-001"' in r.text  # links stay on this server


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_linked_data_clients_get_rdf_about_the_iri(client, accept, fmt):
    r = client.get("/id/post/kingston-upon-thames-director-of-housing", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.text, format=fmt)
    assert (None, None, URIRef(POST)) in g and (URIRef(POST), None, None) in g


def test_a_commitment_page_includes_its_targets_and_quote(client):
    r = client.get("/id/commitment/plan_2023-001", params={"format": "ttl"})
    g = Graph().parse(data=r.text, format="turtle")
    subjects = {str(s) for s in g.subjects()}
    assert f"{BASE}id/commitment/plan_2023-001/target/1" in subjects
    assert f"{BASE}id/commitment/plan_2023-001/source/quote" in subjects


def test_an_unknown_iri_is_a_404_that_says_what_was_looked_up(client):
    r = client.get("/id/post/no-such-post")
    assert r.status_code == 404 and "no-such-post" in r.json()["detail"]


@pytest.mark.parametrize("name,fmt", [("councilkg.ttl", "turtle"), ("councilkg.nt", "nt"),
                                      ("councilkg.jsonld", "json-ld")])
def test_dumps_download_the_whole_graph(client, name, fmt):
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200
    assert len(Graph().parse(data=r.text, format=fmt)) > 300


@pytest.mark.parametrize("path", ["/dumps/..%2Fmanifest.json", "/dumps/manifest.json",
                                  "/dumps/councilkg.ttl%00.txt", "/dumps/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd"])
def test_dump_names_outside_the_list_are_refused(client, path):
    assert client.get(path).status_code == 404


def test_the_dump_list_and_void_name_each_other(client):
    listing = client.get("/dumps").json()
    assert {d["name"] for d in listing["dumps"]} == {"councilkg.ttl", "councilkg.nt", "councilkg.jsonld"}
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    ds = URIRef(f"{BASE}id/dataset/councilkg")
    assert (ds, VOID.sparqlEndpoint, URIRef("http://testserver/sparql")) in g
    assert URIRef("http://testserver/dumps/councilkg.ttl") in set(g.objects(ds, VOID.dataDump))
    assert int(g.value(ds, VOID.triples)) > 300


def test_an_entity_page_is_found_by_index_lookups_not_by_testing_every_subject():
    from api.routes.resources import describe_query

    q = describe_query(POST)
    # STRSTARTS only ever tests terms reached from the IRI, never a bare ?s ?p ?o scan.
    assert "{ ?s ?p ?o FILTER" not in q and f"?s ?p <{POST}>" in q


def test_a_commitment_page_includes_parts_two_and_three_links_away(client):
    r = client.get("/id/commitment/plan_2023-001", params={"format": "nt"})
    subjects = {line.split(" ", 1)[0] for line in r.text.splitlines()}
    part = f"<{BASE}id/commitment/plan_2023-001/"
    assert {part + "source/target>", part + "target/1/instant>", part + "source/owners-1/quote>"} <= subjects


def test_ontology_term_links_on_entity_pages_land_on_the_term(client):
    page = client.get("/id/commitment/plan_2023-001", headers={"Accept": "text/html"}).text
    assert 'href="/def#Commitment"' in page
    r = client.get("/def", headers={"Accept": "text/html"})
    assert r.status_code == 200 and 'id="Commitment"' in r.text
    ttl = client.get("/def", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=ttl.text, format="turtle")
    assert (URIRef(f"{BASE}def#Commitment"), None, None) in g
