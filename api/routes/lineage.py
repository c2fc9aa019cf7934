"""Lineage resources: one commitment's versions across plans, the council's gaps, and
reviewers' verdicts on links (written only with the store's write token)."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from api.deps import GenerationDep, SettingsDep, write_refusal
from api.lineage_views import gaps_view, lineage_view, reviews_view, unlinked_view
from ontology.records import Verdict

router = APIRouter(prefix="/api", tags=["lineage"])


class Brief(BaseModel):
    id: str
    document: str
    year: Optional[int]
    text: str


class Version(Brief):
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
    reviewed_by: Optional[str] = Field(None, description="The reviewer who confirmed it, if any.")


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
    names: list[str] = Field(default=[], description="Names (of a programme, project or place) "
                             "that the two alone use in their plans, as each writes them.")


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


class ReviewIn(BaseModel):
    """A verdict on whether two commitments (ids as in the export, either order) are linked."""

    from_: str = Field(alias="from", max_length=200)
    to: str = Field(max_length=200)
    verdict: Verdict
    reviewer: str = Field(min_length=1, max_length=200)
    note: str = Field("", max_length=2000)


class ReviewRecord(BaseModel):
    from_id: str
    to_id: str
    verdict: Verdict
    reviewer: str
    at: str
    note: str
    from_document: str
    to_document: str
    from_text: str
    to_text: str


class ReviewOut(BaseModel):
    review: ReviewRecord
    link: Optional[LinkOut] = Field(description="The pair's link now; null when there is none.")
    gained: list[LinkOut] = Field(description="Links the verdict brought, its own included.")
    lost: list[LinkOut] = Field(description="Links the verdict took away.")


class ReviewStatus(ReviewRecord):
    status: Literal["applied", "superseded", "stale"]
    pair: Optional[list[str]] = Field(description="The pair's ids in the store now (applied only).")
    link: Optional[LinkOut]


class ReviewsOut(BaseModel):
    reviews: list[ReviewStatus]


_bearer = HTTPBearer(auto_error=False)


def require_write_token(settings: SettingsDep, credentials: Annotated[
        Optional[HTTPAuthorizationCredentials], Depends(_bearer)]) -> None:
    """Write routes need `Authorization: Bearer <COUNCILKG_WRITE_TOKEN>`; with no token set
    they are off (the public deployment is read-only)."""
    refused = write_refusal(settings, credentials.credentials if credentials else "")
    if refused:
        raise HTTPException(*refused, headers={"WWW-Authenticate": "Bearer"} if refused[0] == 401 else None)


@router.get("/lineage/reviews", response_model=ReviewsOut)
def list_reviews(settings: SettingsDep, gen: GenerationDep) -> ReviewsOut:
    """Every reviewer's verdict, oldest first, and whether it is applied, superseded by a
    later verdict on its pair, or stale (its commitments are no longer in the store)."""
    from api.workspace import Workspace

    return ReviewsOut(**reviews_view(Workspace(settings.store_path).reviews(), gen))


@router.post("/lineage/reviews", response_model=ReviewOut, status_code=201,
             dependencies=[Depends(require_write_token)],
             responses={400: {"description": "A verdict that cannot hold (two rows of one plan, "
                                             "plans of different councils)."},
                        401: {"description": "The write token is missing or wrong."},
                        403: {"description": "Writing is off: no COUNCILKG_WRITE_TOKEN is set."},
                        404: {"description": "No commitment with that id."}})
def add_review(body: ReviewIn, settings: SettingsDep) -> ReviewOut:
    """Record a verdict and rebuild the lineage with it (seconds: the store is rebuilt,
    reusing its embeddings). The verdict outlives later builds."""
    from api.pipeline import review

    return ReviewOut(**review(body.from_, body.to, body.verdict, body.reviewer, settings, body.note))


class UnlinkedPair(BaseModel):
    from_: Brief = Field(alias="from")
    to: Brief
    score: float
    mutual: bool = Field(description="Each is the other's best such candidate in its plan.")
    names: list[str] = Field(default=[], description="Names (of a programme, project or place) "
                             "that the two alone use in their plans, as each writes them.")


class UnlinkedOut(BaseModel):
    total: int = Field(description="Pairs in all; `pairs` holds the first `limit`.")
    pairs: list[UnlinkedPair]


@router.get("/lineage/unlinked", response_model=UnlinkedOut)
def unlinked(gen: GenerationDep, council: Annotated[Optional[str], Query(
        max_length=300, description="Only this council's plans (its name as plans write it).")] = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> UnlinkedOut:
    """Pairs to review: unlinked, though the earlier commitment is carried into no later plan
    and the later one comes from no earlier plan, as a missed carry-over looks; mutual best
    matches first, then by score."""
    return UnlinkedOut.model_validate(unlinked_view(gen, council, limit))
