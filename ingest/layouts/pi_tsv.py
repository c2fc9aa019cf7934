"""Tab-separated action plans with numbered rows under directorate blocks.

Shape (seed 004, a 2008 Community Cohesion Action Plan): a header "No | Activity | Link to
Performance Indicators, Key Strategies & Plans | Lead Responsibility & Timescales |
Progress Monitored By | Progress 2008"; rows whose first cell holds only a name
("Chief Executive", "Community Services") open a directorate block, the section; a line
starting with a tab continues several cells of the row above at once, each piece in its
own column; stray HTML tags (<p>) survive from the source; and one cell mixes the lead
with the timescale ("Kingston Strategic Partnership / Chief Policy Officer On-going"),
which is split here so owners and targets can be parsed apart downstream.
"""
from __future__ import annotations

import logging
import re

from ..entities import find_entities
from ..rows import LineIndex, RawRow
from .tsv_cells import MIXED_TIMESCALE, Draft, is_ref, lines, map_header, split_cells

NAME = "pi_tsv"
log = logging.getLogger(__name__)


# A column tying each activity to indicators / strategies ("Link to Performance
# Indicators, Key Strategies & Plans"), as opposed to a bare KPI column of a generic table.
_LINKED = re.compile(r"\blink|strateg|\bplans?\b", re.I)


def _header(text: str) -> tuple[int, dict[int, str], list[str]] | None:
    """(line number, column roles, header names) of a numbered activity table's header."""
    for n, start, end in lines(text):
        if text.count("\t", start, end) < 3:
            continue
        cells = split_cells(text, start, end)
        roles = map_header(cells)
        have = set(roles.values())
        linked = any(r == "context" and _LINKED.search(cells[i].value) for i, r in roles.items())
        if "ref" in have and "text" in have and "section" not in have and (
                linked or "monitored_by" in have):
            return n, roles, [c.value for c in cells]
    return None


def looks_like(text: str) -> float:
    """High when a tab header has a number column, an activity column and a column
    linking to indicators/strategies or naming who monitors progress, and numbered rows
    follow it."""
    found = _header(text)
    if not found:
        return 0.0
    n, roles, _ = found
    ref_col = next(i for i, r in roles.items() if r == "ref")
    numbered = sum(1 for ln in text.split("\n")[n:]
                   if "\t" in ln and is_ref(ln.split("\t")[ref_col] if ref_col < len(ln.split("\t")) else ""))
    if numbered < 3:
        return 0.3
    have = set(roles.values())
    return 0.8 + 0.05 * ("context" in have) + 0.05 * ("monitored_by" in have)


def _block_name(cells) -> str | None:
    """A directorate block row: only the first cell filled, and not a row number."""
    first = cells[0].value if cells else ""
    if first and not is_ref(first) and not any(c.value for c in cells[1:]) and len(first) < 80:
        return first
    return None


def read(text: str, source: str) -> list[RawRow]:
    found = _header(text)
    if not found:
        return []
    n, roles, names = found
    mixed_lead = any(r == "owners" and MIXED_TIMESCALE.search(names[i]) for i, r in roles.items())
    ref_col = next(i for i, r in roles.items() if r == "ref")
    section: str | None = None
    drafts: list[tuple[Draft, str | None]] = []
    for num, start, end in lines(text):
        if "\t" not in text[start:end]:
            continue
        cells = split_cells(text, start, end)
        block = _block_name(cells)
        if block is not None:
            # Blocks may open before the header (seed 004's first block sits above it).
            section = block
            continue
        if num <= n or map_header(cells) == roles:
            continue  # before the table, or the header repeated on a later page
        ref = cells[ref_col].value if ref_col < len(cells) else ""
        if is_ref(ref):
            drafts.append((Draft(first=start, last=end), section))
        elif not drafts:
            continue
        cur = drafts[-1][0]
        for i, cell in enumerate(cells):
            if i in roles:
                cur.add(roles[i], cell)
        cur.last = max(cur.last, end)
    index = LineIndex(text)
    rows = [_row(d, sec, index, mixed_lead) for d, sec in drafts]
    log.debug("%s: %d rows in a numbered activity table", source, len(rows))
    return rows


_PERIOD_END = re.compile(r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?$")


def _named_plan_in_lead(cell: str) -> tuple[str, str | None]:
    """Split off a plan named with its period after the lead: "Head of Housing Housing
    Strategy Statement 2007-2010 currently consultation draft" leads with "Head of Housing";
    the rest names the plan the row works under (its period is no deadline) and a note."""
    for m in find_entities(cell):
        if m.kind == "strategies" and m.start > 0 and _PERIOD_END.search(m.value) \
                and cell[:m.start].strip(_EDGE):
            return cell[:m.start].strip(_EDGE), cell[m.start:].strip(_EDGE)
    return cell, None


def _row(d: Draft, section: str | None, index: LineIndex, mixed_lead: bool) -> RawRow:
    owners, targets = d.value("owners"), []
    context = [d.value("context")] if d.value("context") else []
    if mixed_lead and owners:
        owners, plan = _named_plan_in_lead(owners)
        if plan:
            context.append(plan)
        owners, targets = split_lead_timescale(owners)
    if d.value("targets"):
        targets.insert(0, d.value("targets"))
    monitored, when = trailing_timescale(d.value("monitored_by"))
    if when and when.lower() not in (t.lower() for t in targets):
        targets.append(when)
    return RawRow(
        text=d.value("text"), span=d.span(index),
        ref="".join(c.value for c in d.pieces.get("ref", [])).rstrip(".") or None,
        section_path=(section,) if section else (),
        target_texts=tuple(targets), owners_text=owners or None,
        status=d.value("status") or None, progress=d.value("progress") or None,
        monitored_by_text=monitored or None,
        milestones=(d.value("milestones"),) if d.value("milestones") else (),
        context=tuple(context), cells=d.spans(index))


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Words that open a timescale inside a lead cell. Kept to phrases that name a time or a
# rhythm, so job titles ("Head of Housing") are never cut.
_TIMESCALE = re.compile(
    rf"\b(?:on[\s-]?going|annual(?:ly)?|quarterly|monthly|weekly|termly|yearly|as required|"
    rf"as and when|complete[ds]?\b|implementation\b|{_MONTH}\s*'?\d{{2,4}}\b|"
    rf"(?:spring|summer|autumn|winter)\s*'?\d{{2,4}}|(?:19|20)\d\d(?:\s*[-/–]\s*\d{{2,4}})?\b)",
    re.I)
# A dash or semicolon followed by lower-case words starts a timescale note:
# "Voluntary Sector Unit – in relation to annual programmes ..."
_LOWER_NOTE = re.compile(r"\s[–—-]\s+(?=[a-z])|;\s*(?=(?!the\b|a\b|an\b)[a-z])")
_TIMED_PAREN = re.compile(
    r"\(([^()]*\b(?:every|annual\w*|quarterly|monthly|weekly|years?|months?|on[\s-]?going|"
    r"(?:19|20)\d\d)\b[^()]*)\)", re.I)
_EDGE = " \t,;:/–—-"
# Words that open a dated phrase ("New contract 2008", "Full review 2011") just before a
# date the timescale pattern found; followed only by lower-case words, so titles stay whole.
_OPENER = re.compile(r"\b(?i:new|next|first|final|full|initial|phase|review|launch|start|end)"
                     r"(?:\s+[a-z]+){0,3}\s*$")


def split_lead_timescale(cell: str) -> tuple[str, list[str]]:
    """Split a "Lead Responsibility & Timescales" cell into (owners, timescales).

    "Kingston Strategic Partnership / Chief Policy Officer On-going" ->
    ("Kingston Strategic Partnership / Chief Policy Officer", ["On-going"])."""
    targets = [m.group(1).strip() for m in _TIMED_PAREN.finditer(cell)]
    rest = _TIMED_PAREN.sub(" ", cell)
    cuts = [m.start() for m in (_TIMESCALE.search(rest), _LOWER_NOTE.search(rest)) if m]
    if cuts:
        cut = min(cuts)
        opener = _OPENER.search(rest[:cut])
        if opener:  # "... Waste Management New contract 2008": the phrase opens the timescale
            cut = opener.start()
        when = rest[cut:].strip(_EDGE)
        rest = rest[:cut]
        targets.extend(_two_timescales(when))
    return " ".join(rest.split()).strip(_EDGE), targets


_ONGOING_THEN = re.compile(r"^(on[\s-]?going)\s+([0-9A-Z].*)$", re.I)
_DATE_THEN_ONGOING = re.compile(r"^(.*\d)\s+(on[\s-]?going)$", re.I)


def _two_timescales(when: str) -> list[str]:
    """"ongoing 10% reduction ... by 2010" and "New contract 2008 On-going" are two
    timescales run together; "Ongoing in 2008" and "On-going - note" stay one."""
    if not when:
        return []
    m = _ONGOING_THEN.match(when)
    if m and not m.group(2)[0].islower():
        return [m.group(1), m.group(2)]
    m = _DATE_THEN_ONGOING.match(when)
    if m:
        return [m.group(1), m.group(2)]
    return [when]


_TRAILING = re.compile(
    rf"\s(on[\s-]?going|{_MONTH}\s*'?\d{{2,4}}|(?:19|20)\d\d|annual(?:ly)?|quarterly)\s*\.?$", re.I)


_ONLY_TIME = re.compile(r"^\s*(as required|as and when|on[\s-]?going|annual(ly)?|quarterly|monthly)\s*\.?\s*$", re.I)


def trailing_timescale(cell: str) -> tuple[str, str | None]:
    """A monitoring body followed by a timescale ("Directorate Leadership Team Ongoing")."""
    if _ONLY_TIME.match(cell or ""):
        return "", cell.strip(_EDGE)
    m = _TRAILING.search(cell or "")
    if not m or not cell[:m.start()].strip():
        return cell, None
    return cell[:m.start()].strip(_EDGE), m.group(1)
