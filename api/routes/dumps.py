"""Downloadable dumps of the whole graph, its VoID/DCAT description and the SPARQL
Service Description.

VoID (https://www.w3.org/TR/void/#well-known) is served at /.well-known/void; dumps at
/dumps/councilkg.{ttl,nt,jsonld} (named in the VoID as void:dataDump / dcat:downloadURL).
Only those names are served: anything else, including any path with '/' or '..', is 404,
so no request can reach a file outside the generation's dump folder.
"""
from __future__ import annotations

import os
import re
import threading

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, VOID

from graph.sparql import GRAPH_TYPES, run_query
from ontology.errors import NotFound

from ..deps import GenerationDep, SettingsDep, get_generation
from .sparql import CORS, choose

router = APIRouter(tags=["dumps"])

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DUMP_NAME = re.compile(r"^councilkg\.(ttl|nt|jsonld)$")
_dump_lock = threading.Lock()


class DumpInfo(BaseModel):
    name: str
    url: str
    media_type: str


class DumpList(BaseModel):
    dumps: list[DumpInfo]
    void: str
    sparql: str


def _rdf_response(g: Graph, request: Request, fmt: str | None = None) -> Response:
    key = choose("graph", request.headers.get("accept"), fmt)
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[key]
    return Response(g.serialize(format=rdflib_fmt, encoding="utf-8"),
                    media_type=GRAPH_TYPES[key] + "; charset=utf-8", headers={**CORS, "Vary": "Accept"})


async def service_description(request: Request, settings) -> Response:
    """https://www.w3.org/TR/sparql11-service-description/#sd-Service"""
    endpoint = URIRef(str(request.url_for("sparql_get")))
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    svc = URIRef(str(endpoint) + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, endpoint))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        g.add((svc, SD.resultFormat, FORMATS[f]))
    dataset = URIRef(f"{settings.base_iri}id/dataset/councilkg")
    ds = URIRef(str(endpoint) + "#dataset")
    graph_node = URIRef(str(endpoint) + "#default-graph")
    g.add((svc, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    g.add((ds, SD.defaultGraph, graph_node))
    g.add((graph_node, RDF.type, SD.Graph))
    g.add((graph_node, DCTERMS.source, dataset))
    g.add((svc, DCTERMS.description, Literal(
        f"Read-only SPARQL 1.1 query endpoint. Updates and SERVICE are refused; each query has "
        f"a {settings.query_timeout_s:g} s time limit and returns at most {settings.max_rows} rows.",
        lang="en")))
    return _rdf_response(g, request)


@router.get("/.well-known/void", response_model=None, summary="VoID + DCAT description of the dataset",
            responses={200: {"content": {t: {} for t in GRAPH_TYPES.values()}}})
async def void(request: Request, settings: SettingsDep, gen: GenerationDep,
               format: str | None = None) -> Response:
    dataset = f"{settings.base_iri}id/dataset/councilkg"
    q = (f"CONSTRUCT {{ <{dataset}> ?p ?o . ?o ?p2 ?o2 }} WHERE {{ <{dataset}> ?p ?o "
         f"OPTIONAL {{ ?o ?p2 ?o2 FILTER(STRSTARTS(STR(?o), \"{settings.base_iri}dumps/\")) }} }}")
    res = run_query(gen.store_dir, q, timeout=settings.query_timeout_s, max_rows=settings.max_rows)
    g = Graph().parse(data=res.data, format="nt")
    if len(g) == 0:
        raise NotFound("The store has no dataset description; rebuild with `councilkg build`.")
    # Where this server actually answers, beside the w3id IRIs minted at build time.
    base = str(request.base_url)
    g.add((URIRef(dataset), VOID.sparqlEndpoint, URIRef(base + "sparql")))
    for ext in ("ttl", "nt", "jsonld"):
        g.add((URIRef(dataset), VOID.dataDump, URIRef(f"{base}dumps/councilkg.{ext}")))
    return _rdf_response(g, request, format)


@router.get("/dumps", response_model=DumpList, summary="The downloadable dumps")
async def list_dumps(request: Request) -> DumpList:
    base = str(request.base_url)
    return DumpList(dumps=[DumpInfo(name=f"councilkg.{e}", url=f"{base}dumps/councilkg.{e}",
                                    media_type=GRAPH_TYPES[e]) for e in ("ttl", "nt", "jsonld")],
                    void=f"{base}.well-known/void", sparql=f"{base}sparql")


@router.get("/dumps/{name}", response_model=None, summary="Download the whole graph",
            responses={200: {"content": {t: {} for t in GRAPH_TYPES.values()}}, 404: {}})
def get_dump(name: str, request: Request) -> Response:
    m = DUMP_NAME.match(name)
    if not m:
        raise NotFound(f"No dump named {name!r}. Dumps: councilkg.ttl, councilkg.nt, "
                       f"councilkg.jsonld (see /dumps).")
    from graph.store import dump

    gen = get_generation(request)
    folder = gen.path / "dumps"
    target = folder / name
    with _dump_lock:  # written once per generation, through a temp file
        if not target.exists():
            folder.mkdir(exist_ok=True)
            tmp = folder / (name + ".tmp")
            with open(tmp, "wb") as f:
                dump(gen.store_dir, m.group(1), binary=f)
            os.replace(tmp, target)
    return FileResponse(target, media_type=GRAPH_TYPES[m.group(1)], filename=name, headers=CORS)
