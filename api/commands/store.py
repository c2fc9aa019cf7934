"""`councilkg add` and `councilkg remove`: change an existing store without a full rebuild."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..cli import JsonOpt, PublisherOpt, StoreOpt, emit, settings_for


def register(app: typer.Typer) -> None:
    @app.command()
    def add(paths: Annotated[list[Path], typer.Argument(help="Documents or folders to add.")],
            store: StoreOpt = None,
            keep_going: Annotated[bool, typer.Option("--keep-going", help="Skip unreadable documents.")] = False,
            publisher: PublisherOpt = None,
            as_json: JsonOpt = False) -> None:
        """Add plans to an existing store and link their lineage (same content again: no change)."""
        from ..pipeline import add as run

        s = settings_for(store)
        summary = run(paths, s, keep_going=keep_going, show_progress=not as_json, publisher=publisher)
        lines = [f"{d['document']}: " + ("unchanged" if d.get("unchanged") else
                 f"{d['layout']}, {d['commitments']} commitments") for d in summary.documents]
        lines += [f"SKIPPED {f['error']}" for f in summary.failed]
        lines.append(f"store now: {summary.commitments} commitments, {summary.links} lineage links")
        emit(summary.as_json(), as_json, "\n".join(lines))

    @app.command()
    def remove(documents: Annotated[list[str], typer.Argument(help="Document names, as in `export`.")],
               store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """Remove plans and everything derived from them (commitments, links, index entries)."""
        from ..pipeline import remove as run

        s = settings_for(store)
        summary = run(documents, s, show_progress=not as_json)
        emit(summary.as_json(), as_json,
             f"removed {', '.join(documents)}; store now: {summary.commitments} commitments, "
             f"{summary.links} lineage links")
