"""What a layout reader gives: raw rows with their source spans, before fields are parsed.

Readers only cut a document into rows and cells; `ingest.enrich` turns cells into typed
fields (dates, split owners, entities) the same way for every layout.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ontology.records import SourceSpan


@dataclass(frozen=True)
class RawRow:
    """One commitment as cut from its layout, cells still as written.

    `cells` maps a field name to the source span of that cell, for provenance
    ("text", "milestones", "targets", "owners", "status", "progress", "monitored_by",
    "context"); a field without a known span is simply absent.
    """

    text: str
    span: SourceSpan
    ref: str | None = None
    section_path: tuple[str, ...] = ()
    milestones: tuple[str, ...] = ()
    target_texts: tuple[str, ...] = ()
    owners_text: str | None = None
    status: str | None = None
    progress: str | None = None
    monitored_by_text: str | None = None
    # Other cells that name strategies, indicators or partners (e.g. "Link to Performance
    # Indicators, Key Strategies & Plans"); searched for entities, never shown as text.
    context: tuple[str, ...] = ()
    cells: dict[str, SourceSpan] = field(default_factory=dict, hash=False, compare=False)


class LineIndex:
    """Maps character offsets of one text to 1-based line numbers, and back."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based `line`."""
        return self.starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset just past the last character of 1-based `line` (before its newline)."""
        nxt = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return nxt

    def span(self, start: int, end: int) -> SourceSpan:
        """The span of text[start:end]; end is exclusive."""
        end = max(end, start)
        return SourceSpan(start, end, self.line_of(start), self.line_of(max(start, end - 1)))

    def lines_span(self, first: int, last: int) -> SourceSpan:
        """The span covering whole 1-based lines first..last."""
        return self.span(self.line_start(first), self.line_end(last))
