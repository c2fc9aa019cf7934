"""Every example query in docs/sparql.md runs against the bundled graph and returns what its
`expect` line says (columns, row counts, ASK answer, CONSTRUCT size)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "sparql.md"


def examples() -> list[tuple[str, str, dict]]:
    """(title, query with prefixes, expectations) for each numbered example of the doc."""
    text = DOC.read_text(encoding="utf-8")
    prefixes = re.search(r"```\n(PREFIX[\s\S]*?)```", text).group(1)
    out = []
    for m in re.finditer(r"^## (\d+\..*?)\n[\s\S]*?```sparql\n([\s\S]*?)```\n<!-- expect: (.*?) -->",
                         text, re.M):
        expect = dict(kv.strip().split("=", 1) for kv in m.group(3).split(";"))
        out.append((m.group(1), prefixes + m.group(2), expect))
    return out


def test_the_doc_has_at_least_twelve_examples_each_with_an_expectation():
    found = examples()
    assert len(found) >= 12
    assert len({t for t, _, _ in found}) == len(found)


@pytest.mark.parametrize("title,query,expect", examples(), ids=[t.split(".")[0] for t, _, _ in examples()])
def test_documented_example_returns_the_expected_rows(seed_app_client, title, query, expect):
    r = seed_app_client.post("/sparql", data={"query": query},
                             headers={"Accept": "application/sparql-results+json, text/turtle"})
    assert r.status_code == 200, f"{title}: {r.text}"
    if "min_triples" in expect:
        from rdflib import Graph

        g = Graph().parse(data=r.text, format="turtle")
        assert len(g) >= int(expect["min_triples"]), title
        return
    data = json.loads(r.text)
    if "boolean" in expect:
        assert data["boolean"] is (expect["boolean"] == "true"), title
        return
    assert data["head"]["vars"] == expect["columns"].split(","), title
    rows = data["results"]["bindings"]
    if "rows" in expect:
        assert len(rows) == int(expect["rows"]), title
    if "min_rows" in expect:
        assert len(rows) >= int(expect["min_rows"]), f"{title}: {len(rows)} rows"
