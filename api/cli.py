"""The `councilkg` command. Verbs are the user's jobs; heavy imports stay inside them so
`--help` is instant. Errors a user can act on become one message and exit code 2 here."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ontology.errors import CouncilKGError

from .settings import Settings

app = typer.Typer(help="councilkg: a knowledge graph of council commitments.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

StoreOpt = Annotated[Optional[str], typer.Option(
    "--store", help="Build folder (default build/; the env COUNCILKG_STORE sets the default).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
PublisherOpt = Annotated[Optional[str], typer.Option(
    "--publisher", help="The council that publishes these plans, instead of the one found in "
                        "each (lineage links the plans of one publisher).")]


_before_verb: dict[str, str | None] = {"store": None}


@app.callback()
def _global_options(store: StoreOpt = None) -> None:
    """councilkg: a knowledge graph of council commitments."""
    # `councilkg --store DIR search ...` works as well as `councilkg search ... --store DIR`.
    _before_verb["store"] = store


def settings_for(store: str | None = None) -> Settings:
    """The one Settings object, built at the edge; --store (after or before the verb)
    overrides COUNCILKG_STORE."""
    store = store or _before_verb["store"]
    return Settings(store=store) if store else Settings()


def emit(data, as_json: bool, text: str) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)


@app.command()
def build(paths: Annotated[Optional[list[Path]], typer.Argument(
              help="Documents or folders (default: the bundled corpus data/seeds).")] = None,
          store: StoreOpt = None,
          keep_going: Annotated[bool, typer.Option(
              "--keep-going", help="Report and skip documents that cannot be read.")] = False,
          publisher: PublisherOpt = None,
          as_json: JsonOpt = False) -> None:
    """Read plans and build the graph, store and search index (atomically)."""
    from .pipeline import build as run

    s = settings_for(store)
    summary = run(paths or [], s, keep_going=keep_going, show_progress=not as_json, publisher=publisher)
    lines = [f"{d['document']}: {d['layout']}, {d['commitments']} commitments, "
             f"{d['publisher'] or 'publisher not found'}"
             + (f" ({len(d['warnings'])} warnings)" if d["warnings"] else "") for d in summary.documents]
    lines += [f"SKIPPED {f['error']}" for f in summary.failed]
    lines.append(f"{len(summary.documents)} documents, {summary.commitments} commitments, "
                 f"{summary.links} lineage links, {summary.triples} triples -> {s.store}/")
    emit(summary.as_json(), as_json, "\n".join(lines))


EXPORT_FORMATS = ("jsonl", "csv", "ttl", "nt", "jsonld")


@app.command()
def export(fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join(EXPORT_FORMATS)}.")] = "jsonl",
           output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File (default stdout).")] = None,
           store: StoreOpt = None) -> None:
    """Export every commitment (jsonl, csv) or the whole graph (ttl, nt, jsonld)."""
    from .workspace import Workspace

    if fmt not in EXPORT_FORMATS:
        raise CouncilKGError(f"Unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.")
    gen = Workspace(settings_for(store).store_path).current()
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt in ("ttl", "nt", "jsonld"):
            from graph.store import dump

            out.flush()
            dump(gen.store_dir, fmt, out)
        else:
            rows = [export_row(c, gen) for c in gen.commitments.values()]
            if fmt == "jsonl":
                for r in rows:
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
            else:
                write_csv(rows, out)
    finally:
        if output:
            out.close()


def export_row(c, gen) -> dict:
    """One commitment with its plan's fields (SCHEMA.md section 1)."""
    doc = gen.documents[c.document].document
    row = c.as_export()
    row.update(title=doc.title, period=doc.period, period_start=doc.period_start,
               period_end=doc.period_end, publisher=doc.publisher)
    return row


def write_csv(rows: list[dict], out) -> None:
    cols = ["id", "document", "ref", "section_path", "text", "milestones", "targets", "owners",
            "status", "progress", "monitored_by", "indicators", "partners", "places", "strategies",
            "title", "period", "publisher", "line_start", "line_end"]
    w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        flat = {k: " | ".join(v) if isinstance(v, list) and all(isinstance(x, str) for x in v) else v
                for k, v in r.items()}
        flat["targets"] = " | ".join(f"{t['text']} ({t['date']})" if t["date"] else t["text"]
                                     for t in r["targets"])
        if r.get("span"):
            flat["line_start"], flat["line_end"] = r["span"]["line_start"], r["span"]["line_end"]
        w.writerow(flat)


@app.command()
def inspect(path: Path, as_json: JsonOpt = False) -> None:
    """Show which layout a document has and what would be extracted, without storing."""
    import ingest
    from ingest.decode import load

    text = load(path)
    scores = ingest.detect(text)
    plan = ingest.read_text(text, path.name)
    data = {"document": plan.document.__dict__, "layout_scores": {n: round(s, 3) for s, n in scores},
            "warnings": list(plan.warnings), "commitments": [c.as_export() for c in plan.commitments]}
    lines = [f"{path.name}: layout {plan.document.layout} "
             f"({', '.join(f'{n} {s:.2f}' for s, n in scores[:3])})",
             f"title {plan.document.title!r}, period {plan.document.period}, "
             f"publisher {plan.document.publisher}", f"{len(plan.commitments)} commitments:"]
    for c in plan.commitments:
        lines.append(f"  {c.id} [{' > '.join(c.section_path)}] {c.text[:100]}")
        for t in c.targets:
            lines.append(f"      target {t.text} -> {t.date}")
        if c.owners:
            lines.append(f"      owners {'; '.join(c.owners)}")
    lines += [f"warning: {w}" for w in plan.warnings]
    emit(data, as_json, "\n".join(lines))


@app.command()
def serve(host: Annotated[Optional[str], typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
          port: Annotated[Optional[int], typer.Option(help="Port (default 8000).")] = None,
          store: StoreOpt = None) -> None:
    """Serve the web page, the JSON API and the SPARQL endpoint."""
    import uvicorn

    from .app import create_app

    s = settings_for(store)
    s = s.model_copy(update={k: v for k, v in (("host", host), ("port", port)) if v is not None})
    typer.echo(f"councilkg serving {s.store}/ on http://{s.host}:{s.port}/", err=True)
    uvicorn.run(create_app(s), host=s.host, port=s.port, log_level="warning")


def _register_commands() -> None:
    """Verbs owned by other areas register themselves (api/commands/<area>.py: register(app))."""
    import importlib
    import pkgutil

    from . import commands

    for mod in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{mod.name}").register(app)


_register_commands()


def main() -> None:
    try:
        app(standalone_mode=False)
    except CouncilKGError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("aborted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        # A usage error ("No such option: --jsn") is a click exception: it can show itself.
        # Typer 0.29 bundles its own click, so the class is not click.ClickException.
        if not (hasattr(exc, "show") and hasattr(exc, "exit_code")):
            raise
        exc.show()
        sys.exit(exc.exit_code)
