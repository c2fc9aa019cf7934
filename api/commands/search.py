"""`councilkg search`, `councilkg ask` and `councilkg path`: the questions an officer types.

Each prints text, or with --json the same JSON as /api/search, /api/ask and /api/path.
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..answer_text import line_range
from ..cli import JsonOpt, StoreOpt, emit, settings_for

K_OPT = Annotated[int, typer.Option("-k", "--k", help="How many commitments to return (default 10).")]


def register(app: typer.Typer) -> None:
    @app.command()
    def search(query: Annotated[str, typer.Argument(help="Words, a name, an acronym or a question.")],
               k: K_OPT = 10,
               year_from: Annotated[Optional[int], typer.Option(help="Only plans running in or after this year.")] = None,
               year_to: Annotated[Optional[int], typer.Option(help="Only plans starting in or before this year.")] = None,
               document: Annotated[Optional[str], typer.Option(help="Only this plan (part of its file name or title).")] = None,
               theme: Annotated[Optional[str], typer.Option(help="Only under a section / theme containing this.")] = None,
               owner: Annotated[Optional[str], typer.Option(help="Only with an owner containing this.")] = None,
               partner: Annotated[Optional[str], typer.Option(help="Only with a partner containing this.")] = None,
               place: Annotated[Optional[str], typer.Option(help="Only naming a place containing this.")] = None,
               strategy: Annotated[Optional[str], typer.Option(
                   help="Only naming a strategy / programme / fund containing this.")] = None,
               status: Annotated[Optional[str], typer.Option(help="Only with a status containing this.")] = None,
               council: Annotated[Optional[str], typer.Option(
                   help="Only plans of a council whose name contains this ('Reading').")] = None,
               store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """Find commitments by meaning and by exact words (hybrid search), with filters."""
        from search.hybrid import Filters

        from ..answer import run_search, searcher_for
        from ..workspace import Workspace

        s = settings_for(store)
        gen = Workspace(s.store_path).current()
        filters = Filters(year_from, year_to, document, theme, owner, partner, place, strategy, status,
                          council)
        data = run_search(query, gen, searcher_for(gen, s), k=k, filters=filters)
        lines = [f"{i + 1:2}. {h['id']}  {h['score']:.3f}  {h['text'][:110]}\n"
                 f"      {h['document']}, {line_range(h['line_start'], h['line_end'])}; {h['why']}"
                 for i, h in enumerate(data["hits"])] or ["no matches"]
        emit(data, as_json, "\n".join(lines))

    @app.command()
    def ask(question: Annotated[str, typer.Argument(help="A question, e.g. 'what links climate action to housing retrofit'.")],
            k: K_OPT = 10, store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """Answer a question with the commitments, graph paths and quotes that back it."""
        from ..answer import ask as run_ask, searcher_for
        from ..workspace import Workspace

        s = settings_for(store)
        gen = Workspace(s.store_path).current()
        ans = run_ask(question, gen, searcher_for(gen, s), s, k=k)
        emit(ans.as_json(), as_json, answer_text(ans.as_json()))

    @app.command()
    def path(source: Annotated[str, typer.Argument(help="One end: a topic, name or commitment id.")],
             target: Annotated[str, typer.Argument(help="The other end.")],
             store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        """The most informative graph paths linking two topics (a shared fund beats a shared theme)."""
        from ..answer import link, searcher_for
        from ..workspace import Workspace

        s = settings_for(store)
        gen = Workspace(s.store_path).current()
        ans = link(source, target, gen, searcher_for(gen, s))
        emit(ans.as_json(), as_json, answer_text(ans.as_json()))


def answer_text(d: dict) -> str:
    lines = [d["answer"], ""]
    lines += [f"path {i + 1} (cost {p['cost']}): {p['text']}" for i, p in enumerate(d["paths"])]
    lines += [f"- {c['id']} [{c['document']}, {line_range(c['line_start'], c['line_end'])}] {c['quote'][:140]}"
              for c in d["commitments"]]
    return "\n".join(lines)
