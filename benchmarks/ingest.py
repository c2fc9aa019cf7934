"""Ingest throughput: commitments per second on the bundled corpus replicated to ~10^4
commitments, and the ratio to the time it takes merely to read and decode the same bytes.
Then hostile text: documents of long blank runs, rating-like cells, page labels and
glued words (the shapes the readers' patterns look for) at two sizes, and the ratio of their times;
close to the ratio of their sizes means no pattern backtracks quadratically.

usage: python benchmarks/ingest.py [--target 10000]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import read_text  # noqa: E402
from ingest.decode import load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", type=int, default=10_000, help="commitments to reach (default 10000)")
    a = ap.parse_args()
    files = sorted((ROOT / "data" / "seeds").glob("*"))
    per_pass = sum(len(read_text(load(f), f.name).commitments) for f in files)
    copies = max(1, round(a.target / per_pass))

    t0 = time.perf_counter()
    texts = [load(f) for _ in range(copies) for f in files]
    decode_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n = 0
    for i, text in enumerate(texts):
        n += len(read_text(text, f"copy{i}_{files[i % len(files)].name}").commitments)
    ingest_s = time.perf_counter() - t0
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(f"corpus: {len(files)} documents x {copies} copies = {len(texts)} documents, {mb:.1f} MB, {n} commitments")
    print(f"read+decode only: {decode_s:.2f} s")
    print(f"ingest (decode excluded): {ingest_s:.2f} s = {n / ingest_s:,.0f} commitments/s")
    print(f"ratio ingest / read+decode: {ingest_s / decode_s:.1f}x")
    hostile()


def hostile_text(lines: int) -> str:
    """Rows the readers take (bullets, rated rows, page labels, referenced rows) among lines
    of 10,000 blanks, runs of page labels and words glued into one token of 6,000 letters;
    a referenced row with 10,000 blanks inside it."""
    rows = ("n   Reduce emissions from our energy supply  Low High  Easier\n"
            "n   Review the fleet P a g e | 3 and its fuel\n")
    pad = ("Action Lead Timescale" + " " * 10_000 + "High Low" + " " * 10_000 + "Page\n"
           + "Deliver the plan.By 2022 " + "Page 1 " * 1_000 + "Carbon" * 1_000 + "This\n"
           + "1.1\nInstall solar panels on the depot roof" + " " * 10_000 + "Short term\n")
    return rows * 3 + pad * lines


def hostile() -> None:
    times = {}
    for lines in (25, 100):
        text = hostile_text(lines)
        t0 = time.perf_counter()
        read_text(text, f"hostile{lines}.txt")
        times[lines] = time.perf_counter() - t0
        print(f"hostile text, {len(text) / 1e6:.1f} MB: {times[lines]:.2f} s")
    print(f"ratio 4x the text / 1x: {times[100] / times[25]:.1f}x (4 is linear)")


if __name__ == "__main__":
    main()
