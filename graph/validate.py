"""SHACL validation of the built graph against ontology/shapes.ttl (pySHACL).

Validation runs on the rdflib in-memory graph, not on the Oxigraph store: pySHACL walks the
Python triples API, which is faster on rdflib Memory (RDFLib/pySHACL#184, #174). Findings
name the shape, the focus node and the source document, so a user can find the row.
https://www.w3.org/TR/shacl/#validation-report
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from ontology.errors import ShapeViolation
from ontology.terms import CK, SHAPES_FILE

log = logging.getLogger(__name__)
MAX_LISTED = 20


@dataclass(frozen=True)
class Finding:
    """One result of the SHACL report."""

    severity: str  # "Violation" | "Warning" | "Info"
    shape: str
    focus: str
    path: str | None
    message: str
    document: str | None

    def __str__(self) -> str:
        where = f" in {self.document}" if self.document else ""
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.shape}{where}: {self.focus}{path}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "Violation"]


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def _short(g: Graph, node) -> str:
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:  # an IRI rdflib cannot shorten is shown whole
            return str(node)
    return str(node)


def _document(data: Graph, focus) -> str | None:
    """The plan a focus node comes from: itself, its commitment, or the commitment it is part of."""
    if not isinstance(focus, URIRef):
        return None
    candidates = [focus]
    s = str(focus)
    if "/id/commitment/" in s:
        head, _, tail = s.partition("/id/commitment/")
        candidates.append(URIRef(head + "/id/commitment/" + tail.split("/")[0]))
    for node in candidates:
        if (node, RDF.type, CK.PlanDocument) in data:
            return str(data.value(node, DCTERMS.identifier))
        plan = data.value(node, DCTERMS.isPartOf)
        if plan is not None and data.value(plan, DCTERMS.identifier) is not None:
            return str(data.value(plan, DCTERMS.identifier))
    return None


def validate(data: Graph) -> Report:
    """Run every shape; return the findings (nothing raised)."""
    from pyshacl import validate as run

    conforms, results, _ = run(data, shacl_graph=shapes_graph(), inference="none",
                               advanced=True, allow_warnings=True)
    findings = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = results.value(r, SH.resultSeverity)
        shape = results.value(r, SH.sourceShape)
        # a property shape is a blank node: name the node shape that holds it
        holder = shapes_graph().value(predicate=SH.property, object=shape, any=True) if shape else None
        shape_name = _short(shapes_graph(), holder or shape)
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        findings.append(Finding(
            severity=str(sev).rsplit("#", 1)[-1], shape=shape_name, focus=str(focus),
            path=_short(data, path) if isinstance(path, URIRef) else None,
            message=str(msg) if isinstance(msg, Literal) else "", document=_document(data, focus)))
    findings.sort(key=lambda f: (f.severity != "Violation", f.document or "", f.shape, f.focus))
    return Report(conforms=bool(conforms) and not any(f.severity == "Violation" for f in findings),
                  findings=tuple(findings))


def check(g: Graph) -> None:
    """Raise ShapeViolation naming shape and document when the graph breaks a MUST rule;
    warnings are logged only."""
    report = validate(g)
    for w in report.warnings[:MAX_LISTED]:
        log.warning("%s", w)
    bad = report.violations
    if bad:
        listed = "\n  ".join(str(f) for f in bad[:MAX_LISTED])
        more = f"\n  ... and {len(bad) - MAX_LISTED} more" if len(bad) > MAX_LISTED else ""
        raise ShapeViolation(
            f"The graph does not conform to ontology/shapes.ttl ({len(bad)} violations); "
            f"nothing was stored.\n  {listed}{more}\nFix the reader output for the document "
            f"named, or the shape if the rule is wrong.")


def validate_store(store_dir: Path) -> Report:
    """Validate a built Oxigraph store (reads it back into rdflib first)."""
    from .store import to_rdflib

    return validate(to_rdflib(store_dir))
