"""Target and deadline text -> ISO dates ("Mar 2024" -> "2024-03", "Spring 2025" -> "2025-04").

Dates follow SCHEMA.md section 1 (../shared/eval/SCHEMA.md): YYYY, YYYY-MM or YYYY-MM-DD;
seasons map to one month (Spring -> 04, Summer -> 07, Autumn -> 10, Winter -> 12); open-ended
targets ('Ongoing', 'Annual', 'Continuous') have no date. UK public bodies plan in financial
years running April to March, so "2024/25" ends in March 2025 and Q1 is April-June.

Plan tables write dates loosely ("31/09/2023", "March08", "Autumn 19", "Quick wins - March 26"),
so this is a small set of regular expressions rather than dateparser: dateparser guesses a day
and a year when the text has none, and a deadline with no year must stay undated. Nothing here
raises: a text we cannot read gives no date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass

from ontology.records import Target

log = logging.getLogger(__name__)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 12}
_Y4 = r"(?:19[5-9]\d|20\d\d)"

# Each pattern names its parts; `_date_from` turns a match into an ISO string.
# Order matters: longer forms first, so "31 March 2024" is not read as "March 2024".
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("numeric", re.compile(r"\b(?P<day>\d{1,2})[/.](?P<mon>\d{1,2})[/.](?P<year>" + _Y4 + r"|\d{2})\b")),
    ("day_month_year", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>" + _Y4 + r")\b", re.I)),
    # "31-Mar-21", "10-Sep-2019": a spreadsheet's d-mmm-yy cell. In running text it is as
    # often a note's or a report's date as a deadline, so it needs a cue word there.
    ("sheet_date", re.compile(r"\b(?P<day>\d{1,2})-" + _MONTH + r"-(?P<year>" + _Y4 + r"|\d{2})\b", re.I)),
    ("month_day_year", re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})\s*(?:st|nd|rd|th)?,?\s+(?P<year>" + _Y4 + r")\b", re.I)),
    ("month_year", re.compile(r"\b" + _MONTH + r"(?:\s*,?\s*|\s+of\s+)(?P<year>" + _Y4 + r")(?:\s*/\s*\d{2,4})?\b", re.I)),
    # "March08", "March '26", and in a target cell "March 26" / "December 08": a two-digit year.
    ("month_short_year", re.compile(r"\b" + _MONTH + r"(?:(?P<tight>'?)|\s+(?P<apos>'?))(?P<year>\d{2})\b(?!\s*(?:st|nd|rd|th)\b)(?![/:.]\d)", re.I)),
    ("season", re.compile(r"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>" + _Y4 + r"|'?\d{2})(?:\s*/\s*(?P<year2>\d{2,4}))?\b", re.I)),
    ("quarter", re.compile(r"\b(?:Q|quarter\s+)(?P<q>[1-4])\s*(?:of\s+)?(?P<year>" + _Y4 + r")(?:\s*/\s*(?P<year2>\d{2,4}))?\b", re.I)),
    ("end_of_year", re.compile(r"\bend\s+(?:of\s+)?(?:the\s+)?(?:(?P<fy>financial\s+year)\s+)?(?P<year>" + _Y4 + r")(?:\s*/\s*(?P<year2>\d{2,4}))?\b", re.I)),
    ("year_pair", re.compile(r"\b(?P<year>" + _Y4 + r")\s*(?P<sep>/|-|–|to)\s*(?P<year2>" + _Y4 + r"|\d{2})\b(?![/-]\d)", re.I)),
    ("year", re.compile(r"\b(?P<year>" + _Y4 + r")\b(?![/-]\d)")),
]
# Kinds that may stand in free text without a cue word: they are unmistakably dates.
_EXPLICIT = {"numeric", "day_month_year", "month_day_year", "month_year", "season", "quarter", "end_of_year"}
# A bare year or year pair in running text is a deadline only after one of these words
# ("by 2030", "in 2025/26"); otherwise it is usually part of a name ("Plan 2023-2025").
_CUE = re.compile(r"\b(?:by|in|until|till|before|during|from|early|mid|late|within|end)\s*(?:of\s+)?(?:the\s+)?$", re.I)
_OPEN_ENDED = re.compile(r"^\W*(?:on[\s-]?going|annual(?:ly)?|continuous(?:ly)?|as required|tbc|tbd|n/?a)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text: text[start:end] reads `quote` and means `date`."""

    start: int
    end: int
    quote: str
    date: str


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")[:3]]


def _year(raw: str) -> int:
    raw = raw.lstrip("'")
    y = int(raw)
    return 2000 + y if len(raw) == 2 else y


def _second_year(first: int, raw: str) -> int:
    """'2024/25' -> 2025, '2019/24' -> 2024, '2008-10' -> 2010."""
    if len(raw) == 4:
        return int(raw)
    y = first // 100 * 100 + int(raw)
    return y + 100 if y < first else y


def _date_from(kind: str, m: re.Match) -> str | None:
    g = m.groupdict()
    if kind == "numeric":
        day, month, year = int(g["day"]), int(g["mon"]), _year(g["year"])
        if not 1 <= month <= 12:
            return None
        try:  # an impossible day ("31/09/2023") still tells us the month
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return f"{year:04d}-{month:02d}"
    if kind in ("day_month_year", "month_day_year", "sheet_date"):
        month, year = _month(g["month"]), _year(g["year"])
        try:
            return dt.date(year, month, int(g["day"])).isoformat()
        except ValueError:
            return f"{year:04d}-{month:02d}"
    if kind in ("month_year", "month_short_year"):
        return f"{_year(g['year']):04d}-{_month(g['month']):02d}"
    if kind == "season":
        # "Winter 2025/26" is the winter that starts in 2025 (gold 001: 2025-12).
        return f"{_year(g['year']):04d}-{_SEASONS[g['season'].lower()]:02d}"
    if kind == "quarter":
        # UK financial-year quarters: Q1 Apr-Jun ... Q4 Jan-Mar of the next calendar year;
        # a deadline in a quarter is the quarter's last month.
        start, q = _year(g["year"]), int(g["q"])
        return f"{start + 1:04d}-03" if q == 4 else f"{start:04d}-{3 + 3 * q:02d}"
    if kind == "end_of_year":
        y = _year(g["year"])
        if g.get("year2"):
            return f"{_second_year(y, g['year2']):04d}-03"
        return f"{y + 1:04d}-03" if g.get("fy") else f"{y:04d}-12"
    if kind == "year_pair":
        first, second = _year(g["year"]), _second_year(_year(g["year"]), g["year2"])
        if second <= first:
            return None
        if g["sep"] == "/" and second == first + 1:
            return f"{second:04d}-03"  # a financial year ends in March
        return f"{second:04d}"  # a range of years: the deadline is its last year
    if kind == "year":
        return g["year"]
    return None


def find_dates(text: str, *, target_cell: bool = False) -> list[DateMention]:
    """Every date expression in `text`, in order, without overlaps.

    In running text (action text, milestones) a bare year counts only after a cue word
    ("by 2030") and a two-digit year only when written tight or with an apostrophe
    ("March08", "March '26"); in a target cell (`target_cell=True`) both count as written.
    """
    if not text:
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    try:
        for kind, pattern in _PATTERNS:
            for m in pattern.finditer(text):
                s, e = m.span()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                if not target_cell and kind not in _EXPLICIT:
                    if kind == "month_short_year":
                        if not (m.group("tight") == "" and text[m.start("year") - 1].isalpha()
                                or "'" in m.group(0)):
                            continue
                    elif not _CUE.search(text[max(0, s - 20):s]):
                        continue
                date = _date_from(kind, m)
                if date:
                    found.append(DateMention(s, e, m.group(0), date))
                    taken.append((s, e))
    except Exception:  # a date we cannot read is no date; never fail a whole document
        log.debug("could not read dates in %r", text[:80], exc_info=True)
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str | None) -> str | None:
    """The date a target cell gives, or None ('Ongoing', 'Annual', no year written).

    Where a cell gives a range or several dates ("May-October 2025",
    "November 2025 - January 2026") the last one is the deadline.
    """
    if not text:
        return None
    mentions = find_dates(text, target_cell=True)
    opener = _OPEN_ENDED.match(text)
    if opener:
        # "Ongoing in 2008" dates the work; "On-going - new strategy agreed in June 2006"
        # is a note about the past, not a deadline.
        mentions = [d for d in mentions if re.fullmatch(r"\W*(?:in|from|until|to|till)?\s*",
                                                        text[opener.end():d.start], re.I)]
    return mentions[-1].date if mentions else None


def to_target(text: str) -> Target:
    """A Target for one target cell, quoting it as written."""
    return Target(text=text.strip(), date=parse_date(text))
