"""Generic reader for unseen layouts. (Placeholder, being replaced.)"""
from __future__ import annotations

NAME = "generic"


def looks_like(text: str) -> float:
    return 0.0


def read(text: str, source: str) -> list:
    return []
