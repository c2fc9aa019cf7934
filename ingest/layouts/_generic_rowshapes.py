"""Rows for the flattened-table shapes of `_generic_blocks`, cut from the generic reader's
lines. Each function takes the reader and a line index and returns the index after the
row it read, or None when the line does not start such a row.
"""
from __future__ import annotations

import re

from ..parties import is_party
from ..rows import RawRow
from . import _generic_blocks as blocks
from . import _generic_phrases as phrases
from .tsv_cells import looks_like_status

_MAX_ROW_LINES = 25
_DATE_CELL = re.compile(r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                        r"\b|\bq[1-4]\b|on-?going|short|medium|long|term\b", re.IGNORECASE)


def _words(lines: list[str]) -> str:
    out = ""
    for s in (ln.strip() for ln in lines):
        if not s:
            continue
        out = out + s if out.endswith("-") and s[:1].islower() else f"{out} {s}".strip()
    return re.sub(r"\s+", " ", out)


def _date_cell_ahead(lines: list[str], j: int, reach: int = 6) -> bool:
    """A date cell within `reach` lines from j, before a blank line or a row reference."""
    for k in range(j, min(j + reach, len(lines))):
        if not lines[k].strip() or blocks.ref_only(lines[k]):
            return False
        if phrases.date_cell(lines[k]):
            return True
    return False


def _repeat_in_row(lines: list[str], j: int, text_lines: list[str], open_text: bool) -> bool:
    """A line repeated down the page is still this row's when it finishes the action's open
    sentence ("... standards for our" / "assets") or sits before the row's date cells (an
    owner cell): short cells recur in a table flattened one cell a line."""
    if not text_lines:
        return False
    if open_text and len(_words(text_lines).split()) >= 4 and phrases.ends_mid_sentence(text_lines[-1]):
        return True
    return _date_cell_ahead(lines, j)


def _owner_cell(lines: list[str]) -> tuple[list[str], list[str]] | None:
    """An action cell followed by a narrower owner cell, one cell a line ("... energy sector",
    "in Kingston", "Assistant Director of", "Regeneration &", "Economic Recovery"): split
    where a capitalised line, after a finished one, opens a run of lines at most 60% as wide
    as the action's widest that reads (or whose first line reads) as a post, team or body.
    None when there is no such cell."""
    for k in range(1, len(lines)):
        head, tail = lines[:k], lines[k:]
        widest = max(len(x.strip()) for x in head)
        if (tail[0].strip()[:1].isupper() and not phrases.ends_mid_sentence(head[-1])
                and all(len(x.strip()) <= 0.6 * widest for x in tail)
                and (is_party(_words(tail)) or is_party(tail[0]))):
            return head, tail
    return None


def glued_row(r, i: int) -> int | None:
    """"1Review of standard ..." under a flattened header: rows numbered 1, 2, 3 ... with the
    number and every cell glued together; the action is the text before the first glue,
    the deadline and owner are read from the row's last line."""
    found = blocks.glued_number(r.lines[i])
    if found is None or not r.flat:
        return None
    num, at = found
    if r.glued_next is not None and num not in (r.glued_next, 1):
        return None  # numbers run in sequence; "2030Targets" in prose is no row
    j = i + 1
    while j < len(r.lines) and j - i < _MAX_ROW_LINES:
        s = r.lines[j].strip()
        nxt = blocks.glued_number(r.lines[j])
        if not s or s in r.furniture or (nxt and nxt[0] in (num + 1, num + 2)):
            break
        j += 1
    body = _words([r.lines[i][at:]] + r.lines[i + 1:j])
    cut = blocks.first_glue(body)
    text = body[:cut] if cut and cut >= 20 else body
    target, owner = blocks.glued_tail(r.lines[j - 1])
    r.glued_next = num + 1
    start = r.index.starts[i] + at
    r.rows.append(RawRow(
        text=text.strip(), span=r.index.span(start, r.index.starts[j - 1] + len(r.lines[j - 1].rstrip())),
        ref=str(num), section_path=r.section_path(), target_texts=(target,) if target else (),
        owners_text=owner, cells={"text": r.index.span(start, start + len(r.lines[i][at:].rstrip()))}))
    return j


def ref_line_row(r, i: int) -> int | None:
    """A row reference alone on its line ("1.1", "E1") with the action on the lines below,
    in a document that numbers at least three rows this way. Bullets below the action are
    its milestones; repeated column text (running headers, a repeated objective) ends it."""
    ref, ref_at = blocks.ref_only(r.lines[i]), 0
    if ref is None:
        ref, ref_at = next(((g, at) for g, at in blocks.glued_refs(r.lines[i]) if r.next_sibling(g)), (None, 0))
    if ref is None or r.ref_lines < 3:
        return None
    j = i + 1
    while j < len(r.lines) and not r.lines[j].strip():
        j += 1
    if j >= len(r.lines) or not r.lines[j].strip()[:1].isupper():
        return None
    first, text_lines, milestones, targets, after = j, [], [], (), []
    date_cells, status_cells = [], []
    while j < len(r.lines) and j - first < _MAX_ROW_LINES:
        line = r.lines[j]
        s = line.strip()
        wrapped = _wrapped_cell(r.lines, j) if text_lines else None
        if wrapped:  # "April" / "2022", "In" / "progress": one narrow cell over two lines
            s, j = wrapped, j + 1
        cell = bool(text_lines) and phrases.date_cell(s)
        status = bool(text_lines) and not cell and looks_like_status(s)
        running_header = s in r.furniture and not (cell or status) and not (
            not date_cells and _repeat_in_row(r.lines, j, text_lines, open_text=not (targets or milestones)))
        if (not s or blocks.ref_only(line) or running_header or s.startswith(("#", "|")) or "\t" in line
                or any(blocks.follows(g, ref) for g, _ in blocks.glued_refs(line))
                or (text_lines and r.title_like(j) and text_lines[-1].endswith("."))):
            break
        if cell or status:
            (date_cells if cell else status_cells).append(s)
            j += 1
            continue
        if (date_cells or status_cells) and (_owner_cell(text_lines) or not is_party(s)):
            break  # the row's cells are done: what follows is the next row's group, a cost...
        item = phrases.list_item(line)
        if targets or date_cells or status_cells:
            # After the timescale column come cost/owner cells: keep the worded ones.
            if re.search(r"[A-Za-z]{3}", s):
                after.append(s)
        elif item is not None and item[0] is None:
            milestones.append(line[item[1]:].strip())
        elif milestones:
            milestones[-1] = _words([milestones[-1], s])
        elif "»" in s:  # a bullet glued after the action: "for Reading »Develop ..."
            head, _, tail = s.partition("»")
            text_lines.append(head)
            milestones.append(tail.strip())
        else:
            head, found = phrases.trailing_target(s)
            text_lines.append(head if found and len(head.split()) >= 2 else s)
            # A timescale at a line end closes the action cell ("... engagement.  Short term").
            targets = found if found and head != s else ()
        j += 1
    owner_lines = []
    if date_cells or status_cells:
        text_lines, owner_lines = _owner_cell(text_lines) or (text_lines, [])
        targets = targets + tuple(date_cells)
    text = _words(text_lines)
    if not targets:
        text, targets = phrases.trailing_target(text)
    if len(text.split()) < 4:
        return None
    owner = "; ".join(after) if after and len(after) <= 2 and all(len(a) < 80 for a in after) else None
    owner = _words(owner_lines) if owner_lines else owner
    start = r.index.starts[first] + (len(r.lines[first]) - len(r.lines[first].lstrip()))
    end = r.index.starts[j - 1] + len(r.lines[j - 1].rstrip())
    r.rows.append(RawRow(text=text, span=r.index.span(r.index.starts[i] + ref_at, end), ref=ref,
                         section_path=r.section_path(), milestones=tuple(m for m in milestones if m),
                         target_texts=targets, owners_text=owner,
                         status="; ".join(status_cells) if status_cells else None,
                         cells={"text": r.index.span(start, end)}))
    return j


def _wrapped_cell(lines: list[str], j: int) -> str | None:
    """A date or status cell wrapped over two lines ("April" / "2022", "In" / "progress"),
    joined; None when line j is not the first word of one."""
    s = lines[j].strip()
    if len(s.split()) != 1 or j + 1 >= len(lines) or phrases.date_cell(s) or looks_like_status(s):
        return None
    both = f"{s} {lines[j + 1].strip()}"
    return both if phrases.date_cell(both) or looks_like_status(both) else None


def word_tab_row(r, i: int) -> int | None:
    """A table whose words are separated by tabs: "\\tS4\\t Introduce\\tLED\\tlighting\\t\\t HOS ...".
    The row starts at a reference cell followed by the action cell; the action continues
    on the lines below whose first cell sits in the leftmost text column."""
    line = r.lines[i]
    if not blocks.word_tabbed(line):
        return None
    cells = blocks.word_tab_cells(line)
    k = next((n for n, c in enumerate(cells[:-1])
              if phrases.looks_like_ref(c[2]) and any(ch.isalpha() for ch in c[2])
              and re.search(r"[A-Za-z]{3}", cells[n + 1][2])), None)
    if k is None:
        return None
    text_parts = [cells[k + 1][2]]
    rest = [c[2] for c in cells[k + 2:]]
    owner = rest[0] if rest and not _DATE_CELL.search(rest[0]) else None
    target = next((c for c in rest[:3] if _DATE_CELL.search(c)), None)
    j = i + 1
    while j < len(r.lines) and j - i < _MAX_ROW_LINES and "\t" in r.lines[j]:
        nxt = blocks.word_tab_cells(r.lines[j])
        if any(phrases.looks_like_ref(c[2]) and any(ch.isalpha() for ch in c[2]) for c in nxt):
            break
        if nxt and nxt[0][0] <= 3:
            text_parts.append(nxt[0][2])
        j += 1
    text = _words(text_parts)
    start = r.index.starts[i] + cells[k + 1][1]
    r.rows.append(RawRow(
        text=text, span=r.index.span(start, r.index.starts[j - 1] + len(r.lines[j - 1].rstrip())),
        ref=cells[k][2], section_path=r.section_path(), target_texts=(target,) if target else (),
        owners_text=owner, cells={"text": r.index.span(start, start + len(cells[k + 1][2]))}))
    return j


# A row that ends in a run of rating cells, each action scored by column: "... by 2025  Medium
# High  Medium" (CO2 reduction, cost, feasibility: Monmouthshire 2019), "... at Follaton
# House1 N Med Low 2 years" (influence 1-4, doing now, carbon and biodiversity saving, time:
# South Hams 2019). Ratings are capitalised words, or Y/N in either case; a time (a
# timescale or "6 months") may follow, and a notes cell glued after the run is dropped.
_RATING = r"(?:High|Medium|Med|Low|Easier|Harder|Easy|Hard|Yes|No|[YyNn]|H|M|L)"
# Gaps are bounded ([ \t]{1,12}): an unbounded run would make a line of spaces quadratic.
_RATED = re.compile(
    rf"(?:(?<=[a-z.)])\d|[ \t]{{1,12}}\d)?(?:[ \t]{{1,12}}{_RATING}){{2,}}"
    rf"(?:[ \t]{{1,12}}(?P<t>\d{{1,2}}[ \t]?(?:weeks?|months?|years?)|on\s?going|{phrases.TIMESCALE}))?"
    rf"[ \t]*(?:$|(?=[A-Z][a-z]))")
_MAX_RATED_LINES = 6
MIN_RATED_ROWS = 3
# A sentence that ends inside a block, before the action that opens the row's own cell.
_SENTENCE_END = re.compile(r"[.”\"]\s*(?=[“\"]?[A-Z])")


def _time_after(rated: re.Match) -> tuple[str, ...]:
    """The time cell after a run of ratings, as the row's target texts."""
    return (rated.group("t"),) if rated.group("t") else ()


def strip_ratings(text: str) -> tuple[str, tuple[str, ...]]:
    """A list item's text without the rating cells that end it, and the time after them as
    its target (a bulleted row of a rated table)."""
    end = _RATED.search(text)
    if not end or end.end() < len(text.rstrip()) or end.start() == 0:
        return text, ()
    return text[:end.start()].rstrip(), _time_after(end)


def rated_lines(lines: list[str]) -> int:
    """How many lines end a row with a run of rating cells (see _RATED)."""
    return sum(1 for ln in lines if _RATED.search(ln))


def rated_row(r, i: int) -> int | None:
    """An action whose row ends, within a few lines, in a run of rating cells, in a document
    with at least MIN_RATED_ROWS of them. The row runs from line i to the rated line; when
    the lines before hold another cell's text (notes, a category), the action is the last
    sentence that reads like one."""
    opening = r.lines[i].strip()[:1]
    if r.rated_lines < MIN_RATED_ROWS or not (opening.isupper() or opening.isdigit()):
        return None
    for k in range(i, min(i + _MAX_RATED_LINES, len(r.lines))):
        s = r.lines[k].strip()
        if not s or s in r.furniture or s.startswith(("#", "|")):
            return None
        end = _RATED.search(r.lines[k])
        if end:
            break
    else:
        return None
    body = _words(r.lines[i:k] + [r.lines[k][:end.start()]])
    text = body
    if not phrases.reads_like_commitment(text):
        cuts = [m.end() for m in _SENTENCE_END.finditer(body)]
        text = next((body[c:] for c in reversed(cuts) if phrases.reads_like_commitment(body[c:])), "")
        if not text:
            return None
    text = text.strip("“\"” ")
    start = r.index.starts[i] + len(r.lines[i]) - len(r.lines[i].lstrip())
    first = r.text.find(text.split()[0], start)
    start = first if first >= 0 else start
    end_at = r.index.starts[k] + end.start()
    r.rows.append(RawRow(text=text, span=r.index.span(start, end_at), section_path=r.section_path(),
                         target_texts=_time_after(end),
                         cells={"text": r.index.span(start, end_at)}))
    return k + 1
