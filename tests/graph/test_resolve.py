"""Entity resolution: one node per thing however the plans name it."""
from __future__ import annotations

from graph.resolve import classify_actor, resolve


def test_an_acronym_joins_the_full_name_it_abbreviates():
    r = resolve([("organisation", "Kingston Voluntary Action"), ("organisation", "KVA"),
                 ("organisation", "Kingston Voluntary Action (KVA)")])
    ents = set(r.values())
    assert len(ents) == 1
    ent = ents.pop()
    assert set(ent.alt_labels) | {ent.label} == {"Kingston Voluntary Action", "KVA",
                                                 "Kingston Voluntary Action (KVA)"}
    assert any("acronym" in e for e in ent.evidence)


def test_strategy_editions_and_acronym_resolve_to_one_strategy():
    r = resolve([("strategy", "MTFS 2019/24"), ("strategy", "MTFS 2024-2028"),
                 ("strategy", "Medium Term Financial Strategy")])
    ent = r[("strategy", "MTFS 2019/24")]
    assert ent.label == "Medium Term Financial Strategy"
    assert r[("strategy", "MTFS 2024-2028")] == ent
    assert any("edition years" in e for e in ent.evidence)


def test_spelling_variants_merge_but_different_numbers_do_not():
    r = resolve([("place", "Cambridge Road Estate"), ("place", "Cambridge Road Estates"),
                 ("indicator", "NI 1"), ("indicator", "NI 2")])
    assert r[("place", "Cambridge Road Estate")] == r[("place", "Cambridge Road Estates")]
    assert r[("indicator", "NI 1")] != r[("indicator", "NI 2")]


def test_different_posts_with_similar_words_stay_apart():
    r = resolve([("post", "Director of Housing"), ("post", "Director of Finance"),
                 ("post", "Head of Democratic Services & Partnership"),
                 ("post", "Head of Democratic Support & Partnership")])
    assert len(set(r.values())) == 4


def test_a_post_is_told_from_the_organisation_and_unit_it_sits_in():
    assert classify_actor("Director of Housing", "owner") == "post"
    assert classify_actor("Chief Executive", "owner") == "post"
    assert classify_actor("Housing Services", "owner") == "unit"
    assert classify_actor("Kingston Strategic Partnership", "owner") == "organisation"
    assert classify_actor("Kingston Strategic Partnership", "partner") == "organisation"
    assert classify_actor("Stephen Evans", "owner") == "person"
    assert classify_actor("Global Arts Kingston", "partner") == "organisation"


def test_posts_never_merge_with_a_body_of_the_same_words():
    r = resolve([("post", "Head of Housing"), ("unit", "Housing"), ("organisation", "Housing")])
    assert r[("post", "Head of Housing")] != r[("unit", "Housing")]
    assert r[("unit", "Housing")] == r[("organisation", "Housing")]


def test_resolution_does_not_depend_on_the_order_of_mentions():
    mentions = [("organisation", "KVA"), ("organisation", "Kingston Voluntary Action"),
                ("place", "Cambridge Road Estates"), ("place", "Cambridge Road Estate"),
                ("strategy", "MTFS"), ("strategy", "Medium Term Financial Strategy")]
    assert resolve(mentions) == resolve(list(reversed(mentions)))
