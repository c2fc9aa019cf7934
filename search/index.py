"""The search index: a folder of plain files, written whole, checked when loaded.

    index/
        faiss.index     the vectors (exact inner product, or IVF for very large corpora)
        ids.json        commitment id of each row, in row order
        params.json     model name, dimension, index type, row count, format version
        facets.jsonl    per row: document, plan years, sections, owners, partners, places,
                        strategies, status (what filters and facet counts read)
        keyword/        the BM25 index (search.keyword)

Loading compares params.json with the configured embedder and raises IndexMismatch naming
the model the index needs, so a changed COUNCILKG_MODEL_NAME never silently compares
vectors from two different spaces.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

from ontology.errors import IndexMismatch, IndexNotBuilt
from ontology.records import Commitment, PlanDocument

from .keyword import KeywordIndex

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
# Exact search up to here: at 384 dimensions a flat scan of 200k rows is ~20 ms on one core,
# and exact search has recall 1. Beyond it an inverted file (IVF, Jegou et al. 2011, faiss)
# scans only the NPROBE nearest of ~4 sqrt(n) clusters; it is cheap to build (one k-means
# on a sample, then one assignment per row), unlike HNSW graphs. benchmarks/search.py
# measures its recall against exact search.
FLAT_MAX_ROWS = 200_000
IVF_MAX_LISTS = 4096
IVF_NPROBE = 32
IVF_TRAIN_ROWS = 100_000
MILESTONES_IN_VECTOR = 3


def vector_text(c: Commitment) -> str:
    """What the vector of a commitment encodes: its innermost section, its text and its first
    milestones. The model reads ~256 word pieces, so the core words go first."""
    parts = [c.section_path[-1] if c.section_path else "", c.text, *c.milestones[:MILESTONES_IN_VECTOR]]
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())


def keyword_text(c: Commitment, doc: PlanDocument | None) -> str:
    """Every field a user may name verbatim (BM25 does not truncate)."""
    fields = [*c.section_path, c.text, *c.milestones, c.progress or "", *c.owners, *c.partners,
              *c.places, *c.strategies, *c.indicators, *c.monitored_by, c.ref or "",
              *(t.text for t in c.targets)]
    return "\n".join(f for f in fields if f)


def facet_row(c: Commitment, doc: PlanDocument | None) -> dict:
    return {"id": c.id, "document": c.document, "title": doc.title if doc else "",
            "year_from": doc.period_start if doc else None,
            "year_to": (doc.period_end or doc.period_start) if doc else None,
            "sections": list(c.section_path), "owners": list(c.owners),
            "partners": list(c.partners), "places": list(c.places),
            "strategies": list(c.strategies), "status": c.status,
            "council": doc.publisher if doc else None}


def new_faiss_index(vectors: np.ndarray):
    import faiss

    n, dim = vectors.shape
    if n <= FLAT_MAX_ROWS:
        index = faiss.IndexFlatIP(dim)
    else:
        lists = min(IVF_MAX_LISTS, int(4 * n ** 0.5))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(0)
        sample = vectors[rng.choice(n, size=min(n, IVF_TRAIN_ROWS), replace=False)]
        index.train(sample)
        index.nprobe = IVF_NPROBE
    index.add(vectors)
    return index


def index_type(index) -> str:
    return "ivf-flat" if "IVF" in type(index).__name__ else "flat-ip"


def write_index(folder: Path, ids: Sequence[str], vectors: np.ndarray, facets: Sequence[dict],
                keyword_texts: Sequence[str], model_name: str, show_progress: bool = False) -> None:
    """Write an index folder atomically (a temp folder renamed into place)."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype="float32")
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    index = new_faiss_index(vectors)
    faiss.write_index(index, str(tmp / "faiss.index"))
    (tmp / "ids.json").write_text(json.dumps(list(ids)), encoding="utf-8")
    with open(tmp / "facets.jsonl", "w", encoding="utf-8") as f:
        for row in facets:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    KeywordIndex.build(keyword_texts, show_progress=show_progress).save(tmp / "keyword")
    params = {"model_name": model_name, "dimension": int(vectors.shape[1]),
              "index_type": index_type(index), "rows": len(ids), "version": FORMAT_VERSION}
    (tmp / "params.json").write_text(json.dumps(params, indent=1), encoding="utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(tmp, folder)


def build_index(commitments: Sequence[Commitment], documents: Mapping[str, PlanDocument], embedder,
                folder: Path, *, encode: Callable[[Sequence[str]], np.ndarray] | None = None,
                show_progress: bool = True) -> None:
    """Embed every commitment and write the index folder (the build pipeline's contract)."""
    texts = [vector_text(c) for c in commitments]
    if encode is not None:
        vectors = encode(texts)
    else:
        vectors = embedder.encode(texts, show_progress=show_progress)
    if len(texts) == 0:
        vectors = np.zeros((0, embedder.dim), dtype="float32")
    docs = [documents.get(c.document) for c in commitments]
    write_index(Path(folder), [c.id for c in commitments], vectors,
                [facet_row(c, d) for c, d in zip(commitments, docs)],
                [keyword_text(c, d) for c, d in zip(commitments, docs)], embedder.name,
                show_progress=show_progress)


@dataclass
class LoadedIndex:
    """An index folder read back: vectors, keyword index, ids and facet rows."""

    folder: Path
    params: dict
    vectors: object  # faiss.Index
    keyword: KeywordIndex
    ids: list[str]
    facets: list[dict]

    def search_vectors(self, query: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top `k` rows by inner product; only `rows` (sorted row numbers) when given."""
        import faiss

        if self.vectors.ntotal == 0 or k <= 0:
            return []
        q = np.ascontiguousarray(query.reshape(1, -1), dtype="float32")
        params = None
        if rows is not None:
            if len(rows) == 0:
                return []
            sel = faiss.IDSelectorBatch(np.asarray(rows, dtype="int64"))
            params = (faiss.SearchParametersIVF(sel=sel, nprobe=IVF_NPROBE)
                      if self.params["index_type"] == "ivf-flat" else faiss.SearchParameters(sel=sel))
        scores, idx = self.vectors.search(q, min(k, self.vectors.ntotal), params=params)
        return [(int(i), float(s)) for i, s in zip(idx[0], scores[0]) if i >= 0]


def load_index(folder: Path, model_name: str, dimension: int) -> LoadedIndex:
    """Read an index folder; raise IndexNotBuilt / IndexMismatch with what to do next."""
    import faiss

    folder = Path(folder)
    params_file = folder / "params.json"
    if not params_file.exists():
        raise IndexNotBuilt(f"No search index in {folder}. Run `councilkg build` first.")
    params = json.loads(params_file.read_text(encoding="utf-8"))
    if params.get("version") != FORMAT_VERSION:
        raise IndexMismatch(f"The search index in {folder} has format {params.get('version')}, this "
                            f"councilkg reads format {FORMAT_VERSION}. Run `councilkg build` to rebuild it.")
    if params["model_name"] != model_name or params["dimension"] != dimension:
        raise IndexMismatch(
            f"The search index in {folder} was built with model {params['model_name']!r} "
            f"(dimension {params['dimension']}), but the configured model is {model_name!r} "
            f"(dimension {dimension}). Run `councilkg build` to rebuild the index with it, or set "
            + ("COUNCILKG_EMBEDDER=fake" if params["model_name"] == "fake" else
               f"COUNCILKG_MODEL_NAME={params['model_name']}") + " to use the index as built.")
    vectors = faiss.read_index(str(folder / "faiss.index"))
    if params["index_type"] == "ivf-flat":
        vectors.nprobe = IVF_NPROBE
        vectors.make_direct_map()  # so hybrid fusion can read a row's vector back
    ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
    with open(folder / "facets.jsonl", encoding="utf-8") as f:
        facets = [json.loads(line) for line in f]
    return LoadedIndex(folder, params, vectors, KeywordIndex.load(folder / "keyword"), ids, facets)
