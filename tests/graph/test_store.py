"""The Oxigraph store: bulk-loaded with Oxigraph's own parser, read back whole, dumped."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal

from graph.build import build_graph
from graph.store import dump, open_store, to_rdflib, write_store
from ontology.errors import StoreNotBuilt
from ontology.records import LineageLink, plan_from_dict
from ontology.terms import ONTOLOGY_FILE

DATA = Path(__file__).resolve().parents[1] / "data" / "graph" / "small_plans.json"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(rdflib graph, store folder, triple count) for the two small plans."""
    d = json.loads(DATA.read_text(encoding="utf-8"))
    plans = [plan_from_dict(p) for p in d["plans"]]
    links = [LineageLink(l["from"], l["to"], l["relation"], l["score"]) for l in d["links"]]
    g = build_graph(plans, links, "https://w3id.org/councilkg/")
    folder = tmp_path_factory.mktemp("store") / "store"
    return g, folder, write_store(g, folder)


def test_the_store_holds_the_graph_and_the_ontology(built):
    g, folder, n = built
    onto = Graph().parse(ONTOLOGY_FILE)
    assert n == len(g + onto)
    store = open_store(folder)
    assert len(store) == n


def test_the_store_reads_back_as_the_same_triples(built):
    g, folder, _ = built
    back = to_rdflib(folder)

    def values(graph):  # Oxigraph keeps values, not spellings: "1.0"^^xsd:decimal reads back as "1"
        return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}

    assert values(g) <= values(back)


@pytest.mark.parametrize("fmt,rdflib_fmt", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_dumps_parse_to_the_whole_store(built, fmt, rdflib_fmt):
    _, folder, n = built
    out = io.StringIO()
    dump(folder, fmt, out)
    assert len(Graph().parse(data=out.getvalue(), format=rdflib_fmt)) == n


def test_a_folder_without_a_store_says_to_build_first(tmp_path):
    with pytest.raises(StoreNotBuilt, match="councilkg build"):
        open_store(tmp_path)


def test_the_store_is_closed_after_writing_so_readers_can_open_it(built):
    _, folder, _ = built
    assert ox.Store.read_only(str(folder)) is not None
