"""Every UK local authority's ONS area: a council's name, however written, finds its code."""
from __future__ import annotations

import pytest

from graph.build import area_of
from ontology.authorities import authority_of
from ontology.terms import GSS


@pytest.mark.parametrize("council, gss", [
    ("Royal Borough of Kingston upon Thames", "E09000021"),
    ("Tendring District Council", "E07000076"),
    ("Aberdeen City Council", "S12000033"),
    ("City of Edinburgh Council", "S12000036"),
    ("Bristol City Council", "E06000023"),
    ("Hull City Council", "E06000010"),
    ("Hinckley & Bosworth Borough Council", "E07000132"),
    ("Bournemouth, Christchurch and Poole Council", "E06000058"),
    ("The Moray Council", "S12000020"),
    ("Comhairle nan Eilean Siar", "S12000013"),
    ("Greater London Authority", "E61000001"),
    ("Greater Manchester Combined Authority", "E47000001"),
])
def test_a_councils_name_finds_its_ons_area(council, gss):
    assert authority_of(council).gss == gss
    assert area_of(council) == GSS[gss]


@pytest.mark.parametrize("name", ["Scope Council", "Arts Council", "Local Authority", "", None])
def test_a_body_that_is_no_local_authority_has_no_area(name):
    assert authority_of(name) is None and area_of(name) is None


def test_a_district_knows_its_county():
    assert authority_of("Tendring District Council").upper == "Essex"
