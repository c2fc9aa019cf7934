"""Document-level fields: title, period, publisher. (Placeholder, being replaced.)"""
from __future__ import annotations

from pathlib import Path

from ontology.records import PlanDocument


def describe(text: str, name: str) -> PlanDocument:
    return PlanDocument(name=name, title=Path(name).stem)
