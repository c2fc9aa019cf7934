"""Running one query on an open pyoxigraph store, and its answer as plain bytes.

Answers cross a process boundary (graph.sparql_pool), so they are SPARQL JSON
(https://www.w3.org/TR/sparql11-results-json/) or N-Triples bytes, converted to the format
a client asked for only at the end.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Sequence

import pyoxigraph as ox

from .sparql_check import Kind

_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                  "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}


@dataclass(frozen=True)
class Result:
    """A query's answer: SPARQL JSON bytes (select/ask) or N-Triples bytes (graph)."""

    kind: Kind
    data: bytes
    truncated: bool
    seconds: float

    def serialize(self, fmt: str) -> bytes:
        """The answer in a result format (json, xml, csv, tsv) or an RDF format (ttl, nt,
        jsonld, rdfxml)."""
        if self.kind == "graph":
            if fmt == "nt":
                return self.data
            from ontology.terms import PREFIXES  # here, so query workers start without rdflib

            triples = ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES)
            prefixes = PREFIXES if fmt in ("ttl", "rdfxml") else None
            return ox.serialize(triples, format=_GRAPH_FORMATS[fmt], prefixes=prefixes)
        if fmt == "json":
            return self.data
        parsed = ox.parse_query_results(self.data, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=_RESULT_FORMATS[fmt])

    def rows(self) -> tuple[list[str], list[dict]]:
        """Variables and rows of a SELECT answer as plain SPARQL-JSON bindings."""
        d = json.loads(self.data)
        return d["head"].get("vars", []), d.get("results", {}).get("bindings", [])


def _term_json(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out
    return {"type": "literal", "value": str(t)}  # RDF-star triples are not produced here


def execute(store: ox.Store, query: str, max_rows: int,
            default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Result:
    """Run one query in this process (the worker calls this), keeping at most max_rows."""
    t0 = time.perf_counter()
    kwargs = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    res = store.query(query, **kwargs)
    truncated = False
    if isinstance(res, ox.QueryBoolean):
        data, kind = json.dumps({"head": {}, "boolean": bool(res)}).encode(), "ask"
    elif isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        rows = []
        for sol in res:
            if len(rows) == max_rows:
                truncated = True
                break
            rows.append({n: _term_json(sol[n]) for n in names if sol[n] is not None})
        data = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}},
                          ensure_ascii=False).encode()
        kind = "select"
    else:
        triples = []
        for t in res:
            if len(triples) == max_rows:
                truncated = True
                break
            triples.append(t)
        data, kind = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), "graph"
    return Result(kind, data, truncated, time.perf_counter() - t0)
