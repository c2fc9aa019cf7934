"""The build, export and inspect verbs as a user runs them: exit codes, messages, atomic stores."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "cli"
PLANS = [DATA / "riverside_climate_plan.md", DATA / "riverside_delivery_plan.md"]


def councilkg(*args: str, store: Path, check: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNCILKG_STORE": str(store), "COUNCILKG_EMBEDDER": "fake",
           "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-m", "api", *args], capture_output=True,
                         text=True, env=env, timeout=300)
    if check:
        assert out.returncode == 0, out.stderr
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A store built from two small hand-made plans."""
    store = tmp_path_factory.mktemp("cli") / "build"
    councilkg("build", *map(str, PLANS), "--json", store=store, check=True)
    return store


def test_build_summary_names_each_document_and_its_commitments(built):
    manifest = json.loads((built / "current" / "manifest.json").read_text())
    docs = {d["document"]: d["commitments"] for d in manifest["summary"]["documents"]}
    assert docs == {"riverside_climate_plan.md": 4, "riverside_delivery_plan.md": 3}


def test_export_jsonl_gives_one_commitment_a_line_with_the_schema_fields(built):
    out = councilkg("export", "--format", "jsonl", store=built, check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 7
    first = rows[0]
    for key in ("id", "document", "ref", "section_path", "text", "milestones", "targets", "owners",
                "status", "progress", "monitored_by", "indicators", "partners", "places",
                "strategies", "title", "period", "period_start", "period_end", "publisher", "span"):
        assert key in first
    assert len({r["id"] for r in rows}) == 7


def test_rebuilding_gives_the_same_ids(built, tmp_path):
    again = tmp_path / "again"
    councilkg("build", *map(str, PLANS), store=again, check=True)

    def ids(store):
        return [json.loads(line)["id"] for line in councilkg("export", store=store, check=True).stdout.splitlines()]

    assert ids(built) == ids(again)


def test_a_missing_path_is_named_with_exit_code_2(tmp_path):
    out = councilkg("build", str(tmp_path / "nope.txt"), store=tmp_path / "b")
    assert out.returncode == 2
    assert "nope.txt" in out.stderr and "no such file" in out.stderr


def test_a_folder_is_read_with_its_subfolders_and_hidden_files_skipped(tmp_path):
    docs = tmp_path / "plans"
    (docs / "2024").mkdir(parents=True)
    (docs / ".drafts").mkdir()
    (docs / "2024" / PLANS[0].name).write_text(PLANS[0].read_text())
    (docs / ".drafts" / PLANS[1].name).write_text(PLANS[1].read_text())
    out = councilkg("build", str(docs), "--json", store=tmp_path / "b", check=True)
    assert [d["document"] for d in json.loads(out.stdout)["documents"]] == [PLANS[0].name]


def test_a_folder_with_nothing_to_read_is_named_with_exit_code_2(tmp_path):
    (tmp_path / "empty").mkdir()
    out = councilkg("build", str(tmp_path / "empty"), store=tmp_path / "b")
    assert out.returncode == 2
    assert "empty" in out.stderr and "no .txt" in out.stderr


def test_a_bad_file_without_keep_going_leaves_the_store_as_it_was(built):
    before = (built / "current").resolve()
    out = councilkg("build", *map(str, PLANS), str(DATA / "no_commitments.txt"), store=built)
    assert out.returncode == 2
    assert "no_commitments.txt" in out.stderr
    assert "--keep-going" in out.stderr  # says how to build the rest
    assert (built / "current").resolve() == before


def test_keep_going_reports_and_skips_the_bad_file(tmp_path):
    store = tmp_path / "b"
    out = councilkg("build", *map(str, PLANS), str(DATA / "no_commitments.txt"), "--keep-going",
                    "--json", store=store, check=True)
    summary = json.loads(out.stdout)
    assert [f["document"] for f in summary["failed"]] == ["no_commitments.txt"]
    assert len(summary["documents"]) == 2


def test_export_before_any_build_says_to_build_first(tmp_path):
    out = councilkg("export", store=tmp_path / "empty")
    assert out.returncode == 2
    assert "councilkg build" in out.stderr


def test_inspect_shows_the_layout_without_storing(tmp_path):
    out = councilkg("inspect", str(PLANS[0]), "--json", store=tmp_path / "b", check=True)
    data = json.loads(out.stdout)
    assert data["document"]["layout"] == "generic"
    assert len(data["commitments"]) == 4
    assert not (tmp_path / "b").exists()


def test_store_may_be_given_before_the_verb_and_wins_over_the_environment(built, tmp_path):
    out = councilkg("--store", str(built), "export", "--format", "jsonl", store=tmp_path / "empty",
                    check=True)
    assert len(out.stdout.splitlines()) > 0
