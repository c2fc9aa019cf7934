"""`councilkg lineage` and `councilkg gaps`: what a commitment became across the council's
plans, every lineage link, and commitments that disappeared or are new.

The views here are shared by the CLI and `api/routes/lineage.py`, so both say the same.
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from ontology.errors import CouncilKGError

from ..cli import JsonOpt, StoreOpt, emit, settings_for


def _year(gen, cid: str) -> int | None:
    c = gen.commitment(cid)
    return gen.documents[c.document].document.period_start


def _order(gen, cid: str) -> tuple:
    c = gen.commitment(cid)
    d = gen.documents[c.document].document
    return (d.period_start is None, d.period_start or 0, d.name, cid)


def lineage_view(gen, cid: str) -> dict:
    """One commitment's lineage: its versions in year order, the `continues` links between
    them with their change reports, and `related` links touching any version."""
    from graph.changes import change_report
    from graph.lineage import chain

    gen.commitment(cid)  # NotFound with a helpful message when the id is unknown
    ids, links = chain(cid, gen.links)
    versions = []
    for v in sorted(ids, key=lambda i: _order(gen, i)):
        c = gen.commitment(v)
        versions.append({"id": v, "document": c.document, "year": _year(gen, v), "text": c.text,
                         "owners": list(c.owners), "targets": [t.text for t in c.targets],
                         "status": c.status})
    out_links = []
    for l in sorted(links, key=lambda l: (_order(gen, l.from_id), _order(gen, l.to_id))):
        report = change_report(gen.commitment(l.from_id), gen.commitment(l.to_id))
        out_links.append({**l.as_json(), "report": report.as_json()})
    related = [l.as_json() for l in gen.links
               if l.relation == "related" and (l.from_id in ids or l.to_id in ids)]
    return {"id": cid, "versions": versions, "links": out_links, "related": related}


def all_links_view(gen) -> dict:
    """Every lineage link, with ids as in `councilkg export`."""
    return {"links": [{k: v for k, v in l.as_json().items()} for l in gen.links]}


def gaps_view(gen) -> dict:
    from graph.gaps import find_gaps

    gaps = find_gaps(gen.plans, gen.links)
    return {"disappeared": [g.as_json() for g in gaps if g.kind == "disappeared"],
            "new": [g.as_json() for g in gaps if g.kind == "new"]}


def _lineage_text(view: dict) -> str:
    lines = [f"lineage of {view['id']}: {len(view['versions'])} version(s)"]
    reports = {l["to"]: l for l in view["links"]}
    for v in view["versions"]:
        lines.append(f"{v['year'] or '----'}  {v['id']}  {v['text']}")
        link = reports.get(v["id"])
        if link:
            r = link["report"]
            moved = r["deadline"]["moved_months"]
            extra = f", deadline moved {moved:+d} months" if moved else ""
            lines.append(f"        <- {link['from']} ({link['score']:.2f}): "
                         f"{', '.join(link['changes']) or 'unchanged'}{extra}")
    for l in view["related"]:
        lines.append(f"related: {l['from']} -> {l['to']} ({l['score']:.2f})")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:

    @app.command()
    def lineage(cid: Annotated[Optional[str], typer.Argument(
                    help="A commitment id as in `councilkg export` (e.g. 000_7b3a382ba0a1285f-012).")] = None,
                all_links: Annotated[bool, typer.Option(
                    "--all", help="Print every lineage link instead of one chain.")] = False,
                store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """Show what a commitment became across the council's plans, in year order."""
        from api.workspace import Workspace

        gen = Workspace(settings_for(store).store_path).current()
        if all_links:
            view = all_links_view(gen)
            text = "\n".join(f"{l['from']} -> {l['to']}  {l['relation']}  {l['score']:.2f}"
                             for l in view["links"])
            emit(view, as_json, text)
            return
        if not cid:
            raise CouncilKGError("Give a commitment id (see `councilkg export`) or --all.")
        view = lineage_view(gen, cid)
        emit(view, as_json, _lineage_text(view))

    @app.command()
    def gaps(store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """List commitments that disappeared from later plans, and new ones."""
        from api.workspace import Workspace

        view = gaps_view(Workspace(settings_for(store).store_path).current())
        lines = [f"disappeared ({len(view['disappeared'])}):"]
        lines += [f"  {g['year']}  {g['id']}  {g['text'][:100]}" for g in view["disappeared"]]
        lines.append(f"new ({len(view['new'])}):")
        lines += [f"  {g['year']}  {g['id']}  {g['text'][:100]}" for g in view["new"]]
        emit(view, as_json, "\n".join(lines))
