"""Search at scale, on synthetic corpora of 10^5 and 10^6 commitments (--quick: 10^4, 10^5).

Prints, measured in one run:
- index build throughput as a ratio to the raw `model.encode` throughput on the same texts
  (encoding is the limit: the ratio says how much the rest of the build costs on top);
- query latency p50/p95 of hybrid `search` and of `ask`, as ratios to a bare faiss search
  of an already-encoded vector (the floor);
- recall@10 of the index type used against exact (flat) search;
- memory: resident set growth when the index is loaded, and the index folder's size.

Encoding 10^5 texts with MiniLM on a laptop CPU takes many minutes, so the model encodes a
sample of real synthetic texts (its throughput is measured there) and the corpora's vectors
are random: drawn around 2,000 random topic centres, which clusters them like real
embeddings. The output says so. The queries are encoded by the real model.

usage: python benchmarks/search.py [--quick] [--model fake|sentence-transformers]
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ontology.records import Commitment, ExtractedPlan, PlanDocument  # noqa: E402
from search.embedder import DEFAULT_MODEL, make_embedder  # noqa: E402
from search.hybrid import Searcher  # noqa: E402
from search.index import build_index, facet_row, keyword_text, load_index, write_index  # noqa: E402

VERBS = "deliver develop complete publish review launch expand procure retrofit open support reduce".split()
THINGS = ("school streets programme|cycle route|family hub|leisure centre|waste contract|air quality "
          "action plan|housing strategy|carbon reduction plan|digital inclusion service|youth centre|"
          "food waste collection|tree planting programme|adult social care pathway|SEND sufficiency "
          "plan|local plan|culture strategy|residents panel|employment and skills plan").split("|")
PLACES = [f"{a} {b}" for a in ("North", "South", "Old", "New", "Upper", "Lower", "East", "West")
          for b in ("Malden", "Park Estate", "Green", "Road", "Heath", "Common", "Bridge", "Vale")]
FUNDS = [f"{w} Fund" for w in ("Warm Homes", "Levelling Up", "Towns", "Household Support",
                               "Active Travel", "Social Housing Decarbonisation")]
THEMES = ["Greener", "Fairer", "Safer", "Healthier", "Together", "Future council"]
QUERIES = ["cycle routes and active travel", "retrofit council homes", "family hubs opening",
           "what are we doing to clean up the air", "food waste and the new waste contract",
           "SHDF", "help for residents who are not online", "employment and skills",
           "leisure centre and getting people more active", "culture strategy"]


def synthetic(n: int, seed: int = 0) -> tuple[list[Commitment], dict[str, PlanDocument]]:
    rnd = random.Random(seed)
    docs = {f"plan_{y}.txt": PlanDocument(f"plan_{y}.txt", f"Plan {y}", str(y), y, y + 1)
            for y in range(2008, 2028)}
    names = list(docs)
    out = []
    for i in range(n):
        doc = names[i % len(names)]
        place, fund = rnd.choice(PLACES), rnd.choice(FUNDS)
        text = f"{rnd.choice(VERBS).title()} the {rnd.choice(THINGS)} in {place} with the {fund}"
        out.append(Commitment(id=f"{doc[:-4]}-{i:07d}", document=doc, text=text,
                              section_path=(rnd.choice(THEMES),), places=(place,),
                              strategies=(fund,), owners=(f"Head of {rnd.choice(THEMES)}",)))
    return out, docs


def clustered_vectors(n: int, dim: int, seed: int = 0, centres: int = 2000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((centres, dim)).astype("float32")
    v = c[rng.integers(0, centres, n)] + 0.6 * rng.standard_normal((n, dim)).astype("float32")
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def encode_throughput(embedder, sample: int) -> tuple[float, float]:
    """(raw model.encode texts/s, build_index texts/s) on the same `sample` synthetic texts."""
    cs, docs = synthetic(sample, seed=1)
    texts = [c.text for c in cs]
    embedder.encode(texts[:64])  # warm up
    t = time.perf_counter()
    embedder.encode(texts)
    raw = sample / (time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build_index(cs, docs, embedder, Path(tmp) / "index", show_progress=False)
        built = sample / (time.perf_counter() - t)
    return raw, built


class SyntheticGeneration:
    """Just what api.answer.ask reads from a Generation, for a synthetic corpus."""

    def __init__(self, cs, docs, folder: Path):
        self.commitments = {c.id: c for c in cs}
        self.plans = [ExtractedPlan(d, ()) for d in docs.values()]
        self.documents = {p.document.name: p for p in self.plans}
        self.links = []
        self.path = folder
        self.projection_file = folder / "graph.pkl"
        self.index_dir = folder / "index"
        # one synthetic council: answers neither keep to a council nor name one
        self.several_councils = False
        self.ordinary_words = frozenset()


def write_projection(cs, file: Path) -> None:
    """A projection-shaped graph: commitments joined to their place, fund, theme and owner."""
    import networkx as nx

    g = nx.MultiGraph()
    for c in cs:
        node = f"c/{c.id}"
        g.add_node(node, kind="commitment", label=c.text, cid=c.id, document=c.document)
        for kind, pred, values in (("place", "dcterms:spatial", c.places),
                                   ("strategy", "ck:strategy", c.strategies),
                                   ("theme", "dcterms:subject", c.section_path),
                                   ("post", "ck:accountablePost", c.owners)):
            for v in values:
                g.add_node(f"{kind}/{v}", kind=kind, label=v)
                g.add_edge(node, f"{kind}/{v}", key=pred, predicate=pred)
    with open(file, "wb") as f:
        pickle.dump(g, f, protocol=pickle.HIGHEST_PROTOCOL)


def run_size(n: int, embedder, raw_rate: float, queries: int, asks: int) -> dict:
    from api.answer import ask

    folder = Path(tempfile.mkdtemp(prefix=f"councilkg-bench-{n}-"))
    try:
        cs, docs = synthetic(n)
        vectors = clustered_vectors(n, embedder.dim)
        t = time.perf_counter()
        write_index(folder / "index", [c.id for c in cs], vectors,
                    [facet_row(c, docs[c.document]) for c in cs],
                    [keyword_text(c, docs[c.document]) for c in cs], embedder.name)
        rest_s = time.perf_counter() - t
        encode_s = n / raw_rate
        before = rss_mb()
        index = load_index(folder / "index", embedder.name, embedder.dim)
        loaded_mb = rss_mb() - before
        searcher = Searcher(index, embedder)
        # recall of the index type used against exact search, on vectors from the corpus
        import faiss

        rng = np.random.default_rng(7)
        qv = vectors[rng.choice(n, 200, replace=False)] + 0.05 * rng.standard_normal((200, embedder.dim)).astype("float32")
        qv /= np.linalg.norm(qv, axis=1, keepdims=True)
        exact = faiss.IndexFlatIP(embedder.dim)
        exact.add(vectors)
        _, truth = exact.search(qv, 10)
        _, got = index.vectors.search(qv, 10)
        recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, got)]))
        del exact
        # latency: bare faiss search of an encoded vector (the floor), hybrid search, ask
        bare, hybrid, answer = [], [], []
        for i in range(queries):
            v = qv[i % len(qv)].reshape(1, -1)
            t = time.perf_counter()
            index.vectors.search(v, 10)
            bare.append(time.perf_counter() - t)
            q = f"{QUERIES[i % len(QUERIES)]} {i}"  # a new text each time: no query cache
            t = time.perf_counter()
            searcher.search(q, 10)
            hybrid.append(time.perf_counter() - t)
        write_projection(cs, folder / "graph.pkl")
        gen = SyntheticGeneration(cs, docs, folder)
        ask(f"what links {QUERIES[0]} to {QUERIES[1]}", gen, searcher)  # loads the graph once
        for i in range(asks):
            # texts never asked before, so every question pays for its own encodings
            q = (f"what links {QUERIES[i % len(QUERIES)]} (ask {i}) to "
                 f"{QUERIES[(i + 3) % len(QUERIES)]} (ask {i})"
                 if i % 2 == 0 else f"{QUERIES[i % len(QUERIES)]} (ask {i})")
            t = time.perf_counter()
            ask(q, gen, searcher)
            answer.append(time.perf_counter() - t)
        floor = statistics.median(bare)
        return {"n": n, "index_type": index.params["index_type"],
                "build_ratio": (n / (encode_s + rest_s)) / raw_rate, "rest_s": rest_s,
                "encode_s_est": encode_s, "recall10": recall,
                "search_p50": pct(hybrid, 50), "search_p95": pct(hybrid, 95),
                "ask_p50": pct(answer, 50), "ask_p95": pct(answer, 95), "bare_p50": floor,
                "bare_p95": pct(bare, 95), "rss_mb": loaded_mb, "disk_mb": folder_mb(folder / "index")}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10^4 and 10^5 rows instead of 10^5 and 10^6.")
    ap.add_argument("--model", default="sentence-transformers", choices=["sentence-transformers", "fake"])
    a = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sizes = [10_000, 100_000] if a.quick else [100_000, 1_000_000]
    sample = 500 if a.quick else 2000
    embedder = make_embedder(a.model, DEFAULT_MODEL)
    raw, built = encode_throughput(embedder, sample)
    print(f"model {embedder.name} (dim {embedder.dim}); {os.cpu_count()} CPUs")
    print(f"build on {sample} real texts: model.encode {raw:.0f} texts/s, build_index {built:.0f} "
          f"texts/s -> ratio {built / raw:.2f}")
    print("corpora below: vectors are RANDOM (clustered around 2,000 random centres), not encoded; "
          "build ratio = n / (n / encode rate + measured rest of build) over the encode rate")
    for n in sizes:
        r = run_size(n, embedder, raw, queries=50 if a.quick else 100, asks=10 if a.quick else 20)
        print(json.dumps({k: round(v, 5) if isinstance(v, float) else v for k, v in r.items()}),
              file=sys.stderr)
        print(f"n={n:>9,} {r['index_type']:8} build ratio {r['build_ratio']:.2f} "
              f"(rest of build {r['rest_s']:.1f}s vs encoding ~{r['encode_s_est']:.0f}s) | "
              f"search p50 {r['search_p50'] * 1e3:.1f}ms ({r['search_p50'] / r['bare_p50']:.0f}x bare faiss) "
              f"p95 {r['search_p95'] * 1e3:.1f}ms ({r['search_p95'] / r['bare_p95']:.0f}x) | "
              f"ask p50 {r['ask_p50'] * 1e3:.0f}ms ({r['ask_p50'] / r['bare_p50']:.0f}x) "
              f"p95 {r['ask_p95'] * 1e3:.0f}ms ({r['ask_p95'] / r['bare_p95']:.0f}x) | "
              f"bare faiss p50 {r['bare_p50'] * 1e3:.2f}ms | recall@10 vs exact {r['recall10']:.3f} | "
              f"index RSS +{r['rss_mb']:.0f} MB, on disk {r['disk_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
