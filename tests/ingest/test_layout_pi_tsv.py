"""The numbered-activity TSV reader (layout `pi_tsv`): blocks, continuations, lead/timescale."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.layouts import pi_tsv

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


@pytest.fixture(scope="module")
def sample() -> str:
    """A hand-made equalities plan: directorate blocks, a line continuing several cells,
    <p> tags, and lead cells that carry timescales."""
    return (DATA / "layouts" / "pi_tsv_blocks_and_timescales.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rows(sample):
    """The rows the reader cuts from the sample."""
    return pi_tsv.read(sample, "pi_tsv_blocks_and_timescales.txt")


def test_numbered_rows_keep_their_refs_including_letter_suffixes(rows):
    assert [r.ref for r in rows] == ["1", "2", "3", "4", "4a"]


def test_directorate_block_rows_are_the_section_even_above_the_header(rows):
    assert [r.section_path for r in rows] == [("Housing Services",)] * 3 + [("Leisure Services",)] * 2


def test_a_continuation_line_extends_each_cell_in_its_own_column(rows):
    assert rows[0].text == "Review the allocations policy so that disabled applicants are not disadvantaged"
    assert rows[0].context == ("NI 156; Housing Strategy Allocations Scheme",)
    assert rows[0].progress == "Policy review started in the spring."


def test_html_tags_are_stripped_from_progress(rows):
    assert rows[3].progress == "Sessions started in May."


def test_lead_and_timescale_in_one_cell_are_split_into_owners_and_targets(rows):
    assert (rows[0].owners_text, rows[0].target_texts) == ("Head of Lettings / Allocations Manager", ("Ongoing",))
    assert (rows[1].owners_text, rows[1].target_texts) == ("Tenancy Team", ("quarterly review of requests",))
    assert (rows[3].owners_text, rows[3].target_texts) == ("Head of Leisure", ("2010-12",))


def test_a_timescale_in_brackets_or_after_the_monitoring_body_becomes_a_target(rows):
    assert rows[2].owners_text == "Estates Manager"
    assert rows[2].target_texts == ("every six months", "December 10")
    assert rows[2].monitored_by_text == "Housing Board"


def test_a_row_without_a_timescale_has_no_target(rows):
    assert rows[4].target_texts == ()
    assert rows[4].monitored_by_text is None


@pytest.mark.parametrize("cell, owners, targets", [
    ("Media Office Manager On-going", "Media Office Manager", ["On-going"]),
    ("Head of Human Resources & Human Resources Manager", "Head of Human Resources & Human Resources Manager", []),
    ("Divisional Mgr; Central Services", "Divisional Mgr; Central Services", []),
    ("Lead Manager; annual review of outcomes", "Lead Manager", ["annual review of outcomes"]),
    ("Head of Parks New contract 2012 On-going", "Head of Parks", ["New contract 2012", "On-going"]),
    ("Head of Review Services 2010", "Head of Review Services", ["2010"]),
    ("Head of Parks Ongoing in 2011", "Head of Parks", ["Ongoing in 2011"]),
    ("Play Team – ongoing 5% more visits by 2012", "Play Team", ["ongoing", "5% more visits by 2012"]),
])
def test_split_lead_timescale_leaves_job_titles_whole(cell, owners, targets):
    assert pi_tsv.split_lead_timescale(cell) == (owners, targets)


def test_other_seed_layouts_are_not_claimed():
    for name in ("000_", "001_", "002_", "003_"):
        seed = next(SEEDS.glob(f"{name}*.txt"))
        assert pi_tsv.looks_like(seed.read_text(encoding="utf-8")) < 0.5, seed.name


def test_a_plan_named_with_its_period_in_the_lead_cell_is_context_not_owner_or_deadline():
    text = ("No\tActivity\tLink to Key Strategies & Plans\tLead Responsibility & Timescales\tProgress Monitored By\tProgress\n"
            "1\tEnsure access to social housing\tNI 140\tHead of Housing Housing Strategy Statement 2007-2010 "
            "currently consultation draft\tDMT\tConsultation next year\n"
            "2\tReview lettings\tNI 156\tHead of Lettings Ongoing\tDMT\tStarted\n"
            "3\tPublish guides\tNI 1\tTenancy Team 2009\tDMT\tDone\n")
    row = pi_tsv.read(text, "x.tsv")[0]
    assert row.owners_text == "Head of Housing"
    assert row.target_texts == ()
    assert "Housing Strategy Statement 2007-2010 currently consultation draft" in row.context
