"""Security defaults (issue 7, parts 5 and 6): loopback by default, a read-only public API,
no path out of the dump and static folders, and plan text shown as text on every page.

The escaping tests build a tiny store from tests/data/hostile/script_plan.md, a hand-made
plan whose titles, actions, owners and partners carry <script>, <b>, <img onerror> and
attribute-breaking quotes, then crawl every page reachable from the front page.
"""
from __future__ import annotations

import asyncio
import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route

from api.app import create_app
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile"

# Markup from the hostile plan that must never reach a page as markup.
RAW = ["<script>alert(", "<b>bold</b>", "<i>draft</i>", "<img src=x", "<svg onload",
       '<a href="javascript:', "</textarea></title>"]
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile_settings(tmp_path_factory) -> Settings:
    """Settings over a store built from the hand-made plan full of HTML and script."""
    from api.pipeline import build

    settings = Settings(store=str(tmp_path_factory.mktemp("hostile") / "build"), embedder="fake")
    build([HOSTILE / "script_plan.md"], settings, show_progress=False)
    return settings


@pytest.fixture(scope="module")
def hostile_client(hostile_settings):
    """A TestClient over the hostile store."""
    with TestClient(create_app(hostile_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def hostile_ids(hostile_settings) -> list[str]:
    """Commitment ids of the hostile store."""
    from api.workspace import Workspace

    return sorted(Workspace(hostile_settings.store_path).current().commitments)


# --- binding ------------------------------------------------------------------------------

def test_settings_bind_to_loopback_unless_told_otherwise(monkeypatch):
    for key in [k for k in os.environ if k.startswith("COUNCILKG_")]:
        monkeypatch.delenv(key)
    s = Settings()
    assert s.host == "127.0.0.1"
    assert s.write_token is None  # write routes are off unless a token is configured


def test_serve_help_says_it_binds_to_loopback_by_default():
    r = subprocess.run([sys.executable, "-m", "api", "serve", "--help"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "127.0.0.1" in r.stdout


@pytest.mark.slow
def test_a_server_started_without_host_listens_on_loopback_only(seed_settings, serve):
    import psutil

    with serve(seed_settings.store) as (_, proc):
        listening = {c.laddr.ip for c in psutil.Process(proc.pid).net_connections("inet")
                     if c.status == psutil.CONN_LISTEN}
    assert listening == {"127.0.0.1"}


# --- read-only API -------------------------------------------------------------------------

# POST /sparql is a query (SPARQL 1.1 Protocol section 2.1.2-2.1.3), not a write.
READ_ONLY_POSTS = {("/sparql", "POST")}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path)


def test_data_routes_refuse_writes_and_any_write_route_needs_a_token(seed_app_client):
    app = seed_app_client.app
    routes = [r for r in app.routes if isinstance(r, Route)]
    assert routes
    for route in routes:
        path = concrete(route.path)
        for method in WRITE_METHODS:
            if method in route.methods and (route.path, method) not in READ_ONLY_POSTS:
                # A write route: without the token it must refuse (and the default has none).
                r = seed_app_client.request(method, path)
                assert r.status_code in (401, 403), (method, route.path, r.status_code)
            elif method not in route.methods:
                r = seed_app_client.request(method, path, content=b"{}")
                assert r.status_code in (403, 405), (method, route.path, r.status_code)


def test_put_and_delete_on_the_sparql_endpoint_are_not_allowed(seed_app_client):
    for method in ("PUT", "DELETE", "PATCH"):
        r = seed_app_client.request(method, "/sparql", content=b"<urn:a> <urn:b> <urn:c> .",
                                    headers={"content-type": "text/turtle"})
        assert r.status_code == 405


# --- path traversal --------------------------------------------------------------------------

async def _asgi_get(app, raw_target: bytes) -> tuple[int, bytes]:
    """Send the request target exactly as given, decoded the way uvicorn does it
    (path = percent-decoded raw path), which no HTTP client library will do: they all
    normalise '..' away before sending."""
    raw_path, _, query = raw_target.partition(b"?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": unquote(raw_path.decode("ascii")), "raw_path": raw_path,
             "query_string": query, "root_path": "", "headers": [(b"host", b"127.0.0.1:8000")],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    sent: list[dict] = []
    done = asyncio.Event()
    requested = False

    async def receive():
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # the client hangs up only after the whole answer
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


TRAVERSALS = [
    b"/dumps/../../etc/passwd", b"/dumps/..%2F..%2F..%2Fetc%2Fpasswd",
    b"/dumps/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", b"/dumps/..%252F..%252Fetc%252Fpasswd",
    b"/dumps/%2e%2e/%2e%2e/api/settings.py", b"/dumps/..\\..\\api\\settings.py",
    b"/dumps/%2Fetc%2Fpasswd", b"/dumps/councilkg.ttl%00.txt", b"/dumps/..%2Fmanifest.json",
    b"/static/..%2F..%2Fsettings.py", b"/static/../../settings.py", b"/static/%2e%2e%2fapp.py",
    b"/static/%2Fetc%2Fpasswd", b"/id/..%2F..%2F..%2Fetc%2Fpasswd", b"/id/../../etc/passwd",
    b"/ontology/../api/settings.py", b"/commitment/..%2F..%2Fapi%2Fsettings.py",
]


@pytest.mark.parametrize("target", TRAVERSALS, ids=[t.decode() for t in TRAVERSALS])
def test_path_traversal_in_download_routes_is_refused(seed_app_client, target):
    status, body = asyncio.run(_asgi_get(seed_app_client.app, target))
    assert status in (400, 403, 404), (target, status)
    assert b"root:" not in body and b"BaseSettings" not in body


def test_the_real_dumps_are_still_served(seed_app_client):
    status, body = asyncio.run(_asgi_get(seed_app_client.app, b"/dumps/councilkg.nt"))
    assert status == 200 and body.count(b"\n") > 1000


# --- escaping ----------------------------------------------------------------------------------

def test_the_hostile_plan_keeps_its_markup_as_text_in_the_store(hostile_client, hostile_ids):
    texts = [hostile_client.get(f"/api/commitments/{cid}").json()["text"] for cid in hostile_ids]
    assert any(SCRIPT in t for t in texts), texts  # the fixture really is hostile


def assert_escaped(url: str, r) -> None:
    body = r.text
    for raw in RAW:
        assert raw not in body, f"{url} shows {raw!r} unescaped"


START = ["/", "/?q=Quayside+script+alert+bold", "/?q=" + SCRIPT, "/gaps", "/sparql-ui",
         "/sparql-ui?run=1&query=SELECT+%3Fo+WHERE+%7B+%3Fs+%3Fp+%3Fo+FILTER(isLiteral(%3Fo))+%7D",
         "/sparql-ui?query=%3C%2Ftextarea%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
         "/path?from=Quayside&to=cycle+route", "/path?from=" + SCRIPT + "&to=%3Cb%3Ebold%3C%2Fb%3E",
         "/commitment/" + SCRIPT, "/entity?iri=" + SCRIPT, "/entity/post/%3Cscript%3Ealert(1)"]


def test_every_page_shows_plan_text_as_text(hostile_client, hostile_ids):
    queue = START + [f"/commitment/{cid}" for cid in hostile_ids] + \
        [f"/id/commitment/{cid}" for cid in hostile_ids]
    seen: set[str] = set()
    pages = 0
    while queue and pages < 200:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        r = hostile_client.get(url, headers={"accept": "text/html"})
        assert r.status_code < 500, (url, r.status_code, r.text[:500])
        if "text/html" not in r.headers.get("content-type", ""):
            continue
        pages += 1
        assert_escaped(url, r)
        for href in re.findall(r'href="(/[^"]*)"', r.text):
            href = html.unescape(href)
            parts = urlsplit(href)
            if parts.path.startswith(("/static", "/dumps", "/ontology", "/.well-known")) \
                    or "format=" in parts.query:
                continue
            queue.append(href)
    assert pages >= 10, seen
    shown = hostile_client.get(f"/commitment/{hostile_ids[0]}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_json_routes_return_the_text_as_json_never_as_html(hostile_client, hostile_ids):
    schema = hostile_client.get("/openapi.json").json()
    values = {"cid": hostile_ids[0], "id": hostile_ids[0], "q": SCRIPT, "from": SCRIPT, "to": SCRIPT,
              "query": "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"}
    checked = 0
    for path, ops in schema["paths"].items():
        op = ops.get("get")
        if not op or path.startswith(("/dumps/", "/id/")):
            continue
        params = {p["name"]: values.get(p["name"], "x") for p in op.get("parameters", [])
                  if p["in"] == "query" and (p.get("required") or p["name"] in values)}
        url = re.sub(r"\{(\w+)[^}]*\}", lambda m: values.get(m.group(1), "x"), path)
        r = hostile_client.get(url, params=params)
        assert r.status_code < 500, (url, r.status_code, r.text[:500])
        checked += 1
        if r.status_code == 200:
            assert "text/html" not in r.headers["content-type"], url
    assert checked >= 4
    one = hostile_client.get(f"/api/commitments/{hostile_ids[0]}")
    assert one.headers["content-type"].startswith("application/json")
    assert SCRIPT in one.json()["text"]  # JSON carries the text unchanged; escaping is the page's job
