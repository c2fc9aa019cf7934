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
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from graph.sparql import GRAPH_TYPES, run_query
from ontology.errors import NotFound, QueryRejected
from ontology.terms import ONTOLOGY_FILE, PREFIXES

from ..deps import GenerationDep, SettingsDep
from .sparql import CORS, accepted, choose

router = APIRouter(tags=["resources"])


LINK_LIMIT = 2000  # triples pointing at the IRI shown; a theme may be the object of thousands
PART_DEPTH = 3  # commitment <- source annotation -> its target -> its selectors


def _hop(a: str, b: str, n: int) -> str:
    """A link between a and b in either direction (parts point both ways: an annotation's
    oa:hasBody points at the commitment, the commitment's ck:target points at its target)."""
    return f"{{ {a} ?p{n} {b} }} UNION {{ {b} ?q{n} {a} }}"


def describe_query(iri: str) -> str:
    """The triples about the IRI, pointing at it, and of the parts minted under it
    (iri/target/1, iri/source/quote ...), found by following links from the IRI, at most
    PART_DEPTH hops, through parts only. Every step starts from a bound term, so the store
    answers from its indexes (a few ms) instead of testing every subject's string."""
    pre = '"' + iri + '/"'
    under = lambda v: f"FILTER(isIRI({v}) && STRSTARTS(STR({v}), {pre}))"  # noqa: E731
    chains = []
    for depth in range(1, PART_DEPTH + 1):
        steps, prev = [], f"<{iri}>"
        for k in range(1, depth + 1):
            cur = "?part" if k == depth else f"?a{k}"
            steps.append(_hop(prev, cur, k) + ("" if k == depth else " " + under(cur)))
            prev = cur
        chains.append("{ " + " ".join(f"{{ {st} }}" for st in steps) + " }")
    parts = " UNION ".join(chains)
    return (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ "
            f"{{ BIND(<{iri}> AS ?s) ?s ?p ?o }} UNION "
            f"{{ {{ SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT {LINK_LIMIT} }} BIND(<{iri}> AS ?o) }} UNION "
            f"{{ {{ SELECT DISTINCT ?s WHERE {{ {parts} BIND(?part AS ?s) {under('?part')} }} "
            f"LIMIT {LINK_LIMIT} }} ?s ?p ?o }} }}")


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
    if not res.data.strip():
        raise NotFound(f"Nothing is known about {iri}. Browse /sparql or search for the thing "
                       f"you want first.")
    media = accepted(request.headers.get("accept"))
    wants_html = format is None and any(m in ("text/html", "application/xhtml+xml") for m in media[:1]) \
        or format == "html"
    if wants_html:  # only the page needs rdflib; RDF answers are Oxigraph's own serialisation
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, override=True)
        g.parse(data=res.data, format="nt")
        return HTMLResponse(page(iri, g, settings.base_iri), headers={"Vary": "Accept"})
    key = choose("graph", request.headers.get("accept"), format)
    body = res.data if key == "nt" else res.serialize(key)
    return Response(body, media_type=GRAPH_TYPES[key] + "; charset=utf-8",
                    headers={**CORS, "Vary": "Accept"})


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def ontology_page(g: Graph, base: str) -> str:
    """One section per term minted under /def#, each with the term's name as its anchor, so
    the `/def#Commitment` links on entity pages land on the term they name."""
    ns = base + "def#"
    terms = sorted({s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)})
    label, comment = URIRef(str(RDFS.label)), URIRef(str(RDFS.comment))
    parts = []
    for t in terms:
        name = str(t)[len(ns):]
        kinds = ", ".join(_show(o, base) for o in g.objects(t, RDF.type))
        text = " ".join(html.escape(str(o)) for o in g.objects(t, comment))
        title = next((str(o) for o in g.objects(t, label)), name)
        parts.append(f'<section id="{html.escape(name)}"><h2>ck:{html.escape(name)}</h2>'
                     f"<p>{html.escape(title)} ({kinds})</p><p>{text}</p></section>")
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><title>councilkg ontology</title>"
            '<link rel="alternate" type="text/turtle" href="/def?format=ttl"></head><body>'
            f"<h1>councilkg ontology</h1><p><code>{html.escape(ns)}</code> · "
            '<a href="/def?format=ttl">Turtle</a></p>' + "".join(parts) + "</body></html>")


@router.get("/def", response_model=None, summary="The ontology the graph's own terms come from",
            responses={200: {"content": {"text/html": {}, **{t: {} for t in GRAPH_TYPES.values()}}}})
async def ontology(request: Request, settings: SettingsDep, format: str | None = None) -> Response:
    """HTML for a browser (one anchor per term, so /def#Commitment works), else the OWL
    ontology in an RDF format by Accept or `format`."""
    g = _ontology()
    media = accepted(request.headers.get("accept"))
    if format == "html" or format is None and media[:1] and media[0] in ("text/html", "application/xhtml+xml"):
        return HTMLResponse(ontology_page(g, settings.base_iri), headers={"Vary": "Accept"})
    key = choose("graph", request.headers.get("accept"), format)
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[key]
    return Response(g.serialize(format=rdflib_fmt, encoding="utf-8"),
                    media_type=GRAPH_TYPES[key] + "; charset=utf-8", headers={**CORS, "Vary": "Accept"})
