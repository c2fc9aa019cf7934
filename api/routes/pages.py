"""The web page (issue 6): server-rendered HTML, one shareable URL per view.

    /                       ask and search (answer with quotes, results with facets)
    /commitment/{id}        a commitment, its source quote and its lineage timeline
    /path?from=&to=         how X links to Y, drawn
    /entity/{kind}/{slug}   an entity's commitments across years (also /entity?iri=)
    /sparql-ui              the SPARQL editor with the documented examples
    /gaps                   commitments that disappeared, deadlines that slipped
    /review                 pairs to review: unlinked, though both ends lack a partner
    POST /review            a verdict from the buttons of those pages (with the write token)

Pages render from the current generation and the same functions as the JSON API, so a link
works without JavaScript; `static/*.js` only adds conveniences. Templates autoescape.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from graph.lineage import CLOSEST
from ontology.errors import CouncilKGError, NotFound

from ..answer_text import plan_label, plan_name
from ..deps import SettingsDep, get_generation, write_refusal
from ..lineage_views import (council_names, describe_report, gaps_view, lineage_view, reviews_view,
                             unlinked_view)
from ..quotes import location, quote
from ..web import STATIC_DIR, render
from ..web import sources
from ..web.entities import commitment_entities, entity_commitments, entity_href, projection, split_iri
from ..web.facets import apply_facets
from ..web.pathdraw import build_path_picture, node_href, path_parts
from ..web.templating import query_terms
from ..web.timeline import build_timeline
from ..workspace import Workspace

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
CANDIDATES = 50  # hits fetched so facets have something to count; the page shows `k` of them


def item(gen, cid: str, why: str = "") -> dict:
    """What a result card shows for one commitment."""
    c = gen.commitment(cid)
    return {"id": c.id, "text": c.text, "plan_title": plan_label(gen, c.document),
            "owners": c.owners, "status": c.status,
            "why": why, "quote": quote(c, gen.documents.get(c.document)), "location": location(c)}


def page_error(request: Request, exc: CouncilKGError) -> HTMLResponse:
    title = "Not found" if isinstance(exc, NotFound) else "Cannot show this page"
    return render(request, "error.html", status_code=exc.http_status, title=title, message=str(exc))


def generation(request: Request):
    """The current generation, resolved per request (a rebuild swaps in between requests)."""
    return get_generation(request)


@router.get("/", response_class=HTMLResponse)
def ask_page(request: Request, settings: SettingsDep, q: str = "", k: int = Query(10, ge=1, le=50),
             year: str = "", plan: str = "", theme: str = "", owner: str = "", partner: str = "",
             place: str = "", status: str = "", council: str = "") -> Response:
    try:
        gen = generation(request)
    except CouncilKGError as exc:
        return page_error(request, exc)
    chosen = dict(year=year, plan=plan, theme=theme, owner=owner, partner=partner, place=place, status=status,
                  council=council)
    ctx: dict = dict(q=q, chosen=chosen, answer=None, answer_error=None, results=None, facets=[],
                     total=0, terms=query_terms(q), picture=None, search_error=None, plans=[])
    if not q.strip():
        ctx["plans"] = [{"title": plan_label(gen, p.document.name), "count": len(p.commitments),
                         "iri": f"{settings.base_iri}id/plan/{_doc_key(p.document.name)}"} for p in gen.plans]
    else:
        try:
            ans = sources.ask(gen, settings, q)
            ans["commitments"] = [{**item(gen, c["id"]), **{k2: v for k2, v in c.items() if k2 in ("quote", "why")}}
                                  for c in ans.get("commitments", []) if c.get("id") in gen.commitments]
            ctx["answer"] = ans
            ctx["picture"] = build_path_picture(ans.get("paths") or [])
        except (sources.Unavailable, CouncilKGError) as exc:
            ctx["answer_error"] = str(exc)
        try:
            hits = sources.search_hits(gen, settings, q, CANDIDATES)
            why = {h["id"]: h.get("why", "") for h in hits}
            kept, ctx["facets"] = apply_facets([h["id"] for h in hits], gen.commitments, gen.documents, chosen)
            ctx["total"] = len(kept)
            ctx["results"] = [item(gen, cid, why[cid]) for cid in kept[:k]]
        except CouncilKGError as exc:
            ctx["search_error"] = str(exc)

    def facet_url(name: str, value: str | None) -> str:
        params = {**{n: v for n, v in chosen.items() if v}, "q": q}
        params.pop(name, None)
        if value is not None and chosen.get(name) != value:
            params[name] = value
        return "/?" + urlencode(params)

    return render(request, "ask.html", facet_url=facet_url, **ctx)


def _doc_key(name: str) -> str:
    from graph.iris import doc_key

    return doc_key(name)


@router.get("/commitment/{cid}", response_class=HTMLResponse)
def commitment_page(cid: str, request: Request, settings: SettingsDep) -> Response:
    try:
        gen = generation(request)
        c = gen.commitment(cid)
    except CouncilKGError as exc:
        return page_error(request, exc)
    plan = gen.documents.get(c.document)
    graph = projection(gen.projection_file)
    field_kind = {"owners": "post", "partners": "organisation", "strategies": "strategy",
                  "places": "place", "monitored_by": "post", "indicators": "indicator"}
    tl = build_timeline(cid, gen.commitments, gen.documents, gen.links)
    chain = lineage_view(gen, cid)
    # the chain's `continues` links are the timeline's; their change reports come with the view
    reports = {(l["from"], l["to"]): l["report"] for l in chain["links"]}
    return render(request, "commitment.html", c=c, quote=quote(c, plan, limit=4000), loc=location(c),
                  plan_title=plan_label(gen, c.document),
                  plan_iri=f"{settings.base_iri}id/plan/{_doc_key(c.document)}",
                  entities=commitment_entities(c, graph, settings.base_iri, gen.scopes.get(c.document, "")),
                  entity_link=lambda field, v: entity_href(field_kind.get(field, "post"), v,
                                                           council=gen.scopes.get(c.document, "")),
                  tl=tl, reports=reports, describe=describe_report,
                  plan_of=lambda i: plan_label(gen, gen.commitment(i).document),
                  gone=cid in chain["disappeared"], new=cid in chain["new"], closest=chain["closest"],
                  reviewing=bool(settings.write_token), reviewed="reviewed" in request.query_params,
                  verdicts=_verdicts_on(cid, gen, settings))


def _verdicts_on(cid: str, gen, settings) -> list[dict]:
    """The verdicts in force on pairs that include `cid` (a rejected pair shows nowhere
    else on the page, and the reader should see who settled what)."""
    given = Workspace(settings.store_path).reviews()
    if not given:  # most stores have none: skip matching them to the plans on every page
        return []
    reviews = reviews_view(given, gen)["reviews"]
    return [r for r in reviews if r["status"] == "applied" and r["verdict"] != "cleared" and cid in r["pair"]]


@router.post("/review", response_class=HTMLResponse)
async def review_form(request: Request, settings: SettingsDep) -> Response:
    """The verdict buttons of a commitment page and of /review: `action` is "VERDICT ID ID",
    with the reviewer's name and the write token. Back to that page once the store is
    rebuilt (POST, redirect, GET: a reload does not send the verdict again)."""
    from starlette.concurrency import run_in_threadpool

    from ..pipeline import review

    form = await request.form()
    refused = write_refusal(settings, str(form.get("token", "")))
    if refused:
        return render(request, "error.html", status_code=refused[0], title="Verdict not recorded",
                      message=refused[1])
    parts = str(form.get("action", "")).split()
    if len(parts) != 3:
        return render(request, "error.html", status_code=400, title="Verdict not recorded",
                      message="The form sent no verdict; use the buttons on a commitment's page or on /review.")
    verdict, first, second = parts
    try:
        await run_in_threadpool(review, first, second, verdict, str(form.get("reviewer", "")), settings,
                                str(form.get("note", ""))[:2000])
    except CouncilKGError as exc:
        return page_error(request, exc)
    return RedirectResponse(_back_to(str(form.get("back", ""))), status_code=303)


def _back_to(back: str) -> str:
    """Where a verdict's form came from (a commitment page or the review list), marked as
    reviewed; only a path on this site, so the form cannot send a reader elsewhere."""
    url = urlsplit(back)
    if url.scheme or url.netloc or not url.path.startswith(("/commitment/", "/review")):
        url = urlsplit("/review")
    query = "&".join(filter(None, (url.query, "reviewed=1")))
    anchor = "#lineage-h" if url.path.startswith("/commitment/") else ""
    return f"{url.path}?{query}{anchor}"


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, settings: SettingsDep, council: str = "",
                limit: int = Query(50, ge=1, le=1000)) -> Response:
    """Pairs to review (`unlinked_view`), with verdict buttons on a server with a write token."""
    try:
        gen = generation(request)
        view = unlinked_view(gen, council.strip() or None, limit)
    except CouncilKGError as exc:
        return page_error(request, exc)
    here = {"council": council.strip()} if council.strip() else {}
    return render(request, "review.html", pairs=view["pairs"], total=view["total"], floor=CLOSEST,
                  councils=council_names(gen) if gen.several_councils else [], council=council.strip(),
                  plan_of=lambda i: plan_label(gen, gen.commitment(i).document),
                  reviewing=bool(settings.write_token), reviewed="reviewed" in request.query_params,
                  back=f"/review?{urlencode({**here, 'limit': limit})}",
                  more=urlencode({**here, "limit": min(limit + 50, 1000)}))


@router.get("/path", response_class=HTMLResponse)
def path_page(request: Request, settings: SettingsDep,
              frm: str = Query("", alias="from"), to: str = "") -> Response:
    ctx: dict = dict(frm=frm, to=to, pic=None, paths=[], steps=[], summary=None, error=None, href=node_href)
    if frm.strip() and to.strip():
        try:
            gen = generation(request)
            data = sources.find_paths(gen, settings, frm, to)
            ctx["paths"] = data.get("paths") or []
            ctx["summary"] = data.get("answer") or data.get("summary")
            ctx["pic"] = build_path_picture(ctx["paths"])
            ctx["steps"] = [path_parts(p) for p in ctx["paths"][:6]]
        except (sources.Unavailable, CouncilKGError) as exc:
            ctx["error"] = str(exc)
    return render(request, "path.html", **ctx)


def _entity_page(request: Request, settings, kind: str, slug: str) -> Response:
    try:
        gen = generation(request)
    except CouncilKGError as exc:
        return page_error(request, exc)
    graph = projection(gen.projection_file)
    label, cids, iri = entity_commitments(kind, slug, gen.commitments, graph, settings.base_iri,
                                                  gen.scopes)
    if kind == "plan" and label is None:
        label, cids = next(((p.document.title, [c.id for c in p.commitments]) for p in gen.plans
                            if _doc_key(p.document.name) == slug), (None, []))
    if label is None:
        return page_error(request, NotFound(f"Nothing called {kind}/{slug} in this store. "
                                            f"Search for it from the front page instead."))
    groups: dict = {}
    for cid in cids:
        c = gen.commitments[cid]
        doc = gen.documents[c.document].document
        groups.setdefault((doc.period_start or 0, plan_label(gen, c.document)), []).append(c)
    by_year = [(y or None, title, items) for (y, title), items in sorted(groups.items())]
    describe = f"DESCRIBE <{iri}>"
    return render(request, "entity.html", kind=kind, label=label, iri=iri, total=len(cids),
                  by_year=by_year, describe_query=describe, rdf_href="/" + iri[len(settings.base_iri):])


@router.get("/entity/{kind}/{slug}", response_class=HTMLResponse)
def entity_page(kind: str, slug: str, request: Request, settings: SettingsDep) -> Response:
    return _entity_page(request, settings, kind, slug)


@router.get("/entity", response_class=HTMLResponse)
def entity_by_iri(request: Request, settings: SettingsDep, iri: str = "") -> Response:
    parts = split_iri(iri, settings.base_iri)
    if parts is None:
        return page_error(request, NotFound(f"{iri!r} is not an IRI of this store (they start with "
                                            f"{settings.base_iri}id/)."))
    kind, slug = parts
    if kind == "commitment":
        return commitment_page(slug, request, settings)
    return _entity_page(request, settings, kind, slug)


@router.get("/sparql-ui", response_class=HTMLResponse)
def sparql_page(request: Request, settings: SettingsDep, query: str = "",
                example: int | None = None, run: str = "") -> Response:
    examples = sources.sparql_examples()
    chosen = example if example is not None and 0 <= example < len(examples) else None
    if chosen is not None and not query:
        query = examples[chosen].query
    if not query:
        query = examples[0].query if examples else "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
        chosen = 0 if examples else None
    rows = columns = error = None
    if run:  # the form submitted without JavaScript: run here, under the endpoint's limits
        try:
            columns, rows = sources.run_select(generation(request), settings, query)
        except CouncilKGError as exc:
            error = str(exc)
    downloads = [("Turtle dump", "/dumps/councilkg.ttl"), ("N-Triples dump", "/dumps/councilkg.nt"),
                 ("JSON-LD dump", "/dumps/councilkg.jsonld"), ("Ontology (OWL, Turtle)", "/ontology"),
                 ("VoID description", "/.well-known/void"), ("Service description", "/sparql")]
    return render(request, "sparql.html", examples=examples, chosen_example=chosen, query=query,
                  rows=rows, columns=columns or [], error=error, downloads=downloads)


@router.get("/gaps", response_class=HTMLResponse)
def gaps_page(request: Request, council: str = "") -> Response:
    try:
        gen = generation(request)
        view = gaps_view(gen, council=council.strip() or None)
    except CouncilKGError as exc:
        return page_error(request, exc)
    # In a store of several councils, one council's gaps at a time is what a strategist reads.
    councils = council_names(gen) if gen.several_councils else []
    order = {p.document.name: i for i, p in enumerate(gen.plans)}

    def by_plan(items: list[dict]) -> list[tuple[str, list[dict]]]:
        groups: dict[str, list[dict]] = defaultdict(list)
        for x in items:
            groups[x["document"]].append(x)
        # with one council picked, its name before every plan says nothing
        name = (lambda d: plan_name(gen.documents[d])) if council.strip() else (lambda d: plan_label(gen, d))
        return [(name(d), xs) for d, xs in sorted(groups.items(), key=lambda kv: order.get(kv[0], 0))]

    def due(cid: str) -> str:
        return "; ".join(t.text for t in gen.commitment(cid).targets) or "no date"

    gone = by_plan([{**g, "closest": [{**m, "text": gen.commitment(m["id"]).text} for m in g["closest"][:1]]}
                    for g in view["disappeared"]])
    slip = by_plan([{**x, "detail": f"due {due(x['from'])}, now {due(x['to'])}"
                     + (f" (moved {x['months']} months later)" if x["months"] else "")}
                    for x in view["slipped"]])
    return render(request, "gaps.html", disappeared=gone, slipped=slip, error=None,
                  n_gone=sum(len(i) for _, i in gone), n_slip=sum(len(i) for _, i in slip),
                  councils=councils, council=council.strip(), floor=CLOSEST)


@router.get("/ontology")
def ontology_file() -> Response:
    """The ontology (OWL in Turtle), linked from the SPARQL page for research partners."""
    file = Path(__file__).resolve().parents[2] / "ontology" / "council.ttl"
    if not file.is_file():
        return Response("The ontology file ontology/council.ttl is missing from this install.",
                        status_code=404, media_type="text/plain")
    return FileResponse(file, media_type="text/turtle; charset=utf-8")


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    """The page's CSS and JS (a flat folder: no sub-paths, so no way out of it)."""
    file = STATIC_DIR / name
    if "/" in name or name.startswith(".") or not file.is_file():
        return Response("Not found", status_code=404, media_type="text/plain")
    return FileResponse(file, headers={"Cache-Control": "public, max-age=3600"})
