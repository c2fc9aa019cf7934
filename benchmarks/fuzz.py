"""Longer fuzzing run (issue 7, part 5), for `make fuzz`: schemathesis generates requests for
every operation in the OpenAPI schema of a live `councilkg serve` (loopback only) and fails
on any 5xx; then the in-process page fuzzing of tests/api/test_fuzz.py runs with more
examples. The tests run a bounded version of both on every `make test`.

The server runs with COUNCILKG_RATE_PER_MINUTE=0 (the fuzzer is one fast client on
127.0.0.1) and COUNCILKG_QUERY_TIMEOUT_S=5; everything else keeps its default.

usage: python benchmarks/fuzz.py [--examples 200] [--store build] [--max-time SECONDS]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from liveserver import ROOT, build_store, serve, stop_on_sigterm  # noqa: E402

BIN = Path(sys.executable).parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=200, help="examples per operation (default 200)")
    ap.add_argument("--store", help="an existing build folder (default: build the bundled corpus)")
    ap.add_argument("--max-time", type=int, help="keep fuzzing until this many seconds are spent "
                    "(default: stop after --examples per operation)")
    ap.add_argument("--skip-pages", action="store_true", help="only the schema run")
    a = ap.parse_args()
    stop_on_sigterm()
    store = build_store(a.store, "fake")
    try:
        sys.exit(fuzz(a, store))
    finally:
        if not a.store:  # the temp build made for this run
            shutil.rmtree(Path(store).parent, ignore_errors=True)


FUZZ_TOKEN = "fuzz-write-token"


def fuzz(a: argparse.Namespace, store: str) -> int:
    t0 = time.perf_counter()
    # On the run's own temp build the write route is fuzzed too, past its token check; a
    # store the user names is never written to.
    write = {} if a.store else {"COUNCILKG_WRITE_TOKEN": FUZZ_TOKEN}
    with serve(store, "fake", COUNCILKG_RATE_PER_MINUTE="0", COUNCILKG_QUERY_TIMEOUT_S="5", **write) as (base, _):
        cmd = [str(BIN / "schemathesis"), "run", f"{base}/openapi.json", "--checks", "not_a_server_error",
               "--max-examples", str(a.examples), "--workers", "2",
               "--request-timeout", "30", "--suppress-health-check", "all", "--continue-on-failure"]
        if write:
            cmd += ["-H", f"Authorization: Bearer {FUZZ_TOKEN}"]
        if a.max_time:
            cmd += ["--max-time", str(a.max_time)]
        print("$", " ".join(cmd), flush=True)
        hooks = {"SCHEMATHESIS_HOOKS": "fuzz_hooks",
                 "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent),
                                                             os.environ.get("PYTHONPATH")]))}
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **hooks})
    print(run.stdout[-6000:], run.stderr[-2000:], sep="\n")
    schema_s = time.perf_counter() - t0
    summary = [line for line in run.stdout.splitlines()
               if re.search(r"(operations|test cases|failures|passed|failed|errors)", line, re.I)]
    pages_rc = 0
    if not a.skip_pages:
        env = {**os.environ, "COUNCILKG_FUZZ_EXAMPLES": str(a.examples), "HF_HUB_OFFLINE": "1"}
        t1 = time.perf_counter()
        pages = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                "tests/api/test_fuzz.py", "-k", "page"], cwd=ROOT, env=env)
        pages_rc = pages.returncode
        print(f"page fuzzing ({a.examples} examples per page test): "
              f"{'passed' if pages_rc == 0 else 'FAILED'} in {time.perf_counter() - t1:.0f} s")
    print(f"schema fuzzing against {base}: exit {run.returncode} in {schema_s:.0f} s")
    for line in summary[-8:]:
        print("  ", line.strip())
    return 1 if run.returncode or pages_rc else 0


if __name__ == "__main__":
    main()
