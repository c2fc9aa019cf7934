"""Owners, monitoring bodies and named entities found in a row's cells (SCHEMA.md section 1)."""
from __future__ import annotations

import pytest

from ingest.acronyms import defined_acronyms
from ingest.entities import find_entities
from ingest.names import merge_names
from ingest.parties import split_parties


def _found(text: str, kind: str) -> list[str]:
    return [m.value for m in find_entities(text) if m.kind == kind]


def test_owners_split_on_slash_but_not_inside_a_post_title():
    assert split_parties("Sarah Ireland / Stephen Evans")[0] == ["Sarah Ireland", "Stephen Evans"]
    assert split_parties("Director of Transformation & Insight")[0] == ["Director of Transformation & Insight"]
    assert split_parties("Head of Democratic Services & Partnership/Chief Policy Officer")[0] == [
        "Head of Democratic Services & Partnership", "Chief Policy Officer"]


def test_owners_split_on_ampersand_only_between_two_whole_posts():
    assert split_parties("Head of Human Resources & Human Resources Manager")[0] == [
        "Head of Human Resources", "Human Resources Manager"]
    assert split_parties("Equality & Access Manager")[0] == ["Equality & Access Manager"]
    assert split_parties("Voluntary Sector Unit and KVA")[0] == ["Voluntary Sector Unit", "KVA"]


@pytest.mark.parametrize("cell", [
    "Policy Officer, Partnerships & Workforce Development Team",
    "Director of Climate, Environment and Registrations",
    "Divisional Mgr; Central Services",
    "Making a Positive Contribution Sub-Group (link via Policy Officer, Policy and Strategy Team)",
])
def test_a_comma_or_semicolon_inside_one_post_does_not_split_it(cell):
    assert split_parties(cell)[0] == [cell]


def test_a_comma_before_a_second_post_splits():
    assert split_parties("Head of Strategy & Performance, Head of Community Services")[0] == [
        "Head of Strategy & Performance", "Head of Community Services"]


def test_a_timescale_written_after_the_owners_is_returned_apart():
    assert split_parties("Kingston Strategic Partnership / Chief Policy Officer On-going") == (
        ["Kingston Strategic Partnership", "Chief Policy Officer"], ["On-going"])


def test_monitoring_bodies_split_on_commas_and_ampersand():
    assert split_parties("DMT, ESSG & CDT")[0] == ["DMT", "ESSG", "CDT"]
    assert split_parties("DMT, ESSG, CDT, CLSG & Executive")[0] == ["DMT", "ESSG", "CDT", "CLSG", "Executive"]
    assert split_parties("Children & Young People Trust Board")[0] == ["Children & Young People Trust Board"]


def test_bodies_run_together_without_a_mark_are_separated():
    assert split_parties("Kingston Strategic Partnership Safer Kingston Partnership")[0] == [
        "Kingston Strategic Partnership", "Safer Kingston Partnership"]
    assert split_parties("DMT Cultural Network")[0] == ["DMT", "Cultural Network"]


def test_ni_codes_expand_a_shared_prefix():
    assert _found("NI 1,2 & 4", "indicators") == ["NI 1", "NI 2", "NI 4"]
    assert _found("N154/155/159", "indicators") == ["NI 154", "NI 155", "NI 159"]
    assert _found("PSA15 & 21", "indicators") == ["PSA 15", "PSA 21"]


def test_each_number_takes_the_scheme_written_before_it():
    assert _found("Policy Programme KO 4 NI 3, PSA 15 & PSA 21", "indicators") == ["KO 4", "NI 3", "PSA 15", "PSA 21"]


def test_a_postcode_is_not_an_indicator():
    assert _found("Guildhall, High Street, KT1 1EU and N1 9GU", "indicators") == []


def test_named_strategies_keep_a_defined_acronym_and_their_period():
    text = ("Include air quality data in the Kingston Joint Strategic Needs Assessment (JSNA) 2023 "
            "and deliver the Reduction and Recycling Plan 2023-2025")
    assert _found(text, "strategies") == ["Kingston Joint Strategic Needs Assessment (JSNA) 2023",
                                          "Reduction and Recycling Plan 2023-2025"]


def test_a_lower_case_strategy_needs_a_telling_word():
    assert _found("Refresh the green spaces strategy", "strategies") == ["green spaces strategy"]
    assert _found("Agree an action plan", "strategies") == []


def test_a_verb_opening_the_action_is_no_part_of_a_name():
    assert _found("Launch the Corporate Plan which sets the vision", "strategies") == ["Corporate Plan"]
    assert _found("Deliver Safer Kingston Partnership Plan 2024-29", "strategies") == [
        "Safer Kingston Partnership Plan 2024-29"]


def test_a_national_standard_keeps_the_word_that_would_otherwise_end_a_name():
    # "future", like "new" or "draft", opens a description ("a future strategy"), but not here
    assert _found("Promote the use of the Future Homes Standard", "strategies") == ["Future Homes Standard"]


def test_two_places_joined_by_and_stay_two():
    assert _found("Refurbish Cumberland House and Roupell House", "places") == ["Cumberland House", "Roupell House"]


def test_places_come_from_street_words_and_the_gazetteer():
    assert _found("Complete improvements to Ewell Road scheme; Kingston/New Malden", "places") == [
        "Ewell Road", "Kingston", "New Malden"]


def test_a_place_name_inside_a_body_name_is_not_a_place():
    assert _found("Report to the Safer Kingston Partnership", "places") == []


def test_partners_come_from_public_bodies_and_sector_terms():
    found = _found("Work with the GLA, police and the voluntary and community sector", "partners")
    assert found == ["GLA", "police", "voluntary and community sector"]


def test_a_partner_keeps_its_defined_acronym_and_its_qualifier():
    text = "Work with Kingston Voluntary Action (KVA) and the SW London Integrated Care System (ICS)"
    assert _found(text, "partners") == ["Kingston Voluntary Action (KVA)", "SW London Integrated Care System (ICS)"]


def test_a_councils_own_boards_are_not_partners():
    assert _found("Report to the Corporate Leadership Group and Capital and Infrastructure Board", "partners") == []


def test_merge_names_drops_an_acronym_once_its_long_form_is_given():
    assert merge_names(["Kingston Voluntary Action (KVA)", "KVA", "kva", "GLA", "gla"]) == [
        "Kingston Voluntary Action (KVA)", "GLA"]


def test_noisy_text_gives_few_entities_and_no_error():
    noise = "Page 12 of 40 | 3.2.1 | ———— | GREK | NAME OF THE . 54 \t\t" * 20
    assert len(find_entities(noise)) <= 2
    assert find_entities("") == []


def test_a_defined_acronym_names_its_body_when_used_bare_later():
    doc = "The Drug and Alcohol Action Team (DAAT) commissions treatment. Youth Justice Plan (YJP)."
    acronyms = defined_acronyms(doc)
    found = [(m.kind, m.value) for m in find_entities("Report quarterly to the DAAT", acronyms)]
    assert found == [("partners", "Drug and Alcohol Action Team (DAAT)")]
    assert [m.value for m in find_entities("Deliver the YJP", acronyms)] == ["Youth Justice Plan (YJP)"]


def test_a_listed_acronym_decides_what_its_long_form_is():
    assert _found("Multi-Agency Risk Assessment (MARAC) meets monthly", "partners") == [
        "Multi-Agency Risk Assessment (MARAC)"]


def test_a_body_named_head_first_is_a_partner():
    assert _found("Become a Centre for Better Ageing community", "partners") == ["Centre for Better Ageing"]
    assert _found("Work with the Friends of Fairfield Park", "partners") == ["Friends of Fairfield Park"]


def test_a_title_case_name_does_not_take_in_lower_case_words_before_it():
    found = find_entities("Deliver the Arts Council funded Libraries Improvement Fund project")
    assert ("strategies", "Libraries Improvement Fund") in [(m.kind, m.value) for m in found]
    assert ("partners", "Arts Council") in [(m.kind, m.value) for m in found]


@pytest.mark.parametrize("text", [
    "Events across the borough's six High Streets",
    "Improve the Town Centre",
    "Work towards a District Heat Network for the borough",
    "Deliver the Acre Road housing scheme",
    "Deliver a number of change programmes",
    "TARGET POLICY",
])
def test_generic_places_networks_and_kinds_of_document_are_not_named_things(text):
    assert [m.value for m in find_entities(text) if m.kind != "places" or "Road" not in m.value] == []


def test_a_date_or_a_gerund_opening_a_line_is_no_part_of_a_name():
    assert _found("10-Sep-2019 Climate Programme", "strategies") == ["Climate Programme"]
    assert _found("Ensuring Council’s strategies are aligned", "strategies") == []


def test_merge_names_keeps_one_spelling_of_a_plan_written_with_its_period_or_place():
    assert merge_names(["Resourcing Strategy", "Resourcing Strategy 2023-27"]) == ["Resourcing Strategy 2023-27"]
    assert merge_names(["Cultural Strategy for Kingston", "Cultural Strategy", "Culture Strategy"]) == [
        "Cultural Strategy for Kingston"]
    assert merge_names(["CYPP EA 3.4", "CYPP EA 3.5"]) == ["CYPP EA 3.4", "CYPP EA 3.5"]


@pytest.mark.parametrize("cell, parties", [
    ("Kingston Strategic Partnership, Safer Kingston Partnership GOL",
     ["Kingston Strategic Partnership", "Safer Kingston Partnership", "GOL"]),
    ("Divisional Mgr; Central Services Head of Housing Management",
     ["Divisional Mgr; Central Services", "Head of Housing Management"]),
    ("Strategic Manager Safeguarding Service", ["Strategic Manager Safeguarding Service"]),
    ("Principal Inspector for School Improvement Strategic Manager Looked After Services",
     ["Principal Inspector for School Improvement", "Strategic Manager Looked After Services"]),
])
def test_posts_run_together_split_where_a_second_post_begins(cell, parties):
    assert split_parties(cell)[0] == parties
