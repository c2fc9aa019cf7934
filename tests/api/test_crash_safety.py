"""A build or add killed at any point leaves the previous store whole and usable (issue 7)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "cli"
PLANS = [str(DATA / "riverside_climate_plan.md"), str(DATA / "riverside_delivery_plan.md")]
SEEDS = str(Path(__file__).resolve().parents[2] / "data" / "seeds")


def run(args: list[str], store: Path) -> subprocess.Popen:
    env = {**os.environ, "COUNCILKG_STORE": str(store), "COUNCILKG_EMBEDDER": "fake",
           "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-m", "api", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def export_ids(store: Path) -> list[str]:
    p = run(["export", "--format", "jsonl"], store)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    return [json.loads(line)["id"] for line in out.splitlines()]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    """A store holding the two small Riverside plans."""
    store = tmp_path_factory.mktemp("crash") / "build"
    p = run(["build", *PLANS], store)
    assert p.wait(timeout=300) == 0, p.stderr.read()
    return store


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0, 6.0])
def test_a_build_killed_midway_leaves_the_previous_store_usable(small_store, delay):
    before_link = os.readlink(small_store / "current")
    before_ids = export_ids(small_store)
    p = run(["build", SEEDS], small_store)
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    link = os.readlink(small_store / "current")
    # Either the kill came too late and the new build is whole, or nothing changed.
    if link == before_link:
        assert export_ids(small_store) == before_ids
    else:
        assert len(export_ids(small_store)) > len(before_ids)
        restore = run(["build", *PLANS], small_store)
        assert restore.wait(timeout=300) == 0


@pytest.mark.slow
def test_an_add_killed_midway_leaves_the_previous_store_usable(small_store):
    before_ids = export_ids(small_store)
    p = run(["add", SEEDS], small_store)
    time.sleep(1.0)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    ids = export_ids(small_store)
    assert ids == before_ids or len(ids) > len(before_ids)
