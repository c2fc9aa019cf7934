"""`councilkg lineage`, `councilkg gaps` and the lineage API on a tiny store built from two
invented Eastmere plans (tests/data/lineage/docs)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

DOCS = Path(__file__).parent.parent / "data" / "lineage" / "docs"
RETROFIT_2021, RETROFIT_2023 = "eastmere-2021-001", "eastmere-2023-001"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """A build folder holding the two Eastmere plans, built with the fake embedder."""
    from api.pipeline import build
    from api.settings import Settings

    settings = Settings(store=str(tmp_path_factory.mktemp("lineage") / "build"), embedder="fake")
    build([DOCS], settings, show_progress=False)
    return settings.store


def run(*args: str):
    from api.cli import app

    return CliRunner().invoke(app, list(args))


def test_lineage_all_prints_every_link_with_export_ids(store):
    result = run("lineage", "--all", "--json", "--store", store)
    assert result.exit_code == 0, result.output
    links = json.loads(result.stdout)["links"]
    carried = [l for l in links if (l["from"], l["to"]) == (RETROFIT_2021, RETROFIT_2023)]
    assert carried and carried[0]["relation"] == "continues"
    assert {"from", "to", "relation", "score", "evidence"} <= set(carried[0])
    exported = {json.loads(line)["id"] for line in run("export", "--store", store).stdout.splitlines()}
    assert {i for l in links for i in (l["from"], l["to"])} <= exported


def test_lineage_of_a_commitment_lists_versions_in_year_order_with_the_slip(store):
    result = run("lineage", RETROFIT_2023, "--json", "--store", store)
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert [v["id"] for v in view["versions"]] == [RETROFIT_2021, RETROFIT_2023]
    report = view["links"][0]["report"]
    assert report["deadline"] == {"before": "2022-03", "after": "2024-06", "moved_months": 27}
    assert "deadline_slipped" in view["links"][0]["changes"]


def test_lineage_text_says_what_changed(store):
    result = run("lineage", RETROFIT_2021, "--store", store)
    assert result.exit_code == 0, result.output
    assert "deadline: 2022-03 -> 2024-06 (27 months later: slipped)" in result.stdout
    assert "[-March 2022-] {+June 2024+}" in result.stdout  # the wording diff
    assert result.stdout.index("2021") < result.stdout.index("2023")


def test_lineage_says_when_a_commitment_disappeared_and_when_one_is_new(store):
    gone = json.loads(run("lineage", "eastmere-2021-002", "--json", "--store", store).stdout)
    assert gone["disappeared"] == ["eastmere-2021-002"] and gone["new"] == []  # food waste
    assert "disappeared after 2021: eastmere-2021-002" in run("lineage", "eastmere-2021-002", "--store", store).stdout
    new = json.loads(run("lineage", "eastmere-2023-003", "--json", "--store", store).stdout)
    assert new["new"] == ["eastmere-2023-003"] and new["disappeared"] == []  # parking permits
    carried = json.loads(run("lineage", RETROFIT_2023, "--json", "--store", store).stdout)
    assert carried["disappeared"] == [] and carried["new"] == []


def test_lineage_text_lists_each_predecessor_of_a_merged_version():
    from api.commands.lineage import _lineage_text

    report = {"wording": [["=", "x"]], "owners": {"before": [], "after": []},
              "deadline": {"before": None, "after": None, "moved_months": None},
              "status": {"before": None, "after": None}, "milestones_added": [], "milestones_dropped": []}
    view = {"id": "c", "related": [], "new": [], "disappeared": [], "closest": [],
            "versions": [{"id": i, "year": y, "text": i} for i, y in (("a", 2021), ("b", 2021), ("c", 2023))],
            "links": [{"from": p, "to": "c", "score": 0.6, "changes": ["merged"], "report": report}
                      for p in ("a", "b")]}
    text = _lineage_text(view)
    assert "<- a (0.60): merged" in text and "<- b (0.60): merged" in text


def test_a_gap_is_printed_with_the_closest_candidate_the_linker_did_not_link():
    from api.commands.lineage import _lineage_text

    view = {"id": "a", "related": [], "links": [], "new": ["a"], "disappeared": ["a"],
            "versions": [{"id": "a", "year": 2023, "text": "Develop Community Hubs"}],
            "closest": [{"for": "a", "kind": "disappeared", "id": "b", "year": 2025, "score": 0.39,
                         "text": "Expand Community Hubs", "open": True}]}
    lines = _lineage_text(view).splitlines()
    gone = lines.index("disappeared after 2023: a (no later plan carries it)")
    assert lines[gone + 1].split() == ["closest", "unlinked:", "2025", "b", "(0.39,", "itself", "new)",
                                       "Expand", "Community", "Hubs"]
    assert not any("closest" in line for line in lines[:gone])  # not under "new": b is later


def test_a_closest_candidate_that_alone_shares_a_name_with_the_gap_says_so():
    from api.commands.lineage import _lineage_text

    view = {"id": "a", "related": [], "links": [], "new": [], "disappeared": ["a"],
            "versions": [{"id": "a", "year": 2023, "text": "Develop our approach to Community Hubs"}],
            "closest": [{"for": "a", "kind": "disappeared", "id": "b", "year": 2025, "score": 0.39,
                         "text": "Expand Community Hubs", "open": False, "names": ["Community Hubs"]}]}
    assert "(0.39, shares the name 'Community Hubs')  Expand Community Hubs" in _lineage_text(view)


def test_a_change_report_reads_as_what_changed_field_by_field():
    from api.lineage_views import describe_report

    report = {"wording": [["=", "Retrofit"], ["-", "40"], ["+", "100"], ["=", "homes"]],
              "owners": {"before": ["Head of Housing"], "after": []},
              "deadline": {"before": "2024-06", "after": "2024-03", "moved_months": -3},
              "status": {"before": "On track", "after": "on track"},
              "milestones_added": ["Bid for funding"], "milestones_dropped": []}
    assert describe_report(report) == [
        "wording: Retrofit [-40-] {+100+} homes",
        "owner: Head of Housing -> not named",
        "deadline: 2024-06 -> 2024-03 (3 months earlier)",
        "milestones added: Bid for funding"]
    assert not describe_report(report, with_wording=False)[0].startswith("wording")


def test_an_owner_only_repunctuated_is_no_owner_change():
    from api.lineage_views import describe_report

    report = {"wording": [], "owners": {"before": ["Head of Housing."], "after": ["Head of  Housing"]},
              "deadline": {"before": None, "after": None, "moved_months": None},
              "status": {"before": None, "after": None}, "milestones_added": [], "milestones_dropped": []}
    assert describe_report(report) == []


def test_gaps_lists_the_commitment_that_disappeared_and_the_new_one(store):
    result = run("gaps", "--json", "--store", store)
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert "eastmere-2021-002" in {g["id"] for g in view["disappeared"]}  # food waste
    assert "eastmere-2023-003" in {g["id"] for g in view["new"]}  # parking permits
    assert RETROFIT_2021 not in {g["id"] for g in view["disappeared"]}


def test_lineage_of_an_unknown_id_says_where_to_find_ids(store):
    from ontology.errors import NotFound

    result = run("lineage", "no-such-id", "--store", store)
    assert isinstance(result.exception, NotFound)
    assert "councilkg export" in str(result.exception)


def test_lineage_api_returns_the_chain_and_gaps(store):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(store=store, embedder="fake"))) as client:
        r = client.get(f"/api/commitments/{RETROFIT_2023}/lineage")
        assert r.status_code == 200, r.text
        body = r.json()
        assert [v["id"] for v in body["versions"]] == [RETROFIT_2021, RETROFIT_2023]
        assert body["links"][0]["from"] == RETROFIT_2021
        assert body["links"][0]["report"]["deadline"]["moved_months"] == 27
        assert client.get("/api/commitments/nope/lineage").status_code == 404
        gaps = client.get("/api/gaps").json()
        assert "eastmere-2023-003" in {g["id"] for g in gaps["new"]}
        only_2021 = client.get("/api/gaps", params={"document": "eastmere-2021.md"}).json()
        assert {g["document"] for g in only_2021["disappeared"] + only_2021["new"]} == {"eastmere-2021.md"}
        assert client.get("/api/gaps", params={"document": "nope.md"}).status_code == 404


def test_gaps_of_one_plan_and_of_a_misspelt_plan_that_names_the_closest(store):
    result = run("gaps", "--document", "eastmere-2023.md", "--json", "--store", store)
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert {g["id"] for g in view["new"]} >= {"eastmere-2023-003"} and view["disappeared"] == []
    assert (RETROFIT_2023, "2022-03", "2024-06", 27) in [
        (g["to"], g["before"], g["after"], g["months"]) for g in view["slipped"]]
    assert {g["document"] for g in view["slipped"]} == {"eastmere-2023.md"}
    result = run("gaps", "--document", "eastmere-2012.md", "--store", store)
    assert "closest: eastmere-2021.md" in str(result.exception)


WESTBURY = {
    "westbury-2021.md": "# Action Plan 2021/22\n\nWestbury Borough Council. Westbury Borough Council "
                        "will report to Westbury Borough Council.\n\n## Actions\n\n"
                        "- Open a new recycling centre at Mill Lane by March 2022\n"
                        "- Plant 200 street trees in the town centre by March 2022\n",
    "westbury-2023.md": "# Action Plan 2023/24\n\nWestbury Borough Council. Westbury Borough Council "
                        "will report to Westbury Borough Council.\n\n## Actions\n\n"
                        "- Plant 200 street trees in the town centre by March 2024\n",
}


@pytest.fixture(scope="module")
def two_councils(tmp_path_factory) -> str:
    """Eastmere's two plans and Westbury's two, in one store."""
    from api.pipeline import build
    from api.settings import Settings

    folder = tmp_path_factory.mktemp("westbury")
    for name, text in WESTBURY.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(store=str(tmp_path_factory.mktemp("two") / "build"), embedder="fake")
    build([DOCS, folder], settings, show_progress=False)
    return settings.store


def test_in_a_store_of_several_councils_an_answer_names_the_council_of_each_plan(two_councils):
    from api.answer import ask, searcher_for
    from api.settings import Settings
    from api.workspace import Workspace

    settings = Settings(store=two_councils, embedder="fake")
    gen = Workspace(two_councils).current()
    text = ask("who plants street trees", gen, searcher_for(gen, settings), settings).answer
    assert "(Westbury Borough Council: Action Plan 2023/24, section 'Actions', line" in text
    # a title that names its place needs no council before it
    assert "Borough of Eastmere:" not in text and "Eastmere Delivery Plan 2021/22" in text


def test_a_question_that_names_a_council_keeps_to_its_plans(two_councils):
    from api.answer import ask, searcher_for
    from api.settings import Settings
    from api.workspace import Workspace

    settings = Settings(store=two_councils, embedder="fake")
    gen = Workspace(two_councils).current()
    a = ask("what is Westbury doing on street trees", gen, searcher_for(gen, settings), settings)
    assert a.answer.startswith("Westbury Borough Council's plans say:")
    assert a.commitments and {c.document for c in a.commitments} <= {"westbury-2021.md", "westbury-2023.md"}
    owner = ask("who owns street trees in Westbury", gen, searcher_for(gen, settings), settings)
    assert owner.answer.startswith("Who owns street trees in Westbury Borough Council's plans:")
    # every shape says whose plans it kept to, an answer that found nothing too
    late = ask("which Westbury actions have slipped?", gen, searcher_for(gen, settings), settings)
    assert "in Westbury Borough Council's plans" in late.answer
    since = ask("what happened to street trees in Westbury since 2021?", gen, searcher_for(gen, settings), settings)
    assert "in Westbury Borough Council's plans" in since.answer


def test_search_takes_a_council_filter(two_councils):
    from api.cli import app

    result = CliRunner().invoke(app, ["search", "homes and trees", "--council", "Eastmere", "--json",
                                      "--store", two_councils], env={"COUNCILKG_EMBEDDER": "fake"})
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert hits and all(h["document"].startswith("eastmere") for h in hits)


def test_gaps_of_one_council_leave_out_the_other_councils_plans(two_councils):
    result = run("gaps", "--council", "Westbury Borough Council", "--json", "--store", two_councils)
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert [g["text"][:24] for g in view["disappeared"]] == ["Open a new recycling cen"]
    assert not [g for kind in ("new", "slipped") for g in view[kind] if g["document"].startswith("eastmere")]
    eastmere = json.loads(run("gaps", "--council", "London Borough of Eastmere", "--json",
                              "--store", two_councils).stdout)
    assert "eastmere-2021-002" in {g["id"] for g in eastmere["disappeared"]}
    assert not [g for g in eastmere["disappeared"] if g["document"].startswith("westbury")]


def test_gaps_of_an_unknown_council_name_the_closest_publishers(two_councils):
    result = run("gaps", "--council", "Westbury", "--store", two_councils)
    assert "closest publishers: Westbury Borough Council" in str(result.exception)


def test_the_gaps_page_offers_each_council_and_shows_one_at_a_time(two_councils):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(store=two_councils, embedder="fake"))) as client:
        page = client.get("/gaps", params={"council": "Westbury Borough Council"}).text
        assert '<option selected>Westbury Borough Council</option>' in page
        assert "<option>London Borough of Eastmere</option>" in page
        assert "Open a new recycling centre" in page and "eastmere-2021-002" not in page
        assert "<strong>Action Plan 2021/22</strong>" in page  # the council picked is not repeated
        assert "eastmere-2021-002" in client.get("/gaps").text
        missing = client.get("/gaps", params={"council": "Nowhere Council"})
        assert missing.status_code == 404 and "closest publishers" in missing.text


def test_the_gaps_api_takes_a_council_too(two_councils):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(store=two_councils, embedder="fake"))) as client:
        view = client.get("/api/gaps", params={"council": "Westbury Borough Council"}).json()
        assert {g["document"] for g in view["disappeared"]} == {"westbury-2021.md"}
        assert client.get("/api/gaps", params={"council": "Nowhere Council"}).status_code == 404


def test_a_place_two_councils_share_keeps_the_answer_to_both(tmp_path):
    """"Kingston" is Kingston upon Thames and Kingston upon Hull: a question that says it keeps
    to both councils' plans, and the answer says whose they are."""
    from api.answer import ask, searcher_for
    from api.pipeline import build
    from api.settings import Settings
    from api.workspace import Workspace

    plans = {"thames.md": "Royal Borough of Kingston upon Thames", "hull.md": "Hull City Council",
             "reading.md": "Reading Borough Council"}
    for name, council in plans.items():
        (tmp_path / name).write_text(f"# Climate Action Plan 2023/24\n\n{council}. {council} will act.\n\n"
                                     "## Actions\n\n- Retrofit 100 council homes by March 2024\n"
                                     "- Plant 200 street trees by March 2024\n", encoding="utf-8")
    settings = Settings(store=str(tmp_path / "build"), embedder="fake")
    build([tmp_path / n for n in plans], settings, show_progress=False)
    gen = Workspace(settings.store).current()
    a = ask("what is Kingston doing on retrofit?", gen, searcher_for(gen, settings), settings)
    assert a.answer.startswith("The plans of Hull City Council and Royal Borough of Kingston upon Thames say:")
    assert a.commitments and {c.document for c in a.commitments} <= {"thames.md", "hull.md"}


@pytest.fixture(scope="module")
def store_with_a_near_miss(tmp_path_factory) -> str:
    """The Eastmere store, with the linker's closest unlinked candidates (written as the
    linker writes them): the food waste collection that disappeared after 2021 and the
    parking permits new in 2023 are each other's closest; the retrofit, which continues,
    comes next for the parking permits."""
    from api.pipeline import build
    from api.settings import Settings
    from api.workspace import Workspace

    settings = Settings(store=str(tmp_path_factory.mktemp("near") / "build"), embedder="fake")
    build([DOCS], settings, show_progress=False)
    lineage = Workspace(settings.store).current().path / "lineage.json"
    data = json.loads(lineage.read_text())
    # (a store written before candidates kept their shared names has none: the third entry)
    data["closest"] = [{"from": "eastmere-2021-002", "to": "eastmere-2023-003", "score": 0.41, "gap": "disappeared",
                        "names": ["Green Permit"]},
                       {"from": "eastmere-2021-002", "to": "eastmere-2023-003", "score": 0.41, "gap": "new",
                        "names": ["Green Permit"]},
                       {"from": "eastmere-2021-001", "to": "eastmere-2023-003", "score": 0.38, "gap": "new"}]
    lineage.write_text(json.dumps(data))
    return settings.store


def test_a_gap_shows_its_closest_unlinked_candidate_in_the_api_and_on_the_pages(store_with_a_near_miss):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(store=store_with_a_near_miss, embedder="fake"))) as client:
        body = client.get("/api/commitments/eastmere-2021-002/lineage").json()
        assert [(m["for"], m["kind"], m["id"], m["year"], m["score"], m["open"]) for m in body["closest"]] == [
            ("eastmere-2021-002", "disappeared", "eastmere-2023-003", 2023, 0.41, True)]
        gaps = client.get("/api/gaps").json()
        assert [g["closest"] for g in gaps["disappeared"] if g["id"] == "eastmere-2021-002"] == [
            [{"id": "eastmere-2023-003", "score": 0.41}]]
        assert [g["closest"] for g in gaps["new"] if g["id"] == "eastmere-2023-003"] == [
            [{"id": "eastmere-2021-002", "score": 0.41}, {"id": "eastmere-2021-001", "score": 0.38}]]
        # the retrofit continues into 2023, so it is no open end; the food waste collection is
        new = client.get("/api/commitments/eastmere-2023-003/lineage").json()["closest"]
        assert [(m["id"], m["open"], m["names"]) for m in new] == [("eastmere-2021-002", True, ["Green Permit"]),
                                                                   ("eastmere-2021-001", False, [])]
        page = client.get("/commitment/eastmere-2021-002").text
        assert 'id="closest"' in page and "digital parking permit" in page and "itself new in its plan" in page
        assert "shares the name “Green Permit”" in page
        queue = client.get("/api/lineage/unlinked").json()["pairs"]
        assert [p["names"] for p in queue if p["to"]["id"] == "eastmere-2023-003"] == [["Green Permit"]]
        assert "closest unlinked (0.41)" in client.get("/gaps").text


def answer_lines(store: str, question: str) -> list[str]:
    from api.answer import ask, searcher_for
    from api.settings import Settings
    from api.workspace import Workspace

    settings = Settings(store=store, embedder="fake")
    gen = Workspace(store).current()
    return ask(question, gen, searcher_for(gen, settings), settings).answer.splitlines()


def test_what_happened_to_a_commitment_shows_its_closest_unlinked_successor_on_the_subject(store_with_a_near_miss):
    lines = answer_lines(store_with_a_near_miss, "what happened to the food waste collection since 2021?")
    gone = next(n for n, line in enumerate(lines) if "weekly food waste collection" in line)
    assert lines[gone].startswith("First (2021)")
    assert lines[gone + 1].startswith("Perhaps then (2023; not linked: the closest later commitment on this "
                                      "subject, score 0.41)") and "digital parking permit" in lines[gone + 1]


def test_what_happened_to_a_new_commitment_shows_its_closest_unlinked_predecessor_first(store_with_a_near_miss):
    lines = answer_lines(store_with_a_near_miss, "what happened to parking permits?")
    new = next(n for n, line in enumerate(lines) if "digital parking permit service" in line)
    assert lines[new].startswith("Later (2023)")
    assert lines[new - 1].startswith("Perhaps first (2021; not linked: the closest earlier commitment on this "
                                     "subject, score 0.41)") and "weekly food waste" in lines[new - 1]
