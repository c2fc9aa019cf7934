"""Fuzzing (issue 7, part 5): every operation in the OpenAPI schema, fed what schemathesis
generates from it, never answers with a server error; nor do the HTML pages (which the
schema leaves out) when their parameters are arbitrary text.

Bounded here (COUNCILKG_FUZZ_EXAMPLES examples per operation, default 20); `make fuzz`
(benchmarks/fuzz.py) runs longer against a live server.
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from api.settings import Settings
from benchmarks import fuzz_hooks  # noqa: F401  (POST /sparql's application/sparql-query bodies)

EXAMPLES = int(os.environ.get("COUNCILKG_FUZZ_EXAMPLES", "20"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_app(seed_settings):
    """The app over the bundled store, rate limit off (the fuzzer is one fast client) and a
    short query time limit so a costly generated query cannot stall the run."""
    return create_app(seed_settings.model_copy(update={"rate_per_minute": 0, "query_timeout_s": 5.0}))


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    """The app's own OpenAPI schema, loaded by schemathesis over ASGI."""
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


def operations() -> list[tuple[str, str]]:
    """(method, path) of every operation; the schema does not depend on the store, so an app
    over an empty folder lists them at collection time."""
    paths = create_app(Settings(store="no-store-needed-to-list-routes", embedder="fake")).openapi()["paths"]
    return [(m.upper(), p) for p, ops in sorted(paths.items()) for m in sorted(ops)]


@pytest.mark.parametrize(("method", "path"), operations(), ids=lambda v: v)
def test_no_api_operation_answers_with_a_server_error(api_schema, method, path):
    operation = api_schema[path][method]

    @FUZZ
    @given(case=operation.as_strategy())
    def call(case):
        response = case.call()
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} answered {response.status_code}: "
            f"{response.text[:500]}\nrepro: {case.as_curl_command()}")

    call()


def test_the_schema_lists_the_routes_fuzzed(fuzz_app):
    """Guards the fuzz test: if routes drop out of the schema they are no longer fuzzed."""
    paths = fuzz_app.openapi()["paths"]
    assert {"/sparql", "/api/health", "/api/commitments/{cid}", "/dumps/{name}"} <= set(paths)


# Text a user (or an attacker) may type: any unicode, plus markup, quotes and SPARQL pieces.
TEXT = st.one_of(st.text(max_size=200),
                 st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
                                  "%00", "\u202e", "}} {{", "SELECT * WHERE { ?s ?p ?o }", "\ud7ff" * 50,
                                  "a" * 5000, "https://w3id.org/councilkg/id/commitment/x"]))


@pytest.fixture(scope="module")
def page_client(fuzz_app):
    """A TestClient for the HTML pages."""
    from fastapi.testclient import TestClient

    with TestClient(fuzz_app) as client:
        yield client


def page_ok(client, path: str, **params) -> None:
    r = client.get(path, params=params)
    assert r.status_code < 500, (path, params, r.status_code, r.text[:500])


@FUZZ
@given(q=TEXT, k=st.integers(-5, 100), year=TEXT)
def test_the_front_page_survives_any_question(page_client, q, k, year):
    page_ok(page_client, "/", q=q, k=k, year=year)


@FUZZ
@given(frm=TEXT, to=TEXT)
def test_the_path_page_survives_any_pair(page_client, frm, to):
    page_ok(page_client, "/path", **{"from": frm, "to": to})


@FUZZ
@given(cid=TEXT.filter(lambda s: "/" not in s and s not in ("", ".", "..")), kind=TEXT.filter(
    lambda s: "/" not in s and s not in ("", ".", "..")))
def test_commitment_and_entity_pages_survive_any_id(page_client, cid, kind):
    from urllib.parse import quote

    page_ok(page_client, f"/commitment/{quote(cid, safe='')}")
    page_ok(page_client, f"/entity/{quote(kind, safe='')}/{quote(cid, safe='')}")
    page_ok(page_client, "/entity", iri=cid)


@FUZZ
@given(query=TEXT, example=st.integers(-3, 50))
def test_the_sparql_page_survives_any_query(page_client, query, example):
    page_ok(page_client, "/sparql-ui", query=query, example=example, run="1")


@FUZZ
@given(council=TEXT, limit=st.integers(-5, 2000))
def test_the_review_page_survives_any_council_and_limit(page_client, council, limit):
    page_ok(page_client, "/review", council=council, limit=limit)
