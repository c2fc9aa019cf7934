"""Bounded load test on loopback (issue 7, part 4): N concurrent clients mix search, ask,
commitment and entity pages, IRI pages and SPARQL for a fixed time against a real
`councilkg serve`, then print throughput, p50/p95/p99 latency per kind of request, errors
and the server's memory before and after.

Each client connects from its own loopback address (127.0.0.2, 127.0.0.3, ...: Linux routes
all of 127/8 to the loopback), so the per-address query cap (5 SPARQL queries at once) sees
the separate users the clients stand for, not one address running 32 queries. The server
runs with COUNCILKG_RATE_PER_MINUTE=0 all the same, so the figures measure capacity, not
the rate limit. Nothing else changes from the defaults. The run stops by itself after
--seconds (plus a bounded drain).

usage: python benchmarks/load.py [--seconds 60] [--clients 32] [--store build] [--real-model]
Exit code 1 if any request failed or the server's memory grew past --max-growth-mb.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
import psutil  # noqa: E402

from liveserver import build_store, serve, stop_on_sigterm  # noqa: E402

# Questions a resident or officer might type; generic council topics, not any plan's wording.
QUESTIONS = ["retrofit council homes", "electric vehicle charging points", "tree planting",
             "cycle routes to the town centre", "reduce carbon emissions from council buildings",
             "who is responsible for air quality", "when will the solar panels be installed",
             "what links housing to energy efficiency", "what happened to the recycling target",
             "partners working on flooding", "schools and active travel", "affordable homes delivery"]
SPARQL = [
    "SELECT ?type (COUNT(*) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) LIMIT 20",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } LIMIT 50",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100",
    "ASK { ?s ?p ?o }",
]
WEIGHTS = {"search": 3, "ask": 2, "commitment_page": 2, "commitment_json": 2, "entity_page": 2,
           "iri_page": 1, "sparql": 2}


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def rss_mb(proc: psutil.Process) -> tuple[float, float]:
    """RSS of the server process and of it with its children (the SPARQL workers), in MB."""
    own = proc.memory_info().rss
    kids = sum(c.memory_info().rss for c in proc.children(recursive=True) if c.is_running())
    return own / 1e6, (own + kids) / 1e6


def plan_requests(base: str) -> dict[str, list[str]]:
    """Concrete URLs for each kind of request, found from the running server."""
    schema = httpx.get(base + "/openapi.json", timeout=30).json()["paths"]
    gen_ids = httpx.get(base + "/sparql", timeout=60, params={"query": (
        "SELECT ?c WHERE { ?c a <https://w3id.org/councilkg/def#Commitment> } LIMIT 200")}).json()
    iris = [b["c"]["value"] for b in gen_ids["results"]["bindings"]]
    cids = [i.rsplit("/", 1)[1] for i in iris]
    if not cids:
        raise SystemExit("The store holds no commitments to load-test with.")
    entities: set[str] = set()
    for cid in cids[:: max(1, len(cids) // 15)]:
        page = httpx.get(f"{base}/commitment/{cid}", timeout=60).text
        entities.update(h for h in re.findall(r'href="(/entity[^"]*)"', page))
    q = httpx.QueryParams
    search = [f"/api/search?{q(q=t, k=10)}" for t in QUESTIONS] if "/api/search" in schema else \
        [f"/?{q(q=t)}" for t in QUESTIONS]
    ask = [f"/api/ask?{q(q=t)}" for t in QUESTIONS] if "/api/ask" in schema else \
        [f"/?{q(q=t)}" for t in QUESTIONS]
    return {"search": search, "ask": ask,
            "commitment_page": [f"/commitment/{c}" for c in cids],
            "commitment_json": [f"/api/commitments/{c}" for c in cids],
            "entity_page": sorted(entities) or [f"/commitment/{c}" for c in cids],
            "iri_page": [f"/id/commitment/{c}" for c in cids],
            "sparql": [f"/sparql?{q(query=s)}" for s in SPARQL]}


async def client(base: str, urls: dict[str, list[str]], deadline: float, seed: int,
                 out: dict[str, list[float]], errors: list[str]) -> None:
    rng = random.Random(seed)
    kinds = list(WEIGHTS)
    weights = [WEIGHTS[k] for k in kinds]
    # its own loopback address, as a real user has its own (see the module doc)
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{2 + seed % 250}")
    async with httpx.AsyncClient(base_url=base, timeout=60, transport=transport) as c:
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            url = rng.choice(urls[kind])
            t0 = time.perf_counter()
            try:
                r = await c.get(url, headers={"accept": "text/html" if kind == "iri_page" else "*/*"})
                ok = r.status_code == 200
                detail = f"{r.status_code} {r.text[:200]!r}"
            except httpx.HTTPError as exc:
                ok, detail = False, f"{type(exc).__name__}: {exc}"
            out[kind].append(time.perf_counter() - t0)
            if not ok:
                errors.append(f"{kind} GET {url} -> {detail}")


async def run(base: str, urls: dict[str, list[str]], clients: int, seconds: float,
              server: psutil.Process | None = None):
    """Run the clients until the deadline; sample the server's RSS every 5 s meanwhile."""
    out: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    samples: list[float] = []
    deadline = time.monotonic() + seconds

    async def sample():
        while server is not None and time.monotonic() < deadline:
            samples.append(round(rss_mb(server)[0], 1))
            await asyncio.sleep(max(0.0, min(5.0, deadline - time.monotonic())))

    t0 = time.perf_counter()
    tasks = [client(base, urls, deadline, i, out, errors) for i in range(clients)]
    await asyncio.wait_for(asyncio.gather(sample(), *tasks), timeout=seconds + 120)
    return out, errors, time.perf_counter() - t0, samples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60, help="measured run time (default 60)")
    ap.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    ap.add_argument("--store", help="an existing build folder (default: build the bundled corpus)")
    ap.add_argument("--real-model", action="store_true", help="use the sentence-transformers "
                    "embedder instead of the fake one (slower; needs the bundled model)")
    ap.add_argument("--warmup", type=float, default=10, help="seconds of load before measuring (default 10)")
    ap.add_argument("--max-growth-mb", type=float, default=50,
                    help="fail if the server's RSS grows more than this during the run (default 50)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args()
    stop_on_sigterm()
    embedder = "sentence-transformers" if a.real_model else "fake"
    store = build_store(a.store, embedder)
    try:
        report, failed = measure(a, store, embedder)
    finally:
        if not a.store:  # the temp build made for this run
            shutil.rmtree(Path(store).parent, ignore_errors=True)
    show(report, a.json)
    sys.exit(1 if failed else 0)


def measure(a: argparse.Namespace, store: str, embedder: str) -> tuple[dict, bool]:
    """Start the server, warm it up, load it for a.seconds; the figures and whether it failed."""
    with serve(store, embedder, COUNCILKG_RATE_PER_MINUTE="0") as (base, proc):
        server = psutil.Process(proc.pid)
        urls = plan_requests(base)
        # Warm-up: lazy loads (generation, index, SPARQL workers) happen here, not in "before".
        asyncio.run(run(base, urls, a.clients, a.warmup))
        before = rss_mb(server)
        out, errors, elapsed, samples = asyncio.run(run(base, urls, a.clients, a.seconds, server))
        after = rss_mb(server)
    total = sum(len(v) for v in out.values())
    report = {
        "clients": a.clients, "seconds": round(elapsed, 1), "embedder": embedder,
        "requests": total, "throughput_rps": round(total / elapsed, 1), "errors": len(errors),
        "rate_limit": "off for this run (COUNCILKG_RATE_PER_MINUTE=0)",
        "rss_mb": {"server_before": round(before[0], 1), "server_after": round(after[0], 1),
                   "with_workers_before": round(before[1], 1), "with_workers_after": round(after[1], 1),
                   "server_every_5s": samples},
        "routes": {k: {"n": len(v), "rps": round(len(v) / elapsed, 1),
                       "p50_ms": round(1000 * statistics.median(v), 1),
                       "p95_ms": round(1000 * percentile(v, 95), 1),
                       "p99_ms": round(1000 * percentile(v, 99), 1),
                       "max_ms": round(1000 * max(v), 1)} for k, v in sorted(out.items())},
        "first_errors": errors[:10],
    }
    report["rss_mb"]["growth"] = round(after[0] - before[0], 1)
    return report, report["errors"] > 0 or report["rss_mb"]["growth"] > a.max_growth_mb


def show(report: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['clients']} clients for {report['seconds']} s ({report['embedder']} embedder, "
              f"rate limit off): {report['requests']} requests, {report['throughput_rps']} req/s, "
              f"{report['errors']} errors")
        print(f"{'kind':<16}{'n':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        for k, r in report["routes"].items():
            print(f"{k:<16}{r['n']:>7}{r['rps']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['p99_ms']:>9}{r['max_ms']:>9}")
        m = report["rss_mb"]
        print(f"server RSS: {m['server_before']} MB before, {m['server_after']} MB after "
              f"({m['growth']:+.1f} MB); with SPARQL workers {m['with_workers_before']} -> "
              f"{m['with_workers_after']} MB")
        print(f"server RSS every 5 s: {m['server_every_5s']}")
        for e in report["first_errors"]:
            print("ERROR", e)


if __name__ == "__main__":
    main()
