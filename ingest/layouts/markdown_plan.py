"""Reader for a delivery plan written as markdown themes, priorities and action paragraphs.

The shape (e.g. a council delivery plan converted from Word): an upper-case theme heading
("# GREENER") with a short description, then priority headings ("# Energy and carbon
reduction") each with an introductory paragraph, then an actions heading ("## Actions and
milestones 2025/26") under which every paragraph is one commitment. A paragraph may carry
numbered milestones inline: "Deliver the plan: (1) first milestone (2) second milestone".

Only text under an actions heading is read: introductions and priority descriptions say
what the council values, not what it will do (SCHEMA.md section 1: a commitment is one
action row). Markdown tables and plain bullet lists of actions belong to the generic reader,
so `looks_like` is high only for this heading-and-paragraph shape.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ..rows import LineIndex, RawRow

NAME = "markdown_plan"
log = logging.getLogger(__name__)

_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
# Headings that open a list of commitments ("Actions and milestones 2025/26", "Key actions",
# "What we will do"); the words councils use for the rows of a delivery plan.
# An "action plan" heading names the whole document or its introduction, so it is not one.
_ACTIONS = re.compile(r"^(?:(?:key|our|priority|planned|agreed)\s+)?(?:actions?(?!\s+plans?\b)"
                      r"|milestones?|deliverables?|commitments?|activities)\b"
                      r"|^(?:what|how) we will (?:do|deliver)", re.I)
_BULLET = re.compile(r"^[ \t]*(?:[-*+•▪●]|(\d{1,2}(?:\.\d{1,2})*)[.)])[ \t]+")
_TABLE = re.compile(r"^[ \t]*\|")
# Inline numbered milestones: "(1) ... (2) ..." or "1) ... 2) ...", numbered from one.
_NUMBER = re.compile(r"(?:(?<=\s)|^)\(?(\d{1,2}|[a-h])\)\s+")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_YEAR = r"20\d\d(?:/\d\d)?"
# Deadlines written into an action's sentence: "by October 2025", "in Spring 2025",
# "May-October 2025", "November 2025 - January 2026", "in 2025/26", "before end 2025/26".
_DATED = re.compile(
    rf"\b(?:{_MONTH}(?:\s*[-–]\s*{_MONTH})?\s+{_YEAR}(?:\s*[-–]\s*{_MONTH}\s+{_YEAR})?"
    rf"|(?:Spring|Summer|Autumn|Winter)\s+{_YEAR})\b")
_PERIOD = re.compile(rf"\b(?:in|by|during|before)\s+(?:the\s+)?((?:end\s+(?:of\s+)?)?{_YEAR})\b(?![/-]\d)")


@dataclass(frozen=True)
class _Block:
    kind: str  # "heading", "para", "item", "table"
    start: int
    end: int
    level: int = 0
    ref: str | None = None


def looks_like(text: str) -> float:
    """High for markdown with actions headings over paragraphs of prose actions; higher when
    the heading repeats (one per priority) under upper-case themes. One actions heading is
    enough: a one-theme plan has just one, and its paragraphs are still its actions."""
    blocks = _blocks(text)
    heads = [b for b in blocks if b.kind == "heading"]
    if len(heads) < 3:
        return 0.0
    names = [_clean(text[b.start:b.end]) for b in heads]
    action_idx = [i for i, n in enumerate(names) if _ACTIONS.search(n)]
    if not action_idx:
        return 0.0
    counts = {"para": 0, "item": 0, "table": 0}
    under = False
    for b in blocks:
        if b.kind == "heading":
            under = bool(_ACTIONS.search(_clean(text[b.start:b.end])))
        elif under:
            counts[b.kind] += 1
    total = sum(counts.values())
    if not total:
        return 0.0
    prose = counts["para"] / total
    repeated = len({names[i].lower() for i in action_idx}) < len(action_idx)
    themes = sum(1 for n in names if _is_theme(n))
    score = 0.35 + 0.25 * prose + (0.2 if repeated else 0.0) + (0.2 if themes >= 2 else 0.0)
    # Tables or bullet lists under the actions headings are the generic reader's job.
    return round(score if prose >= 0.5 else min(score, 0.4), 3)


def read(text: str, source: str) -> list[RawRow]:
    """One RawRow per paragraph (or list item) under an actions heading, in order."""
    idx = LineIndex(text)
    stack: list[tuple[int, str, bool]] = []  # (rank, heading, is_actions)
    rows: list[RawRow] = []
    blocks = _blocks(text)
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            name = _clean(text[b.start:b.end])
            # An upper-case heading is a theme: one step above a same-level priority heading.
            rank = 2 * b.level - (1 if _is_theme(name) else 0)
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, name, bool(_ACTIONS.search(name))))
            continue
        if not (stack and stack[-1][2]) or b.kind == "table":
            continue
        if b.kind == "item" and rows and rows[-1].text.endswith(":") and _follows(blocks, i):
            rows[-1] = _add_milestone(rows[-1], text, b, idx)
            continue
        path = tuple(name for _, name, is_actions in stack if not is_actions)
        row = _row(text, b, path, idx)
        if row is not None:
            rows.append(row)
    rows = [_finish(r) for r in rows]
    log.debug("%s: %d rows in markdown plan", source, len(rows))
    return rows


def _blocks(text: str) -> list[_Block]:
    """Headings, paragraphs, list items and table runs, with their character ranges."""
    out: list[_Block] = []
    cur: dict | None = None  # the paragraph, item or table being read

    def close():
        nonlocal cur
        if cur:
            out.append(_Block(**cur))
        cur = None

    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        heading, bullet = _HEADING.match(line), _BULLET.match(line)
        if not line.strip():
            close()
        elif heading:
            close()
            out.append(_Block("heading", start + heading.start(2), start + heading.end(2),
                              level=len(heading.group(1))))
        elif _TABLE.match(line):
            if not (cur and cur["kind"] == "table"):
                close()
                cur = {"kind": "table", "start": start, "end": end}
            cur["end"] = end
        elif bullet:
            close()
            cur = {"kind": "item", "start": start + bullet.end(), "end": end, "ref": bullet.group(1)}
        elif cur and cur["kind"] != "table":  # a wrapped line continues its paragraph or item
            cur["end"] = end
        else:
            close()
            cur = {"kind": "para", "start": start + len(line) - len(line.lstrip()), "end": end}
    close()
    return out


def _clean(s: str, heading: bool = True) -> str:
    """Heading or paragraph text without markdown emphasis and line breaks."""
    s = re.sub(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1", r"\2", s)
    s = " ".join(s.replace("**", "").replace("\\", "").split())
    return s.strip(" :") if heading else s


def _is_theme(name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    return len(letters) >= 3 and letters.isupper()


def _follows(blocks: list[_Block], i: int) -> bool:
    """The item at i comes straight after the previous row's block (no heading between)."""
    return i > 0 and blocks[i - 1].kind in ("para", "item")


def _row(text: str, b: _Block, path: tuple[str, ...], idx: LineIndex) -> RawRow | None:
    body = _clean(text[b.start:b.end], heading=False)
    if not body:
        return None
    marks = _numbered(body)
    milestones: tuple[str, ...] = ()
    cells = {}
    action = body
    if marks:
        action = body[:marks[0][0]].rstrip(" :;,-–")
        bounds = [*marks, (len(body), len(body))]
        milestones = tuple(body[e:bounds[k + 1][0]].strip(" ;,")
                           for k, (_, e) in enumerate(marks))
        cut = _source_offset(text, b, body, marks[0][0])
        cells["text"] = idx.span(b.start, b.start + len(text[b.start:cut].rstrip()))
        cells["milestones"] = idx.span(cut, b.end)
    else:
        cells["text"] = idx.span(b.start, b.end)
    if not action:
        return None
    targets = _targets(body)
    found = [m for m in _DATED.finditer(text, b.start, b.end)]
    if found:
        cells["targets"] = idx.span(found[0].start(), found[-1].end())
    return RawRow(text=action, span=idx.span(b.start, b.end), ref=b.ref, section_path=path,
                  milestones=tuple(m for m in milestones if m), target_texts=targets,
                  cells=cells)


def _numbered(body: str) -> list[tuple[int, int]]:
    """(start, end) of each inline milestone number, kept only when they run 1, 2, 3 ...
    (or a, b, c ...), so a bracketed year or "(see 2)" is not taken for a list."""
    out: list[tuple[int, int]] = []
    expect: str | None = None
    for m in _NUMBER.finditer(body):
        key = m.group(1)
        first = key in ("1", "a")
        if (expect is None and first) or key == expect:
            out.append((m.start(), m.end()))
            expect = str(int(key) + 1) if key.isdigit() else chr(ord(key) + 1)
    # A lone "(a)" or "1)" that is not opened by a bracket is too weak to be a list.
    if len(out) == 1 and not body[out[0][0]:out[0][1]].startswith("("):
        return []
    return out


def _targets(body: str) -> tuple[str, ...]:
    """Deadlines named in the action's words, as written, in order."""
    found: list[tuple[int, int, str]] = [(m.start(), m.end(), m.group(0)) for m in _DATED.finditer(body)]
    for m in _PERIOD.finditer(body):
        s, e = m.span(1)
        if not any(s < fe and fs < e for fs, fe, _ in found):
            found.append((s, e, m.group(1)))
    return tuple(" ".join(t.split()) for _, _, t in sorted(found))


def _source_offset(text: str, b: _Block, cleaned: str, pos: int) -> int:
    """The offset in the source of the cleaned body's character `pos` (the cleaned text
    only drops emphasis marks and collapses spaces, so match the words up to it)."""
    words = cleaned[:pos].split()
    src = b.start
    for w in words:
        j = text.find(w, src, b.end)
        if j < 0:
            break
        src = j + len(w)
    while src < b.end and text[src].isspace():
        src += 1
    return min(src, b.end)


def _add_milestone(row: RawRow, text: str, b: _Block, idx: LineIndex) -> RawRow:
    item = _clean(text[b.start:b.end], heading=False)
    cells = dict(row.cells)
    first = cells.get("milestones", idx.span(b.start, b.end))
    cells["milestones"] = idx.span(first.start, b.end)
    return RawRow(text=row.text, span=idx.span(row.span.start, b.end), ref=row.ref,
                  section_path=row.section_path, milestones=(*row.milestones, item),
                  target_texts=(*row.target_texts, *_targets(item)), cells=cells)


def _finish(row: RawRow) -> RawRow:
    """Drop the colon that introduced a bullet list of milestones from the action text."""
    if row.text.endswith(":") and row.milestones:
        return RawRow(text=row.text.rstrip(" :"), span=row.span, ref=row.ref,
                      section_path=row.section_path, milestones=row.milestones,
                      target_texts=row.target_texts, cells=row.cells)
    return row
