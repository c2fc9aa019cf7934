"""The SPARQL 1.1 Protocol endpoint, read-only: https://www.w3.org/TR/sparql11-protocol/

- query via GET ?query=, POST form (application/x-www-form-urlencoded) and POST
  application/sparql-query (#query-operation);
- SELECT/ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples,
  JSON-LD or RDF/XML, by Accept or a `format` parameter;
- GET /sparql without a query returns the Service Description
  (https://www.w3.org/TR/sparql11-service-description/);
- updates and SERVICE are refused with 403; time and row limits come from Settings;
- CORS headers on every answer so browser clients (YASGUI) work.
"""
from __future__ import annotations

from typing import Annotated, Optional
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from graph.sparql import GRAPH_TYPES, RESULT_TYPES, run_query
from ontology.errors import CouncilKGError, QueryRejected

from ..deps import GenerationDep, SettingsDep

router = APIRouter(tags=["sparql"])

CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
        "Access-Control-Expose-Headers": "X-SPARQL-Truncated, X-SPARQL-Seconds"}
# `format=` names (as YASGUI, Fuseki and Virtuoso spell them) -> our format keys.
FORMAT_ALIASES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
                  "ttl": "ttl", "turtle": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
                  "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml",
                  "rdf+xml": "rdfxml"}
MEDIA = {**RESULT_TYPES, **GRAPH_TYPES}
RESPONSES = {200: {"description": "Query results (SPARQL JSON/XML/CSV/TSV) or an RDF graph.",
                   "content": {t: {} for t in MEDIA.values()}},
             400: {"description": "Malformed query."},
             403: {"description": "Update or SERVICE refused: the endpoint is read-only."},
             413: {"description": "Request body too large."},
             429: {"description": "Too many queries from this address running at once."},
             503: {"description": "Query time limit reached, or no store built."}}


def accepted(accept: str | None) -> list[str]:
    """Media types of an Accept header, best first (RFC 9110 section 12.5.1 q-values)."""
    items = []
    for i, part in enumerate((accept or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, bits[0].lower()))
    return [m for _, _, m in sorted(items)]


def choose(kind: str, accept: str | None, fmt: str | None) -> str:
    """The format key for a result of `kind` ('select', 'ask' or 'graph')."""
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    if fmt:
        f = fmt.lower()
        key = FORMAT_ALIASES.get(f) or next((k for k, t in MEDIA.items() if t == f), None)
        if kind == "graph" and key == "xml":
            key = "rdfxml"
        if kind == "graph" and key == "json":
            key = "jsonld"
        if key not in table:
            raise QueryRejected(f"format={fmt!r} does not fit a {kind.upper()} result; use one of "
                                f"{', '.join(table)}.")
        return key
    for media in accepted(accept):
        if media == "application/json":
            return "jsonld" if kind == "graph" else "json"
        if media in ("application/xml", "text/xml"):
            return "rdfxml" if kind == "graph" else "xml"
        for key, t in table.items():
            if media == t:
                return key
    return "ttl" if kind == "graph" else "json"


def _reject(message: str, status: int = 400) -> None:
    exc = QueryRejected(message)
    exc.http_status = status
    raise exc


async def answer(request: Request, query: str, gen, settings, fmt: str | None,
                 default_graphs: list[str], named_graphs: list[str]) -> Response:
    # run_query blocks until its worker answers; in the thread pool it holds no event loop.
    result = await run_in_threadpool(
        run_query, gen.store_dir, query, timeout=settings.query_timeout_s, max_rows=settings.max_rows,
        max_chars=settings.max_query_chars, default_graphs=default_graphs, named_graphs=named_graphs,
        client=request.client.host if request.client else "unknown")
    key = choose(result.kind, request.headers.get("accept"), fmt)
    body = await run_in_threadpool(result.serialize, key)
    media = MEDIA[key]
    headers = {**CORS, "Vary": "Accept", "X-SPARQL-Seconds": f"{result.seconds:.4f}"}
    if result.truncated:
        headers["X-SPARQL-Truncated"] = f"true; at most {settings.max_rows} rows (COUNCILKG_MAX_ROWS)"
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    return Response(body, media_type=media + charset, headers=headers)


@router.get("/sparql", response_model=None, responses=RESPONSES,
            summary="SPARQL query by GET, or the Service Description without a query")
async def sparql_get(request: Request, settings: SettingsDep,
                     query: Annotated[Optional[str], Query(description="A SPARQL 1.1 query.")] = None,
                     update: Annotated[Optional[str], Query(include_in_schema=False)] = None,
                     format: Annotated[Optional[str], Query(
                         description="json, xml, csv, tsv (results); ttl, nt, jsonld, rdfxml (graphs). "
                                     "Overrides Accept.")] = None,
                     # FastAPI copies a list default per request, so [] is safe here
                     default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],  # noqa: B006
                     named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = []) -> Response:  # noqa: B006
    if update is not None:
        _reject("SPARQL Update is refused: this endpoint is read-only.", 403)
    if query is None:
        from .dumps import service_description

        return await service_description(request, settings)
    from ..deps import get_generation

    gen = get_generation(request)
    return await answer(request, query, gen, settings, format, default_graph_uri, named_graph_uri)


# The body is read by hand (two media types, one handler), so describe it for /docs:
# https://www.w3.org/TR/sparql11-protocol/#query-via-post-direct and #query-via-post-urlencoded
POST_BODY = {"requestBody": {"required": True, "content": {
    "application/sparql-query": {"schema": {"type": "string", "example": "ASK { ?s ?p ?o }"}},
    "application/x-www-form-urlencoded": {"schema": {
        "type": "object", "required": ["query"],
        "properties": {"query": {"type": "string", "description": "A SPARQL 1.1 query."},
                       "format": {"type": "string", "description": "Result format; overrides Accept."},
                       "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                       "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}}}}}


@router.post("/sparql", response_model=None, responses=RESPONSES, openapi_extra=POST_BODY,
             summary="SPARQL query by POST (form or application/sparql-query)")
async def sparql_post(request: Request, settings: SettingsDep, gen: GenerationDep) -> Response:
    size = int(request.headers.get("content-length") or 0)
    if size > settings.max_request_bytes:
        _reject(f"Request body of {size} bytes is over the {settings.max_request_bytes} byte limit.", 413)
    raw = await request.body()
    if len(raw) > settings.max_request_bytes:
        _reject(f"Request body is over the {settings.max_request_bytes} byte limit.", 413)
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    params = {k: v for k, v in parse_qs(request.url.query).items()}
    if ctype == "application/sparql-update":
        _reject("SPARQL Update is refused: this endpoint is read-only.", 403)
    if ctype == "application/sparql-query":
        query = raw.decode("utf-8", errors="replace")
    elif ctype == "application/x-www-form-urlencoded":
        form = parse_qs(raw.decode("utf-8", errors="replace"))
        if "update" in form:
            _reject("SPARQL Update is refused: this endpoint is read-only.", 403)
        params = {**params, **form}
        query = (form.get("query") or [""])[0]
    else:
        _reject(f"Unsupported Content-Type {ctype or '(none)'}: POST a query as "
                f"application/sparql-query or as the `query` field of a form "
                f"(https://www.w3.org/TR/sparql11-protocol/#query-operation).", 415)
    fmt = (params.get("format") or [None])[0]
    return await answer(request, query, gen, settings, fmt, params.get("default-graph-uri", []),
                        params.get("named-graph-uri", []))


@router.options("/sparql", response_model=None, include_in_schema=False)
async def sparql_options() -> Response:
    """CORS preflight for browser clients."""
    return Response(status_code=204, headers={**CORS, "Access-Control-Max-Age": "86400"})


def error_response(exc: CouncilKGError) -> Response:
    """Plain-text error with CORS headers (used by clients that read the body as text)."""
    return Response(f"{type(exc).__name__}: {exc}", status_code=exc.http_status,
                    media_type="text/plain; charset=utf-8", headers={**CORS, **exc.http_headers})
