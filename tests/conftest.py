"""Shared fixtures: the bundled corpus built once per test session with the fake embedder."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(command: Callable[[int], list[str]], ready: str, *, env: dict | None = None,
                   timeout: float = 90) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `command(port)` on a free loopback port until GET `ready` answers 200; yields
    (base URL, process) and stops the process on exit, whatever happened."""
    import httpx

    port = free_port()
    proc = subprocess.Popen(command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(base + ready, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"{command(port)[0]} did not start on {base}: "
                            f"{proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
    return free_port()
