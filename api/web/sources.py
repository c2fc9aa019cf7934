"""What the pages show, taken from the same functions the JSON API uses.

The page renders on the server (a shareable URL works without JavaScript), so it calls the
Python functions behind `/api/ask`, `/api/search`, `/api/path` and `/api/gaps` rather than
making HTTP requests to itself. When one of those is not in this build the page says so
instead of failing (`Unavailable`).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"


class Unavailable(Exception):
    """A feature's module is not part of this build."""


@dataclass(frozen=True)
class Example:
    title: str
    description: str
    query: str


def searcher_for(gen, settings):
    from search.embedder import make_embedder
    from search.hybrid import open_searcher

    return open_searcher(gen.index_dir, make_embedder(settings.embedder, settings.model_name))


def search_hits(gen, settings, q: str, k: int) -> list[dict]:
    """The hybrid search's hits as [{"id", "score", "why"}] (the same search as `/api/search`)."""
    return [{"id": h.id, "score": h.score, "why": h.why} for h in searcher_for(gen, settings).search(q, k=k)]


def ask(gen, settings, q: str) -> dict:
    """The answer to a question, as `/api/ask` gives it: {"question", "answer", "commitments", "paths"}."""
    try:
        from api.answer import ask as answer_question
    except ImportError as exc:
        raise Unavailable("Answers are not part of this build yet; the search results below "
                          "still list the matching commitments.") from exc
    return answer_question(q, gen, searcher_for(gen, settings), settings).as_json()


def find_paths(gen, settings, frm: str, to: str) -> dict:
    """How `frm` links to `to`: the "what links X to Y" answer, whose paths are ranked by how
    informative they are (issue 5). A commitment id stands for its own words."""
    def phrase(x: str) -> str:
        x = x.strip()
        return gen.commitments[x].text if x in gen.commitments else x

    return ask(gen, settings, f"What links {phrase(frm)} to {phrase(to)}?")


def run_select(gen, settings, query: str, max_rows: int = 1000) -> tuple[list[str], list[dict]]:
    """Run a SELECT through the SPARQL endpoint's own runner (same checks and time limit)."""
    from graph.sparql import run_query

    from ontology.errors import QueryRejected

    result = run_query(gen.store_dir, query, timeout=settings.query_timeout_s,
                       max_rows=min(max_rows, settings.max_rows), max_chars=settings.max_query_chars)
    if result.kind != "select":
        raise QueryRejected("Only SELECT results are shown as a table here; use the download "
                            "links for ASK, CONSTRUCT and DESCRIBE.")
    data = json.loads(result.data)
    return data["head"]["vars"], data["results"]["bindings"]


def sparql_examples(doc: Path | None = None) -> list[Example]:
    """The example queries of docs/sparql.md: each ```sparql block with the heading above it.

    The doc declares its PREFIX lines once, in a plain code block, and the endpoint does not
    add them; each example gets the ones it lacks so it runs as pasted into the editor.
    """
    doc = doc or DOCS_DIR / "sparql.md"
    if not doc.exists():
        return []
    text = doc.read_text(encoding="utf-8")
    shared = [l.strip() for block in re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
              if all(l.strip().upper().startswith("PREFIX") for l in block.strip().splitlines())
              for l in block.strip().splitlines()]
    out, heading, para = [], "", []
    for block in re.split(r"(```(?:sparql|rq)\s*\n.*?```)", text, flags=re.S | re.I):
        if block.startswith("```"):
            query = re.sub(r"^```\w*\s*\n|```$", "", block).strip()
            declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*:)", query, flags=re.I)}
            missing = [l for l in shared if l.split()[1].lower() not in declared]
            out.append(Example(heading or f"Example {len(out) + 1}", " ".join(para).strip(),
                               "\n".join(missing + [query])))
            heading, para = "", []
            continue
        for line in block.splitlines():
            if line.startswith("#"):
                heading, para = line.lstrip("#").strip(), []
            elif line.strip() and not line.startswith(("|", "```", "<!--")):
                para.append(line.strip())
    return out
