"""The path picture: how X links to Y, as rows of nodes joined by the graph's edges.

Layout only; `templates/_pathsvg.html` draws it as inline SVG with every node a link (a
commitment to its page, any other entity to its entity page). The paths come from the
`/api/path` JSON (issue 5); a node seen on several paths is drawn once, where its copies meet.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import quote

# Colour by node kind (the projection's `kind` attribute, see /work/briefs/integration.md).
KIND_COLOURS = {
    "commitment": "#1f4e79", "plan": "#37474f", "post": "#6a1b9a", "organisation": "#8a4b00",
    "unit": "#6a1b9a", "strategy": "#2e5e1e", "place": "#00576b", "theme": "#5d4037",
    "indicator": "#455a64", "lineage": "#b00020", "target": "#455a64", "milestone": "#455a64",
}
LEFT, RIGHT, TOP, ROW = 90, 90, 50, 90


@dataclass(frozen=True)
class PNode:
    key: str
    x: float
    y: float
    kind: str
    label: str
    href: str
    colour: str


@dataclass(frozen=True)
class PEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str


@dataclass
class PathPicture:
    width: int
    height: int
    nodes: list[PNode] = field(default_factory=list)
    edges: list[PEdge] = field(default_factory=list)

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return sorted({(n.kind, n.colour) for n in self.nodes})


def node_href(node: dict) -> str:
    """Where a click on a node goes: its commitment page, else its entity page by IRI."""
    if node.get("kind") == "commitment" and node.get("cid"):
        return f"/commitment/{quote(node['cid'], safe='')}"
    return f"/entity?iri={quote(node.get('iri', ''), safe='')}"


def normalise_node(n: Any) -> dict:
    """A path node from the JSON, in any of the forms the API may use, as {iri, kind, label, cid}."""
    if isinstance(n, str):
        return {"iri": n, "kind": "commitment" if "/commitment/" in n else "entity",
                "label": n.rstrip("/").rsplit("/", 1)[-1], "cid": n.rsplit("/", 1)[-1] if "/commitment/" in n else None}
    iri = n.get("iri") or n.get("node") or ""
    kind = n.get("kind") or ("commitment" if "/commitment/" in iri else "entity")
    cid = n.get("cid") or n.get("id") if kind == "commitment" else None
    if kind == "commitment" and not cid and "/commitment/" in iri:
        cid = iri.rsplit("/", 1)[-1]
    label = n.get("label") or n.get("text") or cid or iri.rsplit("/", 1)[-1]
    return {"iri": iri or (cid or label), "kind": kind, "label": str(label), "cid": cid}


def path_parts(path: Any) -> tuple[list[dict], list[str]]:
    """(nodes, edge labels) of one path, whether it is a list of nodes or {"nodes", "edges"}."""
    if isinstance(path, dict):
        nodes = [normalise_node(n) for n in path.get("nodes", [])]
        edges = path.get("edges") or path.get("predicates") or []
        labels = [e.get("predicate", "") if isinstance(e, dict) else str(e) for e in edges]
    else:
        nodes, labels = [normalise_node(n) for n in path], []
    labels += [""] * max(0, len(nodes) - 1 - len(labels))
    return nodes, labels


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _spread(pos: dict[str, tuple[float, float]], gap: float = 50) -> dict[str, tuple[float, float]]:
    """Nudge nodes in the same column apart, so two nodes averaged to one spot stay readable."""
    columns: dict[int, list[str]] = defaultdict(list)
    for key, (x, _) in pos.items():
        columns[round(x / 20)].append(key)
    out = dict(pos)
    for keys in columns.values():
        last = None
        for key in sorted(keys, key=lambda k: pos[k][1]):
            x, y = pos[key]
            if last is not None and y < last + gap:
                y = last + gap
            out[key], last = (x, y), y
    return out


def build_path_picture(paths: Iterable[Any], width: int = 900, limit: int = 6) -> PathPicture:
    """Each path is a row spread across the width; nodes shared between rows merge."""
    parsed = [path_parts(p) for p in list(paths)[:limit]]
    parsed = [(n, e) for n, e in parsed if n]
    inner = width - LEFT - RIGHT
    spots: dict[str, list[tuple[float, float]]] = defaultdict(list)
    info: dict[str, dict] = {}
    for row, (nodes, _) in enumerate(parsed):
        span = max(len(nodes) - 1, 1)
        for k, n in enumerate(nodes):
            x = LEFT + (inner * k / span if len(nodes) > 1 else inner / 2)
            spots[n["iri"]].append((x, TOP + row * ROW))
            info.setdefault(n["iri"], n)
    pos = {key: (sum(x for x, _ in s) / len(s), sum(y for _, y in s) / len(s)) for key, s in spots.items()}
    pos = _spread(pos)
    pnodes = [PNode(key, *pos[key], info[key]["kind"], _short(info[key]["label"]), node_href(info[key]),
                    KIND_COLOURS.get(info[key]["kind"], "#455a64")) for key in pos]
    seen, pedges = set(), []
    for nodes, labels in parsed:
        for a, b, lab in zip(nodes, nodes[1:], labels):
            if (a["iri"], b["iri"]) in seen:
                continue
            seen.add((a["iri"], b["iri"]))
            pedges.append(PEdge(*pos[a["iri"]], *pos[b["iri"]], lab))
    height = int(max((y for _, y in pos.values()), default=TOP) + 60)
    return PathPicture(width, height, pnodes, pedges)
