"""How well lineage links plans of councils other than the bundled seeds' gold covers.

The shared gold (../shared/eval/gold/lineage.json) labels Kingston's five corporate plans
only. `benchmarks/lineage_gold/` labels pairs of plans from the climate corpus the same
way (../shared/eval/SCHEMA.md, section 2); each file says who labelled it and how. A
link names its two commitments by document and text, not by id, so a reader that numbers
its rows differently still finds them (as a reviewer's verdict does:
`graph.lineage_reviews.find_row`).

For each gold file this builds a store of its documents alone (lineage links plans of one
council, so the rest of the corpus would change nothing), asks for every link, and
prints `continues` precision, recall and F1 (a pair counts in either
direction), and how many links of any relation both hold.

usage: python benchmarks/lineage_quality.py [--corpus DIR] [--model fake|sentence-transformers] [GOLD ...]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.workspace import Workspace  # noqa: E402
from graph.lineage_reviews import find_row  # noqa: E402

GOLD = ROOT / "benchmarks" / "lineage_gold"
CORPUS = ROOT.parent / "shared" / "corpus" / "climate-plans"


def row_ids(gold: dict, plans: list) -> dict[tuple[str, str], str | None]:
    """(document, text) of each labelled commitment -> the id of its row in `plans` now, as
    a verdict finds its row again (None when none is alike enough)."""
    by_document = {p.document.name: p for p in plans}
    return {(side["document"], side["text"]): find_row("", side["document"], side["text"], by_document, {})
            for link in gold["links"] for side in (link["from"], link["to"])}


def score(gold: dict, plans: list, links: list[dict]) -> dict:
    """`continues` precision, recall and F1 of `links` against `gold`, over unordered pairs."""
    ids = row_ids(gold, plans)

    def row(side: dict) -> str | None:
        return ids.get((side["document"], side["text"]))

    found = {frozenset((row(l["from"]), row(l["to"]))): l["relation"] for l in gold["links"]
             if row(l["from"]) and row(l["to"])}
    said = {frozenset((l["from"], l["to"])): l["relation"] for l in links}
    gold_cont = {p for p, r in found.items() if r == "continues"}
    said_cont = {p for p, r in said.items() if r == "continues"}
    tp = len(gold_cont & said_cont)
    p = tp / len(said_cont) if said_cont else 0.0
    r = tp / len(gold_cont) if gold_cont else 0.0
    return {"tp": tp, "predicted": len(said_cont), "gold": len(gold_cont),
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "any_both": len(set(found) & set(said)), "any_gold": len(found), "any_predicted": len(said),
            "unmatched_gold_links": len(gold["links"]) - len(found)}


def run(gold_path: Path, corpus: Path, env: dict) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="councilkg-lineage-quality-") as tmp:
        store = Path(tmp) / "store"

        def cli(*args: str) -> str:
            return subprocess.run([sys.executable, "-m", "api", *args, "--store", str(store)], env=env,
                                  cwd=ROOT, capture_output=True, text=True, check=True).stdout

        cli("build", *(str(corpus / d) for d in gold["documents"]))
        links = json.loads(cli("lineage", "--all", "--json"))["links"]
        return score(gold, Workspace(store).current().plans, links)


def main(argv: list[str] | None = None) -> dict[str, dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", type=Path, default=sorted(GOLD.glob("*.json")))
    ap.add_argument("--corpus", type=Path, help=f"the folder holding the gold files' documents (default {CORPUS})")
    ap.add_argument("--model", default="sentence-transformers", choices=["sentence-transformers", "fake"])
    args = ap.parse_args(argv)
    if args.corpus is None and not CORPUS.is_dir():
        print(f"lineage quality: skipped, no corpus at {CORPUS} (a clone without ../shared); pass --corpus DIR")
        return {}
    corpus = args.corpus or CORPUS
    if not corpus.is_dir():
        ap.error(f"no corpus at {corpus}: pass --corpus DIR, the folder holding the gold files' documents")
    env = {**os.environ, "COUNCILKG_EMBEDDER": args.model, "HF_HUB_OFFLINE": "1"}
    results = {}
    for path in args.gold:
        m = results[path.stem] = run(path, corpus, env)
        print(f"{path.stem:24} continues tp {m['tp']:3} pred {m['predicted']:3} gold {m['gold']:3}  "
              f"P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}   any link: {m['any_both']} of "
              f"{m['any_gold']} gold, {m['any_predicted']} predicted"
              + (f"   ({m['unmatched_gold_links']} gold links name rows no longer read)"
                 if m["unmatched_gold_links"] else ""), flush=True)
    return results


if __name__ == "__main__":
    main()
