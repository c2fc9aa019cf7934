"""Shared fixtures: the bundled corpus built once per test session with the fake embedder."""
from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

from benchmarks import liveserver

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "data" / "seeds"

# Tests never reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory):
    """Settings whose store holds the bundled corpus, built with the fake embedder."""
    from api.pipeline import build
    from api.settings import Settings

    settings = Settings(store=str(tmp_path_factory.mktemp("seed") / "build"), embedder="fake")
    build([SEEDS], settings, show_progress=False)
    return settings


@pytest.fixture(scope="session")
def seed_generation(seed_settings):
    """The built generation of the bundled corpus (plans, commitments, links, store)."""
    from api.workspace import Workspace

    return Workspace(seed_settings.store_path).current()


@pytest.fixture(scope="session")
def seed_app_client(seed_settings):
    """A TestClient over the app serving the bundled corpus."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(seed_settings)) as client:
        yield client


@pytest.fixture
def cli_env(seed_settings):
    """Environment for running the `councilkg` command against the bundled store."""
    return {**os.environ, "COUNCILKG_STORE": seed_settings.store, "COUNCILKG_EMBEDDER": "fake"}


@contextmanager
def running_server(command: Callable[[int], list[str]], ready: str, *, env: dict | None = None,
                   timeout: float = 90) -> Iterator[tuple[str, subprocess.Popen]]:
    """benchmarks/liveserver.running_server, with a server that does not start failing the test."""
    try:
        with liveserver.running_server(command, ready, env=env, timeout=timeout) as started:
            yield started
    except liveserver.ServerDidNotStart as e:
        pytest.fail(str(e))


def live_server(store: str, **env: str):
    """`councilkg serve` over `store` with the default host (so tests see what a user gets)."""
    run_env = {k: v for k, v in os.environ.items() if k != "COUNCILKG_HOST"}
    run_env.update(COUNCILKG_STORE=str(store), COUNCILKG_EMBEDDER="fake", HF_HUB_OFFLINE="1", **env)
    return running_server(lambda port: [sys.executable, "-m", "api", "serve", "--port", str(port)],
                          "/api/health", env=run_env)


@pytest.fixture(scope="session")
def serve():
    """Start a live server: `with serve(store, COUNCILKG_QUERY_TIMEOUT_S="2") as (base, proc):`."""
    return live_server


@pytest.fixture(scope="session")
def spawn_server():
    """Run any server process: `with spawn_server(lambda port: [...], "/ready") as (base, proc):`."""
    return running_server


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on."""
    return liveserver.free_port()
