"""Hybrid search: exact names, paraphrases, filters and facets."""
import importlib.util
from pathlib import Path

import pytest

from ontology.errors import QueryRejected
from search.embedder import DEFAULT_MODEL, FakeEmbedder, make_embedder
from search.hybrid import Filters, Searcher, open_searcher
from search.index import build_index, load_index

_spec = importlib.util.spec_from_file_location("index_tests", Path(__file__).parent / "test_index.py")
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
small_records = _mod.small_records


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """A Searcher over the seven hand-made commitments with the fake embedder."""
    cs, docs = small_records()
    folder = tmp_path_factory.mktemp("hybrid") / "index"
    build_index(cs, docs, FakeEmbedder(), folder, show_progress=False)
    return Searcher(load_index(folder, "fake", 64), FakeEmbedder())


def ids(hits):
    return [h.id for h in hits]


def test_an_acronym_finds_the_fund_spelt_out(searcher):
    assert ids(searcher.search("SHDF", 3))[0] == "green_2023-001"


def test_an_estate_name_finds_its_commitment_first(searcher):
    assert ids(searcher.search("Cambridge Road Estate", 3))[0] == "homes_2025-001"


def test_ni_1_is_not_confused_with_ni_186(searcher):
    assert ids(searcher.search("NI 1", 3))[0] == "homes_2025-002"


def test_each_hit_says_why_it_came_in(searcher):
    hit = searcher.search("damp and mould", 1)[0]
    assert hit.id == "homes_2025-003"
    assert "keyword match" in hit.why and "cosine" in hit.why


def test_filters_keep_only_matching_commitments(searcher):
    assert set(ids(searcher.search("homes", 10, Filters(year_from=2025)))) <= {
        "homes_2025-001", "homes_2025-002", "homes_2025-003", "homes_2025-004"}
    assert ids(searcher.search("homes", 10, Filters(owner="director of housing"))) and all(
        h in {"homes_2025-001", "homes_2025-004"}
        for h in ids(searcher.search("homes", 10, Filters(owner="director of housing"))))
    assert ids(searcher.search("retrofit", 10, Filters(strategy="Decarbonisation Fund"))) == ["green_2023-001"]
    assert ids(searcher.search("homes", 10, Filters(place="cambridge road"))) == ["homes_2025-001"]
    assert ids(searcher.search("cohesion", 10, Filters(partner="Voluntary Action"))) == ["homes_2025-002"]
    assert ids(searcher.search("homes", 10, Filters(status="not started"))) == ["homes_2025-004"]
    assert ids(searcher.search("air quality", 10, Filters(document="Green Plan", theme="air quality"))) == ["green_2023-002"]
    assert searcher.search("homes", 10, Filters(year_to=2000)) == []


def test_facets_count_values_over_the_hits_or_the_filtered_rows(searcher):
    f = searcher.facets(filters=Filters(document="homes_2025"))
    assert f["document"] == {"homes_2025.txt": 4}
    assert f["owners"]["Director of Housing"] == 2
    assert searcher.facets(["green_2023-001"])["strategies"] == {"Social Housing Decarbonisation Fund": 1}


def test_an_empty_query_is_refused_with_an_example(searcher):
    with pytest.raises(QueryRejected, match="Empty query"):
        searcher.search("   ", 5)


def test_open_searcher_loads_a_folder_once(tmp_path):
    cs, docs = small_records()
    build_index(cs, docs, FakeEmbedder(), tmp_path / "index", show_progress=False)
    assert open_searcher(tmp_path / "index", FakeEmbedder()) is open_searcher(tmp_path / "index", FakeEmbedder())


@pytest.mark.slow
def test_paraphrases_find_their_commitment_with_the_real_model(tmp_path):
    cs, docs = small_records()
    e = make_embedder("sentence-transformers", DEFAULT_MODEL)
    build_index(cs, docs, e, tmp_path / "index", show_progress=False)
    s = Searcher(load_index(tmp_path / "index", e.name, e.dim), e)
    assert ids(s.search("what are we doing to clean up the air", 2))[0] == "green_2023-002"
    assert "homes_2025-003" in ids(s.search("wet walls and fungus in council flats", 2))
    assert ids(s.search("how are people getting along together in neighbourhoods", 2))[0] == "homes_2025-002"
