"""What changed between two versions of a commitment (an earlier plan's and a later one's).

`change_report` gives the details a user reads (the wording diff, owners before and after,
the deadline moved by N months, status, milestones added or dropped); `change_types`
gives the same as values of `ontology.records.CHANGE_TYPES`, which the graph writes as
`ck:changeType` on the `prov:Revision` of the link
(https://www.w3.org/TR/prov-o/#qualifiedRevision).

A change is only claimed when both versions say something: a plan that names no owner
has not changed the owner, it has just not said.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ontology.records import CHANGE_TYPES, Commitment

from .lineage_features import norm

SAME_MILESTONE = 85  # token_set_ratio from which two milestones are one, re-punctuated


@dataclass(frozen=True)
class ChangeReport:
    """The differences between `before` (earlier plan) and `after` (later plan)."""

    before: str
    after: str
    wording: tuple[tuple[str, str], ...] = ()  # ("-", words) / ("+", words) / ("=", words)
    owners_before: tuple[str, ...] = ()
    owners_after: tuple[str, ...] = ()
    deadline_before: str | None = None
    deadline_after: str | None = None
    slip_months: int | None = None  # > 0: later; < 0: brought forward
    status_before: str | None = None
    status_after: str | None = None
    milestones_added: tuple[str, ...] = ()
    milestones_dropped: tuple[str, ...] = ()
    types: tuple[str, ...] = field(default=())

    def as_json(self) -> dict:
        return {"types": list(self.types), "wording": [list(w) for w in self.wording],
                "owners": {"before": list(self.owners_before), "after": list(self.owners_after)},
                "deadline": {"before": self.deadline_before, "after": self.deadline_after,
                             "moved_months": self.slip_months},
                "status": {"before": self.status_before, "after": self.status_after},
                "milestones_added": list(self.milestones_added),
                "milestones_dropped": list(self.milestones_dropped)}


def deadline(c: Commitment) -> str | None:
    """The final dated target of a commitment (its deadline), or None if none is dated."""
    dates = [t.date for t in c.targets if t.date and _month_index(t.date) is not None]
    return max(dates, key=_month_index) if dates else None


def _month_index(date: str) -> int | None:
    """Months since year 0 of a YYYY, YYYY-MM or YYYY-MM-DD date (Target.date); a bare
    year means its end ('by 2030' = by December 2030). None if the date is malformed."""
    parts = date.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
    except ValueError:
        return None
    return year * 12 + month - 1


def months_between(earlier: str, later: str) -> int:
    return _month_index(later) - _month_index(earlier)


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff: runs of kept ('='), dropped ('-') and added ('+') words."""
    a, b = before.split(), after.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def _unmatched(items: tuple[str, ...], others: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(m for m in items
                 if not any(fuzz.token_set_ratio(norm(m), norm(o)) >= SAME_MILESTONE for o in others))


def change_report(before: Commitment, after: Commitment) -> ChangeReport:
    types = []
    if norm(before.text) != norm(after.text):
        types.append("reworded")
    ob = {norm(o) for o in before.owners if norm(o)}
    oa = {norm(o) for o in after.owners if norm(o)}
    if ob and oa and ob != oa:
        types.append("owner_changed")
    db, da = deadline(before), deadline(after)
    slip = months_between(db, da) if db and da else None
    if slip:
        types.append("deadline_moved")
        if slip > 0:
            types.append("deadline_slipped")
    if before.status and after.status and norm(before.status) != norm(after.status):
        types.append("status_changed")
    added = _unmatched(after.milestones, before.milestones) if before.milestones else ()
    dropped = _unmatched(before.milestones, after.milestones) if after.milestones else ()
    if added:
        types.append("milestones_added")
    if dropped:
        types.append("milestones_dropped")
    assert set(types) <= set(CHANGE_TYPES)
    return ChangeReport(before=before.id, after=after.id, wording=word_diff(before.text, after.text),
                        owners_before=before.owners, owners_after=after.owners,
                        deadline_before=db, deadline_after=da, slip_months=slip,
                        status_before=before.status, status_after=after.status,
                        milestones_added=added, milestones_dropped=dropped, types=tuple(types))


def change_types(before: Commitment, after: Commitment) -> tuple[str, ...]:
    """The CHANGE_TYPES values for a `continues` link from `before` to `after`."""
    return change_report(before, after).types
