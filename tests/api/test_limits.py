"""Request limits and hostile SPARQL (issue 7, parts 5 and 6): oversized bodies get 413,
fast clients get 429 with Retry-After, huge / update / SERVICE / LOAD queries are refused,
and queries that would run for ever are cut by the time limit without slowing anyone else.

The in-process tests use the app over the bundled store; the latency tests start a real
`councilkg serve` on a free loopback port, because only a real server shows whether one
client's query holds up another's.
"""
from __future__ import annotations

import socket
import statistics
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import RateLimit

ROOT = Path(__file__).resolve().parents[2]

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DEEP_PATH = ("SELECT (COUNT(*) AS ?n) WHERE "
             "{ ?x (!<urn:x:none>)*/(!<urn:x:none>)*/(!<urn:x:none>)* ?y }")
CHEAP_SPARQL = "ASK { ?s ?p ?o }"


def client_with(seed_settings, **limits) -> TestClient:
    """A client over the bundled store with some limits changed."""
    return TestClient(create_app(seed_settings.model_copy(update=limits)))


# --- request size (413) -----------------------------------------------------------------

def test_an_oversized_body_gets_413_with_a_json_message_naming_the_setting(seed_settings):
    client = client_with(seed_settings, max_request_bytes=1000)
    r = client.post("/sparql", content=b"x" * 5000, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/json"
    assert "COUNCILKG_MAX_REQUEST_BYTES" in r.json()["detail"]


def test_an_oversized_body_is_refused_even_on_a_route_that_takes_no_body(seed_settings):
    client = client_with(seed_settings, max_request_bytes=1000)
    r = client.post("/api/health", content=b"x" * 5000)
    assert r.status_code == 413


def test_a_chunked_body_without_a_length_is_cut_off_at_the_limit(seed_settings):
    client = client_with(seed_settings, max_request_bytes=1000)

    def chunks():  # no Content-Length: the server has to count
        for _ in range(10):
            yield b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 500

    r = client.post("/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413
    assert "COUNCILKG_MAX_REQUEST_BYTES" in r.json()["detail"]


def test_a_chunked_body_is_413_even_where_the_framework_catches_body_errors():
    from fastapi import Body, FastAPI

    from api.limits import BodyLimit

    app = FastAPI()

    @app.post("/echo")
    def echo(data: dict = Body(...)) -> dict:  # FastAPI reports body errors as 400 itself
        return data

    app.add_middleware(BodyLimit, max_bytes=100)
    r = TestClient(app).post("/echo", content=iter([b'{"a": "' + b"x" * 300 + b'"}']),
                             headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "COUNCILKG_MAX_REQUEST_BYTES" in r.json()["detail"]


def test_a_body_under_the_limit_is_answered(seed_settings):
    client = client_with(seed_settings, max_request_bytes=1000)
    r = client.post("/sparql", content=CHEAP_SPARQL, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 200 and r.json()["boolean"] is True


# --- rate (429) -------------------------------------------------------------------------

def test_a_client_over_the_rate_gets_429_with_retry_after(seed_settings):
    client = client_with(seed_settings, rate_per_minute=3)
    codes = [client.get("/api/health").status_code for _ in range(3)]
    r = client.get("/api/health")
    assert codes == [200, 200, 200]
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
    assert "COUNCILKG_RATE_PER_MINUTE" in r.json()["detail"]


def test_the_rate_is_counted_per_client_and_slides_with_the_minute():
    limit = RateLimit(app=None, per_minute=2)
    assert limit.allow("10.0.0.1", 0.0) and limit.allow("10.0.0.1", 1.0)
    assert not limit.allow("10.0.0.1", 2.0)
    assert limit.allow("10.0.0.2", 2.0)  # another address has its own budget
    assert limit.allow("10.0.0.1", 61.5)  # the first request left the window


def test_a_rate_of_zero_turns_the_limit_off(seed_settings):
    client = client_with(seed_settings, rate_per_minute=0)
    assert {client.get("/api/health").status_code for _ in range(20)} == {200}


# --- refused queries ----------------------------------------------------------------------

def test_a_query_longer_than_the_limit_is_refused_with_the_setting_named(seed_settings):
    client = client_with(seed_settings, max_query_chars=500)
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 600
    for r in (client.get("/sparql", params={"query": query}),
              client.post("/sparql", data={"query": query})):
        assert r.status_code == 400
        assert "COUNCILKG_MAX_QUERY_CHARS" in r.json()["detail"]


REFUSED = {
    "insert": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "delete": "PREFIX ex: <urn:x:> DELETE WHERE { ?s ?p ?o }",
    "drop": "DROP ALL",
    "clear": "clear default",
    "load": "LOAD <http://127.0.0.1:9/evil.ttl>",
    "load-into": "LOAD SILENT <http://127.0.0.1:9/evil.ttl> INTO GRAPH <urn:x:g>",
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "service-silent": "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "service-variable": "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("how", ["get", "post-query", "post-form"])
def test_updates_load_and_service_are_refused_with_403(seed_app_client, name, how):
    q = REFUSED[name]
    c = seed_app_client
    r = (c.get("/sparql", params={"query": q}) if how == "get" else
         c.post("/sparql", content=q, headers={"content-type": "application/sparql-query"})
         if how == "post-query" else c.post("/sparql", data={"query": q}))
    assert r.status_code == 403, r.text
    assert "refused" in r.json()["detail"]


@pytest.mark.parametrize("how", ["get-update", "post-update", "post-form-update"])
def test_the_update_operation_of_the_protocol_is_refused(seed_app_client, how):
    u = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    c = seed_app_client
    r = (c.get("/sparql", params={"update": u}) if how == "get-update" else
         c.post("/sparql", content=u, headers={"content-type": "application/sparql-update"})
         if how == "post-update" else c.post("/sparql", data={"update": u}))
    assert r.status_code == 403


def count_triples(client) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_an_update_smuggled_after_a_query_changes_nothing(seed_app_client):
    before = count_triples(seed_app_client)
    for q in ("SELECT * WHERE { ?s ?p ?o } LIMIT 1 ; DELETE WHERE { ?s ?p ?o }",
              "ASK { ?s ?p ?o }\n#\nDROP ALL",
              'SELECT * WHERE { ?s ?p "x" } INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }'):
        r = seed_app_client.post("/sparql", data={"query": q})
        assert r.status_code in (400, 403), (q, r.status_code, r.text)
    assert count_triples(seed_app_client) == before


def test_the_sparql_page_refuses_updates_too(seed_app_client):
    r = seed_app_client.get("/sparql-ui", params={"query": "DROP ALL", "run": "1"})
    assert r.status_code < 500
    assert "refused" in r.text


def test_a_deeply_nested_query_is_refused_without_harming_the_server(seed_app_client):
    n = 9000  # deep enough to overflow a recursive parser's stack
    for q in ("SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
              "SELECT * WHERE " + "{" * n + "}" * n):
        r = seed_app_client.post("/sparql", data={"query": q})
        assert 400 <= r.status_code < 500, r.text
    assert seed_app_client.get("/sparql", params={"query": CHEAP_SPARQL}).json()["boolean"] is True


@contextmanager
def listener():
    """A loopback socket that records whether anything connects to it (an SSRF probe)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(conn.recv(200))
            conn.close()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield sock.getsockname()[1], hits
    finally:
        stop.set()
        t.join(timeout=2)
        sock.close()


def test_service_hidden_behind_an_escaped_local_name_is_refused_and_calls_nobody(seed_app_client):
    with listener() as (port, hits):
        q = (f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ BIND(ex:a\\# AS ?q) "
             f"SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?y ?z }} }}")
        r = seed_app_client.post("/sparql", data={"query": q})
        time.sleep(0.3)
    assert hits == [], "the endpoint made an outgoing request for SERVICE"
    assert r.status_code == 403


# --- time limit on a live server -----------------------------------------------------------



TIMEOUT_S = 2.0


@pytest.fixture(scope="module")
def server(seed_settings, serve):
    """A live server over the bundled store with a 2 s query limit and no rate limit."""
    with serve(seed_settings.store, COUNCILKG_QUERY_TIMEOUT_S=str(TIMEOUT_S),
               COUNCILKG_RATE_PER_MINUTE="0") as (base, _):
        httpx.get(base + "/sparql", params={"query": CHEAP_SPARQL}, timeout=30)  # warm a worker
        yield base


def latencies(base: str, requests: list[tuple[str, dict]], seconds: float) -> list[float]:
    """Seconds taken by cheap requests sent one after another for `seconds`."""
    out: list[float] = []
    end = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=30) as c:
        while time.monotonic() < end:
            for path, params in requests:
                t0 = time.perf_counter()
                r = c.get(path, params=params)
                out.append(time.perf_counter() - t0)
                assert r.status_code == 200, (path, r.status_code, r.text[:300])
    return out


def hostile(base: str, query: str, results: list) -> threading.Thread:
    def run():
        t0 = time.perf_counter()
        r = httpx.post(base + "/sparql", data={"query": query}, timeout=60)
        results.append((r.status_code, r.json().get("error"), time.perf_counter() - t0))

    t = threading.Thread(target=run)
    t.start()
    return t


@pytest.mark.slow
@pytest.mark.parametrize("query", [CARTESIAN, DEEP_PATH], ids=["cartesian-product", "deep-property-path"])
def test_a_runaway_query_is_stopped_at_the_time_limit(server, query):
    results: list = []
    hostile(server, query, results).join()
    status, error, seconds = results[0]
    assert (status, error) == (503, "QueryTimeout")
    assert seconds < TIMEOUT_S + 2


@pytest.mark.slow
@pytest.mark.parametrize("query", [CARTESIAN, DEEP_PATH], ids=["cartesian-product", "deep-property-path"])
def test_a_runaway_query_does_not_slow_other_clients(server, seed_generation, query):
    cid = next(iter(seed_generation.commitments))
    cheap = [("/api/health", {}), (f"/api/commitments/{cid}", {}),
             ("/sparql", {"query": CHEAP_SPARQL})]
    baseline = latencies(server, cheap, 1.0)
    results: list = []
    thread = hostile(server, query, results)
    time.sleep(0.3)
    during = latencies(server, cheap, TIMEOUT_S - 0.8)
    thread.join()
    assert results[0][:2] == (503, "QueryTimeout")
    p95 = statistics.quantiles(during, n=20)[-1]
    assert max(during) < 1.0, f"a cheap request took {max(during):.2f} s while a runaway query ran"
    assert p95 < max(0.3, 10 * statistics.median(baseline)), (p95, statistics.median(baseline))


@pytest.mark.slow
def test_runaway_queries_do_not_slow_requests_that_need_no_query(server, seed_generation):
    cid = next(iter(seed_generation.commitments))
    results: list = []
    threads = [hostile(server, q, results) for q in (CARTESIAN, DEEP_PATH, CARTESIAN, DEEP_PATH)]
    time.sleep(0.3)
    during = latencies(server, [("/api/health", {}), (f"/api/commitments/{cid}", {})], TIMEOUT_S - 0.8)
    for t in threads:
        t.join()
    assert [r[:2] for r in results] == [(503, "QueryTimeout")] * 4
    assert max(during) < 1.0, f"a cheap request took {max(during):.2f} s while runaway queries ran"


@pytest.mark.slow
def test_more_runaway_queries_than_workers_do_not_hold_up_a_cheap_query(server):
    results: list = []
    threads = [hostile(server, q, results) for q in (CARTESIAN, DEEP_PATH, CARTESIAN, DEEP_PATH)]
    time.sleep(0.3)
    t0 = time.perf_counter()
    r = httpx.get(server + "/sparql", params={"query": CHEAP_SPARQL}, timeout=30)
    waited = time.perf_counter() - t0
    for t in threads:
        t.join()
    assert r.status_code == 200
    assert waited < 1.0, f"a cheap ASK waited {waited:.2f} s behind runaway queries"
