"""Document-level fields: title, period and publisher."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.metadata import describe

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


def test_the_title_is_the_first_heading_that_names_a_plan():
    text = "# Annex 1\n\n# Delivery Plan 2025/26\n\n# Introduction\nThe council will ..."
    doc = describe(text, "annex.md")
    assert doc.title == "Delivery Plan 2025/26"
    assert (doc.period, doc.period_start, doc.period_end) == ("2025/26", 2025, 2026)


def test_a_bold_title_over_two_lines_is_joined_and_its_range_read():
    doc = describe("\n**Community Cohesion Action Plan\n2008 - 2011**\n\nChief Executive\n", "plan.txt")
    assert doc.title == "Community Cohesion Action Plan 2008 - 2011"
    assert (doc.period, doc.period_start, doc.period_end) == ("2008-2011", 2008, 2011)


def test_a_plan_titled_for_one_year_runs_into_the_next():
    doc = describe("# Peer Challenge Action Plan 2019\n", "p.txt")
    assert (doc.period_start, doc.period_end) == (2019, 2020)


def test_without_a_written_period_the_deadlines_give_the_financial_year():
    text = "Action\tTarget\nA\tMar 2024\nB\tMar 2024\nC\tDec 2023\nD\tJul 2024\n"
    assert describe(text, "x.txt").period == "2023/24"


@pytest.mark.parametrize("cover, title", [
    # Sefton's cover, one printed line per text line
    ("Sefton Climate \nEmergency \nStrategy \nWhat Sefton Council \nare doing about", "Sefton Climate Emergency Strategy"),
    # Haringey's: a page number glued to the first word, the subtitle left out
    ("1Haringey Climate \nChange Action Plan \nA Route Map for a Net Zero Carbon \nHaringey",
     "Haringey Climate Change Action Plan"),
    # Sheffield's: the phrase carries on to the next line
    ("A 10 Point Plan for climate \naction\nWORKING DRAFT \nSheffield City Council", "A 10 Point Plan for climate action"),
    # page furniture above the cover
    ("P a g e  | 1 \n Climate Change Action Plan – \nA Route Map", "Climate Change Action Plan"),
    # blank margins above the cover, and a contents page after it
    (" \n \n   \n \n1 \n \nBuckinghamshire Council \nClimate Change and Air \nQuality Strategy \n"
     "Last updated:  30 September 2021\nContents\nThe Global Challenge ........................ 12",
     "Buckinghamshire Council Climate Change and Air Quality Strategy"),
    # Greater Manchester's: a count opens the title, a place runs on to the next line
    ("GREATERMANCHESTER-CA.GOV .UK | 1  \n5 YEAR \nENVIRONMENT \nPLAN FOR GREATER \nMANCHESTER\n"
     "EXECUTIVE SUMMARY", "5 YEAR ENVIRONMENT PLAN FOR GREATER MANCHESTER"),
    # Tendring's: a decorative font read as letters after the period
    ("TENDRING \nCLIMATE EMERGENCY ACTION PLAN\n2020 - 2023  bbbbbb b\nbbbbbb b\nTENDRING DISTRICT COUNCIL",
     "TENDRING CLIMATE EMERGENCY ACTION PLAN 2020 - 2023"),
    # West Berkshire's: a running header with its page number above the cover, contents after
    ("STRATEGY 2020-30    1\nEnvironment Strategy\n2020-2030\n2    STRATEGY 2020-301. Foreword        3",
     "Environment Strategy 2020-2030"),
    # Wirral's: a committee report's cover sheet labels its title, which runs on a line
    ("1\nENVIRONMENT OVERVIEW & SCRUTINY COMMITTEE\n24TH SEPTEMBER 2019\n"
     "REPORT TITLE UPDATE ON THE COUNCIL’S RESPONSE  TO THE \nCLIMATE EMERGENCY DECLARATION\n"
     "REPORT OF Mike Cockburn – Lead Commissioner for Environment",
     "UPDATE ON THE COUNCIL’S RESPONSE TO THE CLIMATE EMERGENCY DECLARATION"),
])
def test_a_cover_title_printed_over_short_lines_is_read_whole(cover, title):
    assert describe(cover + "\nThe council will act on climate change across the borough.\n", "x.txt").title == title


@pytest.mark.parametrize("head, title", [
    # minor words and figures stay lower case in a title: "and", "2020 -2025"
    ("East Hampshire District Council  \nClimate and Environment Strategy  2020 -2025   Page 1 of 16  "
     "East Hampshire District Council  \nForeword\n", "Climate and Environment Strategy 2020 -2025"),
    # a bullet's sentence, a contents entry and a table header are no title
    ("•This Carbon Reduction Plan forms a key step for the district\n0207 - Introduction0309 - Our Commitments\n"
     "Ref Action (blue = as stated in Business Plan) Business Plan 2020-25\n", "x"),
])
def test_a_capitalised_line_naming_a_plan_is_the_title_of_a_document_without_headings(head, title):
    assert describe(head + "The council will act on climate change across the borough.\n", "x.txt").title == title


def test_a_long_plan_starts_where_its_dates_gather_not_at_the_baseline_it_cites():
    text = ("Emissions have fallen since March 1990 and since April 2005.\n"
            + "".join(f"Action {n}\tJune {y}\n" for n, y in enumerate([2021, 2021, 2022, 2023, 2025, 2030])))
    doc = describe(text, "x.txt")
    assert (doc.period_start, doc.period_end) == (2021, 2030)


@pytest.mark.parametrize("text, publisher", [
    ("As a Council the Royal Borough of Kingston Upon Thames welcomes ...", "Royal Borough of Kingston upon Thames"),
    ("London Borough of Tower Hamlets Climate Plan", "London Borough of Tower Hamlets"),
    ("Cotswold District Council will ... Cotswold District Council", "Cotswold District Council"),
    ("Aberdeen City Council and the Arts Council", "Aberdeen City Council"),
])
def test_the_publisher_is_the_council_named_in_full(text, publisher):
    assert describe(text, "x.txt").publisher == publisher


def test_a_committee_called_council_is_not_a_publisher():
    assert describe("The Youth Council and Full Council met.", "x.txt").publisher is None


def test_a_theme_heading_ending_in_council_is_not_a_publisher():
    text = ("Theme 6: Sustainable Council\nWe will make the council more sustainable and "
            "our buildings sustainable.\nRBK will report. RBK will publish.")
    assert describe(text, "x.txt").publisher == "Royal Borough of Kingston upon Thames"


def test_a_council_name_glued_to_the_next_word_is_still_read():
    assert describe("COUNCIL PLAN 2020\nWarwickshire County CouncilWe all want ...", "x.txt").publisher \
        == "Warwickshire County Council"


def test_a_name_after_a_sentence_opener_counts_for_the_name_itself():
    text = ("Whilst Cotswold District Council has ... Cotswold District Council will ... "
            "Cotswold District Council and Gloucestershire County Council")
    assert describe(text, "x.txt").publisher == "Cotswold District Council"


def test_a_clipped_name_counts_for_the_full_one():
    text = ("North West Leicestershire District Council will ... "
            "North West Leicestershire District Council and Leicestershire District Council")
    assert describe(text, "x.txt").publisher == "North West Leicestershire District Council"


def test_a_district_plan_that_names_its_county_more_is_the_district_its_cover_names():
    body = "".join(f"Action {n}: insulate homes.\n" for n in range(8)) \
        + "Suffolk homes, Suffolk roads and Suffolk schools, with Suffolk County Council.\n" * 3
    text = f"BABERGH CABINET'S RESPONSE\nClimate Action Plan\n{body}Babergh will act."
    assert describe(text, "x.txt").publisher == "Babergh Council"
    # a county named on the cover, and more often, stays the publisher
    assert describe(f"Suffolk Climate Plan\n{body}Babergh will act.", "x.txt").publisher == \
        "Suffolk County Council"


def test_a_london_council_named_only_by_its_acronym_is_recognised():
    assert describe("RBK will publish the plan.", "x.txt").publisher == "Royal Borough of Kingston upon Thames"


def test_a_document_with_no_title_falls_back_to_its_file_name():
    assert describe("just some words\n", "climate_actions-2024.txt").title == "climate actions 2024"


@pytest.mark.skipif(not SEEDS.exists(), reason="bundled seeds not present")
def test_the_bundled_plans_name_their_publisher():
    for path in sorted(SEEDS.glob("*.txt")):
        assert describe(path.read_text(encoding="utf-8"), path.name).publisher == \
            "Royal Borough of Kingston upon Thames", path.name


def test_a_plan_without_a_title_line_is_named_by_the_review_it_answers():
    text = ("The action plan is to be developed in response to the recommendations of the LGA Corporate "
            "Peer Challenge which took place in March 2021.\n\nActivity\tOwner\tTarget\nDo a thing\tX\tJuly 2021\n")
    assert describe(text, "x.txt").title == "LGA Corporate Peer Challenge Action Plan 2021"


def test_a_bare_table_of_actions_and_measures_is_a_delivery_plan_for_its_period():
    block = ("Action or activity Measure, milestone or metric to demonstrate progress and target\n\n"
             "Plant trees in parks Trees planted. Target delivery: Jan 2024\n\n")
    doc = describe(block * 3, "x.txt")
    assert (doc.title, doc.period) == ("Delivery Plan 2023/24", "2023/24")


def test_a_plan_dated_when_issued_runs_from_then_to_its_last_deadline():
    text = ("# Corporate Peer Challenge Action Plan\n\nSeptember 2025\n\n"
            "Action\tLead\tTarget\nA\tB\tJune 2026\nC\tD\tSeptember 2028\nE\tF\tMarch 2026\n")
    doc = describe(text, "x.txt")
    assert (doc.period, doc.period_start, doc.period_end) == ("2025-2028", 2025, 2028)


def test_a_running_header_is_not_the_title_and_a_glued_date_is_split_off():
    text = ("PAGE 1   l    STROUD DISTRICT COUNCIL   l    THE 2030 STRATEGY MASTER PLAN Spring 2021Limiting,  \n"
            "Adapting,  \nRecovering and  \nResponding in a  \nChanging Climate\nStroud District Council\n"
            "THE 2030  \nSTRATEGY MASTER PLANSpring 2021\n")
    doc = describe(text, "x.txt")
    assert (doc.title, doc.period) == ("STRATEGY MASTER PLAN Spring 2021", "2021/22")


def test_a_figures_caption_is_not_the_plans_title():
    text = "AIMING LOW: THE WAY TO NET ZERO\nINTRODUCTION\nTitle: Earth Warming Stripes 1850-2020, Ed Hawkins\n"
    assert describe(text, "aiming-low.txt").title == "aiming low"


def test_a_page_number_beside_the_heading_is_not_part_of_the_title():
    assert describe("# 1 Climate Change Progress Report\n", "x.txt").title == "Climate Change Progress Report"


def test_a_foreword_that_presents_the_plan_gives_its_title():
    text = ("Foreword\nI am pleased to present Kingston’s updated Climate Action Plan.\n"
            "Action\tLead\tBy\nInsulate schools\tEstates\tMarch 2023\n")
    assert describe(text, "x.txt").title.startswith("Climate Action Plan")


@pytest.mark.parametrize("heading, title", [
    ("# Climate Change Strategy 2017-50CONTENTS", "Climate Change Strategy 2017-50"),
    ("# Air Quality Strategy Page 1CONTENTS", "Air Quality Strategy"),
    ("# 1.1 The Reading Climate Emergency Strategy", "The Reading Climate Emergency Strategy"),
])
def test_glued_contents_and_section_numbers_are_not_part_of_the_title(heading, title):
    assert describe(heading + "\n", "x.txt").title == title


def test_a_district_plan_that_names_its_county_often_is_the_districts():
    """Its own title, written a few times, outweighs the county's place name written often."""
    text = "Cherwell District Council will act. " * 4 + "Across Oxfordshire we will act. " * 12
    assert describe(text, "x.txt").publisher == "Cherwell District Council"


def test_a_plan_that_never_writes_its_councils_title_is_named_by_its_area():
    text = "Dacorum climate update. " + "Homes in Dacorum will be retrofitted. " * 4 + "The Council will act."
    assert describe(text, "x.txt").publisher == "Dacorum Council"


def test_a_heading_ending_in_council_gives_way_to_a_real_authority():
    text = ("3. Scope Council emissions\nTendring District Council\n"
            + "Tendring residents will be offered help. " * 3)
    assert describe(text, "x.txt").publisher == "Tendring District Council"


def test_a_council_known_by_its_short_name_is_its_authority():
    text = "Hull City Council will act. " * 3 + "Leeds City Council and Leeds residents. Leeds."
    assert describe(text, "x.txt").publisher == "Hull City Council"


def test_a_city_region_is_not_its_city():
    text = "Greater\nManchester will decarbonise. " * 5
    assert describe(text, "x.txt").publisher is None


@pytest.mark.parametrize("text, publisher", [
    ("5 YEAR ENVIRONMENT PLAN FOR GREATER MANCHESTER\n" + "The GMCA will act. " * 4,
     "Greater Manchester Combined Authority"),
    ("Zero carbon London\nGreater London Authority\n" + "The GLA and boroughs will act. " * 3,
     "Greater London Authority"),
    ("Manchester City Council will act with the GMCA. " * 3 + "Manchester homes. " * 5,
     "Manchester City Council"),
    ("The City of London will act. " * 4, "City of London Council"),  # a place, not a title
])
def test_a_combined_authority_or_the_gla_publishes_under_its_own_title(text, publisher):
    """They are not councils, but their plans sit beside councils' (ONS codes E47, E61); a
    council's plan that cites them is still the council's."""
    assert describe(text, "x.txt").publisher == publisher
