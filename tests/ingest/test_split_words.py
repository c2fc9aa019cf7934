"""Words the PDF text split in two are mended, with the document as its own dictionary."""
from __future__ import annotations

from ingest import read_text
from ingest.split_words import SplitWords

DOC = """Water is precious. We will save water and lower bills; lower use means lower costs.
South Lakeland residents value SouthLakeland and SouthLakeland parks.
Below the line, be kind; be low-key.
"""


def test_a_word_split_in_two_is_joined_when_the_document_writes_it_whole():
    words = SplitWords(DOC + "Cut w ater use to lo wer bills.")
    assert words.mend("Cut w ater use to lo wer bills.") == "Cut water use to lower bills."


def test_two_words_that_stand_apart_elsewhere_stay_apart():
    assert SplitWords(DOC).mend("be low") == "be low"


def test_a_name_in_two_capitalised_words_is_not_glued():
    assert SplitWords(DOC).mend("South Lakeland") == "South Lakeland"


def test_a_capital_kerned_apart_from_its_word_is_joined_but_a_band_letter_is_not():
    # "t" stands alone before other words too ("T eam"), and "o" as a bullet
    doc = ("To act, to plan and to deliver. T o develop the plan. T o review it. T eam work.\n"
           "o one item\no another item\nEPC Band C and the bands and grades, and more and more.\n")
    words = SplitWords(doc)
    assert words.mend("T o develop the plan") == "To develop the plan"
    assert words.mend("EPC Band B and develop") == "EPC Band B and develop"


def test_a_label_split_in_capitals_is_joined():
    words = SplitWords("PROGRESS UPDATE\nPROGRESS UPDATE\nPROGRESS UPD ATE")
    assert words.mend("PROGRESS UPD ATE") == "PROGRESS UPDATE"


def test_a_commitment_read_from_a_pdf_text_has_its_split_words_mended():
    doc = """# Climate Action Plan

Infrastructure matters: infrastructure for walking, and infrastructure for cycling.

## Actions

- Deliver cycle infrastru cture on the A3 corridor by March 2026
- Improve walking routes to schools by March 2027
"""
    plan = read_text(doc, "plan.md")
    assert plan.commitments[0].text.startswith("Deliver cycle infrastructure on the A3 corridor")


def test_table_cells_the_pdf_glued_together_are_split_where_both_words_stand_alone():
    words = SplitWords(DOC + "Encourage housing providers. All homes count.\n"
                             "Retrofit social housingEncourage providers; homes.All rated")
    assert words.mend("Retrofit social housingEncourage providers") == \
        "Retrofit social housing Encourage providers"
    assert words.mend("Rate homes.All rated") == "Rate homes. All rated"
    assert words.mend("Owner: Housing ProvidersEncourage homes") == "Owner: Housing Providers Encourage homes"


def test_a_name_written_in_camel_case_is_not_split():
    words = SplitWords(DOC + "Join the solarTogether scheme; book on YouTube or eBay.")
    assert words.mend("Join the solarTogether scheme") == "Join the solarTogether scheme"
    assert words.mend("book on YouTube or eBay") == "book on YouTube or eBay"
