"""SHACL validation: the built graph conforms; a hand-broken one fails naming the shape and
the document the broken node comes from."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG

from graph.build import build_graph
from graph.validate import check, validate
from ontology.errors import ShapeViolation
from ontology.records import LineageLink, plan_from_dict
from ontology.terms import CK

DATA = Path(__file__).resolve().parents[1] / "data" / "graph" / "small_plans.json"
BASE = "https://w3id.org/councilkg/"


def small_graph():
    """A fresh graph of the two small plans (tests break their own copy)."""
    d = json.loads(DATA.read_text(encoding="utf-8"))
    links = [LineageLink(l["from"], l["to"], l["relation"], l["score"], (), tuple(l["changes"]))
             for l in d["links"]]
    return build_graph([plan_from_dict(p) for p in d["plans"]], links, BASE)


def test_the_built_graph_conforms():
    report = validate(small_graph())
    assert report.conforms, [str(f) for f in report.violations]
    check(small_graph())


def test_an_owner_that_is_an_organisation_not_a_post_is_named_with_shape_and_document():
    g = small_graph()
    c = URIRef(f"{BASE}id/commitment/plan_2025-002")
    org = URIRef(f"{BASE}id/organisation/some-body")
    g.add((org, RDF.type, ORG.Organization))
    g.add((c, CK.accountablePost, org))
    with pytest.raises(ShapeViolation) as err:
        check(g)
    msg = str(err.value)
    assert "ckshape:CommitmentShape" in msg and "plan_2025.txt" in msg and "ck:accountablePost" in msg


def test_a_commitment_without_an_identifier_violates_the_commitment_shape():
    g = small_graph()
    c = URIRef(f"{BASE}id/commitment/plan_2023-001")
    g.remove((c, DCTERMS.identifier, None))
    report = validate(g)
    assert not report.conforms
    assert [(f.shape, f.document, f.path) for f in report.violations] == [
        ("ckshape:CommitmentShape", "plan_2023.txt", "dcterms:identifier")]


def test_a_status_outside_the_scheme_is_a_violation():
    g = small_graph()
    sa = URIRef(f"{BASE}id/commitment/plan_2023-001/status")
    g.set((sa, CK.status, Literal("Green")))
    assert any(f.shape == "ckshape:StatusAssessmentShape" for f in validate(g).violations)


def test_a_missing_quote_is_only_a_warning():
    g = small_graph()
    ann = URIRef(f"{BASE}id/commitment/plan_2023-002/source")
    for t in list(g.triples((ann, None, None))):
        g.remove(t)
    report = validate(g)
    assert report.conforms
    assert any("quote" in f.message for f in report.warnings)


def run_validate(store: str, env=None):
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-m", "api", "validate", "--store", store, "--no-warnings"],
                          cwd=root, env=env or {**os.environ}, capture_output=True, text=True, timeout=120)


def test_councilkg_validate_fails_naming_the_shape_on_a_hand_broken_store(tmp_path):
    from api.workspace import Workspace
    from graph.store import write_store

    g = small_graph()
    c = URIRef(f"{BASE}id/commitment/plan_2023-001")
    g.add((c, CK.accountablePost, URIRef(f"{BASE}id/organisation/royal-borough-of-kingston-upon-thames")))
    with Workspace(tmp_path / "build").new_generation() as gen:
        write_store(g, gen.store_dir)  # stored unchecked, as a hand edit would be
    r = run_validate(str(tmp_path / "build"))
    assert r.returncode == 2
    assert "ckshape:CommitmentShape in plan_2023.txt" in r.stdout + r.stderr
    assert "DOES NOT CONFORM" in r.stdout


@pytest.mark.slow
def test_councilkg_validate_passes_on_the_bundled_corpus(seed_settings, cli_env):
    r = run_validate(seed_settings.store, cli_env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "conforms: 0 violations" in r.stdout
