"""Milestone clauses: one measure item of a flattened table split into the clauses a plan
runs together (';', sentences, ':' after a clause, ', ' before a capitalised item)."""
from __future__ import annotations

import re

# Words after which a new sentence (the measure cell) cannot begin: the action's phrase
# is still open ("... the Local", "... for Kingston", "... a new").
OPEN_WORDS = set("""a an the of for to and or in on at by with from into onto as our their its this
that these those is are be will can may not but than via per including within across through
towards toward between under over about against among around upon which who whose where when
while if such e.g. i.e. & new key existing further additional local national regional major
annual current future wider joint first second third proposed revised updated more other each
every all any some both several many own two three four five six""".split())


def split_clauses(text: str) -> list[str]:
    """Split one measure item at ';', sentence ends, ':' after a clause of four or more
    words, ', ' before a capitalised item, and ' - ' when it separates a list."""
    parts: list[str] = []
    for piece in _split_outside_parens(text, r";\s*|(?<=[a-z0-9)%'’])\.\s+(?=[A-Z0-9%£‘'\"“])"):
        parts.extend(_split_outside_parens(piece, r":\s+"))
    out: list[str] = []
    for part in parts:
        dashed = re.split(r"\s+-\s+(?=[A-Z])", part)
        pieces = dashed if len(dashed) >= 3 else [part]
        for q in pieces:
            out.extend(_split_outside_parens(q, r",\s+(?=(?:[A-Z][a-z]|\d|%))", min_words=3))
    return [c for c in (x.strip(" .;,:") for x in out) if c]


def _split_outside_parens(text: str, pattern: str, min_words: int = 0) -> list[str]:
    out, start, depth = [], 0, 0
    spans = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    marks = []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        marks.append(depth)
    for s, e in spans:
        if marks[s] > 0:
            continue
        left, right = text[start:s], text[e:]
        if min_words and (len(left.split()) < min_words or not _is_clause(right.split(",")[0])):
            continue
        if pattern == r":\s+" and len(left.split()) < 4:
            continue
        out.append(left)
        start = e
    out.append(text[start:])
    return [o for o in out if o.strip()]


def _is_clause(text: str) -> bool:
    """Three or more words with a lowercase content word: "Contract award by January",
    not a run of names ("Hollow Lane Rec and Brook Meadow")."""
    words = text.split()
    return len(words) >= 3 and any(w[:1].islower() and w.lower() not in OPEN_WORDS for w in words)
