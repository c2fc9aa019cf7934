"""What a change to a built store costs, against building it from nothing, in one run.

A store is rebuilt whole on every change (`add`, `remove`, a lineage verdict), so that each
generation is consistent; what it need not redo is embedding, since each generation keeps
its vectors (api.workspace, vectors.npy). On the bundled corpus (or the folders given),
with the real model unless --model fake, this prints the wall time of:

- build: a fresh store (the baseline: every text embedded, the model loaded);
- rebuild: `build` of the same documents over that store (nothing new to embed);
- review: `councilkg review` of one pair (a verdict, then the rebuild);
- remove: `councilkg remove` of the last document;
- add: `councilkg add` of it again (its texts embedded anew: they left with it);

each as a ratio to the build. Documents that cannot be read are skipped (`--keep-going`),
as a real folder of plans has some. Each step runs in a fresh process, as a user runs it, so the
ratio includes loading Python and the libraries, and the model when a step needs it.

usage: python benchmarks/rebuild.py [--model fake|sentence-transformers] [FOLDER ...]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "api", *args], env=env, cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return time.perf_counter() - start, out.stdout


def main(argv: list[str] | None = None) -> dict[str, float]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=[str(ROOT / "data" / "seeds")])
    ap.add_argument("--model", default="sentence-transformers", choices=["sentence-transformers", "fake"])
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="councilkg-rebuild-"))
    env = {**os.environ, "COUNCILKG_STORE": str(work / "build"), "COUNCILKG_EMBEDDER": args.model,
           "HF_HUB_OFFLINE": "1"}
    try:
        times = {}
        times["build"], _ = timed(["build", *args.folders, "--keep-going", "--json"], env)
        times["rebuild"], _ = timed(["build", *args.folders, "--keep-going", "--json"], env)
        rows = [json.loads(line) for line in timed(["export"], env)[1].splitlines()]
        docs = list(dict.fromkeys(r["document"] for r in rows))
        first_row = {}  # (publisher, document) -> its first row: a verdict links one council's plans
        for r in rows:
            first_row.setdefault((r["publisher"], r["document"]), r["id"])
        one, other = next((a, b) for (pa, da), a in first_row.items() for (pb, db), b in first_row.items()
                          if pa == pb and da != db)
        times["review"], _ = timed(["review", one, other, "--verdict", "related", "--by", "bench"], env)
        last = next(p for f in args.folders for p in Path(f).rglob(docs[-1]))
        times["remove"], _ = timed(["remove", docs[-1]], env)
        times["add"], _ = timed(["add", str(last), "--json"], env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(rows)} commitments in {len(docs)} documents, model {args.model}")
    for step, t in times.items():
        print(f"{step:8s} {t:7.1f} s   ratio to build {t / times['build']:.2f}")
    return times


if __name__ == "__main__":
    main()
