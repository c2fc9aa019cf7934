"""The OCR'd peer-challenge reader (layout `ocr_peer`): debris, headings, 'will see' bullets."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.layouts import ocr_peer

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


@pytest.fixture(scope="module")
def sample() -> str:
    """A hand-made OCR'd peer-challenge plan: bold-label headings (one without hashes),
    debris cells, a stray leading 'I', and 'will see' / 'ambitions' bullet lists."""
    return (DATA / "layouts" / "ocr_peer_debris_and_bullets.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rows(sample):
    """The rows the reader cuts from the sample."""
    return ocr_peer.read(sample, "ocr_peer_debris_and_bullets.txt")


def test_every_table_line_is_one_action(rows):
    assert [r.text for r in rows] == [
        "Publish a three-year budget with a plain summary for residents",
        "refresh the savings tracker so that each directorate reports monthly",
        "Hold budget cafes in the town libraries",
        "Roll out food waste collections to flats",
        "Trial reusable nappy vouchers with the family hubs",
    ]


def test_ocr_debris_cells_never_reach_any_field(rows):
    for r in rows:
        fields = " ".join([r.text, r.owners_text or "", *r.target_texts])
        for junk in (". 71", "GREK", "NAME OF THE", "1 1 1"):
            assert junk not in fields


def test_owner_and_target_come_from_the_header_columns(rows):
    assert (rows[0].owners_text, rows[0].target_texts) == ("Director of Finance", ("February 2027",))
    assert (rows[2].owners_text, rows[2].target_texts) == ("Head of Engagement", ("Summer 2026",))
    assert rows[4].target_texts == ("Quick wins - March 27",)


def test_the_bold_label_heading_is_the_section_with_or_without_hashes(rows):
    assert rows[0].section_path == ("Finance: Set a balanced three-year budget and explain it to residents",)
    assert rows[3].section_path == ("Waste: Cut residual waste per household",)


def test_peer_team_bullets_become_milestones_of_the_action_they_describe(rows):
    assert rows[0].milestones == ("A published residents' budget summary",)
    assert rows[1].milestones == ("Savings tracker reports reaching directorate teams each month",)
    assert rows[3].milestones == ("Food waste caddies delivered to the first blocks of flats",)


def test_long_term_ambitions_are_not_milestones(rows):
    every = " ".join(m for r in rows for m in r.milestones)
    assert "every resident can understand" not in every
    assert "regional average" not in every
    assert "ambitions" not in every


def test_row_spans_cover_the_table_line(sample, rows):
    line = sample[rows[3].span.start:rows[3].span.end]
    assert "Roll out food waste collections to flats" in line


def test_other_seed_layouts_are_not_claimed():
    for name in ("000_", "001_", "002_", "004_"):
        seed = next(SEEDS.glob(f"{name}*.txt"))
        assert ocr_peer.looks_like(seed.read_text(encoding="utf-8")) < 0.5, seed.name


WILL_SEE = """\
### **Housing:** Keep housing in focus

Action\tLead officer\tTarget
Develop a new Housing Strategy for the borough\tDirector of Housing\tOctober 2026
Deliver our temporary accommodation programme to halve households in hotels\tDirector of Housing\tSeptember 2028

#### What the peer team will see when they return in April:

- Tenants moving into new homes on the Acre Road estate

### **Climate:** Take a whole systems approach

Action\tLead officer\tTarget
Refocus the steering group to oversee delivery against the 2030 target\tDirector of Climate\tDecember 2025
Working through the partnership, deliver against the 2038 target with partners\tDirector of Climate\tApril 2026

#### What the peer team will see when they return in April:

- Refocused governance overseeing delivery
- A costed delivery plan working to achieve the 2030 target
"""


def test_each_will_see_item_goes_to_one_action_and_weak_or_tied_evidence_follows_the_list():
    """Weak evidence (one shared word) goes to the lead action; a tie goes to the action the
    item before it went to."""
    rows = ocr_peer.read(WILL_SEE, "will_see.txt")
    assert [len(r.milestones) for r in rows] == [1, 0, 2, 0]
    assert rows[0].milestones == ("Tenants moving into new homes on the Acre Road estate",)
