"""Search and answers as JSON: `/api/search`, `/api/ask`, `/api/path`, `/api/facets`.

Each returns the same JSON as `councilkg search/ask/path --json`. The searcher (index +
model) and the graph are loaded on the first request and kept per generation
(search.hybrid.open_searcher, api.answer_graph.graph_context), so later requests answer in
milliseconds plus one query encoding.
"""
from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ..deps import GenerationDep, SettingsDep

router = APIRouter(prefix="/api", tags=["search"])


class SearchHit(BaseModel):
    id: str = Field(description="Commitment id, as in `councilkg export`.")
    document: str
    text: str
    score: float
    quote: str = Field(description="The plan's own words at the commitment's span.")
    why: str = Field(description="Why it matched (meaning and/or keywords).")
    section: list[str]
    line_start: int | None
    line_end: int | None


class SearchOut(BaseModel):
    query: str
    filters: dict[str, str | int]
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]] = Field(description="Facet value counts over the hits.")


class CitedOut(BaseModel):
    id: str
    document: str
    text: str
    quote: str
    section: list[str]
    line_start: int | None
    line_end: int | None
    why: str
    score: float | None


class PathNode(BaseModel):
    iri: str
    kind: str | None
    label: str
    id: str | None = Field(description="Commitment id when the node is a commitment.")


class PathOut(BaseModel):
    nodes: list[PathNode]
    predicates: list[str]
    cost: float = Field(description="Lower is more informative (hubs cost more).")
    text: str


class AnswerOut(BaseModel):
    question: str
    answer: str = Field(description="A few sentences naming the commitments, with quotes.")
    shape: str = Field(description="How the question was read: link, owner, due, status, partner, since, late or search.")
    commitments: list[CitedOut] = Field(description="In order of importance.")
    paths: list[PathOut]
    entities: list[PathNode]


Text = Annotated[str, Query(min_length=1, max_length=1000)]
Opt = Optional[str]


@router.get("/search", response_model=SearchOut)
def search(gen: GenerationDep, settings: SettingsDep, q: Text,
           k: Annotated[int, Query(ge=1, le=100)] = 10,
           year_from: Optional[int] = None, year_to: Optional[int] = None, document: Opt = None,
           theme: Opt = None, owner: Opt = None, partner: Opt = None, place: Opt = None,
           strategy: Opt = None, status: Opt = None, council: Opt = None) -> dict:
    """Hybrid (meaning + keyword) search over commitments, with filters."""
    from search.hybrid import Filters

    from ..answer import run_search, searcher_for

    filters = Filters(year_from, year_to, document, theme, owner, partner, place, strategy, status,
                      council)
    return run_search(q, gen, searcher_for(gen, settings), k=k, filters=filters)


@router.get("/ask", response_model=AnswerOut)
def ask(gen: GenerationDep, settings: SettingsDep, q: Text,
        k: Annotated[int, Query(ge=1, le=100)] = 10) -> dict:
    """Answer a question with commitments, graph paths and quotes."""
    from ..answer import ask as run_ask, searcher_for

    return run_ask(q, gen, searcher_for(gen, settings), settings, k=k).as_json()


@router.get("/path", response_model=AnswerOut)
def path(gen: GenerationDep, settings: SettingsDep,
         source: Annotated[str, Query(alias="from", min_length=1, max_length=500)],
         target: Annotated[str, Query(alias="to", min_length=1, max_length=500)]) -> dict:
    """The most informative paths linking two topics, names or commitment ids."""
    from ..answer import link, searcher_for

    return link(source, target, gen, searcher_for(gen, settings)).as_json()


@router.get("/facets", response_model=dict[str, dict[str, int]])
def facets(gen: GenerationDep, settings: SettingsDep, year_from: Optional[int] = None,
           year_to: Optional[int] = None, document: Opt = None, theme: Opt = None,
           owner: Opt = None, partner: Opt = None, place: Opt = None, strategy: Opt = None,
           status: Opt = None, council: Opt = None) -> dict:
    """Counts of each filter value over the commitments passing the filters given."""
    from search.hybrid import Filters

    from ..answer import searcher_for

    filters = Filters(year_from, year_to, document, theme, owner, partner, place, strategy, status,
                      council)
    return searcher_for(gen, settings).facets(filters=filters)
