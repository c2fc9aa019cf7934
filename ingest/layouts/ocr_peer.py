"""OCR'd peer-challenge responses: recommendation headings, small action tables, and
"what the peer team will see" lists.

Shape (seed 003, an LGA Corporate Peer Challenge action plan scanned and OCR'd):
``### **Prioritisation:** Prioritise the priorities ...`` headings (hashes sometimes lost)
open a recommendation, the section; each has a tab table "Action | Lead officer | Target"
whose lines carry OCR debris in extra cells (". 54", "GREK", "NAME OF THE", "1 1 1 1",
stray Arabic letters) and cells cut at the scan edge; then "What the peer team will see
when they return" bullets, which are the milestones of that recommendation's actions,
and "Our medium and long-term ambitions" bullets, which describe the recommendation as a
whole and are not attached to any action (SCHEMA.md: milestones are items "that belong
to this row").
"""
from __future__ import annotations

import logging
import re

from ..rows import LineIndex, RawRow
from .tsv_cells import Cell, clean, lines, looks_like_date, split_cells

NAME = "ocr_peer"
log = logging.getLogger(__name__)

# "### **Housing:** Given the corporate importance ..." or "**Housing:** Given ..."
_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}\s*)?\*\*(?P<label>[^*\n]{2,60}?)\s*:\s*\*\*:?\s*(?P<rest>\S.*)$")
_SEE = re.compile(r"peer team (?:will|can|should)(?: expect to)? see|what (?:you|the team) will see", re.I)
_AMBITION = re.compile(r"(?:\*\*)?\s*(?:our\s+)?(?:medium(?:[- ]term)?\s+(?:and|&)\s+)?"
                       r"(?:long|medium)[- ]term\s+ambitions?", re.I)
_BULLET = re.compile(r"^\s*(?:[-•*·▪●◦]|\d{1,2}[.)])\s+")
_ACTION_H = re.compile(r"^\s*(actions?|activit(y|ies)|what we will do)\s*$", re.I)
_LEAD_H = re.compile(r"lead|owner|officer|responsib", re.I)
_TARGET_H = re.compile(r"target|timescale|deadline|date|by when|completion", re.I)
# OCR debris cells and prefixes: a cell with no run of lower-case letters ("GREK",
# ". 54", "1 1 1 1", "NAME OF THE") or a non-Latin scrap.
_LOWER_RUN = re.compile(r"[a-z]{3,}")
_STRAY_PREFIX = re.compile(r"^[|Il1!]\s+(?=[a-z])")


def _header_columns(cells: list[Cell]) -> tuple[int, int | None, int | None] | None:
    """(action, lead, target) column indices if these cells are an action-table header."""
    act = next((i for i, c in enumerate(cells) if _ACTION_H.match(c.value)), None)
    if act is None:
        return None
    lead = next((i for i, c in enumerate(cells) if i > act and _LEAD_H.search(c.value)), None)
    tgt = next((i for i, c in enumerate(cells) if i > act and _TARGET_H.search(c.value)), None)
    if lead is None and tgt is None:
        return None
    return act, lead, tgt


def looks_like(text: str) -> float:
    """High for documents with several bold-label recommendation headings, tab tables
    headed Action / Lead / Target, and "peer team will see" lists."""
    headings = sum(1 for ln in text.split("\n") if _HEADING.match(ln))
    tables = sum(1 for n, s, e in lines(text)
                 if "\t" in text[s:e] and _header_columns(split_cells(text, s, e)))
    see = len(_SEE.findall(text))
    if headings < 2 or tables < 2:
        return 0.1 * min(headings, 2) + 0.1 * min(tables, 2)
    return min(0.6 + 0.1 * min(see, 2) + 0.05 * min(tables, 4), 0.95)


def _is_debris(s: str) -> bool:
    s = clean(s)
    return bool(s) and not _LOWER_RUN.search(s)


def _pick(cells: list[Cell], cols: tuple[int, int | None, int | None]) -> dict[str, Cell]:
    """Action, owner and target cells of a table line.

    Uses the header's positions when the line lines up with them; otherwise drops debris
    cells and reads the rest by content (the target is the last date-like cell)."""
    act, lead, tgt = cols
    width = max(c for c in cols if c is not None) + 1
    named = {"text": act, "owners": lead, "targets": tgt}
    if len(cells) >= width and cells[act].value and not _is_debris(cells[act].text):
        return {k: cells[i] for k, i in named.items() if i is not None and cells[i].value}
    real = [c for c in cells if c.value and not _is_debris(c.text)]
    out: dict[str, Cell] = {}
    dated = [i for i, c in enumerate(real) if looks_like_date(c.text)]
    if dated and len(real) > 1:
        out["targets"] = real.pop(dated[-1])
    if real:
        out["text"] = max(real, key=lambda c: len(c.value))
        rest = [c for c in real if c is not out["text"]]
        if rest:
            out["owners"] = rest[0]
    return out


class _Rec:
    """One recommendation: its heading, action rows and the "will see" items."""

    def __init__(self, title: str):
        self.title = title
        self.rows: list[dict[str, list[Cell]]] = []
        self.spans: list[list[int]] = []
        self.see: list[str] = []


def _heading_title(m: re.Match) -> str:
    return f"{clean(m.group('label'))}: {clean(m.group('rest').replace('**', ''))}"


def read(text: str, source: str) -> list[RawRow]:
    recs: list[_Rec] = []
    rec: _Rec | None = None
    cols = None
    mode = None  # "table", "see", "ambitions" or None
    for _num, start, end in lines(text):
        line = text[start:end]
        m = _HEADING.match(line)
        if m and "\t" not in line:
            rec, cols, mode = _Rec(_heading_title(m)), None, None
            recs.append(rec)
            continue
        if rec is None:
            continue
        if "\t" in line:
            cells = split_cells(text, start, end)
            found = _header_columns(cells)
            if found:
                cols, mode = found, "table"
            elif cols and mode == "table":
                _add_row(rec, _pick(cells, cols), start, end)
            continue
        if _SEE.search(line):
            mode = "see"
            continue
        if _AMBITION.search(line) and len(line) < 80 or re.match(r"^\s*#{1,6}\s", line):
            mode = "ambitions" if _AMBITION.search(line) else None
            continue
        if mode == "see" and line.strip():
            item = _AMBITION.split(line)[0]  # "... delivery **Our medium and long-term ambitions**:"
            item = clean(re.sub(r"\*\*\s*(our\s*)?$", "", _BULLET.sub("", item), flags=re.I))
            if item:
                rec.see.append(item)
            if _AMBITION.search(line):
                mode = "ambitions"
    index = LineIndex(text)
    out: list[RawRow] = []
    for r in recs:
        milestones = _attach(r)
        for i, row in enumerate(r.rows):
            out.append(_raw(row, r, r.spans[i], tuple(milestones[i]), index))
    log.debug("%s: %d actions under %d recommendations", source, len(out), len(recs))
    return out


def _add_row(rec: _Rec, picked: dict[str, Cell], start: int, end: int) -> None:
    if not picked:
        return
    if rec.rows and set(picked) == {"text"} and not rec.rows[-1].get("targets"):
        # an action cell wrapped onto a line of its own, its row's other cells still to come
        rec.rows[-1]["text"].append(picked["text"])
        rec.spans[-1][1] = end
        return
    if "text" not in picked:
        if rec.rows:  # owner/target wrapped below the action
            for k, c in picked.items():
                rec.rows[-1].setdefault(k, []).append(c)
            rec.spans[-1][1] = end
        return
    rec.rows.append({k: [c] for k, c in picked.items()})
    rec.spans.append([start, end])


_STOP = set("the and for with our all are will that this have has been from into their its "
            "which where when who new more also been across".split())


def _stems(s: str) -> set[str]:
    words = re.findall(r"[a-z]{3,}|\d{4}", s.lower())
    return {re.sub(r"(ing|ed|es|s|ment|ments|ation|ations|al|ly)$", "", w)[:6]
            for w in words if w not in _STOP}


def _stem_list(s: str) -> list[str]:
    """The stems of `s` in the order they are written."""
    words = re.findall(r"[a-z]{3,}|\d{4}", s.lower())
    return [re.sub(r"(ing|ed|es|s|ment|ments|ation|ations|al|ly)$", "", w)[:6]
            for w in words if w not in _STOP]


# Below this weight an item shares no more than one distinctive word with its best action:
# too little to say which action it evidences.
_WEAK = 1.5


def _attach(rec: _Rec) -> list[list[str]]:
    """Give each "will see" item to the one action it evidences best.

    The list follows the table without saying which action each item evidences, so the
    item goes to the action it shares most distinctive words with (a word every action
    uses counts 1 / number of actions using it). A tie goes to the action the item
    before it went to (a list tends to keep to one action before moving on), else to
    the action matching the item's first telling word (its subject: "Communications
    updating staff on the review" evidences the communications action). An item with
    only weak evidence goes to the lead (first) action, as does one matching nothing."""
    out: list[list[str]] = [[] for _ in rec.rows]
    if not rec.rows:
        return out
    row_stems = [_stems(" ".join(c.value for c in r.get("text", []))) for r in rec.rows]
    df: dict[str, int] = {}
    for rs in row_stems:
        for w in rs:
            df[w] = df.get(w, 0) + 1
    previous: int | None = None
    for item in rec.see:
        st = _stems(item)
        scores = [round(sum(1 / df[w] for w in st & rs), 6) for rs in row_stems]
        best = max(scores)
        tied = [i for i, s in enumerate(scores) if s == best and s > 0]
        if previous is not None and previous in tied:
            choice = previous
        elif best < _WEAK or not tied:
            choice = 0
        elif len(tied) == 1:
            choice = tied[0]
        else:
            first_word = next((w for w in _stem_list(item) if any(w in row_stems[i] for i in tied)), None)
            choice = next((i for i in tied if first_word in row_stems[i]), tied[0])
        out[choice].append(item)
        previous = choice
    return out


def _raw(row: dict[str, list[Cell]], rec: _Rec, span: list[int], milestones: tuple[str, ...],
         index: LineIndex) -> RawRow:
    texts = [c.text for c in row.get("text", [])]
    text = clean(" ".join(texts))
    text = _STRAY_PREFIX.sub("", text)
    owners = clean(" ".join(c.text for c in row.get("owners", [])))
    target = clean(" ".join(c.text for c in row.get("targets", [])))
    cells = {k: index.span(cs[0].start, cs[-1].end) for k, cs in row.items() if cs}
    return RawRow(text=text, span=index.span(span[0], span[1]), section_path=(rec.title,),
                  milestones=milestones, target_texts=(target,) if target else (),
                  owners_text=owners or None, cells=cells)
