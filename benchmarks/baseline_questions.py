"""The shared questions against a plain baseline and against councilkg, side by side.

Baseline: the same MiniLM model and a flat faiss index over the documents' raw, non-empty
lines; no keywords, no records, no graph. A line found counts as finding the commitment
whose source span covers it (so the baseline is credited for every commitment it shows a
line of). councilkg: `search` for search/lineage questions and `ask` for path questions,
exactly as ../shared/eval/score_questions.py runs them, but in one process.

usage: python benchmarks/baseline_questions.py [--store build] [-k 10]
Needs a store built with the real model (`councilkg build`) and the scorer's align.py
(../shared/eval, or --eval-dir).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def baseline_ranker(gen, embedder):
    """A function question -> commitment ids, from a faiss search over raw lines."""
    import faiss

    lines, owner = [], []
    for plan in gen.plans:
        by_line = {}
        for c in plan.commitments:
            if c.span:
                for ln in range(c.span.line_start, c.span.line_end + 1):
                    by_line.setdefault(ln, c.id)
        for no, text in enumerate(plan.text.splitlines(), start=1):
            if text.strip():
                lines.append(text.strip())
                owner.append(by_line.get(no))
    vectors = embedder.encode(lines, show_progress=True)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)

    def rank(question: str, k: int) -> list[str]:
        _, idx = index.search(embedder.encode([question]), k)
        return list(dict.fromkeys(owner[i] for i in idx[0] if owner[i]))

    return rank, len(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=os.environ.get("COUNCILKG_STORE", "build"))
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--gold", default=str(ROOT / "tests" / "data" / "gold"))
    a = ap.parse_args()
    os.environ["COUNCILKG_GOLD"] = a.gold
    sys.path.insert(0, a.eval_dir)
    from align import id_map, load_gold  # the scorer's own alignment of ids

    from api.answer import ask, run_search, searcher_for
    from api.cli import export_row
    from api.settings import Settings
    from api.workspace import Workspace

    settings = Settings(store=a.store)
    gen = Workspace(settings.store_path).current()
    mapping = id_map([export_row(c, gen) for c in gen.commitments.values()], load_gold())
    searcher = searcher_for(gen, settings)
    baseline, n_lines = baseline_ranker(gen, searcher.embedder)
    questions = json.loads((Path(a.gold) / "questions.json").read_text())["questions"]
    rows = []
    for q in questions:
        if q["kind"] == "path":
            ours = [c["id"] for c in ask(q["q"], gen, searcher, settings).as_json()["commitments"]]
        else:
            ours = [h["id"] for h in run_search(q["q"], gen, searcher, k=a.k)["hits"]]
        theirs = baseline(q["q"], a.k)
        rel = set(q["relevant"])

        def recall(ids, rel=rel):
            return len(rel & {mapping.get(i) for i in ids[: a.k]}) / len(rel)

        rows.append((q["id"], "path" if q["kind"] == "path" else "search", recall(ours), recall(theirs)))
        print(f"{q['id']:5} {rows[-1][1]:6} councilkg {rows[-1][2]:.2f}  baseline {rows[-1][3]:.2f}  {q['q']}")
    print(f"baseline: {searcher.embedder.name} + faiss flat over {n_lines} raw lines, no graph")
    for kind in ("search", "path", "all"):
        sel = [r for r in rows if kind == "all" or r[1] == kind]
        ours, theirs = np.mean([r[2] for r in sel]), np.mean([r[3] for r in sel])
        ratio = f"{ours / theirs:.2f}x" if theirs else "n/a"
        print(f"recall@{a.k} {kind:6} councilkg {ours:.3f}  baseline {theirs:.3f}  ratio {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
