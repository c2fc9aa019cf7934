"""Named things in a commitment's text: partners, places, strategies and indicators.

SCHEMA.md section 1 (../shared/eval/SCHEMA.md) asks for the partner bodies, named places,
named strategies / plans / programmes / funds, and indicator codes a row names. Plans name
them in title case with a telling last word ("... Strategy", "... Partnership", "... Road"),
so rules here look for that head word and walk back over the name; `listed_names` adds
what the gazetteers list and `indicator_codes` the indicator codes. Every mention keeps
its character offsets so enrich can quote it.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .indicator_codes import find_indicators
from .lexicon import (ADJ_STOP, CONNECTORS, GENERIC_MODIFIERS, GENERIC_PLACE_HEADS,
                      GENERIC_PLACE_WORDS, INTERNAL, PARTNER_HEADS, PHYSICAL_NETWORKS, PLACE_HEADS,
                      STOP, STRATEGY_HEADS, STRATEGY_HEADS_TITLE_ONLY, VERBS)
from .listed_names import STOPS, find_listed, listed_kind
from .name_text import (NAME_GAP, OF_SUFFIX, TOKEN, Mention, extend, is_title, plain,
                        sentence_start, tidy)

if TYPE_CHECKING:
    from .acronyms import Acronyms

_ACRONYM_WORD = re.compile(r"^[A-Z]{2,}s?$")
_CODE_WORD = re.compile(r"(?:NI|N|PSA|KO|BVPI|KPI)\d*|\d{1,3}")
_ENDING_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)$")


def _walk_back(text: str, toks: list[re.Match], i: int, title_only: bool, heads: frozenset) -> int:
    """Index of the first token of the name ending at token i."""
    first = i
    k = i - 1
    while k >= 0 and i - k <= 8:
        gap = text[toks[k].end():toks[k + 1].start()]
        if not NAME_GAP.match(gap) or "(" in gap:
            break  # a name starts inside its bracket: "Manager (Eagle Chambers)"
        w = toks[k].group(0)
        lw = w.lower()
        if lw in STOP or lw in VERBS or w in ADJ_STOP:
            break
        # "Housing Strategy Safer Kingston Partnership Plan" is two names; "NI 140 Housing
        # Strategy" starts after the code; "27 Housing Strategy" after a row number
        # ("Housing Strategy Statement" is one: a head just before the head is a compound)
        if lw in heads and w[:1].isupper() and lw in STRATEGY_HEADS and k < i - 1 \
                or _CODE_WORD.fullmatch(w):
            break
        if lw in CONNECTORS:
            # "Cumberland House and Roupell House" are two names, not one
            if k == 0 or toks[k - 1].group(0).lower() in heads or _ACRONYM_WORD.match(toks[k - 1].group(0)):
                break
            k -= 1
            continue
        if title_only and not is_title(w):
            break
        if w == toks[k + 1].group(0):
            break  # "Head of Housing Housing Strategy": a doubled word joins two runs of text
        first = k
        k -= 1
    # A capitalised verb that opens a sentence is no part of a name ("Deliver ...").
    while first < i and sentence_start(text, toks[first].start()) and toks[first].group(0).lower() in VERBS:
        first += 1
    # nor is a date or a joining word left at its start ("2023-2025 & Action Plan",
    # "10-Sep-2019 Programme"), nor a gerund opening a sentence ("Ensuring Council's strategies")
    while first < i and (toks[first].group(0).lower() in CONNECTORS or toks[first].group(0)[:1].isdigit()
                         or sentence_start(text, toks[first].start()) and toks[first].group(0).endswith("ing")
                         and (toks[first + 1].group(0)[:1].islower() or toks[first + 1].group(0).endswith(("'s", "’s")))):
        first += 1
    return first


_HEADS = {"strategies": STRATEGY_HEADS | STRATEGY_HEADS_TITLE_ONLY, "partners": PARTNER_HEADS,
          "places": PLACE_HEADS}
_ALL_HEADS = frozenset().union(*_HEADS.values())


def _headed(text: str, toks: list[re.Match], kind: str, lows: list[str]) -> list[Mention]:
    heads = _HEADS[kind]
    found = []
    for i, lw in enumerate(lows):
        if lw not in heads:
            continue
        tok = toks[i]
        word = tok.group(0)
        title = is_title(word)
        if not title and (kind != "strategies" or lw in STRATEGY_HEADS_TITLE_ONLY):
            continue
        prev = toks[i - 1].group(0).lower() if i else ""
        if lw in ("network", "networks") and prev in PHYSICAL_NETWORKS:
            continue  # "District Heat Network", "cycle network": infrastructure, not a body or plan
        if kind == "places" and i + 1 < len(toks) and toks[i + 1].group(0) == "for":
            continue  # "Centre for Better Ageing" is a body, not a site
        if kind == "partners" and lw == "action" and (
                i == 0 or toks[i - 1].group(0).lower() not in ("voluntary", "community", "citizens")):
            continue  # "Kingston Voluntary Action" is a body; "Climate Action" is not
        if kind != "strategies" or title:
            # "Biodiversity Action Partnership": the head ends the title-case run
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt and NAME_GAP.match(text[tok.end():nxt.start()]) and nxt.group(0)[:1].isupper() \
                    and nxt.group(0).lower() in _ALL_HEADS \
                    and not OF_SUFFIX.match(text[nxt.end():]):  # "Prevention Strategy Strategy for ..." is two
                continue
        # a title-case head ends a title-case name: "Arts Council funded Libraries Improvement
        # Fund" names the "Libraries Improvement Fund"
        first = _walk_back(text, toks, i, kind != "strategies" or title, heads)
        end = extend(text, tok.end(), title and kind == "strategies")
        if first == i and not (title and kind == "strategies" and OF_SUFFIX.match(text[tok.end():])):
            continue
        words = [t.group(0) for t in toks[first:i + 1]]
        content = [w for w in words[:-1] if w.lower() not in CONNECTORS]
        has_title = any(is_title(w) and not (j == 0 and sentence_start(text, toks[first].start()))
                        and plain(w) not in GENERIC_MODIFIERS for j, w in enumerate(words[:-1]))
        if len(words) > 1 and all(w.isupper() for w in words if w.lower() not in CONNECTORS):
            continue  # "TARGET POLICY", "34THE WAY": a heading in capitals, not a name
        if kind == "strategies" and title and lw.endswith("s") and content \
                and all(plain(w) in GENERIC_MODIFIERS for w in content):
            continue  # "Capital Programmes", "Council Plans" name a kind of document
        if kind == "strategies" and title and content and all(w.lower() in ("action", "the") for w in content):
            continue  # a bare "Action Plan" names nothing
        if kind == "strategies" and not title and not has_title:
            # a lower-case "climate action plan" counts; a bare "action plan" does not
            if all(plain(w) in GENERIC_MODIFIERS for w in content):
                continue
            # lower-case plurals name a kind of document ("service plans", "change programmes")
            # unless an acronym says whose ("DAAT plans")
            if lw not in STRATEGY_HEADS_TITLE_ONLY and (lw[:-1] in heads or lw.endswith("ies") and lw[:-3] + "y" in heads) \
                    and not any(_ACRONYM_WORD.match(w) for w in content):
                continue
        if kind != "strategies" and not content:
            continue
        if kind == "places" and lw in GENERIC_PLACE_HEADS and all(w.lower() in GENERIC_PLACE_WORDS for w in content):
            continue  # "High Street", "Town Centre", "Leisure Centre" name no one place
        if kind == "places" and ("&" in text[toks[first].start():tok.end()]
                                 or any(w.lower() in ("services", "team", "department") for w in words)):
            continue  # "Valuation & Estates", "Property Services and Estates" are teams
        start = toks[first].start()
        quote = text[start:end]
        if kind == "partners" and any(w.lower() in INTERNAL for w in words):
            continue
        found.append(Mention(kind, tidy(quote), start, end, quote))
    return found


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """Drop a mention inside a longer one of the same kind, and a place or strategy inside a
    partner's name ("Kingston" in "Safer Kingston Partnership"). A partner or place inside a
    strategy stays: "Tolworth Court Farm programme" names the farm too."""
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in mentions:
        if any(k.kind == m.kind and k.value == m.value for k in kept):
            continue
        if m.kind == "strategies" and any(k.kind == "partners" and (k.start, k.end) == (m.start, m.end) for k in kept):
            continue  # "Business Travel Network (BTN)" is a body, not also a plan
        if m.kind != "indicators" and any(
                k.start <= m.start and m.end <= k.end and (k.end - k.start) > (m.end - m.start)
                and (k.kind == m.kind or k.kind == "partners" and m.kind in ("places", "strategies")
                     or k.kind == "strategies" and m.kind == "partners")
                for k in kept):
            continue
        kept.append(m)
    return kept


# A body named head first: "Centre for Better Ageing", "Institute of Community Cohesion",
# "Friends of Fairfield Park", "Council for Voluntary Service".
_HEAD_FIRST = re.compile(
    r"(?<![\w-])(?P<head>Centre|Center|Institute|Federation|Association|Society|Foundation|University|"
    r"College|Friends|Academy|Trust|Alliance)\s+(?:of|for)\s+(?:the\s+)?"
    r"[A-Z][\w'’-]*(?:\s+(?:and\s+|&\s+|of\s+|for\s+|in\s+)?[A-Z][\w'’-]*)*")


def _head_first(text: str, toks: list[re.Match]) -> list[Mention]:
    found = []
    starts = {t.start(): n for n, t in enumerate(toks)}
    for m in _HEAD_FIRST.finditer(text):
        start = m.start()
        k = starts.get(start, 0) - 1
        # take in title-case words before the head ("Royal Society for ...")
        while k >= 0 and is_title(toks[k].group(0)) and toks[k].group(0).lower() not in STOPS \
                and NAME_GAP.match(text[toks[k].end():start]) and not sentence_start(text, toks[k + 1].start()):
            start = toks[k].start()
            k -= 1
        end = extend(text, m.end(), head_is_title=False)
        quote = text[start:end]
        found.append(Mention("partners", tidy(quote), start, end, quote))
    return found


def _rekind(mentions: list[Mention]) -> list[Mention]:
    """A name carrying a listed acronym is what the acronym is: "Multi-Agency Risk
    Assessment (MARAC)" is a body, though "Assessment" reads like a document."""
    out = []
    for m in mentions:
        d = _ENDING_ACRONYM.search(m.value) if m.value.endswith(")") else None
        kind = listed_kind(d.group(1)) if d and m.kind != "indicators" else None
        out.append(Mention(kind, m.value, m.start, m.end, m.quote) if kind and kind != m.kind else m)
    return out


def find_entities(text: str, acronyms: "Acronyms | None" = None) -> list[Mention]:
    """Every partner, place, strategy and indicator named in `text`, in order; with the
    document's `acronyms`, bare uses of a defined acronym too."""
    if not text or not text.strip():
        return []
    toks = list(TOKEN.finditer(text))
    # "Self-Assessment": a hyphenated word ends in its head
    lows = [t.group(0).lower().rsplit("-", 1)[-1] for t in toks]
    starts = {t.start(): n for n, t in enumerate(toks)}
    mentions = find_indicators(text)
    for kind in ("strategies", "partners", "places"):
        mentions += _headed(text, toks, kind, lows)
    mentions += _head_first(text, toks)
    mentions += find_listed(text, toks, "partners", "public_bodies.txt", starts)
    mentions += find_listed(text, toks, "strategies", "strategies.txt", starts)
    mentions += find_listed(text, toks, "places", "places.txt", starts)
    mentions += find_listed(text, toks, "indicators", "indicators.txt", starts)
    if acronyms is not None:
        mentions += acronyms.find(text)
    return _resolve(_rekind(mentions))
