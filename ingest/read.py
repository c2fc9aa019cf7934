"""Read one document into an ExtractedPlan: decode, choose a layout from the content,
cut rows, then parse fields the same way for every layout."""
from __future__ import annotations

import hashlib
import importlib
import logging
import re
from dataclasses import replace
from pathlib import Path

from ontology.authorities import place_of
from ontology.errors import UnknownLayout
from ontology.records import ExtractedPlan, PlanDocument

from . import decode, enrich, metadata
from .rows import RawRow

log = logging.getLogger(__name__)

# Order matters only for ties: specific layouts first, the generic reader last.
LAYOUTS = ("flattened_table", "markdown_plan", "peer_tsv", "ocr_peer", "pi_tsv", "generic")
# Below this, a specific layout is not trusted and the generic reader is tried instead.
MIN_CONFIDENCE = 0.5


def _reader(name: str):
    return importlib.import_module(f"{__package__}.layouts.{name}")


def detect(text: str) -> list[tuple[float, str]]:
    """Each layout's confidence for this text, best first."""
    scores = [(_reader(n).looks_like(text), n) for n in LAYOUTS if n != "generic"]
    return sorted(scores, key=lambda s: -s[0])


def cut_rows(text: str, source: str) -> tuple[str, list[RawRow]]:
    """The layout used and its rows; falls back to the generic reader."""
    tried = [n for s, n in detect(text) if s >= MIN_CONFIDENCE] + ["generic"]
    for name in tried:
        rows = _reader(name).read(text, source)
        if rows:
            return name, rows
        log.info("%s: layout %s matched but gave no rows", source, name)
    raise UnknownLayout(
        f"{source}: no commitments found. councilkg looks for action tables (markdown, pipe, "
        f"CSV or tab-separated, with a header such as Action / Lead / Target) and numbered or "
        f"bulleted action lists under headings; see README 'Layouts'.")


def without_own_names(rows: list[RawRow], doc: PlanDocument) -> list[RawRow]:
    """Rows without headings that only name the plan itself: its publisher, the publisher's
    area ("East Dunbartonshire", "Newark and Sherwood District Council") or its title as a
    plan ("Operational Carbon Reduction Plan") are running headers or the cover, never a
    theme of the actions under them. A title that is a theme ("Housing", a short document's
    only heading) stays."""
    names = (doc.publisher, doc.publisher and place_of(doc.publisher),
             doc.title if doc.title and metadata.names_a_plan(doc.title) else None)
    own = {_name_key(n) for n in names if n}

    def kept(row: RawRow) -> RawRow:
        path = tuple(h for h in row.section_path if _name_key(h) not in own)
        return row if path == row.section_path else replace(row, section_path=path)
    return [kept(row) for row in rows]


def _name_key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


def read_text(text: str, name: str) -> ExtractedPlan:
    """Extract the plan and its commitments from decoded text; `name` is the document name."""
    layout, rows = cut_rows(text, name)
    doc = replace(metadata.describe(text, name), layout=layout,
                  sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    stem = Path(name).stem
    rows = without_own_names(rows, doc)
    commitments = tuple(enrich.to_commitment(row, f"{stem}-{i:03d}", name, text)
                        for i, row in enumerate(rows, start=1))
    return ExtractedPlan(document=doc, commitments=commitments, text=text,
                         warnings=tuple(decode.warnings_for(text, name)))


def read_path(path: Path, max_bytes: int = 100_000_000) -> ExtractedPlan:
    """Read a file of any supported format (see ingest.decode)."""
    text = decode.load(Path(path), max_bytes=max_bytes)
    return read_text(text, Path(path).name)
