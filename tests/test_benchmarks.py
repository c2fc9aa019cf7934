"""The benchmark scripts run against today's code: they duck-type a store and call the
same entry points as the app, so an API change can break them without any other test
noticing (`make bench` stopped on a synthetic generation without `several_councils`)."""
from __future__ import annotations

import json
from pathlib import Path

from benchmarks import ingest as ingest_bench
from benchmarks import lineage_quality as lineage_quality_bench
from benchmarks import rebuild as rebuild_bench
from benchmarks import search as search_bench
from ingest import read_text
from search.embedder import make_embedder


def test_the_search_benchmark_answers_questions_on_a_small_synthetic_store():
    r = search_bench.run_size(600, make_embedder("fake", "fake"), raw_rate=1000.0, queries=3, asks=2)
    assert r["n"] == 600 and r["recall10"] > 0.9 and r["ask_p50"] > 0


def test_the_hostile_text_of_the_ingest_benchmark_is_read_and_its_rows_found():
    plan = read_text(ingest_bench.hostile_text(2), "hostile.txt")
    assert [c.text for c in plan.commitments][:2] == [
        "Reduce emissions from our energy supply", "Review the fleet and its fuel"]


def test_the_rebuild_benchmark_times_every_change_to_a_small_store():
    docs = Path(__file__).parent / "data" / "lineage" / "docs"
    times = rebuild_bench.main(["--model", "fake", str(docs)])
    assert set(times) == {"build", "rebuild", "review", "remove", "add"} and min(times.values()) > 0


def test_the_lineage_quality_benchmark_finds_labelled_rows_by_their_text_and_scores_the_links(tmp_path):
    docs = Path(__file__).parent / "data" / "lineage" / "docs"

    def side(name: str, text: str) -> dict:
        return {"document": name, "text": text}

    gold = {"documents": ["eastmere-2021.md", "eastmere-2023.md"], "links": [
        {"relation": "continues", "why": "the retrofit carried on",
         "from": side("eastmere-2021.md", "Retrofit 40 council homes on the Larkspur Estate with heat pumps and loft insulation"),
         "to": side("eastmere-2023.md", "Complete the heat pump and loft insulation retrofit of 40 council homes on the "
                                        "Larkspur Estate and extend it to a further 100 homes")},
        {"relation": "continues", "why": "a row no reader finds",
         "from": side("eastmere-2021.md", "Open a lido on the river"), "to": side("eastmere-2023.md", "Open the lido")}]}
    (tmp_path / "eastmere.json").write_text(json.dumps(gold))
    result = lineage_quality_bench.main(["--model", "fake", "--corpus", str(docs), str(tmp_path / "eastmere.json")])
    m = result["eastmere"]
    assert (m["gold"], m["unmatched_gold_links"]) == (1, 1)
    assert m["tp"] == 1 and m["recall"] == 1.0 and 0 < m["precision"] <= 1
