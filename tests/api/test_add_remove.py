"""`councilkg add` and `remove` change an existing store without a rebuild (issue 7 part 2)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "cli"
OLD, NEW = DATA / "riverside_climate_plan.md", DATA / "riverside_delivery_plan.md"


def councilkg(*args: str, store: Path, ok: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNCILKG_STORE": str(store), "COUNCILKG_EMBEDDER": "fake",
           "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True,
                         env=env, timeout=300)
    assert (out.returncode == 0) == ok, out.stderr
    return out


def exported(store: Path) -> list[dict]:
    return [json.loads(l) for l in councilkg("export", store=store).stdout.splitlines()]


def links(store: Path) -> list[dict]:
    return json.loads(councilkg("lineage", "--all", "--json", store=store).stdout)["links"]


@pytest.fixture
def store(tmp_path) -> Path:
    """A store holding only the older Riverside plan."""
    s = tmp_path / "build"
    councilkg("build", str(OLD), store=s)
    return s


def test_adding_a_plan_adds_its_commitments_and_links_its_lineage(store):
    before = exported(store)
    councilkg("add", str(NEW), store=store)
    after = exported(store)
    assert {r["id"] for r in before} < {r["id"] for r in after}
    assert {r["document"] for r in after} == {OLD.name, NEW.name}
    ends = {(l["from"].split("-")[0], l["to"].split("-")[0]) for l in links(store)}
    assert any(f.startswith("riverside_climate") and t.startswith("riverside_delivery") for f, t in ends)


def test_adding_the_same_document_again_changes_nothing(store):
    councilkg("add", str(NEW), store=store)
    generation = os.readlink(store / "current")
    rows, linked = exported(store), links(store)
    out = json.loads(councilkg("add", str(NEW), "--json", store=store).stdout)
    assert all(d["unchanged"] for d in out["documents"])
    assert os.readlink(store / "current") == generation
    assert exported(store) == rows and links(store) == linked


def test_adding_gives_the_same_ids_and_links_as_building_both_at_once(store, tmp_path):
    councilkg("add", str(NEW), store=store)
    whole = tmp_path / "whole"
    councilkg("build", str(OLD), str(NEW), store=whole)
    assert exported(store) == exported(whole)
    assert links(store) == links(whole)


def test_removing_a_plan_removes_its_commitments_and_links(store):
    councilkg("add", str(NEW), store=store)
    councilkg("remove", NEW.name, store=store)
    assert {r["document"] for r in exported(store)} == {OLD.name}
    assert links(store) == []
    sparql = councilkg("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?c <http://purl.org/dc/terms/identifier> ?i . "
                       f"FILTER(STRSTARTS(?i, \"{NEW.stem}\")) }}", "--format", "json", store=store)
    assert json.loads(sparql.stdout)["results"]["bindings"][0]["n"]["value"] == "0"


def test_publisher_given_on_the_command_line_decides_which_plans_are_linked(tmp_path):
    store = tmp_path / "build"
    built = json.loads(councilkg("build", str(OLD), "--publisher", "Northbank Council", "--json",
                                 store=store).stdout)
    assert [d["publisher"] for d in built["documents"]] == ["Northbank Council"]
    councilkg("add", str(NEW), store=store)  # found in the plan: Riverside, another council
    assert links(store) == []
    out = json.loads(councilkg("add", str(NEW), "--publisher", "Northbank Council", "--json",
                               store=store).stdout)
    assert not out["documents"][0]["unchanged"]  # same file, new publisher: re-linked
    assert links(store)


def test_removing_a_misspelt_plan_names_the_closest_and_changes_nothing(store):
    generation = os.readlink(store / "current")
    out = councilkg("remove", "riverside_climate_plan.txt", store=store, ok=False)
    assert out.returncode == 2 and f"closest: {OLD.name}" in out.stderr
    assert os.readlink(store / "current") == generation


def test_a_rebuild_embeds_only_texts_no_earlier_generation_embedded(tmp_path, monkeypatch):
    """Vectors are kept with each generation (vectors.npy): adding a plan embeds its texts
    only, removing one embeds nothing, and another model starts afresh."""
    from api.pipeline import add, build, remove
    from api.settings import Settings
    from search.embedder import FakeEmbedder

    embedded: list[str] = []
    real_encode = FakeEmbedder.encode

    def counting(self, texts, show_progress=False):
        embedded.extend(texts)
        return real_encode(self, texts, show_progress)

    monkeypatch.setattr(FakeEmbedder, "encode", counting)
    settings = Settings(store=str(tmp_path / "build"), embedder="fake")
    build([OLD], settings, show_progress=False)
    first = len(embedded)
    add([NEW], settings, show_progress=False)
    new_texts = set(embedded[first:])
    assert new_texts and all(t not in new_texts for t in embedded[:first])
    embedded.clear()
    remove([NEW.name], settings, show_progress=False)
    assert embedded == []
    build([OLD], settings.model_copy(update={"model_name": "another-model"}), show_progress=False)
    assert len(embedded) == first
