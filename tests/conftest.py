"""Shared fixtures: the bundled corpus built once per test session with the fake embedder."""
from __future__ import annotations

import os
from pathlib import Path

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
