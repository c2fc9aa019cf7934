"""How the lineage linker scales: synthetic plans of one council over ten years.

    python benchmarks/lineage.py [--small 10000] [--large 100000] [--quick]

(--quick: 10^3 and 10^4 commitments, a smoke run for `make bench`; the README's figures come
from the full sizes.)

Each year's plan carries most of the previous year's commitments forward, reworded (a
few words swapped, dropped or added), and adds new ones. Texts are embedded with a
hashed bag-of-words (no model needed), so the time measured is the linker's own.
Prints the time for each size and their ratio (10 means linear), and, on the smaller
set, the recall of candidate generation against exhaustive comparison: of each
commitment's exact nearest neighbour in every other plan, and of the `continues` links
found when every pair is compared.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import graph.lineage_candidates as candidates  # noqa: E402
from graph.lineage import link_plans  # noqa: E402
from ontology.records import Commitment, ExtractedPlan, PlanDocument  # noqa: E402

YEARS = 10
CARRY = 0.7  # share of a plan's commitments the next plan carries forward
DIM = 256


def synthetic_plans(total: int, seed: int = 0) -> list[ExtractedPlan]:
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(20000)]
    per_year = total // YEARS

    def fresh() -> list[str]:
        return list(rng.choice(vocab, size=rng.integers(8, 16)))

    def reword(words: list[str]) -> list[str]:
        words = list(words)
        for _ in range(rng.integers(1, 4)):
            op = rng.integers(3)
            pos = int(rng.integers(len(words)))
            if op == 0:
                words[pos] = str(rng.choice(vocab))
            elif op == 1 and len(words) > 6:
                del words[pos]
            else:
                words.insert(pos, str(rng.choice(vocab)))
        return words

    current = [fresh() for _ in range(per_year)]
    plans = []
    for y in range(YEARS):
        name = f"synthetic-{2015 + y}.txt"
        cs = tuple(Commitment(id=f"synthetic-{2015 + y}-{k + 1:05d}", document=name, text=" ".join(w))
                   for k, w in enumerate(current))
        plans.append(ExtractedPlan(PlanDocument(name=name, title=name, period_start=2015 + y,
                                                publisher="Synthetic Borough Council"), cs))
        kept = rng.permutation(per_year)[: int(CARRY * per_year)]
        current = [reword(current[k]) for k in kept] + [fresh() for _ in range(per_year - len(kept))]
    return plans


def hashed_encode(texts) -> np.ndarray:
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.split():
            out[row, int(hashlib.blake2b(word.encode(), digest_size=4).hexdigest(), 16) % DIM] += 1
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def timed_link(plans) -> tuple[float, list]:
    """Link the plans; texts are embedded beforehand (as the build's memoising encoder
    does), so only the linker is timed."""
    texts = sorted({c.text for p in plans for c in p.commitments})
    memo = dict(zip(texts, hashed_encode(texts)))

    def encode(batch):
        todo = [t for t in batch if t not in memo]
        memo.update(zip(todo, hashed_encode(todo)))
        return np.stack([memo[t] for t in batch])

    t = time.perf_counter()
    links = link_plans(plans, encode)
    return time.perf_counter() - t, links


def candidate_recall(plans, min_cosine: float = 0.5) -> tuple[float, float]:
    """Share of exact nearest-neighbour pairs (per commitment, per other plan) that the
    approximate candidate generation proposes: of all of them, and of those at least
    `min_cosine` alike (the ones that can become links; a random text's nearest neighbour
    is noise)."""
    texts = [c.text for p in plans for c in p.commitments]
    doc_of = np.repeat(np.arange(len(plans)), [len(p.commitments) for p in plans])
    vecs = hashed_encode(texts)
    exact = candidates.exact_pairs(vecs, doc_of, k=1)
    close = np.einsum("ij,ij->i", vecs[exact[:, 0]], vecs[exact[:, 1]]) >= min_cosine
    approx = {tuple(p) for p in candidates.forest_pairs(vecs, doc_of)}
    found = np.array([tuple(p) in approx for p in exact])
    return found.mean(), found[close].mean()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="10^3 and 10^4 commitments")
    a = ap.parse_args()
    if a.quick:
        a.small, a.large = 1_000, 10_000
    small, large = synthetic_plans(a.small), synthetic_plans(a.large, seed=1)
    t_small, links_small = timed_link(small)
    print(f"{a.small:>7} commitments over {YEARS} plans: {t_small:7.2f} s, {len(links_small)} links")
    t_large, links_large = timed_link(large)
    print(f"{a.large:>7} commitments over {YEARS} plans: {t_large:7.2f} s, {len(links_large)} links")
    print(f"time ratio {t_large / t_small:.1f} for {a.large / a.small:.0f}x commitments "
          f"({a.large / a.small:.0f} = linear)")
    every, close = candidate_recall(small)
    print(f"candidate recall vs exhaustive nearest neighbours ({a.small}): {close:.3f} of those "
          f"with cosine >= 0.5, {every:.3f} of all")
    saved = candidates.EXACT_LIMIT
    candidates.EXACT_LIMIT = 10 ** 9  # compare every pair of plans exhaustively
    try:
        _, exhaustive = timed_link(small)
    finally:
        candidates.EXACT_LIMIT = saved
    cont = lambda links: {(l.from_id, l.to_id) for l in links if l.relation == "continues"}  # noqa: E731
    ex = cont(exhaustive)
    print(f"'continues' links recalled vs exhaustive comparison ({a.small}): "
          f"{len(cont(links_small) & ex) / max(len(ex), 1):.3f} of {len(ex)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
