"""`councilkg lineage` and `councilkg gaps`: what a commitment became across the council's
plans, every lineage link, and commitments that disappeared or are new; `councilkg review`
and `councilkg reviews`: reviewers' verdicts on links, which outlive rebuilds.

The views live in api/lineage_views.py, shared with `api/routes/lineage.py`.
"""
from __future__ import annotations

import getpass
from collections import defaultdict
from typing import Annotated, Optional

import typer

from ontology.errors import CouncilKGError

from ..cli import JsonOpt, StoreOpt, emit, settings_for
from ..lineage_views import (all_links_view, describe_report, gaps_view, lineage_view, reviews_view,
                             unlinked_view)


def _lineage_text(view: dict) -> str:
    lines = [f"lineage of {view['id']}: {len(view['versions'])} version(s)"]
    into = defaultdict(list)  # a merged version has one link from each predecessor
    for l in view["links"]:
        into[l["to"]].append(l)
    for v in view["versions"]:
        lines.append(f"{v['year'] or '----'}  {v['id']}  {v['text']}")
        for link in into[v["id"]]:
            lines.append(f"        <- {link['from']} ({link['score']:.2f}): "
                         f"{', '.join(link['changes']) or 'unchanged'}"
                         + (f"; confirmed by {link['reviewed_by']}" if link.get("reviewed_by") else ""))
            lines += [f"           {d}" for d in describe_report(link["report"])]
    year = {v["id"]: v["year"] or "----" for v in view["versions"]}
    closest = defaultdict(list)
    for m in view["closest"]:
        closest[(m["for"], m["kind"])].append(
            f"        closest unlinked: {m['year'] or '----'}  {m['id']} ({m['score']:.2f}"
            f"{', itself ' + ('new' if m['kind'] == 'disappeared' else 'not carried on') if m['open'] else ''}"
            f"{''.join(f', shares the name {n!r}' for n in m.get('names', ()))})"
            f"  {m['text'][:100]}")
    for i in view["new"]:
        lines += [f"new in {year[i]}: {i} (no earlier plan has it)", *closest[(i, "new")]]
    for i in view["disappeared"]:
        lines += [f"disappeared after {year[i]}: {i} (no later plan carries it)", *closest[(i, "disappeared")]]
    for l in view["related"]:
        lines.append(f"related: {l['from']} -> {l['to']} ({l['score']:.2f})")
    if view["closest"]:
        lines.append("settle a candidate: councilkg review ID ID --verdict continues|related|rejected")
    return "\n".join(lines)


def _link_line(link: dict | None) -> str:
    if link is None:
        return "no link"
    return (f"{link['from']} -> {link['to']}  {link['relation']}  {link['score']:.2f}"
            + (f"  (confirmed by {link['reviewed_by']})" if link.get("reviewed_by") else ""))


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in this environment: --by is then required
        return ""


def _gap_line(gap: dict) -> str:
    closest = "".join(f"; closest {m['id']} ({m['score']:.2f})" for m in gap["closest"][:1])
    return f"  {gap['year']}  {gap['id']}  {gap['text'][:100]}{closest}"


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
            text = "\n".join(map(_link_line, view["links"]))
            emit(view, as_json, text)
            return
        if not cid:
            raise CouncilKGError("Give a commitment id (see `councilkg export`) or --all.")
        view = lineage_view(gen, cid)
        emit(view, as_json, _lineage_text(view))

    @app.command()
    def gaps(document: Annotated[Optional[str], typer.Option(
                 "--document", help="Only this plan's gaps (a document name as in `export`).")] = None,
             council: Annotated[Optional[str], typer.Option(
                 "--council", help="Only this council's plans (its name as plans write it: "
                                   "'Hull City Council', 'Royal Borough of Kingston upon Thames').")] = None,
             store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """List commitments that disappeared from later plans, new ones, and slipped deadlines."""
        from api.workspace import Workspace

        view = gaps_view(Workspace(settings_for(store).store_path).current(), document, council)
        lines = [f"disappeared ({len(view['disappeared'])}):"]
        lines += [_gap_line(g) for g in view["disappeared"]]
        lines.append(f"new ({len(view['new'])}):")
        lines += [_gap_line(g) for g in view["new"]]
        lines.append(f"slipped ({len(view['slipped'])}):")
        lines += [f"  {g['year']}  {g['to']}  {g['before']} -> {g['after']} (+{g['months']} months)  "
                  f"{g['text'][:80]}" for g in view["slipped"]]
        emit(view, as_json, "\n".join(lines))

    @app.command()
    def review(first: Annotated[str, typer.Argument(help="A commitment id as in `councilkg export`.")],
               second: Annotated[str, typer.Argument(
                   help="Another, from another plan of the same council (either order).")],
               verdict: Annotated[str, typer.Option(
                   "--verdict", help="continues (the same commitment carried on), related (the same "
                                     "programme or thread), rejected (not linked), or cleared (the "
                                     "linker decides again).")],
               by: Annotated[Optional[str], typer.Option(
                   "--by", help="Who gives the verdict (default: your login name).")] = None,
               note: Annotated[str, typer.Option("--note", help="Why, for the next reader.")] = "",
               store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """Settle whether two commitments are linked; the verdict outlives rebuilds."""
        from ..pipeline import review as run

        out = run(first, second, verdict, by if by is not None else _login(), settings_for(store), note)
        r = out["review"]
        lines = [f"recorded: {r['from_id']} -> {r['to_id']} {r['verdict']} (by {r['reviewer']})",
                 f"now: {_link_line(out['link'])}"]
        lines += [f"gained: {_link_line(l)}" for l in out["gained"] if l != out["link"]]
        lines += [f"lost: {_link_line(l)}" for l in out["lost"]]
        emit(out, as_json, "\n".join(lines))

    @app.command()
    def reviews(store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """List reviewers' verdicts on lineage links, oldest first, and what became of each."""
        from api.workspace import Workspace

        ws = Workspace(settings_for(store).store_path)
        view = reviews_view(ws.reviews(), ws.current())
        text = "\n".join(f"{r['at'][:10]}  {r['reviewer']}  {r['from_id']} -> {r['to_id']}  {r['verdict']}  "
                         f"[{r['status']}]" + (f"  {r['note']}" if r["note"] else "")
                         for r in view["reviews"]) or "no verdicts yet (see `councilkg review --help`)"
        emit(view, as_json, text)

    @app.command()
    def unlinked(council: Annotated[Optional[str], typer.Option(
                     "--council", help="Only this council's plans (its name as plans write it).")] = None,
                 limit: Annotated[int, typer.Option("--limit", min=1, help="Most pairs to print.")] = 50,
                 store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """Pairs to review: unlinked, though the earlier one is carried into no later plan and
        the later one comes from no earlier plan (how a missed carry-over looks); mutual best
        matches first."""
        from api.workspace import Workspace

        view = unlinked_view(Workspace(settings_for(store).store_path).current(), council, limit)
        lines = [f"{len(view['pairs'])} of {view['total']} pairs; settle one with "
                 f"`councilkg review FROM TO --verdict continues|related|rejected`"]
        for p in view["pairs"]:
            lines += [f"{p['score']:.2f}{' mutual' if p['mutual'] else ''}  {p['from']['id']} -> {p['to']['id']}"
                      + "".join(f"  shares the name {n!r}" for n in p["names"]),
                      f"    {p['from']['year'] or '----'}  {p['from']['text'][:110]}",
                      f"    {p['to']['year'] or '----'}  {p['to']['text'][:110]}"]
        emit(view, as_json, "\n".join(lines))
