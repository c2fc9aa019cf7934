"""The generic reader finds action tables with any header names and commitment lists
under headings, and nothing in documents without actions."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import decode
from ingest.read import read_text
from ingest.layouts import _generic_phrases as phrases
from ingest.layouts import generic
from ingest.layouts._generic_headers import flattened_header

DATA = Path(__file__).parent.parent / "data" / "generic"


def _rows(name: str):
    text = decode.load(DATA / name)
    return text, generic.read(text, name)


def test_unusual_header_names_map_to_the_right_fields():
    _, rows = _rows("odd_headers.txt")
    first = rows[0]
    assert first.text == "Roll out low emission zone around schools"
    assert first.owners_text == "Director of Place"
    assert first.target_texts == ("Q3 2025",)
    assert first.status == "Amber"
    assert first.progress == "Consultation closed in May"
    assert first.context == ("Transport for London",)
    assert first.milestones == ("NO2 below 40µg/m3", "10 schools covered")
    assert first.section_path == ("Net Zero Delivery Plan", "Cleaner air")


def test_theme_cell_carries_down_and_repeated_page_header_is_skipped():
    _, rows = _rows("odd_headers.txt")
    assert [r.text for r in rows] == ["Roll out low emission zone around schools",
                                      "Review idling enforcement",
                                      "Replace diesel refuse trucks with electric"]
    assert rows[1].section_path[-1] == "Cleaner air"
    assert rows[2].section_path[-1] == "Greener fleet"


def test_row_and_cell_spans_quote_the_source_text():
    text, rows = _rows("odd_headers.txt")
    row = rows[1]
    assert text[row.span.start:row.span.end].startswith("Review idling enforcement")
    assert text[row.cells["owners"].start:row.cells["owners"].end] == "Head of Parking"
    assert text[row.cells["targets"].start:row.cells["targets"].end] == "By March 2026"
    assert row.span.line_start == row.span.line_end == 5


def test_bullet_and_numbered_actions_under_headings_are_found_but_statements_are_not():
    text, rows = _rows("bullets_under_headings.txt")
    assert [(r.section_path, r.ref, r.text) for r in rows] == [
        (("ENERGY",), None, "Install solar PV on all suitable council roofs"),
        (("ENERGY",), None, "Work with community energy groups to develop local generation schemes"),
        (("Travel and Transport",), "1", "We will expand the car club network to every ward"),
        (("Travel and Transport",), "2", "Reducing staff business mileage"),
    ]
    assert rows[3].target_texts == ("Short term",)
    wrapped = rows[1]
    assert (wrapped.span.line_start, wrapped.span.line_end) == (8, 9)


def test_pipe_table_with_id_and_service_area_headers():
    _, rows = _rows("pipe_table.md")
    assert [(r.ref, r.text, r.owners_text, r.target_texts) for r in rows] == [
        ("A1", "Map surface water flood risk hotspots", "Drainage", ("2025",)),
        ("A2", "Create shaded play areas in parks", "Parks", ("Summer 2026",))]


def test_a_document_with_no_actions_gives_no_rows():
    _, rows = _rows("no_actions.txt")
    assert rows == []
    assert generic.looks_like("Annual Report\n\nA good year.\n") == 0.0


def test_looks_like_stays_modest_so_specific_layouts_win():
    text = decode.load(DATA / "odd_headers.txt")
    assert 0.0 < generic.looks_like(text) < 0.5


# -- shapes of flattened PDF tables seen in real plans (docs/layouts.md) -------------------

def test_row_numbers_glued_to_the_action_start_rows_with_deadline_and_owner_from_the_end():
    """'1Review ...' rows under a header whose cells ran together ('Action NoDescription')."""
    _, rows = _rows("glued_numbers.txt")
    assert [(r.ref, r.text) for r in rows] == [
        ("1", "Review the fleet replacement policy to favour electric vans To cut fleet emissions"),
        ("2", "Install smart meters in all libraries and community centres"),
        ("3", "Publish an annual climate report")]
    assert [(r.target_texts, r.owners_text) for r in rows] == [
        (("Mar-24",), "Fleet Services"), (("Apr 2025 and ongoing",), "Property Team"),
        (("Ongoing to 2030",), "Policy Team")]


def test_a_reference_alone_on_its_line_starts_a_row_that_ends_at_the_repeated_column():
    _, rows = _rows("ref_lines.txt")
    assert [(r.ref, r.text) for r in rows] == [
        ("B1", "Survey every school roof for solar panels and publish the results"),
        ("B2", "Replace gas boilers in the town hall with heat pumps"),
        ("B3", "Develop a retrofit guide for owners of listed buildings"),
        ("B4", "An energy advice service for tenants")]
    assert rows[1].target_texts == ("Medium term",)
    assert rows[1].owners_text == "Corporate Property"
    assert rows[3].milestones == ("Recruit two energy advisers", "Run drop-in sessions")


# Kingston's draft Climate Action Plan (2022): the key-objective cell of one row, then the
# next row's reference run onto its last line ("... climate / change1.7").
GLUED_REFS = """Theme 1: Efficient buildings
Ref.
Actions to reduce the Council's carbon emissions
Key objective
1.1
Evaluate the corporate estate to create a delivery plan to reduce energy consumption
Reduce emissions from
council buildings
1.2
Consider the future impacts of climate change in the design of corporate buildings
Make the borough resilient to
the impacts of climate
change1.3
Develop a business case to explore co-investing in a renewable generation plant
Reduce emissions from
council buildings
1.4
Redesign facilities management to focus on social and environmental outcomes
Reduce emissions from
council buildings
"""


def test_a_row_reference_glued_to_the_end_of_the_cell_before_still_starts_its_row():
    rows = generic.read(GLUED_REFS, "glued_refs.txt")
    assert [r.ref for r in rows] == ["1.1", "1.2", "1.3", "1.4"]
    assert rows[2].text == "Develop a business case to explore co-investing in a renewable generation plant"
    assert GLUED_REFS[rows[2].span.start:].startswith("1.3\nDevelop")


def test_a_row_reference_glued_to_the_page_total_before_it_still_starts_its_row():
    # Kingston Climate Action Plan 2022: "Page / 29 / | / 445.21", page 29 of 44, then row 5.21.
    text = GLUED_REFS.replace("change1.3", "change\nPage\n29\n|\n441.3")
    rows = generic.read(text, "page_total.txt")
    assert [r.ref for r in rows] == ["1.1", "1.2", "1.3", "1.4"]
    assert text[rows[2].span.start:].startswith("1.3\nDevelop")


def test_a_number_glued_to_a_word_is_no_reference_unless_it_follows_the_row_before():
    rows = generic.read(GLUED_REFS.replace("change1.3", "change1.7"), "glued_refs.txt")
    assert [r.ref for r in rows] == ["1.1", "1.2", "1.4"]

def test_indented_items_that_lost_their_bullets_are_actions_but_runs_of_aims_are_not():
    _, rows = _rows("space_bullets.txt")
    assert [r.text for r in rows] == [
        "Plant 5,000 street trees in the next three years;",
        "Work with schools to start food waste collections and home composting;",
        "Review grass cutting to leave more meadow areas.",
        "Create a volunteer group to manage two more meadows"]


def test_a_case_study_box_title_is_not_the_section_of_the_rows_after_it():
    _, rows = _rows("space_bullets.txt")
    assert not any("Case Study" in part for r in rows for part in r.section_path)


def test_short_labels_with_a_dash_gloss_read_as_aims_and_give_no_rows():
    _, rows = _rows("space_bullets.txt")
    assert not any(r.text.startswith(("Improve air quality", "Deliver health")) for r in rows)


def test_tabs_used_as_word_spacing_still_give_action_owner_and_timescale_cells():
    _, rows = _rows("word_tabs.txt")
    assert [(r.ref, r.text, r.owners_text, r.target_texts) for r in rows] == [
        ("E1", "Fit LED lighting in all council depots.", "HOS Estates", ("Sept 2024",)),
        ("E2", "Switch the fleet to electric vans.", "Fleet Manager", ("Mar 2026",))]


def test_a_numbered_row_that_does_not_open_with_a_verb_is_kept_between_its_siblings():
    _, rows = _rows("numbered_siblings.txt")
    assert [r.ref for r in rows] == ["6.1.1", "6.1.2", "6.1.3"]
    assert rows[1].text == "With a grant from the county council - buy e-bikes for staff"
    assert rows[1].target_texts == ("Short term",)


def test_a_wingdings_arrow_bullet_that_lost_its_font_is_a_bullet_not_part_of_the_action():
    text = ("Our climate plan\n\nBUILDINGS\n\n"
            " Æ Install heat pumps in all council depots\n"
            " Æ Retrofit the civic centre with LED lighting\n")
    rows = generic.read(text, "arrows.txt")
    assert [r.text for r in rows] == ["Install heat pumps in all council depots",
                                     "Retrofit the civic centre with LED lighting"]


def test_wingdings_bullets_that_came_out_as_letters_are_bullets_where_the_plan_uses_them_so():
    # Hinckley & Bosworth's strategy: Wingdings 'n' (a black square) lost its font.
    text = ("Regulation\n\nWhat we will do to achieve this:\n"
            "n   Minimise the climate impact of new development through our Local Plan\n"
            "       policies and development management decisions.\n"
            "n   Use our housing powers to enforce minimum standards for landlords.\n"
            "  n    Target fuel poor households with energy efficiency measures.\n")
    rows = generic.read(text, "squares.txt")
    assert [r.text for r in rows] == [
        "Minimise the climate impact of new development through our Local Plan policies and "
        "development management decisions.",
        "Use our housing powers to enforce minimum standards for landlords.",
        "Target fuel poor households with energy efficiency measures."]
    assert [text[r.span.start:r.span.start + 6] for r in rows] == ["Minimi", "Use ou", "Target"]


def test_an_item_whose_wrapped_lines_hang_indented_ends_where_a_line_is_back_at_its_bullet():
    text = ("n   Encourage active environments within new housing developments, leading to\n"
            "       increased cycling and walking\n"
            "1Delivery theme                                   Aim\n"
            "Leadership\n"
            "n   Work with rural parishes on their climate initiatives.\n"
            "n   Lobby central government and MPs to provide powers and resources to\n"
            " enable local action.\n")
    rows = generic.read(text, "hanging.txt")
    assert [r.text for r in rows] == [
        "Encourage active environments within new housing developments, leading to increased "
        "cycling and walking",
        "Work with rural parishes on their climate initiatives.",
        "Lobby central government and MPs to provide powers and resources to enable local action."]


def test_a_lone_letter_opening_a_line_or_two_is_prose_not_a_bullet():
    text = ("Energy\n\nThe scheme will be extended (see the\n"
            "n Scheme below) and we will report on it.\n")
    assert phrases.font_dropped_bullets(text.split("\n")) == text.split("\n")


def test_two_list_items_that_extraction_put_on_one_line_are_two_commitments():
    # Flintshire's climate strategy: two columns of one bulleted list on a line.
    text = ("Themes\n\n"
            "l   Invest in renewables l   Convert fleet to electric/ alternative fuels\n"
            "l   Invest in electric charging infrastructure\n"
            "l   Support agile working practices l   Ensure carbon is included in procurement\n"
            "• To support this we will: • Establish a dedicated internal project team.\n")
    rows = generic.read(text, "columns.txt")
    assert [r.text for r in rows] == [
        "Invest in renewables", "Convert fleet to electric/ alternative fuels",
        "Invest in electric charging infrastructure", "Support agile working practices",
        "Ensure carbon is included in procurement", "Establish a dedicated internal project team."]
    assert [text[r.span.start:r.span.end] for r in rows[:2]] == [
        "Invest in renewables", "Convert fleet to electric/ alternative fuels"]



def test_a_page_number_glued_to_the_next_theme_heading_still_starts_that_theme():
    # Kingston Climate Action Plan 2022: "Page / 18 / | / 44Theme 2: How we travel", the
    # page total run into the heading; its themes read as one before.
    text = ("Theme 1: Efficient Homes and Buildings\n\n"
            "● Retrofit council homes to EPC band C by 2030\n\n"
            "Page\n18\n|\n44Theme 2: How we travel\n\n"
            "● Install 500 electric vehicle charge points by 2025\n")
    rows = generic.read(text, "glued_page.txt")
    assert [r.section_path for r in rows] == [("Theme 1: Efficient Homes and Buildings",),
                                              ("Theme 2: How we travel",)]


def test_digits_glued_to_an_unlabelled_line_are_left_alone():
    assert phrases.clean_heading("2030Vision for Kingston") == "2030Vision for Kingston"
    assert phrases.clean_heading("1212Section 2: Carbon footprint") == "1212Section 2: Carbon footprint"

RATED = ("Reducing energy use\n\n"
         "Action to reduce council emissions  CO2\n"
         "reduction  Cost  to\n"
         "Taxpayer  Feasibility\n"
         "Implement energy efficiency improvements across the existing\n"
         "council estate by 2022  Medium  High  Medium\n"
         "Reduce CO2 emissions from our energy supply  Low High  Easier\n"
         "1.2Owned\n"
         "transport3199.4Emissions associated with mobile equipment. “Investigate use of an\n"
         "electric pool car between our offices1 Y Med Low 6 months\n"
         "Explore installing electric car charging\n"
         "points in car parks1 N Med LowFeasibility study underway\n")


def test_rows_that_end_in_a_run_of_rating_cells_are_actions_and_the_ratings_are_not():
    rows = generic.read(RATED, "rated.txt")
    assert [r.text for r in rows] == [
        "Implement energy efficiency improvements across the existing council estate by 2022",
        "Reduce CO2 emissions from our energy supply",
        "Investigate use of an electric pool car between our offices",
        "Explore installing electric car charging points in car parks"]
    assert rows[2].target_texts == ("6 months",)
    assert [RATED[r.span.start:r.span.end].split()[0] for r in rows] == [
        "Implement", "Reduce", "Investigate", "Explore"]


def test_a_bulleted_row_of_a_rated_table_drops_its_ratings_and_keeps_its_time():
    text = RATED + "• Review the depot leases  Low High  Easier  6 months\n"
    assert [(r.text, r.target_texts) for r in generic.read(text, "rated.txt")][-1] == (
        "Review the depot leases", ("6 months",))


def test_a_line_or_two_ending_in_high_and_low_is_no_rated_table():
    text = "Targets\n\nReduce emissions from homes where demand is High Low\nAir quality\n"
    assert generic.read(text, "prose.txt") == []


def test_a_spreadsheet_date_after_an_action_is_its_deadline_cell():
    text = "Assets\n\n• Produce an Asset Management Plan 30-Jun-21\n• Review the depot leases\n"
    rows = generic.read(text, "sheet.txt")
    assert [(r.text, r.target_texts) for r in rows] == [
        ("Produce an Asset Management Plan", ("30-Jun-21",)), ("Review the depot leases", ())]


def test_a_heading_wrapped_a_word_a_line_in_a_narrow_box_is_one_heading():
    text = ("Using \nrenewable \nenergy  \n\n"
            "• Build and operate two new solar farms\n\n"
            "AD Housing: Covered\nabove. Agreed.\n\n"
            "• Develop proposals for a district heating scheme\n")
    rows = generic.read(text, "boxes.txt")
    # a sentence after a title-like cell is no part of a heading
    assert [r.section_path for r in rows] == [("Using renewable energy",), ("AD Housing: Covered",)]


def test_a_flattened_header_with_a_word_the_pdf_split_is_a_header_not_the_rows_section():
    # Wokingham's action plan: "Carbon S avings"; the document writes "savings" whole too.
    text = ("Procurement\n\n"
            "REF Action Description Outcome Milestone Timeline Carbon S avings\n"
            "Adopt a social value policy to cut carbon savings in contracts\n"
            "Engage suppliers on carbon savings in every tender\n")
    rows = generic.read(text, "split_header.txt")
    assert [r.section_path for r in rows] == [("Procurement",)] * 2


def test_a_row_of_figures_under_a_heading_is_no_table_header():
    assert flattened_header("Action Deadline Action owner Notes")
    assert not flattened_header("Project Cost Savings 74,676  115,172  247,256")


def test_an_action_whose_first_capital_the_pdf_kerned_apart_still_reads_as_one():
    assert phrases.reads_like_commitment("T o develop a Power Purchase Agreement with a supplier")
    assert phrases.reads_like_commitment("C ontinue to prioritise active travel")
    assert not phrases.reads_like_commitment("B y 2025 the fleet is electric")


@pytest.mark.parametrize("text", [
    "Where feasible and cost effective, implement standards beyond the building regulations",
    "Where feasible, we will consider options to retrofit existing homes",
    "In addition, we will plant 5,000 trees in parks",
])
def test_an_action_after_a_short_condition_or_link_reads_as_an_action(text):
    assert phrases.reads_like_commitment(text)


def test_a_statement_after_a_condition_is_still_no_action():
    assert not phrases.reads_like_commitment("Where possible, average speeds have fallen since 2019")


@pytest.mark.parametrize("heading", ["Foreword from the Leader", "Figure 8: Carbon progress against targets",
                                     "HOLDING SPACE FOR INTRODUCTION", "Copyright"])
def test_front_matter_and_captions_are_no_section_of_the_actions_after_them(heading):
    text = f"Transport\n\n{heading}\n\n• Deliver two new cycle routes\n"
    assert [r.section_path for r in generic.read(text, "matter.txt")] == [()]


@pytest.mark.parametrize("line", ["Strategic objective 2. Environment  ............................  10",
                                  "40 https://tinyurl.com/yyqb4pzr", "Section 6: Next steps ........ 27"])
def test_a_contents_entry_or_a_footnotes_address_is_no_heading(line):
    text = f"Transport\n\n{line}\n\n• Deliver two new cycle routes\n"
    assert [r.section_path for r in generic.read(text, "contents.txt")] == [("Transport",)]


def test_a_heading_that_names_the_council_or_the_plan_itself_is_no_theme():
    text = ("# Operational Carbon Reduction Plan\n\n• Install solar panels on the depot roof\n\n"
            "## Newark and Sherwood District Council\n\n• Replace the pool cars with electric ones\n\n"
            "## Housing\n\n• Retrofit 200 council homes by 2025\n")
    plan = read_text(text, "own_names.md")
    assert (plan.document.title, plan.document.publisher) == (
        "Operational Carbon Reduction Plan", "Newark and Sherwood District Council")
    assert [c.section_path for c in plan.commitments] == [(), (), ("Housing",)]


def test_a_short_documents_only_heading_stays_its_theme_though_it_is_also_its_title():
    plan = read_text("# Housing\n\n- Retrofit 200 council homes by 2025\n- Build 50 new homes\n", "h.md")
    assert plan.document.title == "Housing"
    assert {c.section_path for c in plan.commitments} == {("Housing",)}


def test_a_flattened_row_wrapped_mid_sentence_runs_on_into_a_line_that_opens_with_a_verb():
    _, rows = _rows("flat_wrapped.txt")
    assert [r.text.split(".")[0] for r in rows] == [
        "Deliver a net zero plan for all corporate buildings",
        "Make all new building projects zero carbon on site, and the New Ways of Working programme "
        "include carbon reduction as an objective",
        "Review the leases of the commercial portfolio"]


def test_a_name_wrapped_before_its_last_word_runs_on_though_that_word_is_a_verb():
    text = ("Corporate Estate Actions\n\nAction Deadline Action owner Notes\n"
            "Deliver a net zero plan for all corporate buildings.By 2022 Carbon Management\n"
            "Report progress each year alongside the Borough\n"
            "Plan, which includes the zero-carbon ambition. 2023 Policy\n"
            "Plan the retrofit of the civic centre.2024 Estates\n")
    rows = generic.read(text, "x.txt")
    assert [r.text.split(".")[0] for r in rows] == [
        "Deliver a net zero plan for all corporate buildings",
        "Report progress each year alongside the Borough Plan, which includes the zero-carbon ambition",
        "Plan the retrofit of the civic centre"]


def test_a_table_flattened_one_cell_a_line_gives_each_row_its_owner_and_dates():
    # Kingston's 2022 Climate Action Plan prints Ref / Action / Owner / Start / End this way;
    # the owner cell is narrower than the action's, and owners and dates recur down the page.
    _, rows = _rows("ref_lines_owner_cells.txt")
    assert [(r.ref, r.text, r.owners_text, r.target_texts) for r in rows] == [
        ("T1", "Install forty rapid electric vehicle charging points in the council's public car "
               "parks and on housing estates", "Head of Parking Services", ("2023", "March 2025")),
        ("T2", "Replace the pool car fleet with electric vehicles as each lease ends.", "Fleet Manager",
         ("2023", "2026")),
        ("T3", "Publish a freight consolidation plan with the business improvement districts",
         "Head of Parking Services", ("April 2024", "Ongoing")),
        ("T4", "Build protected cycle lanes on the three busiest radial roads into the town centre",
         "Head of Highways", ("2024", "2027")),
        ("T5", "Develop a walking route map for every primary school and share it with parents for "
               "travel", "Head of Highways", ("2024", "March 2026")),
        ("T6", "Extend the school streets programme to ten more schools with the parking team",
         "Head of Parking Services", ("2024", "2025")),
        ("T7", "Trial an e-cargo bike loan scheme for small businesses on the high street",
         "Head of Parking Services", ("April 2025",))]
    assert rows[-1].status == "In progress"  # a status cell, wrapped like the date after it


def test_contents_entries_with_dot_leaders_are_no_rows():
    _, rows = _rows("contents_page.txt")
    assert [r.text for r in rows] == [
        "Install solar panels on every council depot roof by 2026",
        "Replace the council fleet with electric vans as each lease ends",
        "Publish a heat network feasibility study for the town centre"]


@pytest.mark.parametrize("action", [
    "Redesign facilities management to focus on social outcomes",   # a verb done again
    "Recommission the Warm Homes Better Health programme",
    "Re-use furniture across council offices before buying new",
    "Survey every school roof for solar panels",
    "Approve the updated action plan at Appendix B",
    "Double the share of capital funding spent on active travel"])
def test_an_action_opening_with_a_repeated_or_plain_verb_reads_like_a_commitment(action):
    assert phrases.reads_like_commitment(action)


def test_a_word_that_merely_starts_with_re_is_no_verb():
    assert not phrases.reads_like_commitment("Renewable energy is central to the plan")
    assert not phrases.reads_like_commitment("Residents told us what matters most")


@pytest.mark.parametrize("line", [
    "PROGRESS UPD ATE",  # Newcastle's label over each action's progress, split by the PDF
    "UPDATING OUR STRATEGY",
    "SUPPORTING ACTION BY BUSINESSES AND RESIDENTS"])
def test_a_line_set_in_capitals_is_a_heading_or_label_not_an_action(line):
    assert not phrases.reads_like_commitment(line)
    assert phrases.reads_like_commitment(line.capitalize())  # the capitals decide, not the words


def test_owner_and_date_cells_run_onto_an_action_line_are_split_off():
    # Cambridge City Council's climate plan: "... climate change.  Finance Service  March 2022"
    action = "Identify a share of reserves to invest in green investments to offset climate change."
    assert phrases.trailing_cells(f"{action}  Finance Service  March 2022") == (
        action, "Finance Service", ("March 2022",))
    assert phrases.trailing_cells("Assess standards for new commercial buildings  Property Services") == (
        "Assess standards for new commercial buildings", "Property Services", ())


@pytest.mark.parametrize("text", [
    "Upgrade the lighting in our  Council  buildings and depots",   # spaced words in a sentence
    "Determine how to attract inward investment for local business  A11",  # a code, not an owner
    "Support staff to use energy wisely  Government Support Required",   # not a post without a date
    "Work with the  Environment Agency"])  # the action is not finished: no cells after it
def test_spaced_words_that_are_not_owner_or_date_cells_stay_in_the_action(text):
    assert phrases.trailing_cells(text) == (text, None, ())


def test_a_lone_acronym_is_a_cell_not_a_section_but_a_theme_word_in_capitals_is():
    text = ("WASTE\n\n"
            "1. Expand food waste collections to all flats.\n\n"
            "EFDC\n\n"
            "2. Work with Essex Highways to provide on street charging.\n\n"
            "Our waste plan reduces what we throw away.\n")
    rows = generic.read(text, "x.txt")
    assert [r.section_path[-1] for r in rows] == ["WASTE", "WASTE"]


def test_a_deadline_glued_to_the_full_stop_and_the_owner_after_it_are_cells():
    _, rows = _rows("flat_wrapped.txt")
    first, last = rows[0], rows[-1]
    assert (first.text, first.target_texts, first.owners_text) == (
        "Deliver a net zero plan for all corporate buildings", ("By 2022",), "Carbon Management")
    assert (last.text, last.target_texts) == ("Review the leases of the commercial portfolio", ("2023",))
    # notes after the owner cell; the owner stops where they open
    action = "Publish performance annually on projects and impact on carbon reduction"
    assert phrases.glued_cells(f"{action}.2021 - Annually Carbon Management In the Council's Constitution.") == (
        action, ("2021 - Annually",), "Carbon Management", "In the Council's Constitution.")
    assert phrases.glued_cells(f"{action}.2021 Carbon Management This will be picked up in the new contracts.") == (
        action, ("2021",), "Carbon Management", "This will be picked up in the new contracts.")
    # the owner cell glued to the notes cell without a space: where one ends, the other opens
    assert phrases.glued_cells(f"{action}.By 2022 Carbon ManagementThis will be picked up in the contracts.") == (
        action, ("By 2022",), "Carbon Management", "This will be picked up in the contracts.")
    assert phrases.glued_cells(f"{action}.2025 Property ServicesUsing the Asset Management Plan to inform it") == (
        action, ("2025",), "Property Services", "Using the Asset Management Plan to inform it")


@pytest.mark.parametrize("text", [
    "Plant trees on moors that face climatic changes.By 2080, climate change may remove moorland birds",
    "Ensure the fleet moves to zero carbon vehicles. By 2025. Owner: All Services",  # inline fields
    "Roll out 2 low emission neighbourhoods per year. 2021-2024 Subject to feasibility"])  # spaced: no glue
def test_a_year_after_a_full_stop_that_is_no_glued_cell_stays_in_the_text(text):
    assert phrases.glued_cells(text) == (text, (), None, None)


@pytest.mark.parametrize("text, action, cell", [
    ("Establish a cross-referral programme with local charities Ongoing",
     "Establish a cross-referral programme with local charities", "Ongoing"),
    ("Carry out an assessment of water leaks at those sites Short Term",
     "Carry out an assessment of water leaks at those sites", "Short Term"),
    ("Promote water saving kits through website information TBC",
     "Promote water saving kits through website information", "TBC"),
])
def test_a_timescale_cell_after_a_single_space_is_split_off_the_action(text, action, cell):
    assert phrases.trailing_target(text) == (action, (cell,))


@pytest.mark.parametrize("text", ["Keep residents informed while the consultation is ongoing",
                                  "Plan the council's finances for the long term",
                                  "Refresh the Medium Term Financial Strategy"])
def test_prose_that_ends_in_a_timescale_word_keeps_it(text):
    assert phrases.trailing_target(text) == (text, ())


def test_a_page_number_after_a_rows_timescale_cell_goes_with_the_cell():
    # Blaby District Council Climate Action Plan 2020: the row that ends a page.
    text, targets = phrases.trailing_target(
        "Engage with and encourage businesses to switch to electric vehicles. Lead by example "
        "and provide information.   Short term  17")
    assert (text, targets) == ("Engage with and encourage businesses to switch to electric vehicles. "
                               "Lead by example and provide information", ("Short term",))
    assert phrases.trailing_target("Plant trees in the parks of the borough in 2022 2023")[1] == ()


def test_a_wide_gap_inside_a_referenced_row_is_read_as_one_gap():
    gap = " " * 2_000
    text = (f"1.1\nReduce energy use in council buildings\n"
            f"1.2\nInstall solar panels on the depot roof{gap}Short term\n1.3\nPlant trees in parks\n")
    rows = generic.read(text, "gap.txt")
    assert [(r.ref, r.text, r.target_texts) for r in rows][1] == (
        "1.2", "Install solar panels on the depot roof", ("Short term",))


# Blaby District Council Climate Action Plan 2020: each section's numbered title straight
# after the last row of the section before.
NUMBERED_SECTIONS = """6.2 Built Environment

6.2.1 Require new homes to meet a higher energy efficiency standard.  Short term
6.2.2 Ensure building regulations standards are maintained.  Short term
6.3 Energy
Since 2010, the grid has decarbonised. We will act on our own use.
6.3.1 Install solar panels on the council offices.  Medium term
6.3.2 Switch the council's electricity supply to a green tariff.  Short term
4.2 Background to the figures
"""


def test_the_numbered_title_of_the_next_section_starts_it_even_straight_after_a_row():
    rows = generic.read(NUMBERED_SECTIONS, "numbered_sections.txt")
    assert [(r.ref, r.section_path) for r in rows] == [
        ("6.2.1", ("6.2 Built Environment",)), ("6.2.2", ("6.2 Built Environment",)),
        ("6.3.1", ("6.3 Energy",)), ("6.3.2", ("6.3 Energy",))]


def test_a_numbered_line_is_no_next_section_unless_its_number_follows_and_the_rows_below_extend_it():
    text = NUMBERED_SECTIONS.replace("6.3 Energy", "6.5 Energy")
    assert {r.section_path for r in generic.read(text, "skipped.txt")} == {("6.2 Built Environment",)}


def test_an_action_opening_with_a_verb_outside_the_plans_list_is_still_read():
    # Derby Climate Change Action Plan 2022: "Add", "Rationalise", "Become" open actions,
    # and no plan read before used them; English knows them only as verbs.
    text = ("Fleet and waste\n\n"
            "• Add more battery powered hand tools as appropriate\n"
            "• Rationalise waste collection rounds to minimise miles\n"
            "• Become an accredited Carbon Literacy Organisation\n")
    rows = generic.read(text, "verbs.txt")
    assert [r.text.split()[0] for r in rows] == ["Add", "Rationalise", "Become"]


def test_a_name_that_a_lexicon_also_knows_as_a_verb_opens_no_action():
    # "welsh", "peter", "ref" are verbs in English's lexicon; before a capitalised word,
    # in a plan that never writes them in lower case, they are names.
    text = ("Contacts\n\n"
            "• Welsh Government guidance sets the reporting rules\n"
            "• Peter Moore leads the climate team for the council\n"
            "• Ref. Theme Action Measures of success Action Owner\n"
            "• Install solar panels on the civic centre roof\n")
    rows = generic.read(text, "names.txt")
    assert [r.text.split()[0] for r in rows] == ["Install"]
    with phrases.reading("the council will welsh on nothing"):
        assert phrases.is_verb("welsh", "Government")  # the plan uses it as a word
    assert phrases.is_verb("rationalise", "Waste") is False  # outside a document, capital next
    assert phrases.is_verb("rationalise", "waste")


def test_a_verb_addressed_to_the_reader_or_an_ing_noun_opens_no_action():
    assert not phrases.reads_like_commitment("See the council website for details")
    assert not phrases.reads_like_commitment("Cycling proficiency training for children")


DERBY_LIKE = ("Reference  Action Description  Timescale  Resources / Cost  RAG Status  Lead Service\n"
              "1.2h Promote efficient recycling of\n"
              "waste, to reduce the carbon\n"
              "footprint of our homes   Ongoing - \n"
              "review at the\n"
              "end of March  Continued use of\n"
              "transfer station AMBER  Sustainable waste disposal\n"
              "1.2i Investigate hydrogen ready boilers.\n"
              "More clarity is needed to make\n"
              "these decisions  2030  External\n"
              "funding  AMBER  More efficient buildings\n"
              "1.2j Carry out a staff travel survey.  Allowing us to\n"
              "estimate commuting emissions  Short term  Internal\n")


def test_a_flattened_rows_action_ends_where_a_timescale_cell_shares_its_last_line():
    # Derby Climate Change Action Plan 2022: the action's last line also holds the next
    # cells, two or more blanks apart; the timescale cell is the row's target.
    rows = generic.read(DERBY_LIKE, "derby_like.txt")
    assert [r.text for r in rows[:2]] == [
        "Promote efficient recycling of waste, to reduce the carbon footprint of our homes",
        "Investigate hydrogen ready boilers. More clarity is needed to make these decisions"]
    assert rows[0].target_texts[0] == "Ongoing - review at the end of March"
    assert "2030" in rows[1].target_texts


def test_a_gap_before_more_prose_is_not_a_cell_edge():
    rows = generic.read(DERBY_LIKE, "derby_like.txt")
    assert rows[2].text.startswith("Carry out a staff travel survey. Allowing us to estimate commuting emissions")


def test_a_numbered_line_over_a_group_of_bullets_is_their_title_not_a_row():
    # Sheffield City Council's climate plan 2022: numbered group titles over bullets, one
    # of them worded like an action ("3. Apply for available government funding").
    text = ("2. Making climate aware decisions\n"
            "•Raise colleagues' awareness of climate issues when commissioning.\n"
            "•Design and implement climate assessment tools.\n"
            "3. Apply for available government funding\n"
            "•Continue to submit proposals to future funding rounds.\n"
            "•Develop project proposals for regional funding.\n"
            "4. Retrofit every council depot by 2030.\n"
            "5. Establish a retrofit programme:\n"
            "•Survey the depots\n"
            "•Procure a contractor\n")
    rows = generic.read(text, "groups.txt")
    assert [(r.section_path[-1:], r.text.split()[0]) for r in rows[:4]] == [
        (("Making climate aware decisions",), "Raise"), (("Making climate aware decisions",), "Design"),
        (("Apply for available government funding",), "Continue"), (("Apply for available government funding",), "Develop")]
    # a numbered action with a full stop stays a row; one ending in ":" keeps its steps
    assert [r.text for r in rows[4:]] == ["Retrofit every council depot by 2030.", "Establish a retrofit programme:"]
    assert rows[5].milestones == ("Survey the depots", "Procure a contractor")


def test_items_under_a_heading_of_what_was_done_are_no_commitments():
    # Lewisham Climate Emergency Action Plan 2020: each theme has "what we have done" and
    # "future actions" tables, worded alike.
    text = ("Sustainable Housing : what we have done\n\n"
            "• Delivering carbon reduction through the housing design guide\n"
            "• Raising standards across all tenures with landlord licensing\n\n"
            "Sustainable Housing : future actions\n\n"
            "• Retrofit a further 500 council homes by 2025\n")
    rows = generic.read(text, "past.txt")
    assert [r.text for r in rows] == ["Retrofit a further 500 council homes by 2025"]
