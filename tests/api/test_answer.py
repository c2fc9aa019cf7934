"""Answers with quotes over two small hand-made plans (tests/data/search/*.md)."""
from pathlib import Path

import pytest

from api.answer import ask, link, parse_question, searcher_for
from ontology.errors import QueryRejected

PLANS = Path(__file__).parent.parent / "data" / "search"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The two Brookvale plans built with the fake embedder: (generation, searcher, settings)."""
    from api.pipeline import build
    from api.settings import Settings
    from api.workspace import Workspace

    settings = Settings(store=str(tmp_path_factory.mktemp("answer") / "build"), embedder="fake")
    build(sorted(PLANS.glob("brookvale_*.md")), settings, show_progress=False)
    gen = Workspace(settings.store_path).current()
    return gen, searcher_for(gen, settings), settings


def cid(gen, words: str) -> str:
    return next(c.id for c in gen.commitments.values() if words in c.text)


@pytest.mark.parametrize("question, kind, x, y", [
    ("What links climate action to housing retrofit?", "link", "climate action", "housing retrofit"),
    ("how does the cultural strategy connect to the town centres", "link", "the cultural strategy", "the town centres"),
    ("how do our net zero commitments tie into retrofitting homes", "link", "our net zero commitments", "retrofitting homes"),
    ("what's the link between the Kingston Partnership and climate delivery", "link",
     "the Kingston Partnership", "climate delivery"),
    ("where do adult social care and the housing programme overlap", "link", "adult social care", "the housing programme"),
    ("who owns the Local Plan?", "owner", "the Local Plan", ""),
    ("when is the Eastgate family hub due", "due", "the Eastgate family hub", ""),
    ("what happened to the retrofit pilot since 2019", "since", "the retrofit pilot", ""),
    ("how are climate action and housing retrofit connected", "link", "climate action", "housing retrofit"),
    ("how has the social value policy changed over time", "since", "the social value policy", ""),
    ("has the Cambridge Road Estate regeneration slipped", "since", "the Cambridge Road Estate regeneration", ""),
    ("what did we promise about recycling in 2019 and 2023", "since", "recycling", ""),
    ("what changed in the waste contract between 2023 and 2025", "since", "the waste contract", ""),
    ("what is the status of the Tenancy Strategy", "status", "the Tenancy Strategy", ""),
    ("how is the damp and mould work progressing", "status", "the damp and mould work", ""),
    ("what has changed about school streets since 2019", "since", "school streets", ""),
    ("which actions are behind schedule?", "late", "", ""),
    ("which retrofit actions have slipped", "late", "retrofit", ""),
    ("what is delayed on housing", "late", "housing", ""),
    ("show me the slipped deadlines", "late", "", ""),
    ("what are we doing with damp and mould", "search", "what are we doing with damp and mould", ""),
    ("MTFS and balancing the budget", "search", "MTFS and balancing the budget", ""),
])
def test_question_shapes_are_read_from_the_usual_wordings(question, kind, x, y):
    shape = parse_question(question)
    assert (shape.kind, shape.subject, shape.other) == (kind, x, y)


def test_partner_questions_name_the_partner_and_the_topic():
    shape = parse_question("what are we doing with the NHS on family hubs")
    assert (shape.kind, shape.partner, shape.subject) == ("partner", "the NHS", "family hubs")
    assert parse_question("what happened to the retrofit pilot since 2019").year == 2019


def test_what_links_net_zero_to_insulation_goes_through_the_shared_estate_and_fund(small):
    gen, searcher, settings = small
    a = ask("what links net zero carbon to insulation and heat pump works", gen, searcher, settings)
    climate, housing = cid(gen, "Retrofit 40 council homes"), cid(gen, "Complete insulation")
    ids = [c.id for c in a.commitments]
    assert a.shape == "link" and climate in ids[:4] and housing in ids[:4]
    labels = {n["label"] for p in a.paths for n in p["nodes"]}
    assert labels & {"Hollowfield Estate", "Warm Homes Fund"}
    assert "Hollowfield" in a.answer or "Warm Homes Fund" in a.answer
    quoted = next(c for c in a.commitments if c.id == housing)
    assert "Hollowfield Estate" in quoted.quote and quoted.line_start and quoted.document


def test_path_verb_takes_two_topics_and_ranks_specific_links_first(small):
    gen, searcher, _ = small
    a = link("Retrofit 40 council homes", "insulation and heat pump works", gen, searcher)
    first = [n["kind"] for n in a.paths[0]["nodes"]]
    assert "theme" not in first and "plan" not in first


def test_who_owns_names_the_owner_with_a_quote(small):
    gen, searcher, settings = small
    a = ask("who owns the Tenancy Strategy", gen, searcher, settings)
    assert a.shape == "owner" and "Director of Housing" in a.answer
    assert "Publish a new Tenancy Strategy" in a.answer


def test_what_is_the_status_gives_each_rows_status_as_the_plan_reports_it(small):
    gen, searcher, settings = small
    a = ask("what is the status of the Tenancy Strategy", gen, searcher, settings)
    assert a.shape == "status" and a.answer.startswith("Where the Tenancy Strategy stands")
    assert "\nNot started: “H2 | Publish a new Tenancy Strategy" in a.answer


def test_when_is_due_gives_the_target(small):
    gen, searcher, settings = small
    a = ask("when is the cycle lane on Mill Lane due", gen, searcher, settings)
    assert a.shape == "due" and "Summer 2024" in a.answer


def test_what_happened_since_follows_lineage_from_earlier_to_later(small):
    gen, searcher, settings = small
    a = ask("what happened to the Hollowfield Estate retrofit", gen, searcher, settings)
    ids = [c.id for c in a.commitments]
    climate, housing = cid(gen, "Retrofit 40 council homes"), cid(gen, "Complete insulation")
    assert climate in ids and housing in ids
    assert ids.index(climate) < ids.index(housing)
    later = next(c for c in a.commitments if c.id == housing)
    assert later.why.startswith("Then (") and "Then (" in a.answer


def test_what_we_promised_in_a_year_leads_with_that_years_plan(small):
    gen, searcher, settings = small
    a = ask("what did we promise about family hubs in 2023", gen, searcher, settings)
    assert a.shape == "since" and a.commitments[0].document == "brookvale_climate_plan_2023.md"


def test_which_actions_slipped_lists_the_moved_deadlines_longest_first(small):
    gen, searcher, settings = small
    a = ask("which actions have slipped?", gen, searcher, settings)
    housing = cid(gen, "Complete insulation")
    assert a.shape == "late" and a.commitments[0].id == housing
    assert "due 2024-03, now 2025-09 (18 months later)" in a.answer  # March 2024 -> September 2025
    assert a.answer.startswith("1 deadline slipped from one plan to the next")


def test_late_actions_are_those_the_graph_reads_as_delayed_or_at_risk(tmp_path):
    from api.pipeline import build
    from api.settings import Settings
    from api.workspace import Workspace

    (tmp_path / "plan.md").write_text(
        "# Ashby Council Delivery Plan 2024/25\n\n## Actions\n\n"
        "| Ref | Action | Target date | Status |\n|---|---|---|---|\n"
        "| A1 | Open the Ashby recycling centre | March 2025 | Overdue |\n"
        "| A2 | Plant 300 street trees | March 2025 | Amber |\n"
        "| A3 | Resurface the Ashby car park | March 2025 | On track |\n", encoding="utf-8")
    settings = Settings(store=str(tmp_path / "build"), embedder="fake")
    build([tmp_path / "plan.md"], settings, show_progress=False)
    gen = Workspace(settings.store_path).current()
    a = ask("which actions are behind schedule?", gen, searcher_for(gen, settings), settings)
    assert {c.why for c in a.commitments} == {"status: Overdue", "status: Amber"}


def test_a_link_answer_does_not_join_two_councils_rows_through_a_grant_both_cite(tmp_path):
    from api.pipeline import build
    from api.settings import Settings
    from api.workspace import Workspace

    for name, council, actions in [
            ("northgate.md", "Northgate Borough Council", ["Retrofit 50 council homes with the Green Homes Grant",
                                                           "Open a cycle hire scheme in the town centre"]),
            ("southmoor.md", "Southmoor District Council", ["Improve air quality near schools with the Green Homes Grant",
                                                            "Plant 200 street trees along the ring road"])]:
        rows = "".join(f"- {a} by March 2025\n" for a in actions)
        (tmp_path / name).write_text(f"# {council} Climate Plan 2024/25\n\n{council} will act. {council}.\n\n"
                                     f"## Actions\n\n{rows}", encoding="utf-8")
    settings = Settings(store=str(tmp_path / "build"), embedder="fake")
    build([tmp_path], settings, show_progress=False)
    gen = Workspace(settings.store_path).current()
    a = ask("what links home retrofit to air quality", gen, searcher_for(gen, settings), settings)
    assert a.shape == "link"
    for p in a.paths:
        ids = [n["id"] for n in p["nodes"] if n["id"]]
        assert len({i.split("-")[0] for i in ids}) <= 1, p["text"]


def test_a_plain_question_is_searched_and_expanded_through_the_graph(small):
    gen, searcher, settings = small
    a = ask("damp and mould", gen, searcher, settings, k=2)
    assert a.shape == "search" and a.commitments[0].id == cid(gen, "damp and mould")
    assert len(a.commitments) >= 2 and all(c.quote for c in a.commitments)


def test_an_empty_question_is_refused(small):
    gen, searcher, settings = small
    with pytest.raises(QueryRejected, match="Empty question"):
        ask("  ", gen, searcher, settings)


def test_what_are_we_doing_with_a_partner_keeps_to_that_partners_commitments(small):
    gen, searcher, settings = small
    a = ask("what are we doing with the NHS on family hubs", gen, searcher, settings)
    assert a.shape == "partner" and a.commitments[0].id == cid(gen, "family hubs")
    assert "With the NHS on family hubs" in a.answer


def test_a_link_answer_opens_with_the_linking_entities_then_one_short_line_per_commitment(small):
    gen, searcher, settings = small
    a = ask("what links net zero carbon to insulation and heat pump works", gen, searcher, settings)
    first, *points = a.answer.split("\n")
    assert first.startswith("Net zero carbon and insulation and heat pump works meet in ")
    assert "Hollowfield Estate" in first or "Warm Homes Fund" in first
    assert 1 <= len(points) <= 4
    for line in points:
        quoted = line.split("“", 1)[1].split("”", 1)[0]
        assert len(quoted.rstrip("…").split()) <= 25
        assert "line" in line and ("Climate Action Plan" in line or "Housing Delivery Plan" in line)
    # Plans are named by title; file names and export ids stay in the JSON.
    assert ".md" not in a.answer and not any(c.id in a.answer for c in a.commitments)
    assert {"id", "document", "text", "quote"} <= set(a.as_json()["commitments"][0])


def test_a_link_answer_keeps_the_best_match_of_each_end(small):
    gen, searcher, settings = small
    a = ask("what links the cycle lane on Mill Lane to damp and mould", gen, searcher, settings, k=4)
    ids = [c.id for c in a.commitments]
    assert cid(gen, "Mill Lane") in ids and cid(gen, "damp and mould") in ids


@pytest.mark.parametrize("question, named", [
    ("what is Reading doing on EV charging?", (("Reading Borough Council",), "Reading")),
    ("reading schemes for children", None),  # the verb, not the town
    ("Hull heat networks", (("Hull City Council",), "Hull")),  # an alias of Kingston upon Hull
    ("compare Reading and Moray on trees", None),  # two councils: no one to keep to
    # Kingston upon Thames or upon Hull? Both, as the question names no other council
    ("what is Kingston doing on retrofit", (("Hull City Council", "Royal Borough of Kingston upon Thames"), "Kingston")),
    ("compare Reading and Kingston on trees", None),
    ("what does the Royal Borough of Kingston upon Thames promise",
     (("Royal Borough of Kingston upon Thames",), "Royal Borough of Kingston upon Thames")),
])
def test_a_question_names_a_council_by_its_place(question, named):
    from api.question_shapes import named_council

    publishers = ["Reading Borough Council", "The Moray Council", "Hull City Council",
                  "Royal Borough of Kingston upon Thames", None]
    assert named_council(question, publishers) == named


@pytest.mark.parametrize("question, named", [
    ("what is Greater Manchester doing on retrofit?",
     (("Greater Manchester Combined Authority",), "Greater Manchester")),
    ("what is Manchester doing on retrofit?", (("Manchester City Council",), "Manchester")),
    ("what has the GMCA promised on buses?", (("Greater Manchester Combined Authority",), "GMCA")),
    ("what is London doing on air quality?", None),  # the region, not the City of London
])
def test_a_city_region_is_named_by_its_area_and_the_city_inside_it_is_not(question, named):
    from api.question_shapes import named_council

    publishers = ["Manchester City Council", "Greater Manchester Combined Authority", "City of London"]
    assert named_council(question, publishers) == named


def test_a_council_whose_plans_write_its_name_two_ways_is_still_one_council():
    from api.question_shapes import named_council

    assert named_council("Hull heat networks", ["Hull City Council", "Kingston upon Hull City Council"]) == \
        (("Hull City Council",), "Hull")


def test_a_place_written_in_lower_case_counts_unless_the_plans_write_it_as_a_word():
    from api.question_shapes import named_council

    publishers, ordinary = ["Reading Borough Council", "The Moray Council"], frozenset({"reading", "on"})
    assert named_council("what is moray doing on trees", publishers, ordinary) == (("The Moray Council",), "moray")
    assert named_council("what is reading doing on trees", publishers, ordinary) is None


def test_a_place_in_a_web_address_is_no_ordinary_word():
    from pathlib import Path

    from api.workspace import Generation
    from ontology.records import Commitment

    gen = Generation(Path("unused"))
    gen.__dict__["commitments"] = {"a": Commitment("a", "d.txt", "Update reading lists on www.haringey.gov.uk/net")}
    assert "reading" in gen.ordinary_words and "haringey" not in gen.ordinary_words


def test_quotes_in_the_text_are_cut_at_a_word_boundary_and_plans_named_by_title():
    from api.answer_text import plan_name, short_quote
    from ontology.records import ExtractedPlan, PlanDocument

    assert short_quote("one two three four", words=3) == "one two three…"
    assert short_quote("one two", words=3) == "one two"
    dated = ExtractedPlan(PlanDocument("x.txt", "Delivery Plan 2023/24", period="2023/24"), ())
    undated = ExtractedPlan(PlanDocument("y.txt", "Peer Challenge Action Plan", period="2025-2028"), ())
    assert plan_name(dated) == "Delivery Plan 2023/24"
    assert plan_name(undated) == "Peer Challenge Action Plan (2025-2028)"
    moray = PlanDocument("z.txt", "Action Plan 2020/21", period="2020/21", publisher="The Moray Council")
    lewisham = PlanDocument("w.txt", "Lewisham Climate Emergency Action Plan",
                            publisher="London Borough of Lewisham")
    assert plan_name(ExtractedPlan(moray, ()), with_council=True) == "The Moray Council: Action Plan 2020/21"
    assert plan_name(ExtractedPlan(lewisham, ()), with_council=True) == lewisham.title


def test_a_one_line_quote_is_cited_as_one_line():
    from api.answer_text import line_range

    assert line_range(212, 212) == "line 212"
    assert line_range(10, 12) == "lines 10-12"


def test_a_commitment_inside_a_connecting_path_joins_the_answer_though_its_text_matches_neither_end():
    from types import SimpleNamespace

    from api.answer_link import _with_linking
    from graph.paths import GraphPath

    ctx = SimpleNamespace(cid=lambda n: n if n.startswith("c") else None,
                          describe=lambda n: {"id": n if n.startswith("c") else None,
                                              "kind": n.split(":")[0], "label": n.split(":")[-1]})
    paths = [GraphPath(("c1", "place:Acre Road", "c99", "fund:Small Sites", "c2"), (), 3.0)]
    order = [f"c{i}" for i in range(1, 13)] + ["c99"]
    why = {}
    top = _with_linking(order, paths, ctx, why, k=10)[:10]
    assert "c99" in top and top[:2] == ["c1", "c2"]
    assert why["c99"] == "on a connecting path between place 'Acre Road' and fund 'Small Sites'"
    assert "c10" not in top


def test_linking_entities_read_as_names_in_the_summary():
    from api.answer_text import entity_phrase

    assert entity_phrase("Social Housing Decarbonisation Fund", "strategy") == "the Social Housing Decarbonisation Fund"
    assert entity_phrase("Acre Road", "place") == "Acre Road"
    assert entity_phrase("Stephen Evans", "person") == "Stephen Evans (named owner)"


def test_a_commitment_about_both_ends_leads_the_link_answer():
    from api.answer_link import _point_order

    sx = {"cycle lane": 0.9, "school street": 0.8, "damp": 0.1}
    sy = {"cycle lane": 0.2, "school street": 0.7, "damp": 0.9}
    order = _point_order(["cycle lane", "damp", "school street"], ["damp"], sx, sy)
    assert order == ["school street", "damp", "cycle lane"]
