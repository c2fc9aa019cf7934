"""Entity resolution: one node per organisation, post, strategy, place, theme or indicator,
however differently the plans name it.

Plans written years apart name the same thing differently: "Kingston Voluntary Action
(KVA)", "Kingston Voluntary Action" and "KVA"; "MTFS 2019/24" and "Medium Term Financial
Strategy"; "Adults Health and Well-being Board" and "Adults Health and Wellbeing Board".
Rules, applied within a family of kinds (bodies = organisations + units, posts, people,
strategies, places, themes, indicators), each merge recorded as evidence:

1. same key: case, punctuation, '&'/'and', hyphens and a leading 'the' ignored; for
   strategies also edition years ("MTFS 2024-2028" ~ "MTFS 2019/24");
2. acronym: an all-capitals name equal to the initials of exactly one other name in the
   family, or declared in brackets ("... (KVA)");
3. spelling variant: rapidfuzz ratio >= FUZZY_MIN on keys of 8+ characters with the same
   numbers ("Cambridge Road Estates" ~ "Cambridge Road Estate").

Posts ("Director of Housing") are told from organisations and units by their words
(`classify_actor`), so a post is never merged with the body it sits in.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz

FUZZY_MIN = 93
STOP = {"of", "and", "the", "for", "to", "in", "on", "with", "a", "an", "&"}

_POST = re.compile(
    r"\b(director|dir|heads? of|head|chief|officers?|managers?|mgr|manger|inspector|leader|lead member|cabinet member|"
    r"portfolio holder|co-?ordinator|commissioner|controller|secretary|assistant|deputy|"
    r"advis[eo]r|s151|chair(man|person)?|mayor|clerk|principal|superintendent)\b", re.I)
_ORG = re.compile(
    r"\b(partnership|nhs|police|trust|council|forum|association|agency|ltd|limited|plc|"
    r"university|college|hospital|network|ccg|icb|ics|gla|lga|mopac|charity|society|"
    r"federation|alliance|sector|vcse?|commission|authority|government|ministry|bank|"
    r"foundation|club|church|chamber|business|partners|providers|employers|groups|friends|"
    r"community|housing association|fund)\b", re.I)
_UNIT = re.compile(
    r"\b(team|unit|services?|department|directorate|division|office|section|board|"
    r"committee|panel|group|executive|slt|dmt|cmt|cabinet)\b", re.I)
_STRONG_UNIT = re.compile(r"\b(unit|teams?|directorate|department|division)\b", re.I)
_PERSON = re.compile(r"^(?:(?:cllr|councillor|dr|mr|mrs|ms|miss)\.?\s+)?"
                     r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?){0,2}$")
_TITLE = re.compile(r"^(cllr|councillor|dr|mr|mrs|ms|miss)\b", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_BRACKET = re.compile(r"^(.*?)\s*\(([A-Z][A-Za-z0-9&]{1,7})\)\s*$")
_YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*[-/–]\s*(?:19|20)?\d\d)?\b")

FAMILY = {"organisation": "body", "unit": "body"}


def classify_actor(name: str, role: str) -> str:
    """'post', 'person', 'unit' or 'organisation' for a name found as an owner, partner or
    monitoring body. Words decide before the role does: "Kingston Strategic Partnership"
    is an organisation whether it leads a row or partners on it."""
    if _TITLE.match(name) and _PERSON.match(name):
        return "person"
    # "X of Y" is named for its head X: "Association of Energy Officers" is a body,
    # "Director of Housing" a post.
    head = re.split(r"\s+of\s+", name, maxsplit=1, flags=re.I)[0]
    if _ORG.search(head) and not _POST.search(head):
        return "organisation"
    if _POST.search(name):
        return "post"
    if _STRONG_UNIT.search(name):
        return "unit"
    if _ORG.search(name):
        return "organisation"
    if _UNIT.search(name):
        return "unit"
    if role == "partner":
        return "organisation"
    if _ACRONYM.match(name):
        return "unit"
    if _PERSON.match(name) and len(name.split()) >= 2:
        return "person"
    return "unit"


@dataclass(frozen=True)
class Entity:
    """One resolved node: its kind, preferred label, the other names it goes by, and why
    those names were merged."""

    kind: str
    label: str
    alt_labels: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


def key(name: str, kind: str) -> str:
    """The comparison key of a name (rule 1)."""
    m = _BRACKET.match(name)
    t = m.group(1) if m else name
    if kind == "strategy":
        t = _YEARS.sub(" ", t)
    t = t.lower().replace("&", " and ").replace("-", "").replace("'", "")
    t = re.sub(r"[^a-z0-9]+", " ", t).strip()
    return re.sub(r"\s+", " ", re.sub(r"\bthe\b", " ", t)).strip()


def initials(name: str) -> str:
    """'Medium Term Financial Strategy' -> 'MTFS'; 'Kingston PCT' -> 'KPCT'."""
    out = []
    for w in re.findall(r"[A-Za-z0-9]+", _YEARS.sub(" ", name)):
        if w.lower() in STOP:
            continue
        out.append(w if w.isupper() and len(w) > 1 else w[0].upper())
    return "".join(out)


class _Union:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)  # deterministic, whatever the input order
        return True


def _is_acronym(name: str) -> bool:
    """'KVA', 'MTFS 2019/24': a bare acronym, perhaps with an edition year."""
    return bool(_ACRONYM.match(_YEARS.sub(" ", name).strip()))


def _digits(k: str) -> list[str]:
    return re.findall(r"\d+", k)


def _resolve_family(mentions: list[tuple[str, str]]) -> dict[tuple[str, str], Entity]:
    """Resolve (kind, name) mentions of one family."""
    kind_of = {}
    counts: Counter[str] = Counter()
    for kind, name in mentions:
        counts[name] += 1
        kind_of.setdefault(name, Counter())[kind] += 1
    names = sorted(counts)
    ukind = {n: kind_of[n].most_common(1)[0][0] for n in names}
    keys = {n: key(n, ukind[n]) for n in names}
    uf = _Union()
    why: dict[str, list[str]] = defaultdict(list)

    by_key: dict[str, list[str]] = defaultdict(list)
    for n in names:
        by_key[keys[n]].append(n)
    for k, group in by_key.items():
        for other in group[1:]:
            uf.union(group[0], other)
            why[k].append(f"'{other}' = '{group[0]}' (same name ignoring case, punctuation"
                          + (" and edition years)" if ukind[other] == "strategy" else ")"))
    distinct = sorted(by_key)

    # rule 2: acronyms, declared in brackets or equal to the initials of one other name
    declared = {}
    for n in names:
        m = _BRACKET.match(n)
        if m:
            declared.setdefault(m.group(2).upper(), set()).add(keys[n])
    by_initials: dict[str, set[str]] = defaultdict(set)
    for k in distinct:
        full = by_key[k][0]
        if not _is_acronym(full) and len(k.split()) >= 2:
            by_initials[initials(full)].add(k)
    for k in distinct:
        short = by_key[k][0]
        if not _is_acronym(short):
            continue
        letters = _YEARS.sub(" ", short).strip()
        targets = declared.get(letters) or by_initials.get(letters.replace("&", ""), set())
        targets = {t for t in targets if t != k}
        if len(targets) == 1:
            t = targets.pop()
            if uf.union(by_key[k][0], by_key[t][0]):
                why[t].append(f"'{short}' is the acronym of '{by_key[t][0]}'")

    # rule 3: spelling variants
    for i, a in enumerate(distinct):
        if len(a) < 8:
            continue
        for b in distinct[i + 1:]:
            if len(b) < 8 or _digits(a) != _digits(b):
                continue
            r = fuzz.ratio(a, b)
            if r >= FUZZY_MIN and uf.union(by_key[a][0], by_key[b][0]):
                why[a].append(f"'{by_key[b][0]}' ~ '{by_key[a][0]}' (spelling ratio {r:.0f})")

    clusters: dict[str, list[str]] = defaultdict(list)
    for n in names:
        clusters[uf.find(n)].append(n)
    out = {}
    for members in clusters.values():
        # preferred label: not an acronym, most mentioned, then longest, then alphabetical
        label = sorted(members, key=lambda n: (_is_acronym(n), -counts[n], -len(n), n))[0]
        kinds = Counter()
        for n in members:
            kinds.update(kind_of[n])
        kind = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0] != "organisation", kv[0]))[0][0]
        evidence = tuple(sorted({e for n in members for e in why.get(keys[n], ())}))
        ent = Entity(kind, label, tuple(sorted(n for n in members if n != label)), evidence)
        for n in members:
            for k in kind_of[n]:
                out[(k, n)] = ent
    return out


def clean(name: str) -> str:
    """A name with its whitespace collapsed (the form `resolve` keys its answer by)."""
    return " ".join(name.split())


def resolve(mentions: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Entity]:
    """Map every (kind, name) mention to its resolved Entity.

    Kinds: post, person, organisation, unit, strategy, place, theme, indicator. Names of
    different families never merge (a post is not its directorate)."""
    families: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind, name in mentions:
        name = " ".join(name.split())
        if name:
            families[FAMILY.get(kind, kind)].append((kind, name))
    out: dict[tuple[str, str], Entity] = {}
    for fam in sorted(families):
        out.update(_resolve_family(families[fam]))
    return out
