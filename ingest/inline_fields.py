"""Fields written inline after an action, as labels rather than columns.

Plans without tables often write a row as one paragraph: "Deliver a net zero carbon
action plan for all corporate buildings. Deadline: By 2022. Owner: Carbon Management.
Note: This will be picked up in the new energy contracts." (Haringey Climate Change Action
Plan 2018, ../shared/corpus/climate-plans). The action is what comes before the first
label; each labelled part goes to the field a column of that name would fill (SCHEMA.md
section 1: owners, targets, progress for notes and comments, status, milestones, and
partners, which are searched for named bodies).

A layout that already read any of these fields from columns understood the row's shape,
so its text is left whole: a label inside a cell is then the cell's own prose.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .rows import RawRow

# Label -> RawRow field. Labels start with a capital: "note:" inside a sentence is prose.
_FIELDS = {
    "owners": r"(?:Action\s+|Lead\s+)?[Oo]wners?|Lead(?:\s+(?:[Oo]fficers?|[Dd]epartment|[Ss]ervice|[Tt]eam|"
              r"[Oo]rganisation|[Bb]ody))?|Responsible(?:\s+[Oo]fficers?)?|Led\s+by|Accountable\s+[Oo]fficer",
    "targets": r"Deadline|Timescales?|Time\s*frame|Target\s+date|Due(?:\s+date)?|Completion\s+date|By\s+when",
    "progress": r"Notes?|Comments?|Progress(?:\s+update)?|Update",
    "status": r"(?:RAG\s+)?Status",
    "milestones": r"Milestones?|Measures?(?:\s+of\s+success)?|Success\s+measures?|KPIs?|Key\s+performance\s+indicators?",
    "context": r"(?:Delivery\s+|Key\s+)?Partners|In\s+partnership\s+with",
}
_LABEL = re.compile("|".join(rf"(?P<{f}>\b(?:{p}))\s*:\s*" for f, p in _FIELDS.items())
                    # "Action owners are Carbon Management / Strategic Property Unit."
                    + r"|(?P<owners_are>\bAction\s+owners?\s+(?:is|are)\s+)")
# What a label must follow: the end of a sentence or bracket, or nothing (a row that
# opens with its first label keeps no action text and is left alone).
_AFTER = ".;)]"


def _labels(text: str) -> list[tuple[str, int, int]]:
    """(field, label start, value start) of each inline label that follows a sentence end."""
    out = []
    for m in _LABEL.finditer(text):
        before = text[:m.start()].rstrip()
        if before and before[-1] in _AFTER:
            field = "owners" if m.lastgroup == "owners_are" else m.lastgroup
            out.append((field, m.start(), m.end()))
    return out


def _filled(row: RawRow, field: str) -> bool:
    return bool({"owners": row.owners_text, "targets": row.target_texts, "progress": row.progress,
                 "status": row.status, "milestones": row.milestones, "context": row.context}[field])


def split_inline_fields(row: RawRow) -> RawRow:
    """The row with labelled parts of its text moved to their fields (see module doc)."""
    labels = _labels(row.text)
    if not labels or any(_filled(row, f) for f in _FIELDS):
        return row
    values: dict[str, list[str]] = {f: [] for f in _FIELDS}
    for (field, _, start), nxt in zip(labels, labels[1:] + [(None, len(row.text), None)]):
        value = " ".join(row.text[start:nxt[1]].split()).strip(" .;,")
        if value:
            values[field].append(value)
    text = row.text[:labels[0][1]].rstrip()
    if not text.rstrip(" .;)]"):
        return row
    return replace(
        row, text=text,
        owners_text="; ".join(values["owners"]) or None,
        target_texts=tuple(values["targets"]),
        progress=" ".join(values["progress"]) or None,
        status="; ".join(values["status"]) or None,
        milestones=tuple(m.strip() for v in values["milestones"] for m in v.split(";") if m.strip()),
        context=tuple(values["context"]))
