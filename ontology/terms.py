"""The RDF terms councilkg mints (`ck:`), declared once.

`_fail = True` makes a misspelt term raise AttributeError instead of silently minting a new
IRI (rdflib DefinedNamespace). Every term here is defined in `ontology/council.ttl`; a test
(tests/graph/test_ontology.py) keeps the two in step. W3C vocabularies are reused from
rdflib.namespace (ORG, PROV, SKOS, TIME, DCTERMS, VOID, DCAT); Web Annotation has no rdflib
module, so the few `oa:` terms used are declared here the same way
(https://www.w3.org/TR/annotation-vocab/).
"""
from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

CK_IRI = "https://w3id.org/councilkg/def#"
ONTOLOGY_FILE = Path(__file__).with_name("council.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")
# ONS statistical geography URIs: https://statistics.data.gov.uk/ (GSS codes, e.g. E09000021)
GSS = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")
SCHEMA = Namespace("https://schema.org/")


class CK(DefinedNamespace):
    """The councilkg ontology: what W3C vocabularies lack for council plan commitments."""

    _fail = True
    _NS = Namespace(CK_IRI)

    # classes
    Commitment: URIRef
    CommitmentLineage: URIRef
    PlanDocument: URIRef
    Programme: URIRef
    Target: URIRef
    Milestone: URIRef
    Indicator: URIRef
    StatusAssessment: URIRef
    Place: URIRef
    Relatedness: URIRef
    ChangeType: URIRef

    # object properties
    accountablePost: URIRef
    accountableUnit: URIRef
    accountableAgent: URIRef
    partner: URIRef
    monitoredBy: URIRef
    strategy: URIRef
    section: URIRef
    target: URIRef
    milestone: URIRef
    indicator: URIRef
    deadline: URIRef
    statusAssessment: URIRef
    ofCommitment: URIRef
    status: URIRef
    changeType: URIRef
    relatedTo: URIRef
    qualifiedRelation: URIRef
    relatedEntity: URIRef
    area: URIRef

    # datatype properties
    ref: URIRef
    deadlineDate: URIRef
    progressNote: URIRef
    statusText: URIRef
    confidence: URIRef
    score: URIRef
    evidence: URIRef
    mergeEvidence: URIRef
    lineStart: URIRef
    lineEnd: URIRef
    field: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    layout: URIRef
    sha256: URIRef
    year: URIRef

    # SKOS schemes and their concepts
    StatusScheme: URIRef
    StatusComplete: URIRef
    StatusInProgress: URIRef
    StatusNotStarted: URIRef
    StatusOngoing: URIRef
    StatusOnTrack: URIRef
    StatusAtRisk: URIRef
    StatusDelayed: URIRef
    StatusCancelled: URIRef
    StatusOther: URIRef
    ChangeTypeScheme: URIRef
    Reworded: URIRef
    OwnerChanged: URIRef
    DeadlineMoved: URIRef
    DeadlineSlipped: URIRef
    StatusChanged: URIRef
    MilestonesAdded: URIRef
    MilestonesDropped: URIRef
    Merged: URIRef


class OA(DefinedNamespace):
    """The Web Annotation terms councilkg uses (https://www.w3.org/TR/annotation-vocab/)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    FragmentSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    motivatedBy: URIRef
    identifying: URIRef
    describing: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


# LineageLink.changes value -> change-type concept (ontology.records.CHANGE_TYPES).
CHANGE_TYPE_TERMS = {
    "reworded": CK.Reworded, "owner_changed": CK.OwnerChanged,
    "deadline_moved": CK.DeadlineMoved, "deadline_slipped": CK.DeadlineSlipped,
    "status_changed": CK.StatusChanged, "milestones_added": CK.MilestonesAdded,
    "milestones_dropped": CK.MilestonesDropped, "merged": CK.Merged,
}

PREFIXES = {
    "ck": CK_IRI, "org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "time": "http://www.w3.org/2006/time#",
    "dcterms": "http://purl.org/dc/terms/", "oa": "http://www.w3.org/ns/oa#",
    "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#", "schema": "https://schema.org/",
    "gss": str(GSS),
}
