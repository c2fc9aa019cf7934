"""Acronyms a document defines for named things ("Drug and Alcohol Action Team (DAAT)"), so
that a later bare "DAAT" is the same partner (SCHEMA.md: partners as the plan names them)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .entities import find_entities
from .listed_names import listed_kind
from .name_text import Mention, tidy
from .lexicon import INTERNAL


@dataclass(frozen=True)
class Acronyms:
    """The acronyms one document defines for named things ("Drug and Alcohol Action Team
    (DAAT)"): later bare uses ("the DAAT") name the same thing, under its long form."""

    names: dict  # acronym -> (kind, long form with its acronym)
    pattern: re.Pattern | None

    def find(self, text: str) -> list[Mention]:
        """Bare uses of a defined acronym, and its long form written again in full."""
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(text):
            key = m.group(0)
            abbr = key if key in self.names else re.search(r"\(([^)]*)\)$", key).group(1)
            out.append(Mention(*self.names[abbr], m.start(), m.end(), key))
        return out


_DEFINITION = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
# Defined with an acronym, a "... Team" is a body in its own right ("Youth Offending Team (YOT)").
_DEFINED_TEAM = re.compile(r"(?:[A-Z][\w'’-]*\s+(?:and\s+|&\s+)?){1,6}Team\s*\([A-Z][A-Za-z&]{1,9}\)$")


def defined_acronyms(text: str) -> Acronyms:
    """Every "Long Name (ABC)" in `text` whose long name is a partner, plan or place."""
    names: dict[str, tuple[str, str]] = {}
    for m in _DEFINITION.finditer(text):
        abbr = m.group(1)
        if abbr in names or sum(c.isupper() for c in abbr) < 2:
            continue
        window = text[max(0, m.start() - 150):m.end()]
        ends = [x for x in find_entities(window) if x.end == len(window) and x.kind != "indicators"]
        team = _DEFINED_TEAM.search(window)
        if ends:
            best = max(ends, key=lambda x: x.end - x.start)
            kind, value = best.kind, best.value
        elif team:
            kind, value = "partners", tidy(re.sub(r"^(?:The|A|An|Our|Its|Their)\s+", "", team.group(0)))
            words = value.split()[:-1]
            if len(words) < 5 or any(w.lower() in INTERNAL for w in words):
                continue  # "Corporate Management Team (CMT)", "Climate Change Team (CCT)": the council's own
        else:
            continue
        long = re.sub(r"\s*\([^)]*\)$", "", value).strip()
        if len(long.split()) < 2 or long[:1].upper() != abbr[0]:
            continue  # "Local Plan (2019)", or an acronym of something else nearby
        names[abbr] = (listed_kind(abbr) or kind, value)
    if not names:
        return Acronyms({}, None)
    alts = "|".join(sorted(map(re.escape, [*names, *(v for _, v in names.values())]), key=len, reverse=True))
    return Acronyms(names, re.compile(r"(?<![\w(-])(?:" + alts + r")(?![\w-])"))
