"""Read-only SPARQL over the store, with a time limit and a row limit.

A pyoxigraph query cannot be interrupted from another thread, so each query runs in a
worker process (a small pool, spawned lazily) that opens the store read-only; a query past
its time limit gets its worker killed and replaced, and the caller gets QueryTimeout.
Other requests keep running on the other workers, so one long query never blocks them.
(Measured in benchmarks/sparql.py: the round trip through a worker costs well under a
millisecond beyond the query itself.)

Only queries are run: SPARQL Update (https://www.w3.org/TR/sparql11-update/), LOAD and
federated SERVICE (https://www.w3.org/TR/sparql11-federated-query/) are refused before
anything runs, as the protocol allows (https://www.w3.org/TR/sparql11-protocol/#query-failure).
"""
from __future__ import annotations

import json
import logging
import multiprocessing as mp
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Sequence

import pyoxigraph as ox

from ontology.errors import CouncilKGError, QueryRejected, QueryTimeout
from ontology.terms import PREFIXES

log = logging.getLogger(__name__)

Kind = Literal["select", "ask", "graph"]
SPAWN_TIMEOUT_S = 60.0
RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}
_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                  "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}

# Strings, IRIs and comments are blanked before looking for keywords, so a commitment that
# says "delete" or an IRI ending in /service is not mistaken for an update or SERVICE.
_LEXEMES = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                      r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def _blank(query: str) -> str:
    return _LEXEMES.sub(" ", query)


def check_query(query: str, max_chars: int) -> Kind:
    """Refuse what this read-only endpoint must not run; return the query form."""
    if not query or not query.strip():
        raise QueryRejected("Empty query. Send a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE "
                            "query in the `query` parameter.")
    if len(query) > max_chars:
        raise QueryRejected(f"The query is {len(query)} characters long; this endpoint accepts "
                            f"at most {max_chars} (COUNCILKG_MAX_QUERY_CHARS).")
    bare = _blank(query)
    form = _FORM.search(bare)
    update = _UPDATE.search(bare)
    if update and (form is None or update.start() < form.start()):
        exc = QueryRejected(f"SPARQL Update ({update.group(1).upper()}) is refused: this endpoint "
                            f"is read-only. Download a dump from /dumps/ to change data locally.")
        exc.http_status = 403
        raise exc
    if re.search(r"\bSERVICE\b", bare, re.I):
        exc = QueryRejected("Federated queries (SERVICE) are refused: this endpoint does not call "
                            "other endpoints. Run the federated query from your own client.")
        exc.http_status = 403
        raise exc
    if form is None:
        raise QueryRejected("No query form found: a query needs SELECT, ASK, CONSTRUCT or DESCRIBE "
                            "(https://www.w3.org/TR/sparql11-query/#QueryForms).")
    word = form.group(1).upper()
    return "select" if word == "SELECT" else "ask" if word == "ASK" else "graph"


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


def _worker(conn) -> None:
    """Worker loop: open stores read-only (one per generation path) and answer queries."""
    stores: dict[str, ox.Store] = {}
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        store_dir, query, max_rows, default_graphs, named_graphs = msg
        try:
            if store_dir not in stores:
                stores.clear()  # a new generation was swapped in; let the old one go
                stores[store_dir] = ox.Store.read_only(store_dir)
            r = execute(stores[store_dir], query, max_rows, default_graphs, named_graphs)
            conn.send(("ok", r))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except Exception as exc:  # reported to the client, the worker lives on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class QueryPool:
    """Up to `size` worker processes, each running one query at a time."""

    def __init__(self, size: int = 3):
        self.size = size
        self._ctx = mp.get_context("spawn")  # no fork of a threaded server
        self._idle: list[tuple] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self._all: list = []

    def _spawn(self) -> tuple:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker, args=(child,), daemon=True, name="councilkg-sparql")
        proc.start()
        child.close()
        self._all.append(proc)
        # The time limit is for the query, not for starting Python: wait for the worker.
        if not parent.poll(SPAWN_TIMEOUT_S) or parent.recv()[0] != "ready":
            proc.kill()
            raise CouncilKGError(f"A SPARQL worker did not start within {SPAWN_TIMEOUT_S} s; "
                                 f"the machine may be overloaded. Try again.")
        return proc, parent

    def warm(self) -> None:
        """Start one worker now so the first query does not pay for the process start."""
        with self._lock:
            if not self._idle:
                self._idle.append(self._spawn())

    def run(self, store_dir: Path, query: str, *, timeout: float, max_rows: int,
            default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Result:
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeout(f"All {self.size} query workers stayed busy for {timeout:g} s; "
                               f"try again shortly.")
        try:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None or not worker[0].is_alive():
                worker = self._spawn()
            proc, conn = worker
            conn.send((str(store_dir), query, max_rows, tuple(default_graphs), tuple(named_graphs)))
            if not conn.poll(timeout):
                self._kill(worker)
                raise QueryTimeout(f"The query ran past the {timeout:g} s time limit and was "
                                   f"stopped (COUNCILKG_QUERY_TIMEOUT_S). Narrow it, or add "
                                   f"LIMIT, or run it on a dump locally.")
            try:
                status, payload = conn.recv()
            except EOFError:
                self._kill(worker)
                raise CouncilKGError("The query worker died while running the query.") from None
            with self._lock:
                self._idle.append(worker)
        finally:
            self._slots.release()
        if status == "syntax":
            raise QueryRejected(f"SPARQL syntax error: {payload}")
        if status == "error":
            raise QueryRejected(f"The query failed: {payload}")
        return payload

    def _kill(self, worker) -> None:
        proc, conn = worker
        proc.kill()
        proc.join(timeout=5)
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for proc, conn in idle:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in self._all:
            proc.join(timeout=1)
            if proc.is_alive():
                proc.kill()
        self._all = []


_default_pool: QueryPool | None = None
_pool_lock = threading.Lock()


def default_pool() -> QueryPool:
    """The process-wide pool (one per server process)."""
    global _default_pool
    with _pool_lock:
        if _default_pool is None:
            _default_pool = QueryPool()
        return _default_pool


def run_query(store_dir: Path, query: str, *, timeout: float, max_rows: int, max_chars: int = 20_000,
              default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
              pool: QueryPool | None = None) -> Result:
    """Check, then run a query against a built store under the limits."""
    check_query(query, max_chars)
    return (pool or default_pool()).run(Path(store_dir), query, timeout=timeout, max_rows=max_rows,
                                        default_graphs=default_graphs, named_graphs=named_graphs)
