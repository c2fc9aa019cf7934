"""Records -> one RDF graph: plans, commitments, resolved entities, lineage, VoID/DCAT.

Vocabularies (ontology/council.ttl says why each): ORG (https://www.w3.org/TR/vocab-org/)
for posts, units and organisations; PROV-O (https://www.w3.org/TR/prov-o/#qualifiedRevision)
for sources and lineage; SKOS for themes and status; OWL-Time
(https://www.w3.org/TR/owl-time/#time:inXSDDate) for deadlines; Web Annotation selectors
(https://www.w3.org/TR/annotation-model/#text-quote-selector) for where each fact is quoted
from; VoID (https://www.w3.org/TR/void/) and DCAT for the dataset. IRIs come from
graph.iris, derived from content, so a rebuild gives the same graph. Lineage is written by
graph.lineage_rdf, the dataset description by graph.dataset.
"""
from __future__ import annotations

import calendar
import logging
import re
from typing import Iterable, Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, TIME

from ontology.authorities import authority_of
from ontology.records import Commitment, ExtractedPlan, LineageLink, SourceSpan
from ontology.terms import CK, GSS, OA, PREFIXES

from .council_scope import council_scopes, entity_scope
from .dataset import add_dataset
from .iris import Minter
from .lineage_rdf import add_lineage
from .resolve import Entity, classify_actor, clean, resolve

log = logging.getLogger(__name__)

CLASS_OF = {"post": ORG.Post, "unit": ORG.OrganizationalUnit, "organisation": ORG.Organization,
            "person": FOAF.Person, "strategy": CK.Programme, "place": CK.Place,
            "theme": SKOS.Concept, "indicator": CK.Indicator}
OWNER_PREDICATE = {"post": CK.accountablePost, "person": CK.accountableAgent,
                   "unit": CK.accountableUnit, "organisation": CK.accountableUnit}
# Status words plans use -> ck:StatusScheme concept (first match wins; order matters:
# "not started" before "started").
STATUS_RULES = [
    (r"not (yet )?started|not begun", CK.StatusNotStarted),
    (r"cancel|withdrawn|stopped|deleted|no longer", CK.StatusCancelled),
    (r"\b(complete[d]?|done|achieved|delivered|met)\b", CK.StatusComplete),
    (r"on track|\bgreen\b", CK.StatusOnTrack),
    (r"at risk|\bamber\b", CK.StatusAtRisk),  # before "delay": "at risk of delay"
    (r"delay|behind|off track|slipp|overdue|\bred\b", CK.StatusDelayed),
    (r"ongoing|continuous|continuing", CK.StatusOngoing),
    (r"progress|underway|under way|started|begun", CK.StatusInProgress),
]
RFC5147 = URIRef("http://tools.ietf.org/rfc/rfc5147")
CONTEXT_CHARS = 32  # oa:prefix / oa:suffix length, enough to place a short quote


def area_of(publisher: str | None) -> URIRef | None:
    """The ONS area URI of a council named like 'Royal Borough of Kingston upon Thames' or
    'Tendring District Council' (ontology/authorities.tsv: every UK local authority)."""
    a = authority_of(publisher)
    return GSS[a.gss] if a else None


def status_concept(status: str) -> URIRef:
    """The ck:StatusScheme concept of a plan's own status words ("Amber" -> ck:StatusAtRisk)."""
    s = status.lower()
    for pattern, concept in STATUS_RULES:
        if re.search(pattern, s):
            return concept
    return CK.StatusOther


def deadline_literals(date: str) -> tuple[Literal, Literal] | None:
    """'2024-03' -> (time literal as precise as written, xsd:date of the last day allowed).

    A plan's '31/09/2023' becomes 2023-09-30: the day is clamped to the month."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if mo is None:
        return Literal(str(y), datatype=XSD.gYear), Literal(f"{y}-12-31", datatype=XSD.date)
    mo_i = min(max(int(mo), 1), 12)
    last = calendar.monthrange(y, mo_i)[1]
    if d is None:
        return (Literal(f"{y}-{mo_i:02d}", datatype=XSD.gYearMonth),
                Literal(f"{y}-{mo_i:02d}-{last:02d}", datatype=XSD.date))
    day = f"{y}-{mo_i:02d}-{min(max(int(d), 1), last):02d}"
    return Literal(day, datatype=XSD.date), Literal(day, datatype=XSD.date)


def mentions(plans: Sequence[ExtractedPlan]) -> Iterable[tuple[str, str]]:
    """Every (kind, name) the plans mention, for entity resolution."""
    for plan in plans:
        if plan.document.publisher:
            yield "organisation", plan.document.publisher
        for c in plan.commitments:
            yield from (("theme", s) for s in c.section_path)
            yield from ((classify_actor(n, "owner"), n) for n in c.owners)
            yield from ((classify_actor(n, "partner"), n) for n in c.partners)
            yield from ((classify_actor(n, "monitor"), n) for n in c.monitored_by)
            yield from (("strategy", n) for n in c.strategies)
            yield from (("place", n) for n in c.places)
            yield from (("indicator", n) for n in c.indicators)


def resolve_scoped(plans: Sequence[ExtractedPlan], scopes: dict[str, str]
                   ) -> dict[tuple[str, str, str], Entity]:
    """(council, kind, name) -> Entity, resolved among the plans of each council
    (`council_scopes`): "KVA" is Kingston Voluntary Action in Kingston's plans. What the
    councils share ("Environment Agency") is one node all the same, since its IRI does not
    carry the council (graph.council_scope)."""
    by_council: dict[str, list[ExtractedPlan]] = {}
    for plan in plans:
        by_council.setdefault(scopes[plan.document.name], []).append(plan)
    return {(council, kind, name): ent for council, ps in sorted(by_council.items())
            for (kind, name), ent in resolve(mentions(ps)).items()}


def merged(a: Entity, b: Entity) -> Entity:
    """One node for a thing two councils' plans both name: its other names and merge
    evidence from both."""
    return Entity(a.kind, a.label, tuple(sorted(set(a.alt_labels) | set(b.alt_labels))),
                  tuple(sorted(set(a.evidence) | set(b.evidence))))


class _Builder:
    def __init__(self, g: Graph, m: Minter, plans: Sequence[ExtractedPlan]):
        self.g, self.m = g, m
        self.scopes = council_scopes(plans)
        self.entities = resolve_scoped(plans, self.scopes)
        self.used: dict[URIRef, tuple[Entity, set[URIRef]]] = {}  # entity IRI -> (entity, councils)
        self.scope = ""  # the place of the council whose plan is being added

    def node(self, kind: str, name: str, council: URIRef | None) -> URIRef:
        ent = self.entities[(self.scope, kind, clean(name))]
        iri = self.m.entity(ent.kind, ent.label, entity_scope(ent.kind, ent.label, self.scope))
        seen, councils = self.used.get(iri, (ent, set()))
        # a shared thing is resolved in each council's plans: one node, with all its names
        self.used[iri] = (ent if seen == ent else merged(seen, ent), councils)
        if council is not None:
            councils.add(council)
        return iri

    def add_plan(self, plan: ExtractedPlan) -> None:
        g, doc = self.g, plan.document
        self.scope = self.scopes[doc.name]
        p = self.m.plan(doc.name)
        g.add((p, RDF.type, CK.PlanDocument))
        g.add((p, DCTERMS.identifier, Literal(doc.name)))
        g.add((p, DCTERMS.title, Literal(doc.title, lang="en")))
        g.add((p, CK.layout, Literal(doc.layout)))
        if doc.sha256:
            g.add((p, CK.sha256, Literal(doc.sha256)))
        if doc.period:
            g.add((p, DCTERMS.temporal, Literal(doc.period)))
        for prop, year in ((CK.periodStart, doc.period_start), (CK.periodEnd, doc.period_end)):
            if year:
                g.add((p, prop, Literal(str(year), datatype=XSD.gYear)))
        council, area = None, area_of(doc.publisher)
        if doc.publisher:
            council = self.node("organisation", doc.publisher, None)
            g.add((p, DCTERMS.publisher, council))
            g.add((council, RDF.type, ORG.FormalOrganization))
            if area is not None:
                g.add((council, CK.area, area))
        if area is not None:
            g.add((p, DCTERMS.spatial, area))
            g.add((area, RDF.type, DCTERMS.Location))
        for c in plan.commitments:
            self.add_commitment(c, plan, p, council, area)

    def add_commitment(self, c: Commitment, plan: ExtractedPlan, p: URIRef,
                       council: URIRef | None, area: URIRef | None) -> None:
        g, m = self.g, self.m
        ci = m.commitment(c.id)
        g.add((ci, RDF.type, CK.Commitment))
        g.add((ci, DCTERMS.identifier, Literal(c.id)))
        g.add((ci, DCTERMS.description, Literal(c.text, lang="en")))
        g.add((ci, DCTERMS.isPartOf, p))
        g.add((ci, PROV.hadPrimarySource, p))
        if c.ref:
            g.add((ci, CK.ref, Literal(c.ref)))
        if plan.document.period_start:
            g.add((ci, CK.year, Literal(plan.document.period_start)))
        broader = None
        for heading in c.section_path:
            t = self.node("theme", heading, None)
            g.add((ci, DCTERMS.subject, t))
            if broader is not None and broader != t:
                g.add((t, SKOS.broader, broader))
            broader = t
        if broader is not None:
            g.add((ci, CK.section, broader))
        for name in c.owners:
            kind = classify_actor(name, "owner")
            ent_kind = self.entities[(self.scope, kind, clean(name))].kind
            g.add((ci, OWNER_PREDICATE[ent_kind], self.node(kind, name, council)))
        for name in c.partners:
            g.add((ci, CK.partner, self.node(classify_actor(name, "partner"), name, None)))
        for name in c.monitored_by:
            g.add((ci, CK.monitoredBy, self.node(classify_actor(name, "monitor"), name, council)))
        for name in c.strategies:
            g.add((ci, CK.strategy, self.node("strategy", name, None)))
        for name in c.indicators:
            g.add((ci, CK.indicator, self.node("indicator", name, None)))
        # The council's area sits on the plan (dcterms:spatial), not on every commitment:
        # one hub node linked to every row would make every path between rows two hops.
        for name in c.places:
            g.add((ci, DCTERMS.spatial, self.node("place", name, area)))
        self.add_targets(ci, c)
        for i, text in enumerate(c.milestones, 1):
            ms = m.part(ci, "milestone", i)
            g.add((ci, CK.milestone, ms))
            g.add((ms, RDF.type, CK.Milestone))
            g.add((ms, RDFS.label, Literal(text, lang="en")))
            g.add((ms, DCTERMS.isPartOf, ci))
        if c.status or c.progress:
            sa = m.part(ci, "status")
            g.add((ci, CK.statusAssessment, sa))
            g.add((sa, RDF.type, CK.StatusAssessment))
            g.add((sa, CK.ofCommitment, ci))
            g.add((sa, PROV.hadPrimarySource, p))
            if c.status:
                g.add((sa, CK.status, status_concept(c.status)))
                g.add((sa, CK.statusText, Literal(c.status)))
            if c.progress:
                g.add((sa, CK.progressNote, Literal(c.progress, lang="en")))
        if c.span is not None:
            self.annotate(m.part(ci, "source"), ci, p, plan.text, c.span, c.text, None)
        for i, fs in enumerate(c.field_spans, 1):
            if fs.span is not None:
                self.annotate(m.part(ci, "source", f"{fs.field}-{i}"), ci, p, plan.text, fs.span,
                              fs.value, fs.field)

    def add_targets(self, ci: URIRef, c: Commitment) -> None:
        g, latest = self.g, None
        for i, t in enumerate(c.targets, 1):
            ti = self.m.part(ci, "target", i)
            g.add((ci, CK.target, ti))
            g.add((ti, RDF.type, CK.Target))
            g.add((ti, RDFS.label, Literal(t.text, lang="en")))
            lits = deadline_literals(t.date) if t.date else None
            if lits is None:
                continue
            when, day = lits
            inst = self.m.part(ti, "instant")
            g.add((ti, CK.deadline, inst))
            g.add((inst, RDF.type, TIME.Instant))
            prop = {XSD.gYear: TIME.inXSDgYear, XSD.gYearMonth: TIME.inXSDgYearMonth}.get(
                when.datatype, TIME.inXSDDate)
            g.add((inst, prop, when))
            g.add((ti, CK.deadlineDate, day))
            latest = day if latest is None or day.toPython() > latest.toPython() else latest
        if latest is not None:
            g.add((ci, CK.deadlineDate, latest))

    def annotate(self, a: URIRef, body: URIRef, plan_iri: URIRef, text: str, span: SourceSpan,
                 fallback: str, field: str | None) -> None:
        """A Web Annotation saying where `body`'s words are in the plan's decoded text."""
        g = self.g
        exact = text[span.start:span.end] if text and 0 <= span.start < span.end <= len(text) else fallback
        g.add((a, RDF.type, OA.Annotation))
        g.add((a, OA.motivatedBy, OA.identifying if field is None else OA.describing))
        g.add((a, OA.hasBody, body))
        g.add((a, CK.lineStart, Literal(span.line_start)))
        g.add((a, CK.lineEnd, Literal(span.line_end)))
        if field:
            g.add((a, CK.field, Literal(field)))
        tgt = self.m.part(a, "target")
        g.add((a, OA.hasTarget, tgt))
        g.add((tgt, RDF.type, OA.SpecificResource))
        g.add((tgt, OA.hasSource, plan_iri))
        quote, pos, lines = self.m.part(a, "quote"), self.m.part(a, "position"), self.m.part(a, "lines")
        g.add((tgt, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(exact)))
        if text:
            g.add((quote, OA.prefix, Literal(text[max(0, span.start - CONTEXT_CHARS):span.start])))
            g.add((quote, OA.suffix, Literal(text[span.end:span.end + CONTEXT_CHARS])))
        g.add((tgt, OA.hasSelector, pos))
        g.add((pos, RDF.type, OA.TextPositionSelector))
        g.add((pos, OA.start, Literal(span.start, datatype=XSD.integer)))
        g.add((pos, OA.end, Literal(span.end, datatype=XSD.integer)))
        # RFC 5147 text/plain fragment: line positions are 0-based and the end is exclusive.
        g.add((tgt, OA.hasSelector, lines))
        g.add((lines, RDF.type, OA.FragmentSelector))
        g.add((lines, DCTERMS.conformsTo, RFC5147))
        g.add((lines, RDF.value, Literal(f"line={span.line_start - 1},{span.line_end}")))

    def add_entities(self) -> None:
        g = self.g
        for iri, (ent, councils) in sorted(self.used.items()):
            g.add((iri, RDF.type, CLASS_OF[ent.kind]))
            g.add((iri, SKOS.prefLabel, Literal(ent.label, lang="en")))
            for alt in ent.alt_labels:
                g.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
            for why in ent.evidence:
                g.add((iri, CK.mergeEvidence, Literal(why)))
            if ent.kind == "theme":
                g.add((iri, SKOS.inScheme, self.m.theme_scheme))
            for council in sorted(councils):
                if ent.kind == "post" and not str(council).startswith(str(GSS)):
                    g.add((iri, ORG.postIn, council))
                elif ent.kind == "unit" and not str(council).startswith(str(GSS)):
                    g.add((iri, ORG.unitOf, council))
                elif ent.kind == "place" and str(council).startswith(str(GSS)):
                    g.add((iri, CK.area, council))
        scheme = self.m.theme_scheme
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal("Plan sections and themes", lang="en")))


def build_graph(plans: Sequence[ExtractedPlan], links: Sequence[LineageLink], base_iri: str) -> Graph:
    """The whole dataset as one rdflib Graph (validated by graph.validate.check next)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    m = Minter(base_iri)
    b = _Builder(g, m, plans)
    order: dict[str, tuple] = {}
    for plan in plans:
        b.add_plan(plan)
        for i, c in enumerate(plan.commitments):
            order[c.id] = (*plan.document.order, i)
    b.add_entities()
    add_lineage(g, m, links, order)
    add_dataset(g, m, plans)
    log.info("Built %d triples from %d plans.", len(g), len(plans))
    return g
