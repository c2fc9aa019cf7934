"""Tab-separated peer-review action plans (an LGA Corporate Peer Challenge response).

Shape (seed 002): a header "Peer Review Recommendation | (ref) | Activity | Leadership
Owner | Target for completion | Status | Comments/Milestones"; the recommendation cell is
filled only on the first row of its group and is the section of every row below it;
upper-case rows with every other cell empty are themes ("FINANCIAL CHALLENGE") above
the recommendations; a cell that wrapped in the source continues on a following line
that starts with tabs, keeping its column; and the PDF extraction sometimes swaps the
target and status cells, which is undone by content (a date in the status column).
"""
from __future__ import annotations

import logging
import re

from ..rows import LineIndex, RawRow
from .tsv_cells import (Cell, Draft, is_ref, join, lines, looks_like_date, looks_like_status,
                        map_header, split_cells)

NAME = "peer_tsv"
log = logging.getLogger(__name__)

_REVIEW = re.compile(r"peer|review|challenge|recommendation|inspection|audit", re.I)


def _header(text: str) -> tuple[int, dict[int, str]] | None:
    """(line number, column roles) of the first header with a recommendation column."""
    for n, start, end in lines(text):
        if "\t" not in text[start:end]:
            continue
        roles = map_header(split_cells(text, start, end))
        have = set(roles.values())
        if "section" in have and "text" in have and ({"owners", "targets", "status"} & have):
            return n, roles
    return None


def looks_like(text: str) -> float:
    """High when a tab-separated header names a recommendation column beside activity,
    owner/target/status columns, and numbered rows follow."""
    found = _header(text)
    if not found:
        return 0.0
    n, roles = found
    width = max(roles) + 1
    body = [ln for ln in text.split("\n")[n:] if ln.count("\t") >= width - 2]
    numbered = sum(1 for ln in body if any(is_ref(c) for c in ln.split("\t")[:3]))
    if numbered < 3:
        return 0.3
    if not _grouped(body, next(i for i, r in roles.items() if r == "section")):
        return 0.4  # a per-row category column ("High", "Medium"), not a recommendation
    score = 0.75 + (0.15 if _REVIEW.search(text.split("\n")[n - 1]) else 0.0)
    return min(score + 0.05 * ("status" in roles.values()), 0.95)


def _grouped(body: list[str], sec_col: int) -> bool:
    """A recommendation column holds long text, filled only on its group's first row."""
    vals = [ln.split("\t")[sec_col].strip() if sec_col < len(ln.split("\t")) else "" for ln in body]
    filled = [v for v in vals if v]
    if not filled:
        return False
    return len(filled) < len(vals) or sum(map(len, filled)) / len(filled) >= 30


def _ref_column(text: str, n: int, roles: dict[int, str]) -> int | None:
    """The column holding row numbers; its header is often blank (seed 002)."""
    for i, r in roles.items():
        if r == "ref":
            return i
    counts: dict[int, int] = {}
    for ln in text.split("\n")[n:n + 60]:
        for i, c in enumerate(ln.split("\t")):
            if i not in roles and c.strip() and is_ref(c):
                counts[i] = counts.get(i, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _is_theme(cells: list[Cell]) -> bool:
    """A row naming a theme: only its first cell filled, in capitals."""
    first = cells[0].value if cells else ""
    return (bool(first) and first.upper() == first and any(ch.isalpha() for ch in first)
            and not any(c.value for c in cells[1:]))


def _continues_ref(prev: str | None, piece: str) -> bool:
    """"21." then "5" on the next line is one ref cut in two ("21.5"), not row 5: a bare
    number smaller than the current top-level number cannot start a new row."""
    if not prev or not prev.endswith(".") or not re.fullmatch(r"\d{1,3}", piece):
        return False
    return int(piece) < int(re.match(r"\d+", prev).group())


def _starts_unnumbered_row(cells: list[Cell], roles: dict[int, str]) -> bool:
    """Without row numbers, a row starts where the activity opens with a capital and an
    owner, target or status is given; a wrapped cell carries on in lower case."""
    got = {roles[i]: c.value for i, c in enumerate(cells) if i in roles and c.value}
    act = got.get("text", "")
    return bool(act) and not act[0].islower() and bool({"owners", "targets", "status"} & set(got))


class _Group:
    """A recommendation (the section) with its theme, gathered across lines."""

    def __init__(self, theme: str | None):
        self.theme = theme
        self.cells: list[Cell] = []

    def path(self) -> tuple[str, ...]:
        rec = join([c.text for c in self.cells])
        return tuple(p for p in (self.theme, rec) if p)


def read(text: str, source: str) -> list[RawRow]:
    found = _header(text)
    if not found:
        return []
    n, roles = found
    ref_col = _ref_column(text, n, roles)
    if ref_col is not None:
        roles = {**roles, ref_col: "ref"}
    sec_col = next(i for i, r in roles.items() if r == "section")
    drafts: list[tuple[Draft, _Group]] = []
    theme: str | None = None
    group: _Group | None = None
    header_line = text.split("\n")[n - 1]
    for _num, start, end in lines(text)[n:]:
        line = text[start:end]
        if "\t" not in line or line == header_line:
            continue  # prose between tables, or the header repeated on a new page
        cells = split_cells(text, start, end)
        if _is_theme(cells):
            theme, group = cells[0].value, None
            continue
        ref = cells[ref_col].value if ref_col is not None and ref_col < len(cells) else ""
        cur = drafts[-1][0] if drafts else None
        if ref_col is not None:
            new_row = is_ref(ref) and not (cur and _continues_ref(cur.value("ref"), ref))
        else:
            new_row = _starts_unnumbered_row(cells, roles)
        sec = cells[sec_col] if sec_col < len(cells) else None
        if new_row:
            if sec is not None and sec.value:
                group = _Group(theme)
                group.cells.append(sec)
            elif group is None:
                group = _Group(theme)
            cur = Draft(first=start, last=end)
            drafts.append((cur, group))
        elif cur is None:
            continue
        elif sec is not None and sec.value and group is not None:
            group.cells.append(sec)  # the recommendation wrapped onto this line
        for i, cell in enumerate(cells):
            role = roles.get(i)
            if role and role != "section":
                cur.add(role, cell)
        cur.last = max(cur.last, end)
    index = LineIndex(text)
    rows = [_row(d, g, index) for d, g in drafts]
    log.debug("%s: %d rows in a peer-review table", source, len(rows))
    return rows


def _ref(d: Draft) -> str | None:
    """Pieces of a ref cut across lines join without a space ("21." + "5" = "21.5")."""
    ref = "".join(c.value for c in d.pieces.get("ref", [])).rstrip(".")
    return ref or None


def _row(d: Draft, group: _Group, index: LineIndex) -> RawRow:
    target, status = d.value("targets"), d.value("status")
    cells = d.spans(index)
    # The extraction sometimes swaps these two cells (seed 002 rows 20 and 21.5).
    if (looks_like_date(status) and not looks_like_date(target)) or \
            (looks_like_status(target) and status and not looks_like_status(status)):
        target, status = status, target
        was_target, was_status = cells.pop("targets", None), cells.pop("status", None)
        if was_status:
            cells["targets"] = was_status
        if was_target:
            cells["status"] = was_target
    milestones = tuple(m.strip() for m in re.split(r";\s+|\s•\s", d.value("milestones")) if m.strip())
    return RawRow(
        text=d.value("text"), span=d.span(index), ref=_ref(d),
        section_path=group.path(), milestones=milestones,
        target_texts=(target,) if target else (), owners_text=d.value("owners") or None,
        status=status or None, progress=d.value("progress") or None,
        monitored_by_text=d.value("monitored_by") or None,
        context=(d.value("context"),) if d.value("context") else (), cells=cells)
