"""Hybrid retrieval: BM25 and embedding search fused, with filters and facet counts over
the per-commitment facet rows stored in the index.

Fusion: each ranker proposes its best POOL rows; every candidate then gets both scores (its
cosine, read back from the vector index, and its BM25) and is ranked by
    cosine + LEXICAL_WEIGHT * bm25 / max bm25 over the candidates.
We tried reciprocal rank fusion first (Cormack, Clarke & Buettcher, SIGIR 2009): it throws
away how far ahead a keyword match is, so a row that is the 4th of four exact "Let's Talk"
matches (BM25 7.7, the 5th has 1.9) lost to rows that are merely 20th in both lists. On the
shared questions the score fusion recalled 0.93 against RRF's 0.89; the weight is flat
between 0.3 and 0.7 there. Cosine keeps an absolute scale (MiniLM cosines of related texts
sit around 0.3-0.7), so it needs no normalising.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from ontology.errors import QueryRejected
from ontology.records import Hit

from .index import LoadedIndex, load_index

log = logging.getLogger(__name__)

LEXICAL_WEIGHT = 0.4
POOL = 50   # candidates taken from each ranker before fusion
QUERY_CACHE = 1024
FACETS = ("document", "year", "sections", "owners", "partners", "places", "strategies", "status", "council")


@dataclass(frozen=True)
class Filters:
    """Restrict results. Text filters match case-insensitively as substrings; a year range
    keeps commitments whose plan period overlaps it."""

    year_from: int | None = None
    year_to: int | None = None
    document: str | None = None
    theme: str | None = None
    owner: str | None = None
    partner: str | None = None
    place: str | None = None
    strategy: str | None = None
    status: str | None = None
    council: str | None = None  # the publisher ("Reading" keeps Reading Borough Council's plans)
    documents: frozenset[str] | None = None  # exactly these documents (a council's, found by name)

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))

    def as_dict(self) -> dict:
        return {k: sorted(v) if isinstance(v, frozenset) else v
                for k, v in asdict(self).items() if v not in (None, "")}


def _contains(values, needle: str) -> bool:
    needle = needle.casefold()
    return any(needle in (v or "").casefold() for v in values)


def row_matches(row: dict, f: Filters) -> bool:
    if f.documents is not None and row["document"] not in f.documents:
        return False
    if f.year_from is not None and (row["year_to"] or row["year_from"] or 0) < f.year_from:
        return False
    if f.year_to is not None and (row["year_from"] or 9999) > f.year_to:
        return False
    checks = ((f.document, [row["document"], row["title"]]), (f.theme, row["sections"]),
              (f.owner, row["owners"]), (f.partner, row["partners"]), (f.place, row["places"]),
              (f.strategy, row["strategies"]), (f.status, [row["status"]]),
              (f.council, [row.get("council")]))
    return all(not needle or _contains(values, needle) for needle, values in checks)


class Searcher:
    """One loaded index plus the embedder that reads queries into its vector space."""

    def __init__(self, index: LoadedIndex, embedder):
        self.index = index
        self.embedder = embedder
        self.row_of = {cid: i for i, cid in enumerate(index.ids)}
        self._vectors: dict[str, np.ndarray] = {}

    def query_vector(self, query: str) -> np.ndarray:
        """The query's vector; recent queries are kept, as answers reuse them."""
        if query not in self._vectors:
            self.prime([query])
        return self._vectors[query]

    def prime(self, queries) -> None:
        """Encode several queries in one batch (one model call instead of several)."""
        todo = [q for q in dict.fromkeys(queries) if q and q not in self._vectors]
        if todo:
            if len(self._vectors) > QUERY_CACHE:
                self._vectors.clear()
            self._vectors.update(zip(todo, self.embedder.encode(todo)))

    @property
    def size(self) -> int:
        return len(self.index.ids)

    def rows_for(self, filters: Filters | None) -> np.ndarray | None:
        """Row numbers passing `filters` (None when nothing is filtered)."""
        if filters is None or filters.empty:
            return None
        if filters.council and self.index.facets and "council" not in self.index.facets[0]:
            raise QueryRejected("This search index was built before it kept each plan's council; "
                                "run `councilkg build` again to filter by council.")
        return np.array([i for i, r in enumerate(self.index.facets) if row_matches(r, filters)],
                        dtype="int64")

    def search(self, query: str, k: int = 10, filters: Filters | None = None,
               pool: int = POOL) -> list[Hit]:
        """The best `k` commitments for `query`, fused from BM25 and the embedding search."""
        query = (query or "").strip()
        if not query:
            raise QueryRejected("Empty query: give some words to search for, "
                                "e.g. `councilkg search \"air quality\"`.")
        if k <= 0:
            raise QueryRejected(f"k must be at least 1 (got {k}).")
        rows = self.rows_for(filters)
        mask = None
        if rows is not None:
            mask = np.zeros(self.size, dtype=bool)
            mask[rows] = True
        depth = max(pool, k)
        lexical = self.index.keyword.search(query, depth, mask)
        qvec = self.query_vector(query)
        semantic = self.index.search_vectors(qvec, depth, rows)
        return self.fuse(qvec, lexical, semantic, k)

    def fuse(self, qvec: np.ndarray, lexical: list[tuple[int, float]],
             semantic: list[tuple[int, float]], k: int) -> list[Hit]:
        """Rank the union of both candidate lists by cosine + weighted, scaled BM25."""
        cosine = dict(semantic)
        missing = [r for r, _ in lexical if r not in cosine]
        if missing:
            vecs = np.vstack([self.index.vectors.reconstruct(int(r)) for r in missing])
            cosine.update(zip(missing, (vecs @ qvec).tolist()))
        bm25 = dict(lexical)
        top = max(bm25.values(), default=0.0) or 1.0
        lex_rank = {r: i + 1 for i, (r, _) in enumerate(lexical)}
        score = {r: cosine[r] + LEXICAL_WEIGHT * bm25.get(r, 0.0) / top for r in cosine}
        best = sorted(score, key=lambda r: (-score[r], r))[:k]
        hits = []
        for r in best:
            why = f"similar meaning (cosine {cosine[r]:.2f})"
            if r in bm25:
                why += f"; keyword match rank {lex_rank[r]} (bm25 {bm25[r]:.2f})"
            hits.append(Hit(self.index.ids[r], round(score[r], 4), why))
        return hits

    def score_ids(self, query: str, ids) -> dict[str, float]:
        """The fused score of the given commitments for `query` (same scale as `search`),
        e.g. to rank candidates by how well they match each of two topics."""
        rows = [self.row_of[i] for i in ids if i in self.row_of]
        if not rows:
            return {}
        qvec = self.query_vector(query)
        cos = np.vstack([self.index.vectors.reconstruct(int(r)) for r in rows]) @ qvec
        bm25 = self.index.keyword.scores(query)
        top = float(bm25.max()) or 1.0
        return {self.index.ids[r]: float(c) + LEXICAL_WEIGHT * float(bm25[r]) / top
                for r, c in zip(rows, cos)}

    def facets(self, ids=None, filters: Filters | None = None, top: int = 20) -> dict[str, dict[str, int]]:
        """Counts of each facet value, over `ids` (e.g. the hits) or the rows passing `filters`."""
        if ids is not None:
            rows = [self.index.facets[self.row_of[i]] for i in ids if i in self.row_of]
        else:
            picked = self.rows_for(filters)
            rows = self.index.facets if picked is None else [self.index.facets[i] for i in picked]
        counts: dict[str, Counter] = {name: Counter() for name in FACETS}
        for r in rows:
            counts["document"][r["document"]] += 1
            if r["year_from"] is not None:
                counts["year"][str(r["year_from"])] += 1
            for name in ("sections", "owners", "partners", "places", "strategies"):
                counts[name].update(set(r[name]))
            if r["status"]:
                counts["status"][r["status"]] += 1
            if r.get("council"):
                counts["council"][r["council"]] += 1
        return {name: dict(c.most_common(top)) for name, c in counts.items()}

    def facet_row(self, cid: str) -> dict | None:
        row = self.row_of.get(cid)
        return None if row is None else self.index.facets[row]


_SEARCHERS: dict[tuple[str, str, float], Searcher] = {}
_LOCK = threading.Lock()


def open_searcher(folder: Path, embedder) -> Searcher:
    """A Searcher over an index folder, loaded once per process per folder and model
    (a rebuilt index is a new generation folder, so it is a new key)."""
    folder = Path(folder).resolve()
    params = folder / "params.json"
    stamp = params.stat().st_mtime if params.exists() else 0.0
    key = (str(folder), embedder.name, stamp)
    with _LOCK:
        if key not in _SEARCHERS:
            _SEARCHERS[key] = Searcher(load_index(folder, embedder.name, embedder.dim), embedder)
        return _SEARCHERS[key]
