"""The web page's HTML routes, against a small hand-made store (three plans, 2019-2025).

The store is written the way the build writes one (plans, lineage links, search index), but
without the RDF store or graph projection, so these checks do not depend on the graph stage.
"""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.workspace import Workspace
from ontology.records import Commitment, ExtractedPlan, LineageLink, PlanDocument, SourceSpan, Target

EVIL = '<script>alert("x")</script> Retrofit <b>council homes</b>'

PLANS = {
    # document: (year, [(row, text, owners, partners, targets)])
    "plan2019.txt": (2019, [
        ("001", "Retrofit council homes to cut carbon emissions", ("Director of Housing",), ("Energy Trust",), ("March 2021",)),
        ("002", "Open a community hub in Tolworth", ("Head of Communities",), (), ()),
    ]),
    "plan2023.txt": (2023, [
        ("001", "Deliver the retrofit programme for council housing", ("Head of Assets",), ("Energy Trust",), ("March 2024",)),
        ("002", EVIL, ("Head of Assets",), (), ()),
    ]),
    "plan2025.txt": (2025, [
        ("001", "Complete retrofit of council housing under the decarbonisation fund", ("Head of Assets",),
         ("Energy Trust",), ("March 2026",)),
    ]),
}


def iso_month(text: str) -> str:
    """'March 2021' -> '2021-03', as ingest would parse it."""
    from datetime import datetime

    return datetime.strptime(text, "%B %Y").strftime("%Y-%m")


def make_plan(doc: str, year: int, rows) -> ExtractedPlan:
    """A plan whose text holds one line per commitment, so every span and line number is true."""
    lines, commitments = [f"Council plan {year}", ""], []
    text = "\n".join(lines) + "\n"
    for row, words, owners, partners, targets in rows:
        start, line_no = len(text), len(text.splitlines()) + 1
        text += words + "\n"
        commitments.append(Commitment(
            id=f"{doc[:-4]}-{row}", document=doc, text=words, section_path=("Greener", "Homes"),
            owners=owners, partners=partners, targets=tuple(Target(t, iso_month(t)) for t in targets),
            status="On track", span=SourceSpan(start, start + len(words), line_no, line_no)))
    return ExtractedPlan(PlanDocument(doc, f"Council Plan {year}", f"{year}/{str(year + 1)[2:]}", year, year + 1),
                         tuple(commitments), text)


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    """A TestClient over an app whose store holds the three hand-made plans and their links."""
    from search.embedder import make_embedder
    from search.index import build_index

    settings = Settings(store=str(tmp_path_factory.mktemp("web") / "build"), embedder="fake")
    plans = [make_plan(doc, year, rows) for doc, (year, rows) in PLANS.items()]
    links = [LineageLink("plan2019-001", "plan2023-001", "continues", 0.91, ("shared partner Energy Trust",),
                         ("reworded", "owner_changed", "deadline_slipped")),
             LineageLink("plan2023-001", "plan2025-001", "continues", 0.88, (), ("reworded", "deadline_slipped")),
             LineageLink("plan2023-002", "plan2025-001", "related", 0.6, (), ())]
    with Workspace(settings.store_path).new_generation() as gen:
        for p in plans:
            gen.write_plan(p)
        gen.write_links(links)
        gen.write_manifest({})
        build_index([c for p in plans for c in p.commitments], {p.document.name: p.document for p in plans},
                    make_embedder("fake", ""), gen.index_dir, show_progress=False)
    return TestClient(create_app(settings))


def test_front_page_has_a_labelled_search_box_and_lists_the_plans(client):
    html = client.get("/").text
    assert re.search(r'<label for="q">', html) and 'id="q"' in html
    assert "Council Plan 2019" in html and "Council Plan 2025" in html


def test_search_shows_highlighted_matches_and_facets(client):
    r = client.get("/", params={"q": "retrofit"})
    assert r.status_code == 200
    results = r.text.split('id="search-results"')[1]
    assert "<mark>Retrofit</mark>" in results or "<mark>retrofit</mark>" in results
    for facet in ("Year", "Plan", "Owner", "Partner", "Status"):
        assert f"<legend>{facet}</legend>" in r.text
    assert "Energy Trust" in r.text


def test_a_facet_link_narrows_the_results_and_its_url_is_shareable(client):
    r = client.get("/", params={"q": "retrofit council housing", "year": "2025"})
    results = r.text.split('id="search-results"')[1]
    assert "plan2025-001" in results
    assert "plan2019-001" not in results and "plan2023-001" not in results
    assert 'aria-pressed="true"' in r.text


def test_document_text_containing_html_is_escaped_everywhere(client):
    for url in ("/?q=retrofit+council+homes", "/commitment/plan2023-002", "/commitment/plan2025-001", "/gaps"):
        html = client.get(url).text
        assert '<script>alert("x")</script>' not in html, url
        assert "<b>council homes</b>" not in html, url
    assert "&lt;script&gt;alert(" in client.get("/commitment/plan2023-002").text


def test_commitment_page_shows_fields_quote_location_and_timeline(client):
    html = client.get("/commitment/plan2023-001").text
    assert "Deliver the retrofit programme for council housing" in html
    assert "Head of Assets" in html and "Energy Trust" in html and "March 2024" in html
    assert "Council Plan 2023" in html and "line 3" in html
    timeline = html.split('id="timeline"')[1].split("</figure>")[0]
    assert timeline.count('class="tl-node"') == 4  # three versions and one related commitment
    assert "deadline slipped" in timeline and "owner changed" in timeline
    assert "deadline +36 months" in timeline and "deadline +24 months" in timeline  # 2021->2024->2026
    for year in ("2019", "2023", "2025"):
        assert f">{year}</text>" in timeline


def test_what_changed_lists_links_in_year_order_with_the_word_diff_and_each_change(client):
    table = client.get("/commitment/plan2023-001").text.split('id="lineage-table"')[1].split("</table>")[0]
    assert table.index("plan2019-001") < table.index("plan2025-001")  # 2019 -> 2023 first
    assert ">Council Plan 2019" in table  # each version named by its plan, not only its id
    assert ("<del>Retrofit</del> <ins>Deliver the retrofit programme for</ins> council "
            "<del>homes to cut carbon emissions</del> <ins>housing</ins>") in table
    assert "owner: Director of Housing -&gt; Head of Assets" in table
    assert "deadline: 2021-03 -&gt; 2024-03 (36 months later: slipped)" in table


def test_a_commitment_no_later_plan_carries_says_it_disappeared(client):
    html = client.get("/commitment/plan2019-002").text  # the Tolworth hub, gone by 2023
    assert "no later plan of the council carries it" in html and 'href="/gaps"' in html


def test_unknown_commitment_gives_a_404_page_that_says_what_to_do(client):
    r = client.get("/commitment/nope-999")
    assert r.status_code == 404 and "No commitment &#39;nope-999&#39;" in r.text and "<html" in r.text


def test_entity_page_lists_a_partners_commitments_by_year(client):
    r = client.get("/entity/organisation/energy-trust")
    assert r.status_code == 200
    assert "3 commitments across 3 plans" in r.text
    assert r.text.index("2019 ·") < r.text.index("2023 ·") < r.text.index("2025 ·")


def test_gaps_page_lists_the_commitment_that_disappeared_and_the_slips(client):
    html = client.get("/gaps").text
    gone = html.split('id="disappeared"')[1].split("</section>")[0]
    assert "plan2019-002" in gone and "plan2019-001" not in gone
    slipped = html.split('id="slipped"')[1].split("</section>")[0]
    assert "plan2023-001" in slipped and "plan2025-001" in slipped


def test_sparql_page_has_an_editor_and_download_links(client):
    html = client.get("/sparql-ui", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}).text
    assert '<label for="query">' in html and "<textarea" in html
    assert "format=csv" in html and "format=json" in html and "dump" in html.lower()


def test_static_files_are_served_and_paths_cannot_escape_the_folder(client):
    assert client.get("/static/style.css").status_code == 200
    assert ":focus-visible" in client.get("/static/style.css").text
    assert client.get("/static/..%2Fpages.py").status_code == 404


def test_sparql_examples_are_read_from_the_docs_with_their_shared_prefixes(tmp_path):
    from api.web.sources import sparql_examples

    doc = tmp_path / "sparql.md"
    doc.write_text("# Queries\n\n```\nPREFIX ck: <https://example.org/ck#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n```\n\n"
                   "## 1. Count commitments\n\nHow many are there?\n\n"
                   "```sparql\nSELECT (COUNT(*) AS ?n) WHERE { ?c a ck:Commitment }\n```\n"
                   "<!-- expect: rows=1 -->\n\n## 2. Own prefix\n\n```sparql\nPREFIX ck: <urn:x#>\nASK { ?c a ck:C }\n```\n",
                   encoding="utf-8")
    first, second = sparql_examples(doc)
    assert first.title == "1. Count commitments" and first.description == "How many are there?"
    assert first.query.startswith("PREFIX ck: <https://example.org/ck#>") and "SELECT (COUNT" in first.query
    assert "example.org" not in second.query and "PREFIX dcterms:" in second.query


def test_an_owner_link_leads_to_that_councils_post_not_a_namesake_in_another_council(tmp_path):
    from dataclasses import replace

    from search.embedder import make_embedder
    from search.index import build_index

    plans = [make_plan(doc, 2023, [("001", f"Retrofit homes in {place}", ("Head of Assets",), (), ())])
             for doc, place in (("reading.txt", "Reading"), ("moray.txt", "Moray"))]
    plans = [replace(p, document=replace(p.document, publisher=publisher))
             for p, publisher in zip(plans, ("Reading Borough Council", "The Moray Council"))]
    settings = Settings(store=str(tmp_path / "build"), embedder="fake")
    with Workspace(settings.store_path).new_generation() as gen:
        for p in plans:
            gen.write_plan(p)
        gen.write_links([])
        gen.write_manifest({})
        build_index([c for p in plans for c in p.commitments], {p.document.name: p.document for p in plans},
                    make_embedder("fake", ""), gen.index_dir, show_progress=False)
    client = TestClient(create_app(settings))
    html = client.get("/commitment/reading-001").text
    href = re.search(r'href="(/entity/post/[^"]+)">Head of Assets<', html).group(1)
    assert href == "/entity/post/reading-head-of-assets"
    page = client.get(href).text
    assert "Retrofit homes in Reading" in page and "Retrofit homes in Moray" not in page
    assert "Reading Borough Council: Council Plan 2023" in page  # a store of two councils names each
