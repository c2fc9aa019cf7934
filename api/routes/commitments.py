"""Commitments and documents as JSON: `/api/commitments/{id}`, `/api/documents`, `/api/health`."""
from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from ..deps import GenerationDep, SettingsDep
from ..quotes import location, quote

router = APIRouter(prefix="/api", tags=["commitments"])


class TargetOut(BaseModel):
    text: str
    date: str | None


class Location(BaseModel):
    document: str
    section: list[str]
    line_start: int | None
    line_end: int | None
    char_start: int | None
    char_end: int | None


class CommitmentOut(BaseModel):
    id: str
    document: str
    ref: str | None
    section_path: list[str]
    text: str
    milestones: list[str]
    targets: list[TargetOut]
    owners: list[str]
    status: str | None
    progress: str | None
    monitored_by: list[str]
    indicators: list[str]
    partners: list[str]
    places: list[str]
    strategies: list[str]
    quote: str
    location: Location
    plan_title: str
    plan_period: str | None
    plan_year: int | None


class DocumentOut(BaseModel):
    name: str
    title: str
    period: str | None
    period_start: int | None
    period_end: int | None
    publisher: str | None
    layout: str
    commitments: int


class Health(BaseModel):
    status: str
    documents: int
    commitments: int
    links: int


def commitment_out(gen, cid: str) -> CommitmentOut:
    c = gen.commitment(cid)
    plan = gen.documents.get(c.document)
    d = c.as_export()
    d.pop("span"), d.pop("field_spans")
    return CommitmentOut(**d, quote=quote(c, plan), location=Location(**location(c)),
                         plan_title=plan.document.title if plan else c.document,
                         plan_period=plan.document.period if plan else None,
                         plan_year=plan.document.period_start if plan else None)


@router.get("/commitments/{cid}", response_model=CommitmentOut)
def get_commitment(cid: str, gen: GenerationDep) -> CommitmentOut:
    """One commitment with its fields, source quote and location."""
    return commitment_out(gen, cid)


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(gen: GenerationDep) -> list[DocumentOut]:
    """The plans in the store, oldest first."""
    return [DocumentOut(**{k: v for k, v in p.document.__dict__.items() if k != "sha256"},
                        commitments=len(p.commitments)) for p in gen.plans]


@router.get("/health", response_model=Health)
def health(gen: GenerationDep, settings: SettingsDep) -> Health:
    """Liveness and what is loaded."""
    return Health(status="ok", documents=len(gen.plans), commitments=len(gen.commitments),
                  links=len(gen.links))
