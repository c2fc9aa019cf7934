"""What a plan says its timescale words mean, so a target written "Short term" gets a date.

Action tables often give a timescale ("Short term", "Medium term", "Long term") instead of a
date, and some plans define those words once, near the table: "Short term (2020-2023)
Actions already underway ..." (Blaby Climate Change Strategy 2020), "Short term - The first
three years of the delivery plan up to March 2023;" (Lewisham Climate Emergency Action Plan
2020). A target cell that is just such a word takes the end of the period the plan gives it.
Plans that define none, or define them in years from an unstated start ("1-3 years"), keep
the word without a date, as before.
"""
from __future__ import annotations

import re

from .dates import find_dates
from .per_document import once_per_document

# "Short term", "Short-term", and the PDF's "Short ter m", at the start of a line, then a
# bracket, dash or colon: a definition, not a row's timescale cell or a sentence using it.
_DEFINED = re.compile(r"^\W{0,3}(?P<kind>short|medium|long)[\s-]*t\s?e\s?r\s?m\s*(?P<rest>[(:\-–—].{0,120})$",
                      re.IGNORECASE | re.MULTILINE)
_TERM = re.compile(r"(short|medium|long)[\s-]*term", re.IGNORECASE)
# a year whose digits the PDF text split ("March 20 23")
_SPLIT_YEAR = re.compile(r"\b(19|20) (\d\d)\b")


@once_per_document
def defined_timescales(text: str) -> dict[str, str]:
    """{'short': '2023', 'medium': '2026-03', ...}: the end of the period each timescale
    word is defined as in `text`, for the words it defines with a date."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        kind = m.group("kind").lower()
        rest = _SPLIT_YEAR.sub(r"\1\2", m.group("rest"))
        rest = rest[:nxt.start()] if (nxt := _TERM.search(rest)) else rest
        dates = find_dates(rest, target_cell=True)
        if kind not in out and dates:
            out[kind] = dates[-1].date
    return out


def timescale_date(target: str, text: str) -> str | None:
    """The date a target cell that is just a timescale word ("Short term") stands for in
    the plan `text`, if the plan defines it."""
    m = _TERM.fullmatch(target.strip())
    return defined_timescales(text).get(m.group(1).lower()) if m else None
