"""The pieces every name finder shares: the `Mention` record, tokens, the gaps allowed
inside one name, and the suffixes a name takes in ("(JSNA)", "2023-2025", "for the Bereaved")."""
from __future__ import annotations

import re
from dataclasses import dataclass

# A word, with inner apostrophes and hyphens but not a closing quote ("Contract'").
TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'’\-]*[A-Za-z0-9])?")
# Gaps that may sit inside one name: spaces, '&', and a hyphen joining words.
# (a spaced dash " - " separates two things: "Lower Earley - Reading University")
NAME_GAP = re.compile(r"^(?:\s+|\s*&\s*|-\s*|\s+\(|\)\s+)$")
_ACRONYM_DEF = re.compile(r"^\s*\(([A-Z][A-Za-z&]{1,9})\)")
_YEAR_SUFFIX = re.compile(r"^\s+(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b")
OF_SUFFIX = re.compile(r"^\s+(?:for|of|on)\s+(?:the\s+)?((?:[A-Z][\w'’-]*)(?:\s+(?:and\s+|&\s+|for\s+|with\s+)?[A-Z][\w'’-]*)*)")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Mention:
    """A named thing found in a text: text[start:end] reads `quote`; `value` is its name."""

    kind: str  # "partners" | "places" | "strategies" | "indicators"
    value: str
    start: int
    end: int
    quote: str


def is_title(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".:;!?\n•*-–(" or before.endswith(("(1)", "1)"))


def extend(text: str, end: int, head_is_title: bool) -> int:
    """Take in a defined acronym "(JSNA)", a period "2023-2025" and, after a capitalised
    head, a title-case complement ("Charter for the Bereaved")."""
    for _ in range(3):
        rest = text[end:]
        m = _ACRONYM_DEF.match(rest) or _YEAR_SUFFIX.match(rest) or (
            OF_SUFFIX.match(rest) if head_is_title else None)
        if not m or m.group(0).endswith(("'s", "’s")):
            break  # "Plan for the Borough's Air Quality Areas": the possessive opens another name
        end += m.end()
    return end


def plain(word: str) -> str:
    return word.lower().replace("’", "'")


def tidy(s: str) -> str:
    return _SPACES.sub(" ", s).strip(" ,;:-–")
