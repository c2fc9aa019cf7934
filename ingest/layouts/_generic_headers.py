"""Table header cells -> RawRow fields, by meaning rather than by exact name.

Councils name the same column many ways ("Lead", "Responsible officer", "Accountable";
"Timescale", "By when", "Due date"). A header is cut to its head phrase ("Link to
Performance Indicators" -> "Link", "Lead Responsibility & Timescales" -> "Lead
Responsibility") and the field whose keyword ends last in it wins, since English puts the
head noun last ("Action owner" is an owner, "Priority action" an action). Misspelt
headers ("Timescle", "Responsable") fall back to rapidfuzz against the same keywords.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

_REF = re.compile(r"(?:action\s+)?(?:ref(?:erence)?|no|nos|num(?:ber)?|#|id|item|code)"
                  r"(?:\s*(?:no|number))?\.?", re.IGNORECASE)

# (field, keywords); a keyword is a regex matched on word boundaries.
FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("monitored_by", (r"monitor(?:ed|ing)?(?: by)?", r"report(?:ed|ing)? to", r"oversight",
                      r"scrutiny", r"governance")),
    ("context", (r"partners?", r"partnerships?", r"delivered with", r"working with", r"links?",
                 r"linked", r"related", r"dependenc(?:y|ies)", r"stakeholders?",
                 r"strateg(?:y|ies)", r"plans", r"policies", r"funding", r"resources?",
                 r"budget", r"costs?", r"co-?benefits")),
    ("owners", (r"lead", r"leads", r"owners?", r"ownership", r"responsib\w*",
                r"accountab\w*", r"officers?", r"who", r"service area", r"services?",
                r"department", r"directorate", r"teams?", r"portfolio", r"champion",
                r"sponsor", r"delivery body", r"organisations?")),
    ("status", (r"status", r"rag", r"rating", r"on track")),
    ("milestones", (r"kpis?", r"measures?", r"milestones?", r"outcomes?", r"indicators?",
                    r"metrics?", r"success", r"outputs?", r"evidence", r"performance",
                    r"results?", r"impacts?", r"benefits?", r"savings?", r"what (?:the )?\w+ will see")),
    ("target", (r"targets?", r"deadlines?", r"timescales?", r"time ?frames?", r"time ?lines?",
                r"timings?", r"by when", r"when", r"due", r"dates?", r"completion",
                r"years?", r"quarters?", r"term")),
    ("progress", (r"progress", r"comments?", r"commentary", r"updates?", r"notes?",
                  r"position", r"remarks", r"narrative")),
    ("section", (r"themes?", r"priorit(?:y|ies)", r"objectives?", r"aims?", r"goals?",
                 r"categor(?:y|ies)", r"sub.?categor(?:y|ies)", r"workstreams?", r"areas?",
                 r"topics?", r"sectors?", r"strands?", r"pillars?", r"recommendations?",
                 r"ambitions?", r"chapter", r"section")),
    ("text", (r"actions?", r"activit(?:y|ies)", r"commitments?", r"what we will do",
              r"what will we do", r"what we'll do", r"deliverables?", r"tasks?", r"projects?",
              r"initiatives?", r"descriptions?", r"interventions?", r"proposals?",
              r"schemes?", r"steps?", r"how we will", r"pledges?", r"programmes?")),
)
_PATTERNS = [(name, re.compile(r"\b(?:" + "|".join(words) + r")\b"))
             for name, words in FIELDS]
# Plain keywords for the fuzzy fallback: the regex keywords that are plain words, plus
# spelled-out forms of the patterned ones.
_EXTRA_VOCAB = {"responsible": "owners", "accountable": "owners", "activity": "text",
                "activities": "text", "priority": "section", "category": "section",
                "strategy": "context", "dependency": "context", "monitored": "monitored_by"}
_VOCAB = {**{(w[:-2] if w.endswith("s?") else w): name for name, words in FIELDS for w in words
             if re.fullmatch(r"[a-z ']+", w[:-2] if w.endswith("s?") else w)}, **_EXTRA_VOCAB}
_HEAD_CUT = re.compile(r"\s(?:that|which|to|for|of|in|towards|against|from|with)\s")
_PHRASE_SPLIT = re.compile(r"\s*(?:/|&|,|;|\band\b|\bor\b|\+|\()\s*")
_FUZZY_MIN = 85


@lru_cache(maxsize=4096)
def field_of(header: str) -> str | None:
    """The field a header cell names, or None when it names none we know."""
    h = re.sub(r"[*:\u2019']+", "", header.lower()).strip()
    h = re.sub(r"\s+", " ", h)
    if not h:
        return None
    if _REF.fullmatch(h):
        return "ref"
    if re.fullmatch(r"(?:delivered|working) with|by when|what we will do|delivery partners?", h):
        return "context" if "with" in h or "partner" in h else ("target" if "when" in h else "text")
    phrase = _PHRASE_SPLIT.split(_HEAD_CUT.split(f" {h} ", maxsplit=1)[0].strip())[0] or h
    best: tuple[int, int, str] | None = None
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(phrase):
            key = (m.end(), -m.start(), name)
            if best is None or key[:2] > best[:2]:
                best = key
    if best:
        return best[2]
    for word in phrase.split():
        if len(word) >= 4:
            hit = process.extractOne(word, list(_VOCAB), scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN)
            if hit:
                return _VOCAB[hit[0]]
    return None


def header_map(cells: list[str]) -> dict[int, str] | None:
    """Column index -> field if `cells` read as an action table's header, else None.

    A header has short cells, maps at least two of them (one to the action text, or a
    theme/measure column standing in for it when owners or dates are given), and maps
    at least half of the filled cells.
    """
    filled = [(k, c) for k, c in enumerate(cells) if c.strip()]
    if len(filled) < 2 or any(len(c) > 90 or len(c.split()) > 14 for _, c in filled):
        return None
    columns = {k: f for k, c in filled if (f := field_of(c))}
    if len(set(columns.values())) < 2 or len(columns) * 2 < len(filled):
        return None
    if "text" not in columns.values():
        if not {"owners", "target"} & set(columns.values()):
            return None
        stand_in = next((k for k, f in columns.items() if f in ("section", "milestones")), None)
        if stand_in is None:
            return None
        columns[stand_in] = "text"
    return columns


# Words that may sit in a flattened header line besides field keywords ("Action Plan
# Commitment", "Description of Action").
_HEADER_FILLER = {"plan", "of", "and", "&", "or", "the", "by", "/", "-", "key", "name", "planned"}


# A quantity in a cell ("74,676", "12.5", "40%", "250"); a year or financial year
# ("2021/22") may head a column, and a page number glued to a header ("Services 1 8") is small.
_FIGURE = re.compile(r"(?<![\w/.,])(?!(?:19|20)\d\d(?:/\d\d)?\b)"
                     r"(?:\d{1,3}(?:,\d{3})+|\d+\.\d+|\d+%|\d{3,})(?![\w/])")


def flattened_header(line: str) -> bool:
    """Whether a plain line is an action table's header whose cells PDF extraction ran
    together ("ACTION PLAN COMMITMENT Timescale", "Action Deadline Action owner Notes")."""
    if not line[:1].isupper() or line.rstrip()[-1:] in ".,;" or "\t" in line:
        return False  # a wrapped sentence fragment such as "strategy, project"
    # Cells glued without a space ("Action NoDescription of Action") are split first.
    words = re.findall(r"[A-Za-z&/]+", re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", line).lower())
    if not 2 <= len(words) <= 16 or len(line) > 130:
        return False
    if len(_FIGURE.findall(line)) >= 2:
        return False  # a row of figures ("Project Cost Savings 74,676 115,172"), not of names
    fields = [field_of(w) for w in words if w not in _HEADER_FILLER]
    # A long header may carry one word we cannot map ("Delivery Indicator"); a short one
    # must map every word, or ordinary phrases would pass.
    if not fields or fields.count(None) > (1 if len(fields) >= 6 else 0):
        return False
    # "Action Plans" / "Action Areas" are headings; a header also names who, when or how.
    return "text" in fields and bool(set(fields) & {"owners", "target", "status", "progress",
                                                    "milestones", "ref"})
