"""Document-level fields: title, plan period and publisher (SCHEMA.md section 1 header).

A plan's title is usually its first heading ("# Delivery Plan 2025/26", "**Community Cohesion
Action Plan 2008 - 2011**"); its period is written in the title or inferred from its deadlines
(UK councils plan by financial year, April to March); its publisher is found by
`ingest.publisher`.
"""
from __future__ import annotations

import collections
import re
from pathlib import Path

from ontology.records import PlanDocument

from .dates import find_dates
from .publisher import cover_lines, document_publisher
from .split_words import document_mender

_PLAN_WORD = re.compile(r"\b(?:plan|strategy|programme|framework|challenge|agenda|report|pledge|"
                        r"charter|priorities|commitments|roadmap|road map)\b", re.I)
_HEADING = re.compile(r"^\s{0,3}(?:#{1,3}\s+(?P<h>[^\n]+)|\*\*(?P<b>[^*]{3,200}?)\*\*)", re.M)
_PERIOD = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s*(?P<sep>/|-|–|to)\s*(?P<b>(?:19|20)?\d\d)\b(?![/-]\d)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def names_a_plan(text: str) -> bool:
    """Whether `text` names a plan, strategy, programme, report ... (a title, not a theme)."""
    return bool(_PLAN_WORD.search(text))


def _clean_title(s: str) -> str:
    s = re.sub(r"[*_#`]+", "", s)
    s = re.sub(r"\s+", " ", s).strip(" :-–")
    # a capitals line glued to the next by PDF extraction ("STRATEGY MASTER PLANSpring 2021")
    s = re.sub(r"(?<=[A-Z]{3})(?=[A-Z][a-z]{2})", " ", s)
    # a contents heading or page number glued on by PDF extraction ("Strategy 2017-50CONTENTS")
    s = re.sub(r"\s*(?:Page\s*\d{1,3})?\s*(?:CONTENTS|(?:Table\s+of\s+)?Contents)?$", "", s).strip(" :-–|")
    # a decorative font read as letters ("ACTION PLAN 2020 - 2023 bbbbbb b bbbbbb b")
    s = re.sub(r"(?:\s+(?:([a-z])\1{2,}|[a-z])){0,6}\s+([a-z])\2{2,}(?:\s+[a-z]){0,3}$", "", s)
    # a page or section number printed beside the heading ("1 Climate Change Progress
    # Report", "1.1 The Reading Climate Emergency Strategy"); not a count ("5 Year Plan")
    return re.sub(r"^\d{1,3}(?:\.\d{1,3})*\.?\s+(?=[A-Z])(?!(?i:years?|points?|steps?)\b)"
                  r"|(?<=[a-z])\s+\d{1,3}$", "", s)


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


# A cover prints its title in large type over a few short lines ("Sefton Climate" /
# "Emergency" / "Strategy"); PDF text keeps one line per printed line.
_COVER_LINE = 45
_COVER_LINES = 4
# Page furniture above or inside a cover: a page number ("1", "P a g e | 1", "PAGE 1 | ..."),
# a web address, a file version ("1-V14-FINAL"); and a page number glued to the first word
# ("1Haringey").
_FURNITURE = re.compile(r"^\d{1,3}$|^(?i:p\s?a\s?g\s?e)\b|(?i:www\.|\.\s?gov\b|\.org\b)|^(?=\S*\d)(?=\S*[A-Z])[A-Z\d/-]+$")
# A line ending in a page number set apart: a running header above the cover ("STRATEGY
# 2020-30    1"), or a contents entry after it ("Foreword      3").
_PAGE_SET_APART = re.compile(r"\S\s{3,}\d{1,3}$")
# A form's label before the title: "REPORT TITLE UPDATE ON THE COUNCIL'S RESPONSE TO THE" /
# "CLIMATE EMERGENCY DECLARATION" (a committee report's cover sheet). Not a bare "Title:",
# which captions a figure ("Title: Earth Warming Stripes 1850-2020").
_TITLE_LABEL = re.compile(r"^\s*(?i:report\s+title|title\s+of\s+(?:the\s+)?report)\s*:?\s+(?=[A-Z])", re.M)
_GLUED_PAGE = re.compile(r"^\d{1,3}(?=[A-Z][a-z])")
# A cover line that leaves its phrase open: the next line finishes it ("PLAN FOR GREATER" /
# "MANCHESTER").
_OPEN_END = re.compile(r"\b(?i:for|of|and|the|to|in|on|greater)$|&$")
_DOT_LEADER = re.compile(r"\.{4,}|…{2,}|(?:\. ){4,}")


def _cover_title(head: str) -> str | None:
    """The title a cover prints over its first few short lines: from the first line to the
    line that names the plan, and on over lines that carry on its phrase ("A 10 Point Plan
    for climate" / "action")."""
    lines = [_GLUED_PAGE.sub("", ln) for ln in cover_lines(head)]
    lines = [ln for ln in lines if ln and not _FURNITURE.search(ln)]
    while lines and _PAGE_SET_APART.search(lines[0]):
        lines.pop(0)
    block: list[str] = []
    for line in lines[:_COVER_LINES]:
        if len(line) > _COVER_LINE or line.endswith("."):
            break
        if block and _PLAN_WORD.search(" ".join(block)) and not (
                line[0].islower() or _PERIOD.match(line) or _OPEN_END.search(block[-1])):
            break
        block.append(line)
    title = _clean_title(" ".join(block))
    return title if _PLAN_WORD.search(title) and 2 <= len(title.split()) <= 14 else None


def _labelled_title(head: str) -> str | None:
    """The title a form's label gives, run on over a line it leaves open."""
    m = _TITLE_LABEL.search("\n".join(head.split("\n")[:20]))  # on the cover sheet; a prefix of head
    if not m:
        return None
    line, *rest = head[m.end():].split("\n")[:2]
    if rest and _OPEN_END.search(line.strip()):
        line += " " + rest[0]
    title = _clean_title(line)
    return title if 2 <= len(title.split()) <= 20 else None


# A page label and what follows it on a running header ("... Strategy 2020-2025   Page 1 of
# 16  East Hampshire District Council").
_PAGE_LABEL = re.compile(r"[ \t]{1,12}Page[ \t]{1,12}\d{1,3}(?:[ \t]{1,12}of[ \t]{1,12}\d{1,3})?\b")
# No title opens with a bullet or a contents entry's page number ("0207 - Introduction"), or
# holds a table's "=" or "|".
_NOT_A_TITLE = re.compile(r"^[^\w“\"‘']|^\d{3,4}\s*[-–]\s|[=|]")
# Words a title leaves in lower case ("Climate and Environment Strategy 2020-2025").
_MINOR = frozenset("a an and as at by for from in into of on or the to with".split())


def _title_case(line: str) -> bool:
    """Whether most of a line's words, leaving out minor words and figures, are capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if w.lower() not in _MINOR]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def title_of(text: str) -> str | None:
    """The first heading near the top that names a plan, else the title printed on the
    cover, else the one a report's cover sheet labels, else a capitalised line naming a
    plan (not page furniture), else the first heading."""
    head = text[:8000]
    headings = [_clean_title(m.group("h") or m.group("b")) for m in _HEADING.finditer(head)]
    headings = [h for h in headings if 3 <= len(h) <= 160]
    for h in headings:
        if _PLAN_WORD.search(h):
            return h
    if not headings and (cover := _cover_title(head)):
        return cover
    if labelled := _labelled_title(head):
        return labelled
    for line in head.splitlines()[:40]:
        if _DOT_LEADER.search(line) or _FURNITURE.search(line.strip()):
            continue  # a contents entry ("The Global Challenge ........ 12"), a running header
        line = _clean_title(_PAGE_LABEL.split(line)[0])
        if _NOT_A_TITLE.search(line):
            continue
        if 8 <= len(line) <= 120 and _PLAN_WORD.search(line) and len(line.split()) >= 3 and _title_case(line):
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
    years = collections.Counter(y - 1 if m <= 3 else y for y, m in months)  # financial years
    start, n = years.most_common(1)[0]  # a tie goes to the year the document dates first
    if n >= 0.5 * len(months):
        return f"{start}/{(start + 1) % 100:02d}", start, start + 1
    # Spread over many years: the plan starts where its dates gather, not at the oldest
    # baseline it cites ("1990 levels", "since 2005"), so half of its dates fall before it.
    fy = sorted(years.elements())
    first = min(fy[(len(fy) - 1) // 2], last)
    return f"{first}-{last}", first, last


def describe(text: str, name: str) -> PlanDocument:
    """The PlanDocument for a decoded text; `name` is its file name (the fallback title)."""
    title = title_of(text)
    inferred = None if title else inferred_title(text)
    period, start, end = period_of(title or inferred, text)
    if inferred:
        title = f"{inferred} {period}" if period and not _YEAR.search(inferred) else inferred
    title = document_mender(text).mend(title) if title else Path(name).stem.replace("_", " ").replace("-", " ")
    return PlanDocument(name=name, title=title, period=period, period_start=start,
                        period_end=end, publisher=document_publisher(text))
