"""Every bundled seed holds the issue's bar against its gold: commitment F1 >= 0.95 on each
document and field score >= 0.85, scored by the shared scorer (copied into tests/eval)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ingest import read_path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[1] / "data" / "seeds"
FIELD_COLS = ["section", "targets", "status", "milestones", "owners", "partners", "places",
              "strategies", "indicators"]


def _scorer():
    sys.path.insert(0, str(HERE.parent / "eval"))
    spec = importlib.util.spec_from_file_location("score_extraction", HERE.parent / "eval" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report() -> dict:
    """The scorer's per-document report for the seeds as ingest reads them."""
    rows = [c.as_export() for f in sorted(SEEDS.glob("*")) for c in read_path(f).commitments]
    return _scorer().score(rows)


def test_every_seed_document_has_a_gold_file(report):
    assert len(report) == len(list(SEEDS.glob("*"))) == 5


@pytest.mark.parametrize("doc", ["000", "001", "002", "003", "004"])
def test_commitments_of_each_seed_match_the_gold_with_f1_at_least_0_95(report, doc):
    assert report[doc]["f1"] >= 0.95, report[doc]


def test_fields_score_at_least_0_85_over_the_seeds(report):
    per_doc = [sum(r[c] for c in FIELD_COLS if r[c] is not None) /
               len([c for c in FIELD_COLS if r[c] is not None]) for r in report.values()]
    assert sum(per_doc) / len(per_doc) >= 0.85


def test_each_seed_layout_is_recognised_by_a_reader_of_its_own():
    layouts = [read_path(f).document.layout for f in sorted(SEEDS.glob("*"))]
    assert "generic" not in layouts and len(set(layouts)) == 5
