"""Dereferenceable IRIs: GET /id/{kind}/{key} describes the thing the IRI names.

Content negotiation (W3C "Cool URIs for the Semantic Web", https://www.w3.org/TR/cooluris/
section 4.3): HTML for browsers, Turtle / JSON-LD / N-Triples / RDF/XML for Accept
text/turtle, application/ld+json ... or `?format=`. The answer holds the triples about the
IRI, the triples pointing at it, and the parts minted under it (its targets, quote ...).
The IRI looked up is Settings.base_iri + the request path, so the w3id.org IRIs and this
server's paths name the same things.
"""
from __future__ import annotations

import html

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from rdflib import Graph, Literal, URIRef

from graph.sparql import GRAPH_TYPES, run_query
from ontology.errors import NotFound, QueryRejected
from ontology.terms import PREFIXES

from ..deps import GenerationDep, SettingsDep
from .sparql import CORS, accepted, choose

router = APIRouter(tags=["resources"])


def describe_query(iri: str) -> str:
    # Parts minted under the IRI (iri/target/1, iri/source/quote ...) come along, so one
    # page shows a commitment with its targets and the quote it was read from.
    return (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ BIND(<{iri}> AS ?s) ?s ?p ?o }} UNION "
            f"{{ ?s ?p ?o FILTER(?o = <{iri}>) }} UNION "
            f"{{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{iri}/\")) }} }}")


def _show(term, base: str) -> str:
    if isinstance(term, URIRef):
        s = str(term)
        href = "/" + s[len(base):] if s.startswith(base) else s
        short = next((f"{p}:{s[len(ns):]}" for p, ns in PREFIXES.items() if s.startswith(ns)), s)
        return f'<a href="{html.escape(href)}">{html.escape(short)}</a>'
    if isinstance(term, Literal):
        return html.escape(str(term))
    return html.escape(str(term))


def page(iri: str, g: Graph, base: str) -> str:
    """A minimal HTML page: outgoing properties, parts, then what links here."""
    subject = URIRef(iri)
    rows = "".join(f"<tr><td>{_show(p, base)}</td><td>{_show(o, base)}</td></tr>"
                   for p, o in sorted(g.predicate_objects(subject)))
    parts = "".join(f"<tr><td>{_show(s, base)}</td><td>{_show(p, base)}</td><td>{_show(o, base)}</td></tr>"
                    for s, p, o in sorted(g) if s != subject and str(s).startswith(iri + "/"))
    back = "".join(f"<tr><td>{_show(s, base)}</td><td>{_show(p, base)}</td></tr>"
                   for s, p in sorted(g.subject_predicates(subject)))
    label = next((str(o) for p in ("http://www.w3.org/2004/02/skos/core#prefLabel",
                                   "http://purl.org/dc/terms/title", "http://purl.org/dc/terms/description",
                                   "http://www.w3.org/2000/01/rdf-schema#label")
                  for o in g.objects(subject, URIRef(p))), iri)
    alt = "".join(f'<link rel="alternate" type="{t}" href="?format={k}">' for k, t in GRAPH_TYPES.items())
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(label[:80])}"
            f"</title>{alt}</head><body><h1>{html.escape(label)}</h1><p><code>{html.escape(iri)}</code></p>"
            f"<table>{rows}</table>" + (f"<h2>Parts</h2><table>{parts}</table>" if parts else "")
            + (f"<h2>Linked from</h2><table>{back}</table>" if back else "")
            + "<p>Also as " + " · ".join(f'<a href="?format={k}">{k}</a>' for k in GRAPH_TYPES)
            + ' · <a href="/sparql">SPARQL</a></p></body></html>')


@router.get("/id/{path:path}", response_model=None, summary="Describe the thing an IRI names",
            responses={200: {"content": {"text/html": {}, **{t: {} for t in GRAPH_TYPES.values()}}},
                       404: {"description": "No such IRI in the graph."}})
async def resource(path: str, request: Request, settings: SettingsDep, gen: GenerationDep,
                   format: str | None = None) -> Response:
    if ".." in path.split("/") or any(c in path for c in '<>"{}|^`\\ '):
        raise QueryRejected(f"Not an IRI path: /id/{path}")
    iri = f"{settings.base_iri}id/{path}"
    res = await run_in_threadpool(run_query, gen.store_dir, describe_query(iri),
                                  timeout=settings.query_timeout_s, max_rows=settings.max_rows,
                                  max_chars=settings.max_query_chars)
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    g.parse(data=res.data, format="nt")
    if len(g) == 0:
        raise NotFound(f"Nothing is known about {iri}. Browse /sparql or search for the thing "
                       f"you want first.")
    media = accepted(request.headers.get("accept"))
    wants_html = format is None and any(m in ("text/html", "application/xhtml+xml") for m in media[:1]) \
        or format == "html"
    if wants_html:
        return HTMLResponse(page(iri, g, settings.base_iri), headers={"Vary": "Accept"})
    key = choose("graph", request.headers.get("accept"), format)
    body = res.data if key == "nt" else res.serialize(key)
    return Response(body, media_type=GRAPH_TYPES[key] + "; charset=utf-8",
                    headers={**CORS, "Vary": "Accept"})
