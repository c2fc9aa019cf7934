"""The SPARQL 1.1 Protocol endpoint driven as clients drive it: httpx through the app, and
SPARQLWrapper against a live `councilkg serve` (https://www.w3.org/TR/sparql11-protocol/)."""
from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from api.settings import Settings
from api.workspace import Workspace
from graph.build import build_graph
from graph.sparql import run_query
from graph.sparql_check import check_query
from graph.sparql_pool import Gate, QueryPool
from graph.store import write_store
from ontology.errors import QueryRejected, QueryTimeout
from ontology.records import LineageLink, plan_from_dict

DATA = Path(__file__).resolve().parents[1] / "data" / "graph" / "small_plans.json"
ROOT = Path(__file__).resolve().parents[2]
CK = "https://w3id.org/councilkg/def#"
SELECT = f"SELECT ?c ?id WHERE {{ ?c a <{CK}Commitment> ; <http://purl.org/dc/terms/identifier> ?id }} ORDER BY ?id"
ASK = f"ASK {{ ?c a <{CK}Commitment> }}"
CONSTRUCT = f"CONSTRUCT {{ ?c a <{CK}Commitment> }} WHERE {{ ?c a <{CK}Commitment> }}"
DESCRIBE = "DESCRIBE <https://w3id.org/councilkg/id/post/kingston-upon-thames-director-of-housing>"
# Four copies of every triple joined with each other: ~10^11 rows, never done in time.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def store_root(tmp_path_factory) -> Path:
    """A build folder whose current generation holds the store of two small plans."""
    d = json.loads(DATA.read_text(encoding="utf-8"))
    links = [LineageLink(l["from"], l["to"], l["relation"], l["score"]) for l in d["links"]]
    g = build_graph([plan_from_dict(p) for p in d["plans"]], links, "https://w3id.org/councilkg/")
    root = tmp_path_factory.mktemp("sparql") / "build"
    with Workspace(root).new_generation() as gen:
        write_store(g, gen.store_dir)
    return root


@pytest.fixture(scope="module")
def client(store_root):
    """An httpx-based TestClient over the app, with a 1 s query limit and 3 rows at most."""
    s = Settings(store=str(store_root), embedder="fake", query_timeout_s=1.0, max_rows=3)
    with TestClient(create_app(s)) as c:
        yield c


def test_get_select_returns_sparql_json_by_default(client):
    r = client.get("/sparql", params={"query": SELECT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    body = r.json()
    assert body["head"]["vars"] == ["c", "id"]
    assert [b["id"]["value"] for b in body["results"]["bindings"]] == [
        "plan_2023-001", "plan_2023-002", "plan_2025-001"]


def test_the_row_limit_cuts_results_and_says_so(client):
    r = client.get("/sparql", params={"query": SELECT})
    assert len(r.json()["results"]["bindings"]) == 3
    assert r.headers["x-sparql-truncated"].startswith("true")


def test_post_form_and_post_sparql_query_give_the_same_answer(client):
    a = client.post("/sparql", data={"query": SELECT})
    b = client.post("/sparql", content=SELECT, headers={"Content-Type": "application/sparql-query"})
    assert a.status_code == b.status_code == 200
    assert a.json() == b.json()


@pytest.mark.parametrize("accept,media,check", [
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda t: "<sparql" in t),
    ("text/csv", "text/csv", lambda t: next(csv.reader(io.StringIO(t))) == ["c", "id"]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda t: t.splitlines()[0] == "?c\t?id"),
    ("application/json", "application/sparql-results+json", lambda t: "bindings" in json.loads(t)["results"]),
])
def test_select_results_follow_the_accept_header(client, accept, media, check):
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert check(r.text)


def test_the_format_parameter_overrides_accept(client):
    r = client.get("/sparql", params={"query": SELECT, "format": "csv"},
                   headers={"Accept": "application/sparql-results+xml"})
    assert r.headers["content-type"].startswith("text/csv")


def test_accept_q_values_pick_the_preferred_format(client):
    r = client.get("/sparql", params={"query": SELECT},
                   headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml;q=0.9"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")


def test_ask_answers_a_boolean_in_json_and_xml(client):
    assert client.get("/sparql", params={"query": ASK}).json() == {"head": {}, "boolean": True}
    r = client.get("/sparql", params={"query": ASK, "format": "xml"})
    assert "<boolean>true</boolean>" in r.text


@pytest.mark.parametrize("accept,rdflib_fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                ("application/ld+json", "json-ld"),
                                                ("application/rdf+xml", "xml")])
def test_construct_and_describe_return_rdf_by_content_negotiation(client, accept, rdflib_fmt):
    for q in (CONSTRUCT, DESCRIBE):
        r = client.get("/sparql", params={"query": q}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        assert len(Graph().parse(data=r.text, format=rdflib_fmt)) >= 2


def test_service_description_is_served_without_a_query(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    q = f"ASK {{ ?s a <{sd}Service> ; <{sd}endpoint> ?e ; <{sd}supportedLanguage> <{sd}SPARQL11Query> }}"
    assert g.query(q).askAnswer


@pytest.mark.parametrize("how", ["get-update", "post-update", "insert-as-query", "form-update"])
def test_updates_are_refused_with_403_and_a_message(client, how):
    upd = "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }"
    r = {"get-update": lambda: client.get("/sparql", params={"update": upd}),
         "post-update": lambda: client.post("/sparql", content=upd,
                                            headers={"Content-Type": "application/sparql-update"}),
         "insert-as-query": lambda: client.get("/sparql", params={"query": upd}),
         "form-update": lambda: client.post("/sparql", data={"update": upd})}[how]()
    assert r.status_code == 403
    assert "read-only" in r.json()["detail"]


def test_service_is_refused_but_the_word_inside_a_string_is_not(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 403 and "SERVICE" in r.json()["detail"]
    ok = client.get("/sparql", params={"query": 'SELECT * WHERE { ?s ?p "service delete" }'})
    assert ok.status_code == 200


def test_a_syntax_error_is_a_400_that_says_so(client):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert r.status_code == 400 and "syntax" in r.json()["detail"].lower()


def test_a_query_past_the_time_limit_is_cut_with_503(client):
    t0 = time.monotonic()
    r = client.get("/sparql", params={"query": SLOW})
    assert r.status_code == 503
    assert "time limit" in r.json()["detail"]
    assert time.monotonic() - t0 < 10  # 1 s limit + a worker start on a busy machine
    assert client.get("/sparql", params={"query": ASK}).status_code == 200  # the endpoint lives on


def test_cors_headers_let_browser_clients_in(client):
    r = client.get("/sparql", params={"query": ASK}, headers={"Origin": "https://yasgui.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/sparql", headers={"Origin": "https://yasgui.org",
                                             "Access-Control-Request-Method": "POST"})
    assert pre.status_code in (200, 204) and "POST" in pre.headers["access-control-allow-methods"]


def test_a_long_query_does_not_block_a_short_one(store_root):
    pool = QueryPool(size=2)
    pool.warm()
    store = store_root / "current" / "store"
    errors = []

    def long():
        try:
            run_query(store, SLOW, timeout=4, max_rows=10, pool=pool)
        except QueryTimeout as exc:
            errors.append(exc)

    th = threading.Thread(target=long)
    th.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    res = run_query(store, ASK, timeout=4, max_rows=10, pool=pool)
    short_took = time.monotonic() - t0
    assert json.loads(res.data)["boolean"] is True
    assert th.is_alive(), "the long query should still be running"
    assert short_took < 2.5
    th.join()
    pool.close()
    assert len(errors) == 1


# SERVICE hidden from a keyword scan by the lexical corners of the SPARQL 1.1 grammar: an
# escaped local name (PN_LOCAL_ESC), escaped quotes in short and long strings (ECHAR), and a
# `<` that is a comparison, not an IRI, followed by a comment.
HIDDEN_SERVICE = {
    "escaped-hash-in-local-name": "PREFIX ex: <http://e/> SELECT * WHERE { BIND(ex:a\\# AS ?q) "
                                  "SERVICE <http://127.0.0.1:9/s> { ?x ?y ?z } }",
    "escaped-quote-in-local-name": "PREFIX ex: <http://e/> SELECT * WHERE { BIND(ex:a\\' AS ?q) "
                                   "SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } FILTER(?q != ex:b\\') }",
    "escaped-quote-in-string": "SELECT * WHERE { BIND('a\\'' AS ?q) SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
    "escaped-quote-in-long-string": 'SELECT * WHERE { BIND("""a\\"""" AS ?q) '
                                    'SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }',
    "escaped-quote-in-long-single-string": "SELECT * WHERE { BIND('''a\\'''' AS ?q) "
                                           "SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
    "less-than-then-comment": "SELECT * WHERE { ?a ?b ?c FILTER(?a<?b)SERVICE#>\n"
                              "<http://127.0.0.1:9/s> { ?s ?p ?o } }",
    "lower-case-after-an-escaped-dot": "PREFIX ex: <http://e/> SELECT * { ?s ex:p\\. ?o . "
                                       "service <http://127.0.0.1:9/s> { ?s ?p ?o } }",
}


@pytest.mark.parametrize("name", sorted(HIDDEN_SERVICE))
def test_service_hidden_by_the_grammars_escapes_is_still_refused(name):
    with pytest.raises(QueryRejected, match="SERVICE") as err:
        check_query(HIDDEN_SERVICE[name], 10_000)
    assert err.value.http_status == 403


@pytest.mark.parametrize("query", [
    "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT ?s WHERE { ?s a sd:Service }",
    'SELECT ?s WHERE { ?s ?p "the service will delete and insert" } # SERVICE in a comment',
    "PREFIX ex: <http://e/> SELECT ?o WHERE { ?s ex:a\\#b ?o . ?s ex:x.y ?z . ?s ex:service ?w }",
])
def test_the_word_service_in_iris_strings_comments_and_names_is_not_refused(query):
    assert check_query(query, 10_000) == "select"


def test_a_client_past_its_share_of_running_queries_gets_429_and_others_keep_the_reserve():
    gate = Gate(size=3, per_client=2, reserve=1)
    gate.acquire("a", 1)
    gate.acquire("a", 1)
    with pytest.raises(QueryRejected, match="already running") as err:
        gate.acquire("a", 1)
    assert err.value.http_status == 429
    gate.acquire("b", 0.1)  # the reserved slot: b has nothing running
    with pytest.raises(QueryTimeout):
        gate.acquire("c", 0.1)  # all three slots in use
    gate.release("b")
    t0 = time.monotonic()
    threading.Timer(0.2, gate.release, args=("a",)).start()
    gate.acquire("c", 2)  # waits for a slot, no longer
    assert time.monotonic() - t0 < 1.5


def test_the_reserved_slot_is_kept_for_clients_with_no_query_running():
    gate = Gate(size=2, per_client=5, reserve=1)
    gate.acquire("a", 1)
    with pytest.raises(QueryTimeout):
        gate.acquire("a", 0.1)  # a already runs one: the last slot is not for a
    gate.acquire("b", 0.1)


def test_post_sparql_documents_both_request_bodies_in_openapi(client):
    body = client.get("/openapi.json").json()["paths"]["/sparql"]["post"]["requestBody"]
    assert set(body["content"]) == {"application/sparql-query", "application/x-www-form-urlencoded"}
    assert "query" in body["content"]["application/x-www-form-urlencoded"]["schema"]["required"]


# ---------------------------------------------------------------- live server

@pytest.fixture(scope="module")
def live(store_root, serve):
    """`councilkg serve` in a subprocess on a free 127.0.0.1 port; yields its /sparql URL."""
    with serve(str(store_root), COUNCILKG_QUERY_TIMEOUT_S="5") as (base, _):
        yield base + "/sparql"


@pytest.mark.slow
def test_sparqlwrapper_runs_each_query_form_against_a_live_server(live):
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    s = SPARQLWrapper(live)
    s.setQuery(SELECT)
    s.setReturnFormat(JSON)
    rows = s.query().convert()["results"]["bindings"]
    assert rows[0]["id"]["value"] == "plan_2023-001"
    s.setReturnFormat(XML)
    assert s.query().convert().getElementsByTagName("result")
    s.setReturnFormat(CSV)
    assert s.query().convert().decode().startswith("c,id")
    s.setQuery(ASK)
    s.setReturnFormat(JSON)
    assert s.query().convert()["boolean"] is True
    for q in (CONSTRUCT, DESCRIBE):
        s.setQuery(q)
        s.setReturnFormat(TURTLE)
        assert len(Graph().parse(data=s.query().convert(), format="turtle")) >= 2
    s.setMethod("POST")
    s.setQuery(SELECT)
    s.setReturnFormat(JSON)
    assert s.query().convert()["results"]["bindings"]


@pytest.mark.slow
def test_a_live_server_refuses_updates_and_cuts_slow_queries_while_answering_others(live):
    import httpx
    from SPARQLWrapper import SPARQLWrapper

    s = SPARQLWrapper(live)
    s.setQuery("INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }")
    s.setMethod("POST")
    with pytest.raises(Exception) as err:
        s.query()
    assert "403" in str(err.value)

    slow = {}

    def run_slow():
        slow["r"] = httpx.get(live, params={"query": SLOW}, timeout=30)

    th = threading.Thread(target=run_slow)
    th.start()
    time.sleep(0.3)
    quick = httpx.get(live, params={"query": ASK}, timeout=30)
    assert quick.status_code == 200 and th.is_alive()
    th.join()
    assert slow["r"].status_code == 503
