"""Target text -> ISO dates (SCHEMA.md section 1: YYYY, YYYY-MM or YYYY-MM-DD; seasons to one month)."""
from __future__ import annotations

import pytest

from ingest.dates import find_dates, parse_date, to_target


@pytest.mark.parametrize("text, date", [
    ("Mar 2024", "2024-03"),
    ("Sept 2019", "2019-09"),
    ("Target delivery: 31 March 2024", "2024-03-31"),
    ("December 08", "2008-12"),
    ("Implementation of new DES Contact Centre March08 then ongoing", "2008-03"),
    ("Quick wins - March 26", "2026-03"),
])
def test_month_and_year_give_the_month(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text, date", [("31-Mar-22", "2022-03-31"), ("10-Sep-2019", "2019-09-10")])
def test_a_spreadsheet_date_cell_gives_its_day(text, date):
    assert parse_date(text) == date


def test_a_spreadsheet_date_in_running_text_is_a_deadline_only_after_a_cue():
    assert find_dates("Note added 23-Apr-2020 by the officer") == []
    assert [d.date for d in find_dates("Complete the audit by 30-Jun-21")] == ["2021-06-30"]


def test_an_impossible_day_keeps_its_month():
    assert parse_date("31/09/2023") == "2023-09"


def test_a_valid_numeric_date_keeps_its_day():
    assert parse_date("15/07/2024") == "2024-07-15"


@pytest.mark.parametrize("text, date", [
    ("Spring 2025", "2025-04"), ("Summer 2025", "2025-07"), ("Autumn 19", "2019-10"),
    ("Winter 2025/26", "2025-12"), ("Full delivery - Summer 26", "2026-07"),
])
def test_spring_target_maps_to_april_and_other_seasons_to_their_month(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text, date", [
    ("Q1 2025", "2025-06"), ("Q3 2024/25", "2024-12"), ("Q4 2024/25", "2025-03"),
])
def test_quarters_are_uk_financial_year_quarters_ending_in_their_last_month(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text, date", [
    ("2024/25", "2025-03"), ("end 2025/26", "2026-03"), ("end of 2024", "2024-12"),
])
def test_a_financial_year_ends_in_march_and_a_calendar_year_in_december(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text, date", [("2008-10", "2010"), ("by 2030", "2030"), ("New contract 2008", "2008")])
def test_a_year_range_or_bare_year_gives_the_last_year(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["Ongoing", "On-going", "Annual", "Continuous", "annual funding programme",
                                  "Annually in April/May", "On-going - new strategy agreed in June 2006."])
def test_ongoing_target_has_no_date(text):
    assert parse_date(text) is None


def test_a_range_of_months_is_due_at_its_end():
    assert parse_date("May-October 2025") == "2025-10"
    assert parse_date("November 2025 - January 2026") == "2026-01"


def test_ongoing_in_a_year_dates_the_work_to_that_year():
    assert parse_date("Ongoing in 2008") == "2008"


@pytest.mark.parametrize("text", ["", "   ", "31/13/2024", "Q9 2024", "99/99/99", "\x00\ufffd", "2024/2020"])
def test_unreadable_text_gives_no_date_and_never_raises(text):
    parse_date(text)
    find_dates(text)


def test_dates_in_running_text_are_found_with_their_offsets():
    text = "Complete the retrofitting of 66 pilot homes by Winter 2025 and roll out before end 2025/26."
    found = find_dates(text)
    assert [(d.quote, d.date) for d in found] == [("Winter 2025", "2025-12"), ("end 2025/26", "2026-03")]
    assert all(text[d.start:d.end] == d.quote for d in found)


def test_a_plain_number_or_a_named_plan_year_in_running_text_is_no_deadline():
    assert find_dates("Deliver 250 homes under the Reduction and Recycling Plan 2023-2025") == []
    assert find_dates("Train 16 Councillors on 16 October") == []


def test_a_cued_year_in_running_text_is_a_deadline():
    assert [d.date for d in find_dates("10% reduction in referrals by 2010")] == ["2010"]


def test_to_target_quotes_the_cell_as_written():
    t = to_target("  Mar 2024 (50%) ")
    assert (t.text, t.date) == ("Mar 2024 (50%)", "2024-03")
