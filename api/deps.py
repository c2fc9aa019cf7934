"""FastAPI dependencies: the settings and the current build generation."""
from __future__ import annotations

import hmac
import threading
from typing import Annotated

from fastapi import Depends, Request

from .settings import Settings
from .workspace import Generation, Workspace

_lock = threading.Lock()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_generation(request: Request) -> Generation:
    """The generation `current` points at now; its loaded data is reused until a new build
    swaps in (each request resolves the link once, so it never mixes two generations)."""
    ws = Workspace(request.app.state.settings.store_path)
    path = ws.current().path
    with _lock:
        cache: dict = request.app.state.generations
        if path not in cache:
            cache.clear()
            cache[path] = Generation(path)
        return cache[path]


def write_refusal(settings: Settings, given: str) -> tuple[int, str] | None:
    """Why a write (a lineage verdict) is refused, as (HTTP status, message); None when the
    token is right. With no COUNCILKG_WRITE_TOKEN set, writes are off."""
    if not settings.write_token:
        return 403, "Writing is off: the server has no COUNCILKG_WRITE_TOKEN."
    if not hmac.compare_digest(given.encode(), settings.write_token.encode()):
        return 401, "The write token is missing or wrong."
    return None


SettingsDep = Annotated[Settings, Depends(get_settings)]
GenerationDep = Annotated[Generation, Depends(get_generation)]
