"""Lineage resources: one commitment's versions across plans, and the council's gaps."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.lineage_views import gaps_view, lineage_view
from api.deps import GenerationDep

router = APIRouter(prefix="/api", tags=["lineage"])


class Version(BaseModel):
    id: str
    document: str
    year: Optional[int]
    text: str
    owners: list[str]
    targets: list[str]
    status: Optional[str]


class Deadline(BaseModel):
    before: Optional[str]
    after: Optional[str]
    moved_months: Optional[int]


class OwnersChange(BaseModel):
    before: list[str]
    after: list[str]


class StatusChange(BaseModel):
    before: Optional[str]
    after: Optional[str]


class ChangeReportOut(BaseModel):
    types: list[str]
    wording: list[list[str]]
    owners: OwnersChange
    deadline: Deadline
    status: StatusChange
    milestones_added: list[str]
    milestones_dropped: list[str]


class LinkOut(BaseModel):
    """A lineage link; `from` is the earlier plan's commitment."""

    from_: str = Field(alias="from")
    to: str
    relation: Literal["continues", "related"]
    score: float
    evidence: list[str]
    changes: list[str]


class ChainLink(LinkOut):
    report: ChangeReportOut


class ClosestOut(BaseModel):
    """The best candidate the linker did not link, in one other plan, for a version that
    disappeared (a later plan) or is new (an earlier plan)."""

    for_: str = Field(alias="for", description="The version with the gap.")
    kind: Literal["disappeared", "new"]
    id: str
    document: str
    year: Optional[int]
    text: str
    score: float
    open: bool = Field(description="The candidate has no predecessor (for a version that "
                                   "disappeared) or no successor (for a new one) of its own.")


class LineageOut(BaseModel):
    id: str
    versions: list[Version]
    links: list[ChainLink]
    related: list[LinkOut]
    disappeared: list[str] = Field(description="Versions no later plan of the council carries on.")
    new: list[str] = Field(description="Versions with no predecessor in an earlier plan.")
    closest: list[ClosestOut] = Field(description="For each gap, the closest candidate in each "
                                                  "other plan that the linker did not link.")


class ScoredId(BaseModel):
    id: str
    score: float


class GapOut(BaseModel):
    kind: Literal["disappeared", "new"]
    id: str
    document: str
    year: Optional[int]
    text: str
    related: list[str]
    closest: list[ScoredId] = Field(description="Unlinked candidates in other plans, best first.")


class SlipOut(BaseModel):
    from_: str = Field(alias="from")
    to: str
    document: str
    year: Optional[int]
    text: str
    before: Optional[str]
    after: Optional[str]
    months: Optional[int]


class GapsOut(BaseModel):
    disappeared: list[GapOut]
    new: list[GapOut]
    slipped: list[SlipOut]


@router.get("/commitments/{cid}/lineage", response_model=LineageOut)
def commitment_lineage(cid: str, gen: GenerationDep) -> LineageOut:
    """The commitment's versions in year order, with what changed at each step."""
    view = lineage_view(gen, cid)
    return LineageOut.model_validate(view)


@router.get("/gaps", response_model=GapsOut)
def gaps(gen: GenerationDep, document: Annotated[Optional[str], Query(
        max_length=300, description="Only this plan's gaps (a document name as in the export).")] = None,
         council: Annotated[Optional[str], Query(
             max_length=300, description="Only this council's plans (its name as plans write it).")] = None
         ) -> GapsOut:
    """Commitments with no successor in a later plan (disappeared), new ones, and slipped deadlines."""
    return GapsOut(**gaps_view(gen, document, council))
