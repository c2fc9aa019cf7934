"""`councilkg search/ask/path` and /api/search, /api/ask, /api/path give the same JSON."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLANS = Path(__file__).parent.parent / "data" / "search"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Settings of a store holding the two Brookvale plans, built with the fake embedder."""
    from api.pipeline import build
    from api.settings import Settings

    settings = Settings(store=str(tmp_path_factory.mktemp("cli") / "build"), embedder="fake")
    build(sorted(PLANS.glob("brookvale_*.md")), settings, show_progress=False)
    return settings


def councilkg(store, *args):
    """Run a verb in this process (as `councilkg ...` would) against the small store."""
    from typer.testing import CliRunner

    from api.cli import app

    env = {"COUNCILKG_STORE": store.store, "COUNCILKG_EMBEDDER": "fake"}
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def councilkg_process(store, *args):
    """Run the real command in a subprocess, to see its exit code and stderr."""
    env = {**os.environ, "COUNCILKG_STORE": store if isinstance(store, str) else store.store,
           "COUNCILKG_EMBEDDER": "fake"}
    return subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture(scope="module")
def client(store):
    """A TestClient over the app serving the small store."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(store)) as c:
        yield c


def test_search_json_has_hits_with_id_document_text_score_quote_and_why(store):
    data = json.loads(councilkg(store, "search", "Hollowfield Estate", "-k", "3", "--json").stdout)
    assert data["query"] == "Hollowfield Estate" and len(data["hits"]) == 3
    assert {"id", "document", "text", "score", "quote", "why"} <= set(data["hits"][0])
    assert "Hollowfield Estate" in data["hits"][0]["quote"]


def test_search_filters_narrow_the_hits(store):
    out = councilkg(store, "search", "homes", "--year-from", "2025", "--owner", "Director of Housing", "--json")
    hits = json.loads(out.stdout)["hits"]
    assert hits and all(h["document"] == "brookvale_housing_plan_2025.md" for h in hits)


def test_ask_json_lists_commitments_and_paths(store):
    out = councilkg(store, "ask", "what links net zero carbon to insulation and heat pump works", "--json")
    data = json.loads(out.stdout)
    assert set(data) >= {"question", "answer", "commitments", "paths"}
    assert {"id", "document", "text", "quote"} <= set(data["commitments"][0])


def test_path_prints_the_connecting_entities(store):
    out = councilkg(store, "path", "Retrofit 40 council homes", "insulation and heat pump works")
    assert "Hollowfield Estate" in out.stdout or "Warm Homes Fund" in out.stdout


def test_an_empty_query_exits_2_with_a_message(store):
    out = councilkg_process(store, "search", "  ")
    assert out.returncode == 2 and "Empty query" in out.stderr


def test_a_store_without_an_index_says_to_run_build(store, tmp_path):
    import shutil

    from api.workspace import Workspace

    copy = tmp_path / "build"
    shutil.copytree(store.store, copy, symlinks=True)
    shutil.rmtree(Workspace(copy).current().index_dir)
    out = councilkg_process(str(copy), "search", "homes")
    assert out.returncode == 2 and "No search index in" in out.stderr and "councilkg build" in out.stderr


def test_api_search_returns_the_same_hits_as_the_cli(store, client):
    cli = json.loads(councilkg(store, "search", "damp and mould", "-k", "3", "--json").stdout)
    api = client.get("/api/search", params={"q": "damp and mould", "k": 3}).json()
    assert [h["id"] for h in api["hits"]] == [h["id"] for h in cli["hits"]]


def test_api_ask_and_path_answer_with_quotes(client):
    a = client.get("/api/ask", params={"q": "who owns the Tenancy Strategy"})
    assert a.status_code == 200 and "Director of Housing" in a.json()["answer"]
    p = client.get("/api/path", params={"from": "Retrofit 40 council homes", "to": "insulation and heat pump works"})
    assert p.status_code == 200 and p.json()["paths"]


def test_api_filters_and_facets(client):
    r = client.get("/api/search", params={"q": "homes", "place": "Hollowfield"}).json()
    assert r["hits"] and all("Hollowfield" in h["quote"] for h in r["hits"])
    f = client.get("/api/facets", params={"document": "housing"}).json()
    assert f["document"] == {"brookvale_housing_plan_2025.md": 4}


def test_api_refuses_a_blank_query_and_documents_the_routes(client):
    assert client.get("/api/search", params={"q": "  "}).status_code == 400
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/ask", "/api/path"} <= set(paths)
    assert "SearchOut" in json.dumps(client.get("/openapi.json").json()["components"])
