"""`councilkg review`, `reviews` and `unlinked`, their API routes and the verdict buttons of
the web page, on a tiny store: the Eastmere plans
(tests/data/lineage/docs), with a 2023 row that carries the 2021 food waste collection
on in other words (the fake embedder sees no likeness), and a plan of another council."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ontology.errors import CouncilKGError

DOCS = Path(__file__).parent.parent / "data" / "lineage" / "docs"
FOOD_2021, SCRAPS_2023 = "eastmere-2021-002", "eastmere-2023-002"
RETROFIT_2021, RETROFIT_2023 = "eastmere-2021-001", "eastmere-2023-001"
SCRAPS = "Start collecting kitchen scraps every week from blocks of flats by March 2024"
WESTFORD = """# Westford Climate Action Plan 2022

Westford District Council

## Actions

1. Retrofit 60 council homes in Westford with heat pumps and loft insulation by March 2023
2. Plant 500 street trees across the district by November 2022
"""


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(DOCS, folder)
    later = folder / "eastmere-2023.md"
    later.write_text(later.read_text().replace("by June 2024\n", f"by June 2024\n\n{SCRAPS}\n", 1))
    (folder / "westford-2022.md").write_text(WESTFORD)
    return folder


@pytest.fixture
def store(docs, tmp_path) -> str:
    from api.pipeline import build
    from api.settings import Settings

    settings = Settings(store=str(tmp_path / "build"), embedder="fake")
    build([docs], settings, show_progress=False)
    return settings.store


def run(*args: str):
    from api.cli import app

    return CliRunner().invoke(app, list(args))


def links(store: str) -> dict[tuple[str, str], dict]:
    out = json.loads(run("lineage", "--all", "--json", "--store", store).stdout)["links"]
    return {(l["from"], l["to"]): l for l in out}


def test_a_carry_over_the_linker_missed_continues_once_a_reviewer_confirms_it(store):
    assert (FOOD_2021, SCRAPS_2023) not in links(store)
    result = run("review", SCRAPS_2023, FOOD_2021, "--verdict", "continues", "--by", "Ada",
                 "--note", "same service, renamed", "--json", "--store", store)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["link"]["relation"] == "continues" and out["link"]["reviewed_by"] == "Ada"
    assert out["link"] in out["gained"] and out["lost"] == []
    assert links(store)[(FOOD_2021, SCRAPS_2023)]["evidence"][0].endswith("same service, renamed")
    gaps = json.loads(run("gaps", "--json", "--store", store).stdout)
    assert FOOD_2021 not in {g["id"] for g in gaps["disappeared"]}


def test_a_verdict_outlives_a_fresh_build_and_an_added_document(store, docs):
    run("review", FOOD_2021, SCRAPS_2023, "--verdict", "continues", "--by", "Ada", "--store", store)
    assert run("build", str(docs), "--store", store).exit_code == 0
    assert links(store)[(FOOD_2021, SCRAPS_2023)]["reviewed_by"] == "Ada"
    extra = docs.parent / "extra"
    extra.mkdir()
    (extra / "westford-2024.md").write_text(WESTFORD.replace("2022", "2024"))
    assert run("add", str(extra), "--store", store).exit_code == 0
    assert links(store)[(FOOD_2021, SCRAPS_2023)]["reviewed_by"] == "Ada"


def test_a_rejected_link_is_gone_and_its_commitment_counts_as_disappeared(store):
    assert links(store)[(RETROFIT_2021, RETROFIT_2023)]["relation"] == "continues"
    result = run("review", RETROFIT_2021, RETROFIT_2023, "--verdict", "rejected", "--by", "Bo",
                 "--store", store)
    assert result.exit_code == 0, result.output
    assert f"lost: {RETROFIT_2021} -> {RETROFIT_2023}" in result.stdout
    assert (RETROFIT_2021, RETROFIT_2023) not in links(store)
    gaps = json.loads(run("gaps", "--json", "--store", store).stdout)
    assert RETROFIT_2021 in {g["id"] for g in gaps["disappeared"]}


def test_clearing_a_verdict_gives_the_pair_back_to_the_linker(store):
    run("review", RETROFIT_2021, RETROFIT_2023, "--verdict", "rejected", "--by", "Bo", "--store", store)
    run("review", RETROFIT_2021, RETROFIT_2023, "--verdict", "cleared", "--by", "Bo", "--store", store)
    link = links(store)[(RETROFIT_2021, RETROFIT_2023)]
    assert link["relation"] == "continues" and "reviewed_by" not in link
    statuses = [r["status"] for r in json.loads(run("reviews", "--json", "--store", store).stdout)["reviews"]]
    assert statuses == ["superseded", "applied"]


def test_the_lineage_text_says_who_confirmed_a_link(store):
    run("review", FOOD_2021, SCRAPS_2023, "--verdict", "continues", "--by", "Ada", "--store", store)
    assert "confirmed by Ada" in run("lineage", FOOD_2021, "--store", store).stdout


@pytest.mark.parametrize("first, second, verdict, says", [
    (FOOD_2021, RETROFIT_2021, "continues", "both rows of eastmere-2021.md"),
    (FOOD_2021, "westford-2022-001", "continues", "plans of different councils"),
    (FOOD_2021, "eastmere-2099-001", "continues", "No commitment 'eastmere-2099-001'"),
    (FOOD_2021, SCRAPS_2023, "maybe", "Unknown verdict 'maybe'"),
])
def test_a_verdict_that_cannot_hold_is_refused_and_nothing_is_recorded(store, first, second, verdict, says):
    result = run("review", first, second, "--verdict", verdict, "--by", "Ada", "--store", store)
    assert isinstance(result.exception, CouncilKGError) and says in str(result.exception)
    assert json.loads(run("reviews", "--json", "--store", store).stdout) == {"reviews": []}


def test_a_verdict_whose_rebuild_fails_is_not_recorded(store, monkeypatch):
    import api.pipeline

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(api.pipeline, "write_generation", broken)
    with pytest.raises(OSError):
        api.pipeline.review(FOOD_2021, SCRAPS_2023, "continues", "Ada",
                            api.pipeline.Settings(store=store, embedder="fake"))
    assert not (Path(store) / "reviews.jsonl").exists()


def test_a_damaged_reviews_file_is_named_with_its_line(store):
    (Path(store) / "reviews.jsonl").write_text('{"from_id": "a"}\n')
    result = run("reviews", "--store", store)
    assert isinstance(result.exception, CouncilKGError)
    assert "reviews.jsonl, line 1: not a lineage review" in str(result.exception)


def test_the_api_takes_verdicts_only_with_the_write_token(store):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    body = {"from": FOOD_2021, "to": SCRAPS_2023, "verdict": "continues", "reviewer": "Ada"}
    read_only = TestClient(create_app(Settings(store=store, embedder="fake")))
    assert read_only.post("/api/lineage/reviews", json=body).status_code == 403
    client = TestClient(create_app(Settings(store=store, embedder="fake", write_token="s3cret")))
    assert client.post("/api/lineage/reviews", json=body,
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    made = client.post("/api/lineage/reviews", json=body, headers={"Authorization": "Bearer s3cret"})
    assert made.status_code == 201 and made.json()["link"]["reviewed_by"] == "Ada"
    lineage = client.get(f"/api/commitments/{FOOD_2021}/lineage").json()
    assert lineage["links"][0]["reviewed_by"] == "Ada"
    assert [r["status"] for r in client.get("/api/lineage/reviews").json()["reviews"]] == ["applied"]
    assert "confirmed by Ada" in client.get(f"/commitment/{FOOD_2021}").text


def test_sparql_finds_the_confirmed_link_by_its_reviewer(store):
    """docs/sparql.md example 18, on a store holding one verdict."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from tests.api.test_sparql_examples import examples

    run("review", FOOD_2021, SCRAPS_2023, "--verdict", "continues", "--by", "Ada", "--store", store)
    query = next(q for title, q, _ in examples() if title.startswith("18."))
    client = TestClient(create_app(Settings(store=store, embedder="fake")))
    rows = client.post("/sparql", data={"query": query},
                       headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert [(r["earlier"]["value"].rsplit("/", 1)[1], r["later"]["value"].rsplit("/", 1)[1],
             r["reviewer"]["value"]) for r in rows] == [(FOOD_2021, SCRAPS_2023, "Ada")]


def test_the_commitment_page_offers_verdict_buttons_only_with_a_write_token(store):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    reject = f'value="rejected {RETROFIT_2021} {RETROFIT_2023}"'
    read_only = TestClient(create_app(Settings(store=store, embedder="fake")))
    assert reject not in read_only.get(f"/commitment/{RETROFIT_2021}").text
    form = {"action": f"rejected {RETROFIT_2021} {RETROFIT_2023}", "reviewer": "Ada",
            "back": f"/commitment/{RETROFIT_2021}"}
    assert read_only.post("/review", data={**form, "token": ""}).status_code == 403
    client = TestClient(create_app(Settings(store=store, embedder="fake", write_token="s3cret")))
    assert reject in client.get(f"/commitment/{RETROFIT_2021}").text
    assert client.post("/review", data={**form, "token": "wrong"}).status_code == 401
    done = client.post("/review", data={**form, "token": "s3cret"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith(f"/commitment/{RETROFIT_2021}?")
    page = client.get(done.headers["location"]).text
    assert "Your verdict is recorded" in page and "Ada, " in page and "not linked to" in page


def test_a_reviewers_name_and_note_are_kept_as_one_line_of_printable_text(store):
    from api.pipeline import review
    from api.settings import Settings

    out = review(FOOD_2021, SCRAPS_2023, "continues", " Ada\x00\n Reviewer ", Settings(store=store, embedder="fake"),
                 note="renamed\n\tin 2023\u202e")
    assert (out["review"]["reviewer"], out["review"]["note"]) == ("Ada Reviewer", "renamed in 2023")


def test_the_missed_carry_over_is_a_pair_to_review_until_a_verdict_settles_it(store):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    def listed(view):
        return [(p["from"]["id"], p["to"]["id"]) for p in view["pairs"]]

    view = json.loads(run("unlinked", "--json", "--store", store).stdout)
    assert listed(view) == [(FOOD_2021, SCRAPS_2023)] and view["pairs"][0]["mutual"]
    client = TestClient(create_app(Settings(store=store, embedder="fake", write_token="s3cret")))
    assert listed(client.get("/api/lineage/unlinked").json()) == [(FOOD_2021, SCRAPS_2023)]
    page = client.get("/review").text
    assert f'value="continues {FOOD_2021} {SCRAPS_2023}"' in page and 'name="back" value="/review?limit=50"' in page
    done = client.post("/review", data={"action": f"continues {FOOD_2021} {SCRAPS_2023}", "reviewer": "Ada",
                                        "token": "s3cret", "back": "/review?limit=50"}, follow_redirects=False)
    assert done.headers["location"] == "/review?limit=50&reviewed=1"
    assert listed(json.loads(run("unlinked", "--json", "--store", store).stdout)) == []


@pytest.mark.parametrize("back, lands", [
    ("/commitment/a%2Fb", "/commitment/a%2Fb?reviewed=1#lineage-h"),
    ("https://elsewhere.example/review", "/review?reviewed=1"),
    ("//elsewhere.example/review", "/review?reviewed=1"),
    ("/sparql", "/review?reviewed=1"),
])
def test_a_verdict_form_sends_the_reader_back_only_to_a_page_of_this_site(back, lands):
    from api.routes.pages import _back_to

    assert _back_to(back) == lands


def test_two_verdicts_given_at_once_both_take_effect(store):
    """Writers take the store's lock in turn: without it, each rebuild would read the
    verdicts before the other's was written, and the last to swap in would drop the other."""
    from concurrent.futures import ThreadPoolExecutor

    from api.pipeline import review
    from api.settings import Settings

    settings = Settings(store=store, embedder="fake")
    with ThreadPoolExecutor(2) as pool:
        done = [pool.submit(review, *pair, verdict, "Ada", settings) for pair, verdict in (
            ((FOOD_2021, SCRAPS_2023), "continues"), ((RETROFIT_2021, RETROFIT_2023), "rejected"))]
        for d in done:
            d.result()
    now = links(store)
    assert now[(FOOD_2021, SCRAPS_2023)]["reviewed_by"] == "Ada" and (RETROFIT_2021, RETROFIT_2023) not in now


def test_an_answer_about_a_commitment_says_who_confirmed_its_next_version(store):
    run("review", FOOD_2021, SCRAPS_2023, "--verdict", "continues", "--by", "Ada", "--store", store)
    result = run("ask", "what happened to the weekly food waste collection since 2021", "--json", "--store", store)
    answer = json.loads(result.stdout)["answer"]
    assert "confirmed by Ada" in answer and SCRAPS in answer


def test_a_link_on_the_commitment_page_can_be_given_the_other_relation(store):
    """A split's second half is often linked as `related`: the reviewer who knows better
    says "Same commitment" on the link itself, and "Same thread" on a carry-over that is not."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    client = TestClient(create_app(Settings(store=store, embedder="fake", write_token="s3cret")))
    pair = f"{RETROFIT_2021} {RETROFIT_2023}"
    page = client.get(f"/commitment/{RETROFIT_2021}").text
    assert f'value="related {pair}"' in page and f'value="continues {pair}"' not in page
    form = {"reviewer": "Ada", "token": "s3cret", "back": f"/commitment/{RETROFIT_2021}"}
    client.post("/review", data={**form, "action": f"related {pair}"})
    assert links(store)[(RETROFIT_2021, RETROFIT_2023)]["relation"] == "related"
    page = client.get(f"/commitment/{RETROFIT_2021}").text
    assert f'value="continues {pair}"' in page and f'value="related {pair}"' not in page
    client.post("/review", data={**form, "reviewer": "Grace", "action": f"continues {pair}"})
    assert links(store)[(RETROFIT_2021, RETROFIT_2023)]["relation"] == "continues"
