"""The index folder: plain files, written whole, and checked against the model on load."""
import json
from pathlib import Path

import pytest

from ontology.errors import IndexMismatch, IndexNotBuilt
from ontology.records import Commitment, PlanDocument
from search.embedder import FakeEmbedder
from search.index import build_index, load_index

DATA = Path(__file__).parent.parent / "data" / "search" / "small_index.json"


def small_records():
    """Seven hand-made commitments in two plans (tests/data/search/small_index.json)."""
    d = json.loads(DATA.read_text())
    docs = {x["name"]: PlanDocument(**x) for x in d["documents"]}
    cs = [Commitment(**{k: tuple(v) if isinstance(v, list) else v for k, v in c.items()})
          for c in d["commitments"]]
    return cs, docs


def test_the_index_folder_holds_vectors_ids_params_and_facets(tmp_path):
    cs, docs = small_records()
    build_index(cs, docs, FakeEmbedder(), tmp_path / "index", show_progress=False)
    files = {p.name for p in (tmp_path / "index").iterdir()}
    assert {"faiss.index", "ids.json", "params.json", "facets.jsonl", "keyword"} <= files
    params = json.loads((tmp_path / "index" / "params.json").read_text())
    assert params == {"model_name": "fake", "dimension": 64, "index_type": "flat-ip",
                      "rows": 7, "version": 1}
    loaded = load_index(tmp_path / "index", "fake", 64)
    assert loaded.ids == [c.id for c in cs]
    assert loaded.facets[3]["places"] == ["Cambridge Road Estate"]
    assert loaded.facets[3]["year_from"] == 2025


def test_a_missing_index_says_to_run_build(tmp_path):
    with pytest.raises(IndexNotBuilt, match=r"No search index in .*nowhere\. Run `councilkg build` first\."):
        load_index(tmp_path / "nowhere", "fake", 64)


def test_an_index_built_with_another_model_names_both_models_and_what_to_do(tmp_path):
    cs, docs = small_records()
    build_index(cs, docs, FakeEmbedder(), tmp_path / "index", show_progress=False)
    with pytest.raises(IndexMismatch) as err:
        load_index(tmp_path / "index", "sentence-transformers/all-MiniLM-L6-v2", 384)
    msg = str(err.value)
    assert "built with model 'fake' (dimension 64)" in msg
    assert "'sentence-transformers/all-MiniLM-L6-v2' (dimension 384)" in msg
    assert "Run `councilkg build`" in msg and "COUNCILKG_EMBEDDER=fake" in msg


def test_rebuilding_replaces_the_folder_whole(tmp_path):
    cs, docs = small_records()
    build_index(cs, docs, FakeEmbedder(), tmp_path / "index", show_progress=False)
    build_index(cs[:2], docs, FakeEmbedder(), tmp_path / "index", show_progress=False)
    assert load_index(tmp_path / "index", "fake", 64).ids == [cs[0].id, cs[1].id]
    assert not (tmp_path / "index.tmp").exists()
