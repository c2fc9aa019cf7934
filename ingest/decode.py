"""Bytes of any supported format -> text. (Placeholder, being replaced.)"""
from __future__ import annotations

from pathlib import Path


def load(path: Path, max_bytes: int = 100_000_000) -> str:
    return path.read_text(encoding="utf-8")


def warnings_for(text: str, name: str) -> list[str]:
    return []
