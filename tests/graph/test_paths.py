"""Paths between topics, ranked by informativeness: a shared fund beats a shared hub."""
import networkx as nx

from graph.paths import (
    best_paths,
    commitment_degree,
    neighbours,
    node_cost,
    shared_specific,
)


def small_projection():
    """A projection-shaped MultiGraph: c1..c6 share a plan and, with 30 more, a theme;
    c1 and c2 share a specific fund, c2 and c3 an estate."""
    g = nx.MultiGraph()
    for i in range(1, 7):
        g.add_node(f"c{i}", kind="commitment", label=f"commitment {i}", cid=f"doc-00{i}")
    g.add_node("theme", kind="theme", label="Greener borough")
    g.add_node("plan", kind="plan", label="Delivery Plan")
    g.add_node("fund", kind="strategy", label="Warm Homes Fund")
    g.add_node("estate", kind="place", label="Hollowfield Estate")
    g.add_node("t1", kind="target", label="March 2024")
    for i in range(1, 7):
        g.add_edge(f"c{i}", "theme", predicate="dcterms:subject")
        g.add_edge(f"c{i}", "plan", predicate="dcterms:isPartOf")
    g.add_edge("c1", "fund", predicate="ck:strategy")
    g.add_edge("c2", "fund", predicate="ck:strategy")
    g.add_edge("c2", "estate", predicate="dcterms:spatial")
    g.add_edge("c3", "estate", predicate="dcterms:spatial")
    g.add_edge("c1", "t1", predicate="ck:target")
    g.add_edge("c4", "t1", predicate="ck:target")  # a (malformed) shared target is never a link
    for i in range(10, 40):  # the rest of the plan: the theme is council-wide
        g.add_node(f"c{i}", kind="commitment", label=f"commitment {i}", cid=f"doc-0{i}")
        g.add_edge(f"c{i}", "theme", predicate="dcterms:subject")
    return g


def test_a_shared_fund_ranks_above_the_shared_theme():
    paths = best_paths(small_projection(), ["c1"], ["c2", "c5"], k=3)
    assert paths[0].nodes == ("c1", "fund", "c2")
    assert paths[0].predicates == ("ck:strategy", "ck:strategy")
    assert paths[1].nodes == ("c1", "theme", "c5")
    assert paths[0].cost < paths[1].cost


def test_paths_never_pass_through_the_plan_or_a_target():
    paths = best_paths(small_projection(), ["c1"], ["c4"], k=5)
    assert paths and all("plan" not in p.nodes and "t1" not in p.nodes for p in paths)


def test_a_node_in_both_sets_is_the_best_link_by_itself():
    paths = best_paths(small_projection(), ["c1", "c2"], ["c2", "c3"], k=2)
    assert paths[0].nodes == ("c2",) and paths[0].cost == 0.0


def test_paths_may_chain_through_several_specific_entities():
    paths = best_paths(small_projection(), ["c1"], ["c3"], k=1)
    assert paths[0].nodes == ("c1", "fund", "c2", "estate", "c3")


def test_disconnected_sets_give_no_path():
    g = small_projection()
    g.add_node("lonely", kind="commitment", label="lonely", cid="doc-099")
    assert best_paths(g, ["c1"], ["lonely"]) == []
    assert best_paths(g, ["unknown-node"], ["c1"]) == []


def test_hubs_cost_more_than_specific_nodes_and_neighbours_filter_by_kind():
    g = small_projection()
    assert node_cost(g, "theme") > node_cost(g, "fund")
    assert neighbours(g, "c2", ["place"]) == [("estate", "dcterms:spatial")]


def test_commitments_sharing_a_rare_entity_with_a_strong_hit_weigh_more_than_a_theme():
    g = small_projection()
    found = shared_specific(g, ["c2"], max_commitments=50)
    weight = {(s.commitment, s.entity): s.weight for s in found}
    assert weight[("c1", "fund")] > weight[("c5", "theme")]
    assert weight[("c1", "fund")] == 1 / commitment_degree(g, "fund") ** 0.5
    assert all(s.via == "c2" and s.commitment != "c2" for s in found)


def test_shared_entities_skip_hubs_plans_and_targets():
    g = small_projection()
    found = {(s.commitment, s.entity) for s in shared_specific(g, ["c1"], max_commitments=15)}
    assert found == {("c2", "fund")}   # not the 36-commitment theme, the plan or target t1
    assert shared_specific(g, ["unknown-node"]) == []
