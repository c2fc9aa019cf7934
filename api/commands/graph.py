"""`councilkg validate` and `councilkg sparql`: check the store against the SHACL shapes, and
run a read-only SPARQL query against it from the command line."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ontology.errors import CouncilKGError, ShapeViolation

StoreOpt = Annotated[Optional[str], typer.Option(
    "--store", help="Build folder (default build/; the env COUNCILKG_STORE sets the default).")]


def validate(store: StoreOpt = None,
             as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
             warnings: Annotated[bool, typer.Option("--warnings/--no-warnings",
                                                    help="List warnings too (default: yes).")] = True) -> None:
    """Check the built graph against ontology/shapes.ttl; exit 2 naming each broken shape."""
    from graph.validate import validate_store

    from ..cli import settings_for
    from ..workspace import Workspace

    gen = Workspace(settings_for(store).store_path).current()
    report = validate_store(gen.store_dir)
    shown = report.findings if warnings else tuple(report.violations)
    if as_json:
        typer.echo(json.dumps({"conforms": report.conforms,
                               "violations": len(report.violations), "warnings": len(report.warnings),
                               "findings": [f.__dict__ for f in shown]}, indent=2))
    else:
        for f in shown:
            typer.echo(str(f))
        typer.echo(f"{'conforms' if report.conforms else 'DOES NOT CONFORM'}: "
                   f"{len(report.violations)} violations, {len(report.warnings)} warnings "
                   f"({gen.store_dir})")
    if not report.conforms:
        first = report.violations[0]
        raise ShapeViolation(f"{len(report.violations)} violations; first: {first.shape} "
                             f"in {first.document or 'the dataset'}.")


def sparql(query: Annotated[Optional[str], typer.Argument(help="A SPARQL query (or use --file).")] = None,
           file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from a file.")] = None,
           fmt: Annotated[str, typer.Option("--format", help="table (default), json or csv; "
                                            "CONSTRUCT/DESCRIBE print Turtle.")] = "table",
           store: StoreOpt = None) -> None:
    """Run a read-only SPARQL query against the built store."""
    from graph.sparql import run_query

    from ..cli import settings_for
    from ..workspace import Workspace

    if fmt not in ("table", "json", "csv"):
        raise CouncilKGError(f"Unknown format {fmt!r}; use table, json or csv.")
    if (query is None) == (file is None):
        raise CouncilKGError("Give a query, or --file F, but not both. Example: "
                             "councilkg sparql 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'")
    text = file.read_text(encoding="utf-8") if file else query
    s = settings_for(store)
    gen = Workspace(s.store_path).current()
    res = run_query(gen.store_dir, text, timeout=s.query_timeout_s, max_rows=s.max_rows,
                    max_chars=s.max_query_chars)
    if res.kind == "graph":
        typer.echo(res.serialize("ttl").decode("utf-8"))
    elif fmt == "json":
        typer.echo(res.data.decode("utf-8"))
    elif res.kind == "ask":
        typer.echo("true" if json.loads(res.data)["boolean"] else "false")
    elif fmt == "csv":
        sys.stdout.write(res.serialize("csv").decode("utf-8"))
    else:
        names, rows = res.rows()
        table = [[r.get(n, {}).get("value", "") for n in names] for r in rows]
        widths = [min(60, max([len(n)] + [len(row[i]) for row in table])) for i, n in enumerate(names)]
        typer.echo("  ".join(n.ljust(w) for n, w in zip(names, widths)))
        typer.echo("  ".join("-" * w for w in widths))
        for row in table:
            typer.echo("  ".join((v if len(v) <= w else v[:w - 1] + "…").ljust(w)
                                 for v, w in zip(row, widths)))
        typer.echo(f"({len(rows)} rows{', truncated' if res.truncated else ''})", err=True)
    if res.truncated:
        typer.echo(f"warning: stopped at {s.max_rows} rows (COUNCILKG_MAX_ROWS).", err=True)


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(sparql)
