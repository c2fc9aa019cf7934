"""Records -> RDF: every commitment linked to its plan, theme, owners, partners, places,
strategies, targets, status and source quote, with IRIs that do not depend on run order."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS, TIME

from graph.build import build_graph, deadline_literals, status_concept
from ontology.records import LineageLink, plan_from_dict
from ontology.terms import CK, GSS, OA

DATA = Path(__file__).resolve().parents[1] / "data" / "graph" / "small_plans.json"
BASE = "https://example.org/kg/"


def small():
    """Two hand-made plans (2023, 2025) and two lineage links between them."""
    d = json.loads(DATA.read_text(encoding="utf-8"))
    links = [LineageLink(l["from"], l["to"], l["relation"], l["score"], tuple(l["evidence"]),
                         tuple(l["changes"])) for l in d["links"]]
    return [plan_from_dict(p) for p in d["plans"]], links


@pytest.fixture(scope="module")
def g():
    """The graph of the two small plans."""
    plans, links = small()
    return build_graph(plans, links, BASE)


def c(n: str) -> URIRef:
    return URIRef(f"{BASE}id/commitment/{n}")


def test_a_commitment_links_to_its_plan_theme_and_words(g):
    x = c("plan_2023-001")
    plan = URIRef(f"{BASE}id/plan/plan-2023")
    assert (x, RDF.type, CK.Commitment) in g
    assert (x, DCTERMS.isPartOf, plan) in g and (x, PROV.hadPrimarySource, plan) in g
    assert (x, CK.year, Literal(2023)) in g
    theme = g.value(x, CK.section)
    assert g.value(theme, SKOS.prefLabel) == Literal("Greener Borough", lang="en")


def test_the_owner_is_a_post_in_the_council_and_the_partner_an_organisation(g):
    post = g.value(c("plan_2023-001"), CK.accountablePost)
    assert (post, RDF.type, ORG.Post) in g
    council = g.value(post, ORG.postIn)
    assert (council, RDF.type, ORG.FormalOrganization) in g
    assert g.value(council, CK.area) == GSS["E09000021"]
    partner = g.value(c("plan_2023-001"), CK.partner)
    assert (partner, RDF.type, ORG.Organization) in g
    assert g.value(c("plan_2025-001"), CK.partner) == partner  # "KVA" is the same body


def test_two_councils_posts_and_local_plans_are_their_own_and_partners_and_grants_are_shared():
    from ontology.records import Commitment, ExtractedPlan, PlanDocument

    def plan(name: str, publisher: str | None) -> ExtractedPlan:
        row = Commitment(f"{name}-001", f"{name}.md", "Retrofit council homes", section_path=("Homes",),
                         owners=("Director of Housing",), partners=("Environment Agency",),
                         strategies=("Local Plan", "Green Homes Grant"))
        return ExtractedPlan(PlanDocument(f"{name}.md", "Action Plan", publisher=publisher), (row,))

    reading, moray = plan("reading", "Reading Borough Council"), plan("moray", "The Moray Council")
    g = build_graph([reading, moray], [], BASE)
    r, m = c("reading-001"), c("moray-001")
    assert g.value(r, CK.accountablePost) == URIRef(f"{BASE}id/post/reading-director-of-housing")
    assert g.value(r, CK.accountablePost) != g.value(m, CK.accountablePost)
    assert len(set(g.objects(g.value(m, CK.accountablePost), ORG.postIn))) == 1  # ORG: a post is in one body
    assert g.value(r, CK.section) != g.value(m, CK.section)
    strategies = {x: set(g.objects(x, CK.strategy)) for x in (r, m)}
    assert len(strategies[r] & strategies[m]) == 1  # the Green Homes Grant; each its own Local Plan
    assert g.value(r, CK.partner) == g.value(m, CK.partner)
    # a plan without a publisher beside one council's plans is that council's (graph.lineage.councils)
    g = build_graph([reading, plan("later", None)], [], BASE)
    assert g.value(c("later-001"), CK.accountablePost) == g.value(r, CK.accountablePost)
    # beside several councils, unnamed plans own their posts each (they may be two councils')
    g = build_graph([reading, moray, plan("north", None), plan("south", None)], [], BASE)
    assert g.value(c("north-001"), CK.accountablePost) != g.value(c("south-001"), CK.accountablePost)
    assert g.value(c("north-001"), CK.partner) == g.value(c("south-001"), CK.partner)


def test_a_person_named_as_lead_is_not_made_a_post(g):
    person = g.value(c("plan_2023-002"), CK.accountableAgent)
    assert g.value(person, SKOS.prefLabel) == Literal("Stephen Evans", lang="en")
    assert (person, RDF.type, ORG.Post) not in g


def test_places_lie_in_the_councils_ons_area_and_the_plan_names_it(g):
    place = g.value(c("plan_2023-002"), DCTERMS.spatial)
    assert g.value(place, CK.area) == GSS["E09000021"]
    assert (URIRef(f"{BASE}id/plan/plan-2023"), DCTERMS.spatial, GSS["E09000021"]) in g


def test_targets_carry_owl_time_instants_and_a_plain_deadline_date(g):
    t = g.value(c("plan_2023-001"), CK.target)
    assert g.value(t, RDFS.label) == Literal("Mar 2024", lang="en")
    assert g.value(g.value(t, CK.deadline), TIME.inXSDgYearMonth) == Literal("2024-03", datatype=XSD.gYearMonth)
    assert g.value(t, CK.deadlineDate) == Literal("2024-03-31", datatype=XSD.date)
    assert g.value(c("plan_2025-001"), CK.deadlineDate) == Literal("2027-12-31", datatype=XSD.date)


def test_an_impossible_day_is_clamped_to_the_month_and_open_targets_have_no_date():
    assert deadline_literals("2023-09-31")[1] == Literal("2023-09-30", datatype=XSD.date)
    assert deadline_literals("soon") is None


def test_status_words_map_to_the_status_scheme(g):
    assert status_concept("Not started") == CK.StatusNotStarted
    assert status_concept("In progress") == CK.StatusInProgress
    assert status_concept("Completed March 2024") == CK.StatusComplete
    assert status_concept("Amber") == CK.StatusAtRisk
    assert status_concept("At risk of delay") == CK.StatusAtRisk
    assert status_concept("Overdue") == CK.StatusDelayed
    assert status_concept("Paused for review") == CK.StatusOther
    sa = g.value(c("plan_2023-001"), CK.statusAssessment)
    assert g.value(sa, CK.status) == CK.StatusInProgress
    assert g.value(sa, CK.progressNote) == Literal("Half done", lang="en")


def test_the_source_quote_is_the_exact_text_at_the_span_with_its_lines(g):
    plans, _ = small()
    com = plans[0].commitments[0]
    ann = URIRef(str(c("plan_2023-001")) + "/source")
    assert (ann, OA.hasBody, c("plan_2023-001")) in g
    assert g.value(ann, CK.lineStart) == Literal(2)
    sel = [s for s in g.objects(g.value(ann, OA.hasTarget), OA.hasSelector)]
    exact = next(g.value(s, OA.exact) for s in sel if (s, RDF.type, OA.TextQuoteSelector) in g)
    assert str(exact) == plans[0].text[com.span.start:com.span.end] == com.text
    pos = next(s for s in sel if (s, RDF.type, OA.TextPositionSelector) in g)
    assert int(g.value(pos, OA.start)) == com.span.start
    owner_ann = URIRef(str(c("plan_2023-001")) + "/source/owners-1")
    assert g.value(owner_ann, CK.field) == Literal("owners")


def test_continues_links_make_one_lineage_and_a_qualified_revision(g):
    new, old = c("plan_2025-001"), c("plan_2023-001")
    assert (new, PROV.wasRevisionOf, old) in g
    lineage = g.value(new, PROV.specializationOf)
    assert lineage == g.value(old, PROV.specializationOf) == URIRef(f"{BASE}id/lineage/plan_2023-001")
    rev = g.value(new, PROV.qualifiedRevision)
    assert g.value(rev, PROV.entity) == old
    assert set(g.objects(rev, CK.changeType)) == {CK.DeadlineSlipped, CK.Reworded}
    assert g.value(rev, CK.confidence).toPython() == 1  # a score over 1 is clamped
    assert float(g.value(rev, CK.score)) == pytest.approx(1.2)


def test_related_links_are_scored_but_not_revisions(g):
    new, old = c("plan_2025-002"), c("plan_2023-002")
    assert (new, CK.relatedTo, old) in g
    assert (new, PROV.wasRevisionOf, old) not in g
    rel = g.value(new, CK.qualifiedRelation)
    assert float(g.value(rel, CK.score)) == pytest.approx(0.41)


def test_a_rebuild_with_plans_in_another_order_gives_the_same_graph():
    plans, links = small()
    a = build_graph(plans, links, BASE)
    b = build_graph(list(reversed(plans)), list(reversed(links)), BASE)
    assert isomorphic(a, b)
    assert not any(isinstance(t, BNode) for triple in a for t in triple)  # citable IRIs only


def test_the_base_iri_is_configurable():
    plans, links = small()
    g2 = build_graph(plans, links, "http://data.example.gov.uk/councils")
    assert (URIRef("http://data.example.gov.uk/councils/id/commitment/plan_2023-001"), RDF.type,
            CK.Commitment) in g2


def test_the_dataset_is_described_with_void_and_dcat(g):
    from rdflib.namespace import DCAT, VOID

    d = URIRef(f"{BASE}id/dataset/councilkg")
    assert (d, RDF.type, VOID.Dataset) in g and (d, RDF.type, DCAT.Dataset) in g
    assert int(g.value(d, VOID.triples)) == len(g)
    assert len(list(g.objects(d, DCAT.distribution))) == 3
