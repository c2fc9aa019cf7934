"""Reader for a two-column action table whose PDF was flattened to plain text.

The shape (a delivery plan exported with a PDF-to-text tool): every page repeats the
table's header row ("Action or activity  Measure, milestone or metric ... target"); a
section heading sits on a line of its own; each row is the action cell then the measure
cell, and a labelled target ("Target delivery: Mar 2024") closes the row. Blank lines do
not reliably separate rows, and a one-line action is often run together with the first
line of its measure ("Deliver the X programme Extension of the existing ...").

So rows are cut at the target labels, each row body is split into action and measure
(by paragraph when the cells were kept apart, otherwise at the word where the measure
begins), and headings are recognised by shape. A heading may be printed after the rows it
heads when a page has none at the top (SCHEMA.md section 1: repeated table headers are not
sections).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ..rows import LineIndex, RawRow
from ._flattened_text import REF, TARGET_LABEL, Doc, Para, Target, header_lines

log = logging.getLogger(__name__)

NAME = "flattened_table"


@dataclass
class _Row:
    body: list[Para]
    target: Target | None
    headings: tuple[str, ...]


def looks_like(text: str) -> float:
    """High when rows are closed by target labels and a table header repeats per page."""
    if not text.strip():
        return 0.0
    lines = text.split("\n")
    n_targets = len(TARGET_LABEL.findall(text))
    if n_targets < 3:
        return 0.0
    # Tab- or pipe-separated tables and markdown documents have their own readers.
    tabular = sum(1 for ln in lines if "\t" in ln or ln.lstrip().startswith("|"))
    md_heads = sum(1 for ln in lines if re.match(r"#{1,6}\s", ln))
    nonblank = sum(1 for ln in lines if ln.strip()) or 1
    if tabular / nonblank > 0.2 or md_heads / nonblank > 0.1:
        return 0.1
    repeated = len(header_lines(lines))
    if not repeated:  # labelled deadlines alone are common in numbered lists and prose
        return 0.3
    score = 0.45 * min(1.0, n_targets / 8)
    score += 0.45 if repeated >= 2 else 0.2
    # Row-closing labels end their line (or the next one) in this layout; in prose they don't.
    closing = sum(1 for m in TARGET_LABEL.finditer(text)
                  if len(text[m.end():text.find("\n", m.end()) % (len(text) + 1)].strip()) <= 25)
    score += 0.1 * (closing / n_targets)
    return round(min(score, 1.0), 3)


def read(text: str, source: str) -> list[RawRow]:
    """Cut the document into one RawRow per table row, in document order."""
    idx = LineIndex(text)
    doc = Doc(text)
    rows: list[RawRow] = []
    path: tuple[str, ...] = ()
    for page_start, page_end in doc.pages():
        page_rows, trailing = _cut_page(doc, page_start, page_end)
        # A page with no heading before its first row may carry its heading after the rows.
        if trailing:
            for r in page_rows:
                if r.headings:
                    break
                r.headings = trailing
        for r in page_rows:
            if r.headings:
                path = r.headings
            made = _to_raw(doc, idx, r, path)
            if made is not None:
                rows.append(made)
        if trailing:
            path = trailing
    log.debug("%s: %d rows in flattened table", source, len(rows))
    return rows


def _cut_page(doc: Doc, start: int, end: int) -> tuple[list[_Row], tuple[str, ...]]:
    """The rows of one page, and the heading printed after them (if any)."""
    out: list[_Row] = []
    cursor = start
    for target in doc.targets_between(start, end):
        paras = doc.paragraphs(cursor, target.label_start)
        headings, body = _take_headings(doc, paras, first_on_page=not out)
        out.append(_Row(body, target, headings))
        cursor = target.end
    residue = doc.paragraphs(cursor, end)
    trailing: tuple[str, ...] = ()
    if residue and len(residue) <= 2 and all(doc.heading_like(p) for p in residue):
        trailing = tuple(doc.para_text(p) for p in residue)
    elif residue:
        log.debug("text after the last target on a page is not a row: %r",
                  doc.para_text(residue[0])[:60])
    return out, trailing


def _take_headings(doc: Doc, paras: list[Para], first_on_page: bool):
    """Split leading heading paragraphs off a row body; a heading is kept only when what
    is left still makes a row (an action and a measure)."""
    heads: list[str] = []
    while len(paras) >= 2 and doc.heading_like(paras[0]):
        rest = paras[1:]
        verb = doc.starts_with_verb(paras[0])
        if first_on_page and not heads and (len(rest) >= 2 or not verb):
            # Straight under the repeated table header, a short unpunctuated line is the
            # table's full-width section row, which PDF tables repeat at the top of a page.
            ok = True
        elif verb:
            ok = False  # a one-line action ("Deliver the school streets programme")
        elif len(rest) >= 2:
            ok = True
        else:  # one paragraph left: it must hold the action and the measure run together
            ok = doc.merged_split(rest[0]) is not None and (
                doc.is_long(rest[0][0]) or doc.starts_with_verb(rest[0]))
        if not ok:
            break
        heads.append(doc.para_text(paras[0]))
        paras = rest
    return tuple(heads), paras


def _to_raw(doc: Doc, idx: LineIndex, r: _Row, path: tuple[str, ...]) -> RawRow | None:
    if not r.body:
        return None
    if len(r.body) >= 2:
        action_segs = r.body[0]
        measure_segs = [s for p in r.body[1:] for s in p]
    else:
        action_segs, measure_segs = doc.split_paragraph(r.body[0])
    action = doc.join(action_segs)
    if not action:
        return None
    ref = None
    m = REF.match(action)
    if m:
        ref, action = m.group(1), action[m.end():]
    first = action_segs[0].start
    last = r.target.end if r.target else (measure_segs or action_segs)[-1].end
    cells = {"text": idx.span(first, action_segs[-1].end)}
    milestones: tuple[str, ...] = ()
    if measure_segs:
        cells["milestones"] = idx.span(measure_segs[0].start, measure_segs[-1].end)
        milestones = tuple(doc.split_measures(measure_segs))
    targets: tuple[str, ...] = ()
    if r.target and r.target.value:
        targets = (r.target.value,)
        cells["targets"] = idx.span(r.target.value_start, r.target.end)
    return RawRow(text=action, span=idx.span(first, last), ref=ref, section_path=path,
                  milestones=milestones, target_texts=targets, cells=cells)
