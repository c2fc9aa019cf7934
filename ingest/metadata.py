"""Document-level fields: title, plan period and publisher (SCHEMA.md section 1 header).

A plan's title is usually its first heading ("# Delivery Plan 2025/26", "**Community Cohesion
Action Plan 2008 - 2011**"); its period is written in the title or inferred from its deadlines
(UK councils plan by financial year, April to March); its publisher is the council the text
names ("Royal Borough of ...", "London Borough of ...", "<Name> District Council").
"""
from __future__ import annotations

import collections
import functools
import re
from pathlib import Path

from ontology import authorities
from ontology.records import PlanDocument

from .dates import find_dates

GAZETTEER = Path(__file__).parent / "gazetteer"
_PLAN_WORD = re.compile(r"\b(?:plan|strategy|programme|framework|challenge|agenda|report|pledge|"
                        r"charter|priorities|commitments|roadmap|road map)\b", re.I)
_HEADING = re.compile(r"^\s{0,3}(?:#{1,3}\s+(?P<h>[^\n]+)|\*\*(?P<b>[^*]{3,200}?)\*\*)", re.M)
_PERIOD = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s*(?P<sep>/|-|–|to)\s*(?P<b>(?:19|20)?\d\d)\b(?![/-]\d)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
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


def _clean_title(s: str) -> str:
    s = re.sub(r"[*_#`]+", "", s)
    s = re.sub(r"\s+", " ", s).strip(" :-–")
    # a contents heading or page number glued on by PDF extraction ("Strategy 2017-50CONTENTS")
    s = re.sub(r"\s*(?:Page\s*\d{1,3})?\s*(?:CONTENTS|(?:Table\s+of\s+)?Contents)?$", "", s).strip(" :-–|")
    # a page or section number printed beside the heading ("1 Climate Change Progress
    # Report", "1.1 The Reading Climate Emergency Strategy")
    return re.sub(r"^\d{1,3}(?:\.\d{1,3})*\.?\s+(?=[A-Z])|(?<=[a-z])\s+\d{1,3}$", "", s)


# "The action plan is to be developed in response to the recommendations of the LGA
# Corporate Peer Challenge which took place in January 2019": the plan named by what it answers.
_PLAN_SENTENCE = re.compile(r"\b[Tt]h(?:e|is)\s+(?P<kind>[Aa]ction|[Dd]elivery|[Ii]mprovement|[Ii]mplementation)\s+"
                            r"[Pp]lan\b[^.]*?\b(?:of|to|following|from)\s+the\s+(?P<name>(?:[A-Z][A-Za-z&]*\s+){1,6}?"
                            r"(?:Challenge|Review|Inspection|Strategy|Plan|Assessment|Audit|Report|Declaration|Motion))\b"
                            r"(?P<rest>[^.]*)")
# "I am pleased to present Kingston's updated Climate Action Plan": a foreword names the plan.
_PRESENTS = re.compile(r"\b(?:present|introduce|publish|launch|welcome)(?:s|ed|ing)?\s+(?:to\s+you\s+)?"
                       r"(?:our|the|this|[A-Z][\w'’]+['’]s)\s+(?:(?:updated|new|first|refreshed|draft)\s+)*"
                       r"(?P<name>(?:[A-Z][\w&'’-]*\s+){0,6}(?:Plan|Strategy|Programme|Framework|Roadmap))\b")
# A table header repeated on every page: "Action or activity | Measure, milestone or metric ...".
_ACTION_HEADER = re.compile(r"^(?=[^\n]*\b(?:action|activity|activities)\b)(?=[^\n]*\b(?:measure|milestone|target|"
                            r"deadline|timescale|lead|owner)s?\b)[^\n]{10,200}$", re.I | re.M)


def inferred_title(text: str) -> str | None:
    """A title for a document that prints none: the plan named by the sentence that says
    what it responds to ("LGA Corporate Peer Challenge Action Plan 2019"), else the plan a
    foreword presents ("Climate Action Plan"), else, for a
    bare table of actions with measures, "Delivery Plan" (or "Action Plan"); the period
    is added by `describe`."""
    head = text[:6000]
    m = _PLAN_SENTENCE.search(head)
    if m:
        name = " ".join(m.group("name").split())
        if name.split()[0].lower() in ("the", "this", "our"):
            name = " ".join(name.split()[1:])
        if name[:1].isupper():
            year = _YEAR.search(m.group("rest"))
            title = f"{name} {m.group('kind').title()} Plan"
            return f"{title} {year.group(0)}" if year else title
    m = _PRESENTS.search(head)
    if m and len(m.group("name").split()) >= 2:
        return " ".join(m.group("name").split())
    headers = collections.Counter(" ".join(h.split()) for h in _ACTION_HEADER.findall(text[:300_000]))
    if headers and headers.most_common(1)[0][1] >= 3:
        delivery = re.search(r"\bdeliver", headers.most_common(1)[0][0], re.I) or \
            len(re.findall(r"\btarget\s+delivery\b", text[:300_000], re.I)) >= 3
        return "Delivery Plan" if delivery else "Action Plan"
    return None


def title_of(text: str) -> str | None:
    """The first heading near the top that names a plan, else the first heading."""
    head = text[:8000]
    headings = [_clean_title(m.group("h") or m.group("b")) for m in _HEADING.finditer(head)]
    headings = [h for h in headings if 3 <= len(h) <= 160]
    for h in headings:
        if _PLAN_WORD.search(h):
            return h
    for line in head.splitlines()[:40]:
        line = _clean_title(line)
        if 8 <= len(line) <= 120 and _PLAN_WORD.search(line) and len(line.split()) >= 3 \
                and sum(w[:1].isupper() for w in line.split()) >= len(line.split()) * 0.6:
            return line
    return headings[0] if headings else None


def period_of(title: str | None, text: str) -> tuple[str | None, int | None, int | None]:
    """The plan period as written in its title ("2023/24", "2008-2011") with its first and
    last years; else inferred from the plan's deadlines."""
    if title:
        m = _PERIOD.search(title)
        if m:
            a, b_raw = int(m.group("a")), m.group("b")
            b = int(b_raw) if len(b_raw) == 4 else a // 100 * 100 + int(b_raw)
            if a < b <= a + 10:
                return f"{a}{'/' if m.group('sep') == '/' else '-'}{b_raw}", a, b
        y = _YEAR.search(title)
        if y:  # a plan titled for one year runs that year and into the next (gold 002)
            a = int(y.group(0))
            return f"{a}/{(a + 1) % 100:02d}", a, a + 1
    return _period_from_deadlines(text)


# A date printed alone on a line near the top ("September 2025"): when the plan was issued.
_ISSUED = re.compile(r"^\s*(?:January|February|March|April|May|June|July|August|September|October|"
                     r"November|December)\s+((?:19|20)\d\d)\s*$", re.M)


def _period_from_deadlines(text: str) -> tuple[str | None, int | None, int | None]:
    """A delivery plan's deadlines mostly fall in its financial year (April to March); a
    longer plan's deadlines spread over its years. A plan that prints the date it was
    issued runs from that year to its last deadline."""
    # the first 300,000 characters (about 100 pages) hold enough deadlines to judge by
    months = [tuple(map(int, d.date[:7].split("-"))) for d in find_dates(text[:300_000]) if len(d.date) >= 7]
    if not months:
        return None, None, None
    issued = _ISSUED.search(text[:1500])
    last = max(y for y, _ in months)
    if issued and int(issued.group(1)) + 1 < last <= int(issued.group(1)) + 10:
        first = int(issued.group(1))
        return f"{first}-{last}", first, last
    years = collections.Counter(y - 1 if m <= 3 else y for y, m in months)
    start, n = years.most_common(1)[0]
    if n >= 0.5 * len(months):
        return f"{start}/{(start + 1) % 100:02d}", start, start + 1
    first, last = min(y for y, _ in months), max(y for y, _ in months)
    return f"{first}-{last}", first, last


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
_URL = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\S+\.(?:gov|org|co)\.uk\S*", re.I)


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
    city region, not the city. "London" alone names the region, not the City of London."""
    forms = {f for a in authorities.authorities().values() for f in a.forms}
    forms = sorted(forms - {"London"}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?<!Greater )(?:" + "|".join(map(re.escape, forms)) + r")(?![\w-])")


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
        if written[best] or score >= _MIN_AREA_MENTIONS:
            if written[best]:
                return written[best].most_common(1)[0][0]
            return f"{best.forms[0]} Council"
    if names and names.most_common(1)[0][1] >= 3:  # a full title, or a short name thrice
        return names.most_common(1)[0][0]
    aliases = {a: name for name, al in _known_councils() for a in al}
    m = _alias_pattern().search(text)
    return aliases[m.group(0)] if m else None


@functools.lru_cache(maxsize=1)
def _alias_pattern() -> re.Pattern:
    alts = sorted((a for _, al in _known_councils() for a in al), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, alts)) + r")(?![\w-])")


def describe(text: str, name: str) -> PlanDocument:
    """The PlanDocument for a decoded text; `name` is its file name (the fallback title)."""
    title = title_of(text)
    inferred = None if title else inferred_title(text)
    period, start, end = period_of(title or inferred, text)
    if inferred:
        title = f"{inferred} {period}" if period and not _YEAR.search(inferred) else inferred
    title = title or Path(name).stem.replace("_", " ").replace("-", " ")
    return PlanDocument(name=name, title=title, period=period, period_start=start,
                        period_end=end, publisher=publisher_of(text))
