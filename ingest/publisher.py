"""Which council published a plan: the UK local authority the text is about (SCHEMA.md
section 1 header, `publisher`).

A plan names its council in full ("Tendring District Council", "Royal Borough of Kingston upon
Thames") and its area ("Tendring"); it also names its county, its neighbours and bodies that
merely end in "Council" ("Youth Council", a heading "Sustainable Council"). The ONS table of
local authorities (`ontology/authorities.tsv`) tells an authority from the rest.
"""
from __future__ import annotations

import collections
import functools
import re
from pathlib import Path

from ontology import authorities

from .per_document import once_per_document

GAZETTEER = Path(__file__).parent / "gazetteer"
# "Council" never belongs to a name: "Cotswold District Council and Gloucestershire County
# Council" is two councils.
_NAME = r"(?!Council\b)[A-Z][a-z]+(?:[ -](?:and|upon|on|in|le|under|&|(?!Council\b)[A-Z][a-z]+))*"
# A borough's own name: "Kingston upon Thames", "Tower Hamlets", "Barking and Dagenham".
_BOROUGH = r"[A-Z][a-z]+(?:\s+(?!Upon\b)[A-Z][a-z]+)?(?:\s+(?:[Uu]pon|and|&)\s+[A-Z][a-z]+)?"
_COUNCIL = re.compile(
    r"\b(?:(?P<royal>Royal|London)\s+Borough\s+of\s+(?P<rb>" + _BOROUGH + r")"
    r"|(?P<city>City\s+of\s+" + _NAME + r")\s+Council"
    r"|(?P<named>" + _NAME + r")\s+(?P<kind>(?:City|County|District|Borough|Metropolitan\s+Borough|"
    r"County\s+Borough|Town|Parish|Unitary)\s+)?Council)(?![a-z])")  # "CouncilWe": text glued by PDF extraction
# Bodies called "... Council" that are not local authorities, and words that make
# "<Word> Council" a committee rather than a council ("Youth Council", "Full Council").
_NOT_AUTHORITY = {"arts", "youth", "full", "future", "the", "our", "london", "research", "sports", "skills", "design",
                  "transport", "schools", "learning", "privy", "european", "british", "this", "a",
                  "each", "every", "whole", "new", "strategic", "all", "local", "that", "action", "cabinet",
                  "together", "strategy", "services", "direct", "climate", "carbon", "green", "energy",
                  "environment", "sustainability"}


@functools.lru_cache(maxsize=1)
def _known_councils() -> list[tuple[str, list[str]]]:
    out = []
    for line in (GAZETTEER / "councils.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, *aliases = [p.strip() for p in line.split("|")]
            out.append((name, aliases))
    return out


def _normalise_council(m: re.Match) -> str | None:
    if m.group("rb"):
        place = re.sub(r"\b(Upon|On|And|In)\b", lambda w: w.group(0).lower(), m.group("rb"))
        return f"{m.group('royal')} Borough of {place}"
    if m.group("city"):
        return f"{m.group('city')} Council"
    named = m.group("named")
    if any(w.lower() in _NOT_AUTHORITY for w in named.split()):
        return None
    kind = re.sub(r"\s+", " ", m.group("kind") or "")
    return f"{named} {kind}Council"


_ANCHOR = re.compile(r"\bCouncil(?![a-z])|\bBorough\s+of\b")


def _council_mentions(text: str) -> list[re.Match]:
    """Council names, matched only in a window around each 'Council' / 'Borough of' (the full
    pattern run over a 200-page text backtracks at every capitalised word)."""
    found, seen = [], set()
    for anchor in _ANCHOR.finditer(text):
        lo = max(0, anchor.start() - 80)
        window = text[lo:anchor.end() + 60]
        for m in _COUNCIL.finditer(window):
            if m.start() <= anchor.start() - lo < m.end() and (lo + m.start()) not in seen:
                seen.add(lo + m.start())
                found.append(m)
    return found


# Words of a council's name that say what kind of council it is, not where.
_KIND_WORDS = frozenset("""royal london borough of city county district metropolitan town parish unitary
council and upon on in le under the &""".split())


# Parts of place names that are also ordinary words ("North West Leicestershire").
_COMPASS = frozenset("north south east west mid central greater upper lower".split())
# Runs are bounded: an unbounded \S+ before "@" or ".gov.uk" made a long unbroken token
# (PDF text glues words) quadratic, 340 s for one of 300,000 letters.
_URL = re.compile(r"[^\s@]{1,100}@\S{1,100}|(?:https?://|www\.)\S{1,300}|[^\s.]{1,100}(?:\.[^\s.]{1,100}){0,5}"
                  r"\.(?:gov|org|co)\.uk\S{0,200}", re.I)


def _place_words(name: str) -> list[str]:
    return [w for w in name.split() if w.lower() not in _KIND_WORDS]


def _trim_common(name: str, words_seen: collections.Counter) -> str | None:
    """Drop leading words the text writes in lower case more often than capitalised: they
    are ordinary words, not part of a name ("Actions Nottingham City Council" -> "Nottingham
    City Council"; "Sustainable Council", a theme heading, -> None)."""
    words = name.split()
    while (words and words[0].lower() not in _KIND_WORDS | _COMPASS
           and words_seen[words[0].lower()] > words_seen[words[0]]):
        words = words[1:]
    rest = " ".join(words)
    # a word of 19+ letters is words glued by PDF extraction ("Worktodecarbonisethe")
    return rest if _place_words(rest) and max(map(len, words)) <= 18 else None


_KIND_LAST = re.compile(r"\b(?:City|County|District|Borough|Town|Parish)$")


def _named_councils(text: str) -> collections.Counter:
    """Councils the text names ("Tendring District Council"), full titles counted three times."""
    aliases = {a: name for name, al in _known_councils() for a in al}
    # Place names are written in lower case in web and e-mail addresses, so those do not count.
    words_seen = collections.Counter(re.findall(r"\b[A-Za-z][a-z]+\b", _URL.sub(" ", text)))
    names: collections.Counter = collections.Counter()
    for m in _council_mentions(text):
        n = _normalise_council(m)
        n = n and _trim_common(n, words_seen)
        if n:
            # the name pattern takes "District" into "Cherwell District", so look at the words
            full = m.group("rb") or m.group("kind") or _KIND_LAST.search(m.group("named") or "")
            names[aliases.get(n, n)] += 3 if full else 1
    # One name matched with and without leading words: the more frequent form wins, so a
    # "Whilst Cotswold District Council" (a sentence opener, once) joins "Cotswold District
    # Council", and a clipped "Leicestershire District Council" joins "North West
    # Leicestershire District Council".
    for short in sorted(names, key=len):
        for long in [n for n in names if n != short and n.endswith(" " + short)]:
            if short in names and long in names:
                if names[long] >= names[short]:
                    names[long] += names.pop(short)
                else:
                    names[short] += names.pop(long)
    return names


@functools.lru_cache(maxsize=1)
def _area_pattern() -> re.Pattern:
    """Every UK local authority's place name, longest first, so "Mid Suffolk" is not also
    "Suffolk". Written capitalised ("Reading", not "reading"); "Greater Manchester" is a
    city region, not the city."""
    table = authorities.authorities()
    forms = sorted({f for a in table.values() for f in a.forms if authorities.key(f) in table},
                   key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?<!Greater )(?:" + "|".join(map(re.escape, forms)) + r")(?![\w-])")


COVER_LINES = 8  # the lines of a plan's cover: its title, its council, its date
_COVER_CHARS = 8000  # where they are looked for: the text's head, not the whole text


def cover_lines(text: str) -> list[str]:
    """A plan's cover: its first COVER_LINES non-empty lines, stripped (blank lines above a
    cover are the PDF's margins, not lines of it)."""
    return [s for s in map(str.strip, text[:_COVER_CHARS].splitlines()) if s][:COVER_LINES]


def _on_cover(text: str) -> list[authorities.Authority]:
    """The authorities a plan's cover names, in order, as written and in title case
    ("BROXBOURNE BOROUGH COUNCIL"), first named first."""
    # one string, so a name broken over two lines ("Staffordshire / Moorlands") is whole
    cover = " ".join(cover_lines(text))
    table, found = authorities.authorities(), {}
    for form in (cover, cover.title()):
        for m in _area_pattern().finditer(form):
            found.setdefault(table[authorities.key(m.group(0))], m.start())
    return sorted(found, key=found.get)


# A place named this often is the plan's own area even when no "... Council" is written
# ("Tandridge", "Dacorum" in a plan that calls its publisher "the Council" throughout).
_MIN_AREA_MENTIONS = 3


def publisher_of(text: str) -> str | None:
    """The council the plan is about: the UK local authority whose full title ("Tendring
    District Council", counted three times) and place name ("Tendring") the text writes
    most; a district's plan names its district more often than the county it sits in or
    its neighbours. Names that are no UK area ("Scope Council", a heading) count only when
    no authority is named, and only as a full title or thrice. Else a London council named
    by its short form."""
    names = _named_councils(text)
    scores: collections.Counter = collections.Counter()
    written: dict[authorities.Authority, collections.Counter] = collections.defaultdict(collections.Counter)
    for n, c in names.items():
        a = authorities.authority_of(n)
        if a:
            scores[a] += c
            written[a][n] += c
    table = authorities.authorities()
    for m in _area_pattern().finditer(" ".join(text.split())):  # "Greater\nManchester" too
        scores[table[authorities.key(m.group(0))]] += 1
    if scores:
        best, score = scores.most_common(1)[0]
        cover = [a for a in _on_cover(text) if a in scores]
        if cover and best not in cover:
            # "BABERGH & MID SUFFOLK CABINETS' RESPONSE": a district's plan names its county
            # more often than itself, but its cover names the district
            best = max(cover, key=lambda a: (scores[a], -cover.index(a)))
            score = max(scores[best], _MIN_AREA_MENTIONS)
        if written[best] or score >= _MIN_AREA_MENTIONS:
            if written[best]:
                return written[best].most_common(1)[0][0]
            title = best.forms[0]
            # "Greater London Authority" is a title already; "Tandridge" is a place
            return title if title.endswith("Authority") else f"{title} Council"
    if names and names.most_common(1)[0][1] >= 3:  # a full title, or a short name thrice
        return names.most_common(1)[0][0]
    aliases = {a: name for name, al in _known_councils() for a in al}
    m = _alias_pattern().search(text)
    return aliases[m.group(0)] if m else None


# The metadata (the plan's publisher) and every row (its home area, itself as no partner)
# ask for the same document's publisher.
document_publisher = once_per_document(publisher_of)


@functools.lru_cache(maxsize=1)
def _alias_pattern() -> re.Pattern:
    alts = sorted((a for _, al in _known_councils() for a in al), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, alts)) + r")(?![\w-])")
