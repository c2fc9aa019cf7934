"""The minted vocabulary (ontology/terms.py) and ontology/council.ttl stay in step."""
from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH, SKOS

from ontology.records import CHANGE_TYPES
from ontology.terms import CHANGE_TYPE_TERMS, CK, CK_IRI, ONTOLOGY_FILE, SHAPES_FILE


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """council.ttl parsed with rdflib."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def minted_terms() -> list[str]:
    return [n for n in CK.__annotations__]


def test_every_minted_term_is_defined_with_a_label_in_council_ttl(ontology):
    missing = [t for t in minted_terms()
               if (CK[t], RDF.type, None) not in ontology
               or not ({ontology.value(CK[t], RDFS.label), ontology.value(CK[t], SKOS.prefLabel)} - {None})]
    assert missing == []


def test_council_ttl_defines_no_ck_term_that_terms_py_lacks(ontology):
    defined = {str(s)[len(CK_IRI):] for s in ontology.subjects(RDF.type, None)
               if str(s).startswith(CK_IRI)}
    assert defined - set(minted_terms()) == set()


def test_a_misspelt_term_fails_instead_of_minting_a_new_iri():
    with pytest.raises(AttributeError):
        CK.accountablePots  # noqa: B018


def test_every_lineage_change_type_has_a_concept():
    assert set(CHANGE_TYPE_TERMS) == set(CHANGE_TYPES)


def test_classes_reuse_w3c_vocabularies_as_superclasses(ontology):
    assert (CK.Commitment, RDFS.subClassOf, None) in ontology
    assert (CK.accountablePost, RDFS.range, None) in ontology
    assert ontology.value(CK.accountablePost, RDFS.range) == URIRef("http://www.w3.org/ns/org#Post")


def test_shapes_parse_and_target_the_commitment_class():
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    assert (None, SH.targetClass, CK.Commitment) in shapes
