"""Align the project's exported commitments with gold commitments.

Shared by the scorers. The project exports JSON Lines, one commitment a line,
with at least: id, document (source file name), text. Gold files follow SCHEMA.md.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
# COUNCILKG_GOLD points the scorers at another gold folder (e.g. held-out documents).
GOLD = Path(os.environ.get("COUNCILKG_GOLD", HERE.parent / "data" / "gold"))

_WORD = re.compile(r"[a-z0-9]+")


def norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).lower().replace("’", "'")
    return " ".join(_WORD.findall(s))


def tokens(s: str | None) -> set[str]:
    return set(norm(s).split())


def sim(a: str, b: str) -> float:
    """Similarity of two commitment texts in [0, 1]."""
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return 0.0
    ta, tb = set(na.split()), set(nb.split())
    jac = len(ta & tb) / len(ta | tb)
    # containment helps when one side carries milestone text the other split off
    cont = len(ta & tb) / min(len(ta), len(tb))
    seq = SequenceMatcher(None, na, nb).ratio() if max(len(na), len(nb)) < 2000 else jac
    return max(jac, 0.5 * cont + 0.5 * seq if cont > 0.8 else seq)


def load_gold() -> dict[str, dict]:
    out = {}
    for p in sorted((GOLD / "extraction").glob("*.json")):
        d = json.loads(p.read_text())
        out[d["document"]] = d
    return out


def doc_key(name: str) -> str:
    """Map any spelling of a source document to its seed stem prefix (e.g. '000')."""
    base = Path(str(name)).name
    m = re.match(r"(\d{3})_", base)
    return m.group(1) if m else base


def load_export(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line:
            rows.append(json.loads(line))
    return rows


def align(pred: list[dict], gold: list[dict], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment by best similarity first. Returns (pred_i, gold_j, sim)."""
    pairs = []
    for i, p in enumerate(pred):
        pt = p.get("text") or ""
        for j, g in enumerate(gold):
            s = sim(pt, g["text"])
            if s >= threshold * 0.8:
                pairs.append((s, i, j))
    pairs.sort(reverse=True)
    used_p, used_g, out = set(), set(), []
    for s, i, j in pairs:
        if s < threshold:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j, s))
    return out


def id_map(export_rows: list[dict], gold_docs: dict[str, dict]) -> dict[str, str]:
    """project commitment id -> gold commitment id, via per-document alignment."""
    by_doc: dict[str, list[dict]] = {}
    for r in export_rows:
        by_doc.setdefault(doc_key(r.get("document", "")), []).append(r)
    mapping = {}
    for gname, gd in gold_docs.items():
        preds = by_doc.get(doc_key(gname), [])
        for i, j, _ in align(preds, gd["commitments"]):
            mapping[str(preds[i]["id"])] = gd["commitments"][j]["id"]
    return mapping
