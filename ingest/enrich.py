"""RawRow -> Commitment: parse targets, split owners, find entities, quote their sources.

Every layout reader hands over rows with cells as written (`ingest.rows.RawRow`); this stage
types them the same way for all layouts, so a rule fixed here is fixed for every layout.
Field names and value conventions follow SCHEMA.md section 1 (../shared/eval/SCHEMA.md);
each value found also gets a FieldSpan quoting where in the document it was read.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace

from ontology.authorities import authority_of, place_of
from ontology.records import Commitment, FieldSpan, SourceSpan, Target

from .dates import find_dates, to_target
from .acronyms import Acronyms, defined_acronyms
from .entities import find_entities
from .listed_names import is_listed_body as _listed_body
from .inline_fields import split_inline_fields
from .names import merge_names
from .per_document import once_per_document
from .publisher import document_publisher as publisher
from .parties import split_parties
from .rows import LineIndex, RawRow
from .page_labels import prints_page_labels, without_page_labels
from .split_words import document_mender as word_mender
from .timescales import timescale_date

log = logging.getLogger(__name__)

line_index = once_per_document(LineIndex)
acronyms_of = once_per_document(defined_acronyms)
page_labelled = once_per_document(prints_page_labels)


@once_per_document
def home_area(text: str) -> frozenset[str]:
    """The publisher's own area ("Kingston upon Thames", "Kingston"): a plan names its own
    borough everywhere ("across Kingston"), which is no place a row is about."""
    area = place_of(publisher(text) or "")
    return frozenset({area, area.split(" upon ")[0], area.split(" and ")[0]} - {""})


def _is_publisher(m, own) -> bool:
    """A partner that is the publisher itself ("the Mayor and GLA group" in the Greater
    London Authority's plan): no body partners with itself."""
    return m.kind == "partners" and own is not None and authority_of(m.value) == own


def _about_home(m, mentions, home: frozenset[str]) -> bool:
    """A bare mention of the plan's own area, not listed beside other places."""
    if m.kind != "places" or m.value not in home:
        return False
    return not any(o is not m and o.kind == "places" and (0 <= o.start - m.end <= 3 or 0 <= m.start - o.end <= 3)
                   for o in mentions)


def _locate(value: str, text: str, span: SourceSpan | None) -> tuple[int, int] | None:
    """Offsets of `value` in the document, inside the row's span first. Cells are joined
    across line breaks, so whitespace in the value matches any whitespace in the source."""
    if not value or not text:
        return None
    lo, hi = (span.start, span.end) if span else (0, len(text))
    pos = text.find(value, lo, hi)
    if pos >= 0:
        return pos, pos + len(value)
    words = re.findall(r"\w+|[^\w\s]", value)
    if not words:
        return None
    pattern = re.compile(r"[\s\-]*".join(re.escape(w) for w in words))
    m = pattern.search(text, lo, hi) or pattern.search(text)
    return m.span() if m else None


class _Spans:
    """Collects FieldSpans for one row."""

    def __init__(self, text: str, row: RawRow):
        self.text, self.row, self.spans = text, row, []
        self.index = line_index(text) if text else None

    def add(self, field: str, value: str, quote: str | None = None) -> None:
        if self.index is None:
            return
        where = _locate(quote or value, self.text, self.row.span)
        if where:
            self.spans.append(FieldSpan(field, value, self.index.span(*where)))


def _targets(row: RawRow, timescales: list[str], text: str) -> list[Target]:
    """Target cells as written (a timescale word the plan `text` defines, "Short term",
    dated as it says: ingest.timescales), then deadlines written in the action or milestone
    text ("by October 2025") whose date the cells do not already give (SCHEMA.md: every
    target or deadline given for the row). Progress notes are not searched: they report the past."""
    cells = [t for t in row.target_texts if t and t.strip()]
    cells += [t for t in timescales if t not in cells]
    targets = [to_target(t) for t in cells]
    targets = [t if t.date or not text else replace(t, date=timescale_date(t.text, text)) for t in targets]
    dates = {t.date for t in targets if t.date}
    for source in (row.text, *row.milestones, *row.context):
        for mention in find_dates(source):
            if mention.date not in dates:
                targets.append(Target(mention.quote, mention.date))
                dates.add(mention.date)
    return targets


# Last words of an owner or overseer that is an outside body working with the council
# ("Safer Kingston Partnership", "National Treatment Agency"), as against the council's own
# governance ("Children's Trust Board", "Staying Safe Sub Group", "Cultural Network", "Unit"),
# which oversees a row but is no partner in it.
_OUTSIDE_HEADS = frozenset({"partnership", "agency", "commission", "authority", "council", "service"})


def _party_entities(party: str, acronyms: Acronyms | None) -> list:
    """Partners and places an owner / monitored-by party gives: the whole party when it is a
    listed public body, a defined acronym or an outside body by its last word, and a body or
    site named in brackets after a post ("Youth Support Service Manager (Connexions)",
    "Lead Strategic Manager (Eagle Chambers)"). A body named inside a post or unit ("Head of
    Democratic Services & Partnership", "Voluntary Sector Unit") is not one."""
    core = re.sub(r"\s*\([^)]*\)\s*$", "", party).strip()
    head = core.split()[-1].lower() if core.split() else ""
    out = []
    for m in find_entities(party, acronyms):
        inside_brackets = party.rfind("(", 0, m.start) > party.rfind(")", 0, m.start)
        if m.kind == "places" and inside_brackets:
            out.append(m)
        if m.kind != "partners":
            continue
        whole = re.sub(r"\s*\([^)]*\)\s*$", "", m.quote).strip() == core
        # "the DAAT", or its long form, defined earlier in the document
        defined = acronyms is not None and m.value in {v for _, v in acronyms.names.values()}
        if inside_brackets or whole and (defined or _listed_body(core) or head in _OUTSIDE_HEADS):
            out.append(m)
    return out


def to_commitment(row: RawRow, cid: str, document: str, text: str) -> Commitment:
    """Type one row's cells: Target dates, one owner per post, entities named anywhere in
    the row (text, milestones, progress, context cells), each with the span it came from.
    Fields written inline after the action ("... Owner: Estates.") are split out first."""
    if text and page_labelled(text):
        row = without_page_labels(row)
    row = split_inline_fields(row)
    owners, timescales = split_parties(row.owners_text)
    monitored_by, _ = split_parties(row.monitored_by_text)
    targets = _targets(row, timescales, text)
    spans = _Spans(text, row)

    found: dict[str, list[str]] = {"partners": [], "places": [], "strategies": [], "indicators": []}
    quotes: dict[tuple[str, str], str] = {}
    home = home_area(text) if text else frozenset()
    own = authority_of(publisher(text)) if text else None
    acronyms = acronyms_of(text) if text else None
    for piece in (row.text, *row.milestones, row.progress or "", *row.context):
        mentions = find_entities(piece, acronyms)
        for m in mentions:
            if _about_home(m, mentions, home) or _is_publisher(m, own):
                continue
            found[m.kind].append(m.value)
            quotes.setdefault((m.kind, m.value), m.quote)
    # Partner bodies also lead or oversee rows ("Kingston Strategic Partnership / Chief Policy
    # Officer", monitored by "National Treatment Agency"); gold 004 lists them as partners.
    for party in (*owners, *monitored_by):
        for m in _party_entities(party, acronyms):
            found[m.kind].append(m.value)
            quotes.setdefault((m.kind, m.value), m.quote)
    entities = {kind: merge_names(values) for kind, values in found.items()}

    for owner in owners:
        spans.add("owners", owner)
    for body in monitored_by:
        spans.add("monitored_by", body)
    for t in targets:
        spans.add("targets", t.text)
    for kind, values in entities.items():
        for v in values:
            spans.add(kind, v, quotes.get((kind, v)))

    # Entities and spans above were read from the text as printed; what a reader sees and
    # lineage compares has its split words mended ("infrastru cture" -> "infrastructure").
    mend = word_mender(text).mend if text else (lambda piece: piece)
    return Commitment(
        id=cid, document=document, text=mend(row.text), ref=row.ref, section_path=row.section_path,
        milestones=tuple(mend(m) for m in row.milestones), targets=tuple(targets), owners=tuple(owners),
        status=row.status, progress=row.progress, monitored_by=tuple(monitored_by),
        indicators=tuple(entities["indicators"]), partners=tuple(entities["partners"]),
        places=tuple(entities["places"]), strategies=tuple(entities["strategies"]),
        span=row.span, field_spans=tuple(spans.spans))
