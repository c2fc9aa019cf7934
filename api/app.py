"""The web app: JSON API, SPARQL endpoint and the web page, built by create_app(settings)."""
from __future__ import annotations

import importlib
import logging
import pkgutil

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ontology.errors import CouncilKGError

from .settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="councilkg", version="0.1.0",
                  description="Council commitments as a knowledge graph: search, answers with "
                              "quotes, lineage across plans, and a read-only SPARQL 1.1 endpoint.")
    app.state.settings = settings
    app.state.generations = {}

    @app.exception_handler(CouncilKGError)
    async def councilkg_error(request: Request, exc: CouncilKGError) -> JSONResponse:
        return JSONResponse({"error": type(exc).__name__, "detail": str(exc)},
                            status_code=exc.http_status, headers=exc.http_headers)

    from .limits import BodyLimit, RateLimit, SecurityHeaders

    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(RateLimit, per_minute=settings.rate_per_minute)
    app.add_middleware(SecurityHeaders)  # outermost: also on 413/429 answers

    # One router per resource (api/routes/<resource>.py exposes `router`).
    from . import routes

    for mod in sorted(m.name for m in pkgutil.iter_modules(routes.__path__)):
        module = importlib.import_module(f"{routes.__name__}.{mod}")
        app.include_router(module.router)
    return app
