"""The graph in a remote SPARQL 1.1 store (issue 7, part 1): a real Oxigraph server, started
and stopped here, holds the generation's graph; /sparql forwards to it and answers the
documented example queries with the same rows as the embedded store."""
from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pipeline import build
from api.settings import Settings
from api.workspace import Workspace
from graph.remote import GRAPH_PREFIX, RemoteStore, remote_for
from graph.sparql import run_query
from graph.sparql_pool import QueryPool
from ontology.errors import CouncilKGError, QueryRejected, QueryTimeout

PLANS = sorted((Path(__file__).resolve().parents[1] / "data" / "cli").glob("*.md"))
DOC = Path(__file__).resolve().parents[2] / "docs" / "sparql.md"
SERVER = Path(sys.executable).parent / "oxigraph"  # shipped by the PyPI package `oxigraph`


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory, spawn_server):
    """`oxigraph serve` on a free loopback port over a fresh folder; yields its setting."""
    binary = SERVER if SERVER.exists() else shutil.which("oxigraph")
    assert binary, "the oxigraph server binary is missing: pip install oxigraph"
    location = str(tmp_path_factory.mktemp("oxi"))
    with spawn_server(lambda port: [str(binary), "serve", "--location", location,
                                    "--bind", f"127.0.0.1:{port}"],
                      "/query?query=ASK%20%7B%7D", timeout=30) as (base, _):
        yield f"sparql+{base}/"


@pytest.fixture(scope="module")
def remote_settings(oxigraph_server, tmp_path_factory) -> Settings:
    """The small plans built with COUNCILKG_GRAPH_STORE pointing at the live server."""
    settings = Settings(store=str(tmp_path_factory.mktemp("remote") / "build"), embedder="fake",
                        graph_store=oxigraph_server)
    build(PLANS, settings, show_progress=False)
    return settings


@pytest.fixture(scope="module")
def local_settings(tmp_path_factory) -> Settings:
    """The same plans in the embedded store, to compare answers with."""
    settings = Settings(store=str(tmp_path_factory.mktemp("local") / "build"), embedder="fake")
    build(PLANS, settings, show_progress=False)
    return settings


def doc_queries() -> list[tuple[str, str]]:
    """(title, query with the doc's prefixes) for each numbered example of docs/sparql.md."""
    text = DOC.read_text(encoding="utf-8")
    prefixes = re.search(r"```\n(PREFIX[\s\S]*?)```", text).group(1)
    return [(m.group(1), prefixes + m.group(2))
            for m in re.finditer(r"^## (\d+\..*?)\n[\s\S]*?```sparql\n([\s\S]*?)```", text, re.M)]


def answer(client: TestClient, query: str):
    """The answer as comparable data: ASK boolean, SELECT rows (a sorted list, blank nodes
    blanked), or the set of N-Triples lines of a graph without blank nodes."""
    r = client.post("/sparql", data={"query": query},
                    headers={"Accept": "application/sparql-results+json, application/n-triples"})
    assert r.status_code == 200, r.text
    if r.headers["content-type"].startswith("application/n-triples"):
        return {ln for ln in r.text.splitlines() if ln and "_:" not in ln}
    data = r.json()
    if "boolean" in data:
        return data["boolean"]
    rows = [tuple(sorted((k, v["type"], "" if v["type"] == "bnode" else v["value"],
                          v.get("datatype", ""), v.get("xml:lang", "")) for k, v in b.items()))
            for b in data["results"]["bindings"]]
    return data["head"]["vars"], sorted(rows)


def test_the_build_writes_its_graph_to_the_remote_store_and_says_where(remote_settings, oxigraph_server):
    gen = Workspace(remote_settings.store_path).current()
    remote = remote_for(gen.store_dir)
    assert remote is not None and remote.graph.startswith(GRAPH_PREFIX)
    assert remote.graph.endswith(":" + gen.path.name)
    base = oxigraph_server[len("sparql+"):]
    r = httpx.post(base + "query", data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{remote.graph}> "
                                                  f"{{ ?s ?p ?o }} }}"},
                   headers={"accept": "application/sparql-results+json"})
    remote_n = int(r.json()["results"]["bindings"][0]["n"]["value"])
    assert remote_n == gen.manifest["summary"]["triples"] > 100  # the ontology too
    assert (gen.store_dir / "CURRENT").exists()  # the local copy stays, for dumps


@pytest.mark.parametrize("title,query", doc_queries(), ids=[t.split(".")[0] for t, _ in doc_queries()])
def test_documented_queries_give_the_same_rows_from_the_remote_store(remote_settings, local_settings,
                                                                      title, query):
    with TestClient(create_app(remote_settings)) as remote, TestClient(create_app(local_settings)) as local:
        assert answer(remote, query) == answer(local, query), title


def test_entity_pages_and_void_come_from_the_remote_store(remote_settings, local_settings):
    gen = Workspace(remote_settings.store_path).current()
    cid = sorted(gen.commitments)[0]
    with TestClient(create_app(remote_settings)) as remote, TestClient(create_app(local_settings)) as local:
        for path in (f"/id/commitment/{cid}", "/.well-known/void"):
            got = remote.get(path, params={"format": "nt"})
            assert got.status_code == 200, got.text
            assert set(got.text.splitlines()) == set(local.get(path, params={"format": "nt"}).text.splitlines())


def test_a_remote_store_gets_the_same_refusals_before_any_request(remote_settings):
    gen = Workspace(remote_settings.store_path).current()
    for q in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
              "DROP ALL", "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"):
        with pytest.raises(QueryRejected) as err:
            run_query(gen.store_dir, q, timeout=5, max_rows=10)
        assert err.value.http_status == 403


def test_rows_past_the_limit_are_cut_and_flagged_as_with_the_embedded_store(remote_settings):
    gen = Workspace(remote_settings.store_path).current()
    res = run_query(gen.store_dir, "SELECT * WHERE { ?s ?p ?o }", timeout=10, max_rows=7)
    assert res.truncated and len(res.rows()[1]) == 7
    res = run_query(gen.store_dir, "CONSTRUCT WHERE { ?s ?p ?o }", timeout=10, max_rows=5)
    assert res.truncated and res.data.count(b"\n") == 5


def test_a_slow_remote_query_is_cut_at_the_time_limit(remote_settings):
    gen = Workspace(remote_settings.store_path).current()
    t0 = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        run_query(gen.store_dir, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                  timeout=1, max_rows=10)
    assert time.monotonic() - t0 < 3


@pytest.mark.slow
def test_a_rebuild_drops_graphs_of_generations_that_are_gone_and_of_no_other_build(
        oxigraph_server, remote_settings, tmp_path):
    settings = Settings(store=str(tmp_path / "build"), embedder="fake", graph_store=oxigraph_server)
    names = []
    for _ in range(4):  # the workspace keeps two generations; the third build removes the first
        build(PLANS[:1], settings, show_progress=False)
        names.append(remote_for(Workspace(settings.store_path).current().store_dir).graph)
    base = oxigraph_server[len("sparql+"):]
    r = httpx.post(base + "query", data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"},
                   headers={"accept": "application/sparql-results+json"})
    graphs = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
    assert names[-1] in graphs and names[0] not in graphs
    other = remote_for(Workspace(remote_settings.store_path).current().store_dir).graph
    assert other in graphs  # another build folder's graph in the same store is left alone


def test_the_setting_names_each_endpoint_and_engines_other_than_oxigraph_can_override_them():
    ox = RemoteStore.from_setting("sparql+http://h:7878/")
    assert (ox.query_url, ox.update_url, ox.store_url) == (
        "http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    fuseki = RemoteStore.from_setting("sparql+https://h/ck/?store=data")
    assert (fuseki.query_url, fuseki.store_url) == ("https://h/ck/query", "https://h/ck/data")
    with pytest.raises(CouncilKGError, match="sparql\\+http://host:port/"):
        RemoteStore.from_setting("http://h:7878/")


def test_a_remote_store_that_is_down_is_a_503_that_names_the_setting(remote_settings, tmp_path,
                                                                     unused_port):
    gen = Workspace(remote_settings.store_path).current()
    dead = RemoteStore.from_setting(f"sparql+http://127.0.0.1:{unused_port}/", "urn:x:g")
    with pytest.raises(CouncilKGError, match="COUNCILKG_GRAPH_STORE") as err:
        dead.query("ASK { ?s ?p ?o }", "ask", timeout=2, max_rows=1)
    assert err.value.http_status == 503
    assert json.loads(run_query(gen.store_dir, "ASK { ?s ?p ?o }", timeout=5, max_rows=1,
                                pool=QueryPool(size=1)).data)["boolean"] is True
