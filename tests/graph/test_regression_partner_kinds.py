"""Regression: a real climate plan failed to build because partners named like posts
("Mayor of London", "Association of Local Energy Officers") were typed org:Post and broke
the partner shape."""
from __future__ import annotations

from graph.build import build_graph
from graph.resolve import classify_actor
from graph.validate import validate
from ontology.records import Commitment, ExtractedPlan, PlanDocument


def test_a_body_named_for_its_members_is_an_organisation_not_a_post():
    assert classify_actor("Association of Local Energy Officers", "partner") == "organisation"
    assert classify_actor("Director of Housing", "owner") == "post"


def test_a_plan_with_a_mayor_as_partner_builds_a_conforming_graph():
    text = "Deliver solar schools with the Mayor of London and the Association of Local Energy Officers\n"
    c = Commitment(id="p-001", document="p.txt", text=text.strip(),
                   partners=("Mayor of London", "Association of Local Energy Officers"))
    plan = ExtractedPlan(PlanDocument(name="p.txt", title="Climate Plan 2024", period="2024",
                                      period_start=2024, period_end=2025), (c,), text=text)
    report = validate(build_graph([plan], [], "https://w3id.org/councilkg/"))
    assert report.conforms, [str(v) for v in report.violations]
