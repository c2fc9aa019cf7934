"""Indicator codes a row cites: national indicator sets ("NI 1,2 & 4", "PSA15 & 21") and
a partnership plan's outcome codes ("CYPP EA 3.4")."""
from __future__ import annotations

import re

from .name_text import Mention, tidy

# Indicator codes: "NI 1,2 & 4", "N154/155/159", "PSA15 & 21", "KO2", "NI151 & NI152".
_INDICATOR = re.compile(
    r"\b(?P<scheme>NI|N(?=\d{2,3}\b)|PSA|KO|BVPI|LPI|KPI)\s?(?P<first>\d{1,3}[a-z]?)\b"
    r"(?P<more>(?:\s*(?:,|&|and|/)\s*(?:(?:NI|N|PSA|KO|BVPI|LPI|KPI)\s?)?\d{1,3}[a-z]?\b(?!\.\d))*)")
# Outcome codes of a partnership plan: "CYPP EA 3.4", "CYPP Be Healthy 1.1".
_PLAN_CODE = re.compile(r"\b[A-Z]{3,6}(?:\s*[-–]\s*|\s+)?(?:(?:[A-Z]{1,5}|[A-Z][a-z]+)\s+){0,3}\d{1,2}\.\d{1,2}\b")


def find_indicators(text: str) -> list[Mention]:
    found = []
    for m in _INDICATOR.finditer(text):
        scheme = "NI" if m.group("scheme") == "N" else m.group("scheme")
        found.append(Mention("indicators", f"{scheme} {m.group('first')}", m.start(), m.end(), m.group(0)))
        # "NI 3, PSA 15 & PSA 21": a number takes the last scheme written before it
        for prefix, num in re.findall(r"(NI|N|PSA|KO|BVPI|LPI|KPI)?\s?(\d{1,3}[a-z]?)", m.group("more")):
            if prefix:
                scheme = "NI" if prefix == "N" else prefix
            found.append(Mention("indicators", f"{scheme} {num}", m.start(), m.end(), m.group(0)))
    for m in _PLAN_CODE.finditer(text):
        if not _INDICATOR.match(m.group(0)):
            value = re.sub(r"\s*[-–]\s*", " ", m.group(0))
            found.append(Mention("indicators", tidy(value), m.start(), m.end(), m.group(0)))
    return found
