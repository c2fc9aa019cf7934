"""One name per thing: the spellings of a partner, place or strategy that one commitment
(or one plan) writes in several ways, merged to the fullest (ingest.enrich)."""
from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

_TRAILING_BRACKET = re.compile(r"\s*\([^)]*\)\s*$")
_TRAILING_PERIOD = re.compile(r"\s+(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?$")


@functools.lru_cache(maxsize=4096)
def _name_key(v: str) -> str:
    v = _TRAILING_PERIOD.sub("", _TRAILING_BRACKET.sub("", v))  # "(ABC)", "2023-27" after the name
    return " ".join(v.lower().replace("&", " and ").replace("’", "'").split())


def merge_names(values: list[str]) -> list[str]:
    """One name per thing: drops repeats that differ only in case or '&' / 'and', an acronym
    once its long form has been defined ("Kingston Voluntary Action (KVA)", "KVA"), a name
    written again with its period or place ("Resourcing Strategy 2023-27", "Cultural
    Strategy for Kingston"), and a near-identical spelling ("Culture Strategy"). The
    fullest spelling is kept, in the place the first spelling had."""
    defined = {m.group(1).lower() for v in values for m in [re.search(r"\(([A-Z][A-Za-z&]{1,9})\)", v)] if m}
    out: list[str] = []
    keys: list[set[str]] = []  # every spelling merged into each kept name
    for v in values:
        key = _name_key(v)
        if not key or v.lower() in defined:
            continue
        same = next((n for n, ks in enumerate(keys) if key in ks), None)
        if same is None:
            same = next((n for n, ks in enumerate(keys) if any(_same_name(k, key) for k in ks)), None)
        if same is None:
            out.append(v)
            keys.append({key})
            continue
        keys[same].add(key)
        if len(v) > len(out[same]):
            out[same] = v  # the fuller spelling ("... 2023-27", "... (ABC)")
    return out


@functools.lru_cache(maxsize=4096)
def _same_name(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    # "cultural strategy" in "cultural strategy for kingston borough"
    if long.startswith(short + " ") and re.match(r"(?:for|of|in)\b", long[len(short) + 1:]):
        return True
    # "CYPP EA 3.4" and "CYPP EA 3.5" are two; "Culture Strategy" and "Cultural Strategy" one
    return len(short) >= 8 and re.findall(r"\d+", a) == re.findall(r"\d+", b) and fuzz.ratio(a, b) >= 90
