"""Candidate pairs for the lineage linker, without comparing every pair of commitments.

The linker only scores pairs this module proposes. Two sources, both roughly linear in
the number of commitments:

* embedding neighbours: exact top-k by inner product per pair of documents while a
  council's block is small (the usual case: a few hundred rows a plan), and a forest of
  random-projection trees (the Annoy idea: split each node by the hyperplane halfway
  between two random members, https://github.com/spotify/annoy#how-does-it-work) once it
  is large, comparing only rows that share a leaf. Cost ~ trees x n log n.
* shared entities: an inverted index on normalised strategy / programme / place /
  partner names (record-linkage "blocking"), skipping names so common they do not
  discriminate.

Vectors are L2-normalised, so an inner product is a cosine similarity.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from typing import Sequence

import numpy as np

log = logging.getLogger(__name__)

# Above this many commitments in one council, exact per-document-pair top-k costs
# more than the forest; below it the exact search is both faster and complete.
EXACT_LIMIT = 6000
TOP_K = 5
TREES = 8
LEAF_SIZE = 48
CHUNK = 2048


def embedding_pairs(vectors: np.ndarray, doc_of: np.ndarray, k: int = TOP_K,
                    exact_limit: int | None = None, seed: int = 0) -> np.ndarray:
    """Pairs (i, j), i < j, of rows in different documents that are near neighbours:
    each row's top-k in every other document (exact), or its top-k among the rows it
    shares a tree leaf with (approximate, for large blocks). Returns an (m, 2) int array."""
    if len(vectors) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    if len(vectors) <= (EXACT_LIMIT if exact_limit is None else exact_limit):
        return exact_pairs(vectors, doc_of, k)
    return forest_pairs(vectors, doc_of, k, seed=seed)


def exact_pairs(vectors: np.ndarray, doc_of: np.ndarray, k: int = TOP_K) -> np.ndarray:
    """Top-k in both directions for every pair of documents, by chunked matrix products."""
    docs = np.unique(doc_of)
    rows = {d: np.flatnonzero(doc_of == d) for d in docs}
    out = []
    for x, da in enumerate(docs):
        for db in docs[x + 1:]:
            a, b = rows[da], rows[db]
            out.append(_top_k_both_ways(vectors, a, b, k))
    return _unique_pairs(np.concatenate(out)) if out else np.zeros((0, 2), dtype=np.int64)


def _top_k_both_ways(vectors: np.ndarray, a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    pairs = []
    col_best = np.full((min(k, len(a)), len(b)), -np.inf, dtype=np.float32)
    col_arg = np.zeros_like(col_best, dtype=np.int64)
    for s in range(0, len(a), CHUNK):
        sims = vectors[a[s:s + CHUNK]] @ vectors[b].T
        kk = min(k, sims.shape[1])
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        pairs.append(np.stack([np.repeat(a[s:s + CHUNK], kk), b[top.ravel()]], axis=1))
        # keep a running top-k per column across chunks
        merged = np.concatenate([col_best, sims], axis=0)
        merged_arg = np.concatenate([col_arg, np.broadcast_to(
            a[s:s + CHUNK, None], sims.shape)], axis=0)
        kc = min(len(col_best), len(merged))
        keep = np.argpartition(-merged, kc - 1, axis=0)[:kc]
        col_best = np.take_along_axis(merged, keep, axis=0)
        col_arg = np.take_along_axis(merged_arg, keep, axis=0)
    valid = np.isfinite(col_best)
    cols = np.broadcast_to(b[None, :], col_best.shape)
    pairs.append(np.stack([col_arg[valid], cols[valid]], axis=1))
    return np.concatenate(pairs)


def forest_pairs(vectors: np.ndarray, doc_of: np.ndarray, k: int = TOP_K,
                 trees: int = TREES, leaf_size: int = LEAF_SIZE, seed: int = 0) -> np.ndarray:
    """Approximate neighbours: rows sharing a leaf in any of `trees` random-projection
    trees, each row keeping its top-k cross-document leaf mates per tree."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(trees):
        for leaf in _leaves(vectors, np.arange(len(vectors)), leaf_size, rng):
            if len(leaf) < 2:
                continue
            sims = vectors[leaf] @ vectors[leaf].T
            sims[doc_of[leaf][:, None] == doc_of[leaf][None, :]] = -np.inf
            kk = min(k, len(leaf) - 1)
            top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
            good = np.isfinite(np.take_along_axis(sims, top, axis=1))
            src = np.broadcast_to(leaf[:, None], top.shape)
            out.append(np.stack([src[good], leaf[top][good]], axis=1))
    return _unique_pairs(np.concatenate(out)) if out else np.zeros((0, 2), dtype=np.int64)


def _leaves(vectors: np.ndarray, idx: np.ndarray, leaf_size: int, rng) -> list[np.ndarray]:
    """Split recursively by the hyperplane between two random members, until leaves are small."""
    leaves, stack = [], [idx]
    while stack:
        node = stack.pop()
        if len(node) <= leaf_size:
            leaves.append(node)
            continue
        p, q = vectors[rng.choice(node, 2, replace=False)]
        normal = p - q
        side = vectors[node] @ normal > (p @ p - q @ q) / 2
        left, right = node[side], node[~side]
        if len(left) == 0 or len(right) == 0:  # duplicates: split at random instead
            perm = rng.permutation(node)
            left, right = perm[: len(node) // 2], perm[len(node) // 2:]
        stack += [left, right]
    return leaves


def entity_pairs(keys: Sequence[Sequence[str]], doc_of: np.ndarray, max_posting: int = 30) -> np.ndarray:
    """Pairs of rows in different documents that name the same entity. A name carried by
    more than `max_posting` rows (the council itself, 'residents') is skipped: it
    discriminates nothing and would make this step quadratic."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for key in set(ks):
            postings[key].append(i)
    out = []
    for rows in postings.values():
        if 1 < len(rows) <= max_posting:
            r = np.array(rows)
            i, j = np.triu_indices(len(r), 1)
            pairs = np.stack([r[i], r[j]], axis=1)
            out.append(pairs[doc_of[pairs[:, 0]] != doc_of[pairs[:, 1]]])
    return _unique_pairs(np.concatenate(out)) if out else np.zeros((0, 2), dtype=np.int64)


def _unique_pairs(pairs: np.ndarray) -> np.ndarray:
    if len(pairs) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(pairs.astype(np.int64), axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)


def merge_pairs(*parts: np.ndarray) -> np.ndarray:
    """The union of several candidate sets, each pair once with i < j."""
    return _unique_pairs(np.concatenate([p for p in parts if len(p)] or [np.zeros((0, 2))]))
