"""SPARQL benchmark: synthetic commitment graphs of ~10^4, 10^5, 10^6 triples, the example
queries of docs/sparql.md, three ways:

1. through the HTTP endpoint of a live `councilkg serve` (httpx client),
2. on pyoxigraph directly, same on-disk store (the floor; endpoint overhead = 1 / 2),
3. on rdflib's in-memory store (the alternative engine; ratio 3 / 2).

Prints load time, p50/p95 latency per query and engine, the ratios, and resident memory.
Usage: python benchmarks/sparql.py --sizes 10000 100000 [--reps 20] [--rdflib-max 200000]
       python benchmarks/sparql.py --quick   (10^4 triples, 5 reps: a smoke run for `make bench`)
"""
from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psutil  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from rdflib import Graph  # noqa: E402

from api.workspace import Workspace  # noqa: E402
from graph.build import build_graph  # noqa: E402
from graph.store import write_store  # noqa: E402
from ontology.records import (Commitment, ExtractedPlan, LineageLink, PlanDocument,  # noqa: E402
                              SourceSpan, Target)

WORDS = ("deliver improve retrofit homes streets cycle routes air quality waste recycling "
         "libraries parks housing schools youth services carbon energy flood resilience "
         "health care partners community safety town centre digital skills jobs").split()
POSTS = ["Director of Housing", "Director of Finance", "Head of Planning", "Chief Executive",
         "Executive Director of Place", "Head of Libraries", "Director of Public Health"] + \
        [f"Head of Service {i}" for i in range(40)]
ORGS = ["NHS", "Police", "GLA", "Kingston Voluntary Action (KVA)", "KVA", "South London Partnership"] + \
       [f"Partner Organisation {i}" for i in range(60)]
STRATEGIES = ["Climate Action Plan", "Medium Term Financial Strategy", "MTFS 2024-2028", "Local Plan"] + \
             [f"Programme {i} Strategy" for i in range(80)]
PLACES = ["Cambridge Road Estate", "Cambridge Road Estates", "Kingston Town Centre", "Tolworth"] + \
         [f"Site {i}" for i in range(40)]
THEMES = ["Greener", "Safer", "Healthier", "Housing", "Economy", "Children and Young People"]
STATUS = [None, "In progress", "Complete", "Not started", "Delayed"]


def synthetic(n_commitments: int, seed: int = 7) -> tuple[list[ExtractedPlan], list[LineageLink]]:
    """Plans 2008-2025 with commitments carried forward across plans (chains of 1-8)."""
    rnd = random.Random(seed)
    years = list(range(2008, 2026, 2))
    per_plan = max(1, n_commitments // len(years))
    plans, links, prev = [], [], []
    for y in years:
        name = f"plan_{y}.txt"
        lines, cs = [], []
        for i in range(per_plan):
            text = " ".join(rnd.choice(WORDS) for _ in range(12)).capitalize()
            start = sum(len(l) + 1 for l in lines)
            lines.append(text)
            month = rnd.randint(1, 12)
            cs.append(Commitment(
                id=f"plan_{y}-{i + 1:03d}", document=name, text=text,
                section_path=(rnd.choice(THEMES),), milestones=(f"Milestone {i}",),
                targets=(Target(f"by {y + 2}-{month:02d}", f"{y + rnd.randint(1, 3)}-{month:02d}"),),
                owners=(rnd.choice(POSTS),), status=rnd.choice(STATUS),
                partners=tuple(rnd.sample(ORGS, 2)), places=(rnd.choice(PLACES),),
                strategies=(rnd.choice(STRATEGIES),),
                span=SourceSpan(start, start + len(text), len(lines), len(lines))))
        for j, c in enumerate(cs):
            if prev and rnd.random() < 0.6:
                links.append(LineageLink(prev[j % len(prev)].id, c.id, "continues", rnd.random(),
                                         ("shared words",), ("reworded",)))
        plans.append(ExtractedPlan(PlanDocument(name, f"Plan {y}", f"{y}/{y + 1}", y, y + 1,
                                                "Royal Borough of Kingston upon Thames", "synthetic"),
                                   tuple(cs), "\n".join(lines)))
        prev = cs
    return plans, links


def doc_queries() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    prefixes = re.search(r"```\n(PREFIX[\s\S]*?)```", text).group(1)
    return [(m.group(1).split(".")[0], prefixes + m.group(2))
            for m in re.finditer(r"^## (\d+\..*?)\n[\s\S]*?```sparql\n([\s\S]*?)```", text, re.M)]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def timed(fn, reps: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def rdflib_ms(rd: Graph, query: str, timeout: float) -> float | str:
    """One rdflib run in a forked child (rdflib cannot be interrupted in-thread either);
    the child inherits the loaded graph, so only the query is timed."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()

    def work():
        t = time.perf_counter()
        try:
            list(rd.query(query))
            child.send((time.perf_counter() - t) * 1000)
        except Exception as exc:  # rdflib cannot run every SPARQL 1.1 query
            child.send(f"error: {type(exc).__name__}")

    p = ctx.Process(target=work)
    p.start()
    if parent.poll(timeout):
        out = parent.recv()
        p.join()
        return out
    p.kill()
    p.join()
    return f"> {timeout:g} s (stopped)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(root: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "COUNCILKG_MAX_ROWS": "100000", "COUNCILKG_QUERY_TIMEOUT_S": "120",
           "COUNCILKG_EMBEDDER": "fake", "COUNCILKG_RATE_PER_MINUTE": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--store", str(root), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(600):
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {proc.stderr.read().decode()[-2000:]}")


def tree_rss_mb(proc: subprocess.Popen) -> float:
    p = psutil.Process(proc.pid)
    return sum(x.memory_info().rss for x in [p, *p.children(recursive=True)]) / 2**20


def run(size: int, reps: int, rdflib_max: int, rdflib_timeout: float) -> None:
    n_commit = max(10, size // 63)  # ~63 triples per commitment with quotes and lineage
    plans, links = synthetic(n_commit)
    t = time.perf_counter()
    g = build_graph(plans, links, "https://w3id.org/councilkg/")
    t_build = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "build"
        t = time.perf_counter()
        with Workspace(root).new_generation() as gen:
            triples = write_store(g, gen.store_dir)
        t_load = time.perf_counter() - t
        store_dir = root / "current" / "store"
        nt = Path(tmp) / "g.nt"
        g.serialize(nt, format="nt", encoding="utf-8")
        del g
        print(f"\n== {triples:,} triples ({n_commit} commitments): rdflib build {t_build:.1f}s, "
              f"oxigraph bulk load {t_load:.2f}s")
        ox_store = ox.Store.read_only(str(store_dir))
        rd = None
        if triples <= rdflib_max:
            before = psutil.Process().memory_info().rss
            t = time.perf_counter()
            rd = Graph().parse(nt, format="nt")
            list(rd.query("ASK { ?s ?p ?o }"))  # pay rdflib's one-off SPARQL parser setup here
            print(f"rdflib in-memory load {time.perf_counter() - t:.1f}s, "
                  f"+{(psutil.Process().memory_info().rss - before) / 2**20:.0f} MB RSS")
        proc, url = serve(root)
        try:
            print(f"server RSS (with query workers): {tree_rss_mb(proc):.0f} MB")
            print(f"{'query':>5} {'rows':>6} {'http p50':>9} {'p95':>7} {'oxi p50':>8} {'p95':>7} "
                  f"{'http/oxi':>8} {'rdflib p50':>10} {'rdflib/oxi':>10}")
            ratios_http, ratios_rd = [], []
            with httpx.Client(timeout=300) as client:
                for qid, q in doc_queries():
                    def via_http(q=q):
                        r = client.post(url, data={"query": q},
                                        headers={"Accept": "application/sparql-results+json, application/n-triples"})
                        r.raise_for_status()
                        return r

                    def direct(q=q):
                        res = ox_store.query(q)
                        return res if isinstance(res, ox.QueryBoolean) else list(res)

                    h = timed(via_http, reps)
                    o = timed(direct, reps)
                    res = direct()
                    rows = len(res) if isinstance(res, list) else 1
                    line = (f"{qid:>5} {rows:>6} {pct(h, .5):>8.1f}ms {pct(h, .95):>6.1f} "
                            f"{pct(o, .5):>7.2f}ms {pct(o, .95):>6.2f} {pct(h, .5) / max(pct(o, .5), 1e-3):>8.1f}")
                    ratios_http.append(pct(h, .5) / max(pct(o, .5), 1e-3))
                    if rd is not None:
                        ms = rdflib_ms(rd, q, rdflib_timeout)
                        if isinstance(ms, str):
                            line += f"  rdflib {ms}"
                        else:
                            ratios_rd.append(ms / max(pct(o, .5), 1e-3))
                            line += f" {ms:>9.1f}ms {ratios_rd[-1]:>10.1f}"
                    print(line, flush=True)
            print(f"median endpoint overhead (http/oxigraph): {statistics.median(ratios_http):.1f}x"
                  + (f"; median rdflib/oxigraph: {statistics.median(ratios_rd):.1f}x" if ratios_rd else
                     "; rdflib skipped at this size (--rdflib-max)"))
            print(f"server RSS after queries: {tree_rss_mb(proc):.0f} MB; "
                  f"store on disk {sum(f.stat().st_size for f in store_dir.rglob('*') if f.is_file()) / 2**20:.0f} MB")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            ox_store = None  # let pyoxigraph close the store before the folder is removed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--rdflib-max", type=int, default=1_200_000,
                    help="Skip rdflib above this many triples (it is slow and large).")
    ap.add_argument("--rdflib-timeout", type=float, default=30.0,
                    help="Stop an rdflib query after this many seconds (reported as a lower bound).")
    ap.add_argument("--quick", action="store_true", help="10^4 triples and 5 repetitions")
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.reps = [10_000], 5
    print(f"cpus={os.cpu_count()} python={sys.version.split()[0]} pyoxigraph={ox.__version__}")
    for size in args.sizes:
        run(size, args.reps, args.rdflib_max, args.rdflib_timeout)


if __name__ == "__main__":
    main()
