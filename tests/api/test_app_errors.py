"""Errors reach clients as JSON with a status, CORS, nosniff, and Retry-After where waiting helps."""
from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings


def test_a_server_with_no_store_says_to_build_first_and_when_to_retry(tmp_path):
    client = TestClient(create_app(Settings(store=str(tmp_path / "none"), embedder="fake")))
    r = client.get("/api/health", headers={"Origin": "https://example.org"})
    assert r.status_code == 503
    assert r.json()["error"] == "StoreNotBuilt"
    assert "councilkg build" in r.json()["detail"]
    assert r.headers["retry-after"] == "5"
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_an_unknown_commitment_is_a_404_naming_it(seed_app_client):
    r = seed_app_client.get("/api/commitments/no-such-id")
    assert r.status_code == 404
    assert "no-such-id" in r.json()["detail"]
    assert "retry-after" not in r.headers


def test_the_sparql_endpoints_plain_text_429_also_says_when_to_retry():
    """The per-client query cap answers /sparql in plain text (api.routes.sparql.error_response)."""
    from api.routes.sparql import error_response
    from ontology.errors import QueryRejected

    busy = QueryRejected("5 queries from your address are already running")
    busy.http_status = 429
    r = error_response(busy)
    assert (r.status_code, r.headers["retry-after"], r.headers["access-control-allow-origin"]) == (429, "5", "*")
    assert "retry-after" not in error_response(QueryRejected("bad query")).headers
