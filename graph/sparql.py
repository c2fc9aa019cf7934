"""Read-only SPARQL over the store, with a time limit, a row limit and a fair share per client.

A pyoxigraph query cannot be interrupted from another thread, so each query runs in a
worker process (a small pool, spawned lazily, with one spare kept warm) that opens the store
read-only; a query past its time limit gets its worker killed and replaced, and the caller
gets QueryTimeout. One client may run at most `per_client` queries at once (more get 429),
and the last `reserve` workers are kept for clients with no query running, so runaway
queries from one address never make everyone else wait for the time limit.
(Measured in benchmarks/sparql.py: the round trip through a worker costs well under a
millisecond beyond the query itself.)

When the generation was written to a remote SPARQL 1.1 store (COUNCILKG_GRAPH_STORE, see
graph/remote.py), queries are forwarded to that store's query endpoint instead, with the
same checks first and the time limit as the HTTP timeout.

Only queries are run: SPARQL Update (https://www.w3.org/TR/sparql11-update/), LOAD and
federated SERVICE (https://www.w3.org/TR/sparql11-federated-query/) are refused before
anything runs, as the protocol allows (https://www.w3.org/TR/sparql11-protocol/#query-failure).
"""
from __future__ import annotations

import json
import logging
import atexit
import multiprocessing as mp
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Sequence

import pyoxigraph as ox

from ontology.errors import CouncilKGError, QueryRejected, QueryTimeout

log = logging.getLogger(__name__)

Kind = Literal["select", "ask", "graph"]
SPAWN_TIMEOUT_S = 60.0
LONG_QUERY_S = 0.25  # a query running longer than this yields the CPU to others
LONG_QUERY_NICE = 15
RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}
_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                  "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}

# A tokenizer for the SPARQL 1.1 grammar's terminals (https://www.w3.org/TR/sparql11-query/#terminals),
# so keywords are only looked for where the grammar has keywords: not inside strings (with
# their ECHAR escapes, #rECHAR), IRIs (#rIRIREF), comments, variables or prefixed names,
# whose local part may hold escaped punctuation such as ex:a\# (#rPN_LOCAL_ESC). Tried in
# order at each position; the first alternative that matches wins.
_PN_CHARS = r"[\w\-\u00B7\u00C0-\uFFFF]"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_STRINGS = [r'"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""',
            "'''(?:(?:'|'')?(?:[^'\\\\]|\\\\[\\s\\S]))*'''",
            r'"(?:[^"\\\r\n]|\\[\s\S])*"',
            r"'(?:[^'\\\r\n]|\\[\s\S])*'"]
_TOKEN = re.compile("|".join([
    r"(?P<ws>\s+)",
    r"(?P<comment>#[^\r\n]*)",
    "(?P<string>" + "|".join(_STRINGS) + ")",
    r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
    rf"(?P<pname>(?:[A-Za-z\u00C0-\uFFFF](?:{_PN_CHARS}|\.(?={_PN_CHARS}))*)?:"
    rf"(?:{_PN_CHARS}|:|{_PLX}|\.+(?={_PN_CHARS}|:|{_PLX}))*)",
    rf"(?P<var>[?$]{_PN_CHARS}+)",
    r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
    r"(?P<other>[\s\S])",
]))
_UPDATE = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def keywords(query: str) -> list[str]:
    """The bare words of a query (keywords, function names, `a`), upper-cased, in order."""
    return [m.group().upper() for m in _TOKEN.finditer(query) if m.lastgroup == "word"]


def _service_refused() -> QueryRejected:
    exc = QueryRejected("Federated queries (SERVICE) are refused: this endpoint does not call "
                        "other endpoints. Run the federated query from your own client.")
    exc.http_status = 403
    return exc


def _parser_sees_service(query: str) -> bool:
    """A second opinion from a full SPARQL parser (rdflib's) for a query whose text holds the
    letters `service` only where the tokenizer saw a string, IRI, comment or name. A tokenizer
    cannot tell `FILTER(?a<?b)SERVICE#>` (a comparison, then SERVICE and a comment) from an
    IRI; a parser can. A query this parser cannot read is counted as a SERVICE call: the
    engine must never be the first to understand such a query."""
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(query)
    except (RecursionError, Exception):  # pyparsing.ParseException and friends
        return True
    stack = [tree]
    while stack:
        x = stack.pop()
        if isinstance(x, CompValue):
            if x.name == "ServiceGraphPattern":
                return True
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)) or hasattr(x, "as_list"):
            stack.extend(x)
    return False


def check_query(query: str, max_chars: int) -> Kind:
    """Refuse what this read-only endpoint must not run; return the query form."""
    if not query or not query.strip():
        raise QueryRejected("Empty query. Send a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE "
                            "query in the `query` parameter.")
    if len(query) > max_chars:
        raise QueryRejected(f"The query is {len(query)} characters long; this endpoint accepts "
                            f"at most {max_chars} (COUNCILKG_MAX_QUERY_CHARS).")
    words = keywords(query)
    form = next((i for i, w in enumerate(words) if w in _FORMS), None)
    update = next((i for i, w in enumerate(words) if w in _UPDATE), None)
    if update is not None and (form is None or update < form):
        exc = QueryRejected(f"SPARQL Update ({words[update]}) is refused: this endpoint "
                            f"is read-only. Download a dump from /dumps/ to change data locally.")
        exc.http_status = 403
        raise exc
    if "SERVICE" in words:
        raise _service_refused()
    if form is None:
        raise QueryRejected("No query form found: a query needs SELECT, ASK, CONSTRUCT or DESCRIBE "
                            "(https://www.w3.org/TR/sparql11-query/#QueryForms).")
    # Defence in depth: SPARQL keywords have no escapes, so SERVICE is always spelt with these
    # letters; a query without them cannot call out, one with them must satisfy a parser too.
    if "service" in query.lower() and _parser_sees_service(query):
        raise _service_refused()
    word = words[form]
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


class Gate:
    """Who may start a query now: at most `per_client` running queries per client (more get
    429 at once), and the last `reserve` of `size` slots only for a client with none running,
    so one address's runaway queries cannot make every other address wait for the time limit.
    `client=None` marks the server's own bounded lookups (entity pages, VoID), which may use
    the reserve too."""

    def __init__(self, size: int, per_client: int, reserve: int = 1):
        self.size, self.per_client, self.reserve = size, per_client, reserve
        self._busy = 0
        self._by_client: dict[str, int] = {}
        self._cond = threading.Condition()

    def _may_start(self, client: str | None) -> bool:
        if self._busy < self.size - self.reserve:
            return True
        return self._busy < self.size and (client is None or not self._by_client.get(client))

    def acquire(self, client: str | None, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            if client is not None and self._by_client.get(client, 0) >= self.per_client:
                exc = QueryRejected(f"{self.per_client} queries from your address are already "
                                    f"running; wait for one to finish, then try again.")
                exc.http_status = 429
                raise exc
            while not self._may_start(client):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise QueryTimeout(f"All {self.size} query slots stayed busy for {timeout:g} s; "
                                       f"try again shortly.")
                self._cond.wait(left)
            self._busy += 1
            if client is not None:
                self._by_client[client] = self._by_client.get(client, 0) + 1

    def release(self, client: str | None) -> None:
        with self._cond:
            self._busy -= 1
            if client is not None:
                left = self._by_client.get(client, 1) - 1
                if left:
                    self._by_client[client] = left
                else:
                    self._by_client.pop(client, None)
            self._cond.notify_all()


def _demote(proc) -> bool:
    """Lower a long-running worker's CPU priority (nice 15), so short queries, page requests
    and new workers keep the CPU while runaway queries wait for their time limit: on a
    2-core machine with four runaway queries a new worker otherwise takes ~1.8 s to start."""
    try:
        os.setpriority(os.PRIO_PROCESS, proc.pid, LONG_QUERY_NICE)
        return True
    except (AttributeError, OSError):  # not on this platform, or the process just ended
        return False


def _promote(proc) -> bool:
    try:
        os.setpriority(os.PRIO_PROCESS, proc.pid, 0)
        return True
    except (AttributeError, OSError):
        return False


class QueryPool:
    """Up to `size` worker processes, each running one query at a time; see Gate for who
    may use them. One idle worker is kept ready so a query rarely waits for a process start
    (about 0.3 s idle, more on a machine busy with runaway queries)."""

    def __init__(self, size: int = 6, per_client: int | None = None, reserve: int = 1):
        self.size = size
        self.gate = Gate(size, per_client or max(1, size - reserve), reserve)
        self._ctx = mp.get_context("spawn")  # no fork of a threaded server
        self._idle: list[tuple] = []
        self._lock = threading.Lock()
        self._workers = 0  # alive or starting
        self._filling = False
        self._closed = False
        self._all: list = []

    def _spawn(self) -> tuple:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker, args=(child,), daemon=True, name="councilkg-sparql")
        proc.start()
        child.close()
        with self._lock:
            self._all = [p for p in self._all if p.is_alive()] + [proc]
        # The time limit is for the query, not for starting Python: wait for the worker.
        if not parent.poll(SPAWN_TIMEOUT_S) or parent.recv()[0] != "ready":
            proc.kill()
            raise CouncilKGError(f"A SPARQL worker did not start within {SPAWN_TIMEOUT_S} s; "
                                 f"the machine may be overloaded. Try again.")
        return proc, parent

    def _fill(self) -> None:
        """Start workers one after another in the background until there are `size`, so
        a query finds one waiting even while others run away (a start costs ~0.3 s of CPU
        when idle, over a second on a machine busy with runaway queries)."""
        with self._lock:
            if self._filling or self._workers >= self.size:
                return
            self._filling = True
        threading.Thread(target=self._fill_loop, daemon=True, name="councilkg-sparql-fill").start()

    def _spawn_counted(self) -> tuple:
        """Spawn a worker already counted in `_workers`; uncount it if the start fails."""
        try:
            return self._spawn()
        except Exception:
            with self._lock:
                self._workers -= 1
            raise

    def _fill_loop(self) -> None:
        try:
            while True:
                with self._lock:
                    if self._workers >= self.size or self._closed:
                        return
                    self._workers += 1
                try:
                    worker = self._spawn_counted()
                except Exception:  # the next query spawns its own and says why
                    with self._lock:
                        closed = self._closed or not threading.main_thread().is_alive()
                    if not closed:  # at exit the fill stops quietly
                        log.warning("Could not start a SPARQL worker", exc_info=True)
                    return
                with self._lock:
                    self._idle.append(worker)
        finally:
            with self._lock:
                self._filling = False

    def warm(self) -> None:
        """Start one worker now (so the first query does not wait) and the rest behind it."""
        with self._lock:
            need = not self._idle and self._workers < self.size
            if need:
                self._workers += 1
        if need:
            worker = self._spawn_counted()
            with self._lock:
                self._idle.append(worker)
        self._fill()

    def _take(self) -> tuple:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker[0].is_alive():
                    break
                self._workers -= 1
            else:
                worker = None
                self._workers += 1
        if worker is None:
            worker = self._spawn_counted()
        self._fill()
        return worker

    def run(self, store_dir: Path, query: str, *, timeout: float, max_rows: int,
            default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
            client: str | None = None) -> Result:
        t0 = time.monotonic()
        self.gate.acquire(client, timeout)
        try:
            worker = self._take()
            proc, conn = worker
            conn.send((str(store_dir), query, max_rows, tuple(default_graphs), tuple(named_graphs)))
            demoted = not conn.poll(min(LONG_QUERY_S, timeout)) and _demote(proc)
            if not conn.poll(max(0.05, timeout - (time.monotonic() - t0))):
                self._kill(worker)
                self._fill()
                raise QueryTimeout(f"The query ran past the {timeout:g} s time limit and was "
                                   f"stopped (COUNCILKG_QUERY_TIMEOUT_S). Narrow it, or add "
                                   f"LIMIT, or run it on a dump locally.")
            try:
                status, payload = conn.recv()
            except EOFError:
                self._kill(worker)
                raise CouncilKGError("The query worker died while running the query.") from None
            if demoted and not _promote(proc):  # no right to raise it again: retire it
                self._kill(worker)
                self._fill()
            else:
                with self._lock:
                    self._idle.append(worker)
        finally:
            self.gate.release(client)
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
        with self._lock:
            self._workers -= 1

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            procs, self._all = self._all, []
            self._workers = 0
        for proc, conn in idle:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in procs:
            proc.join(timeout=1)
            if proc.is_alive():
                proc.kill()


_default_pool: QueryPool | None = None
_pool_lock = threading.Lock()


def default_pool() -> QueryPool:
    """The process-wide pool (one per server process)."""
    global _default_pool
    with _pool_lock:
        if _default_pool is None:
            _default_pool = QueryPool()
            atexit.register(_default_pool.close)
        return _default_pool


def run_query(store_dir: Path, query: str, *, timeout: float, max_rows: int, max_chars: int = 20_000,
              default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
              pool: QueryPool | None = None, client: str | None = None) -> Result:
    """Check, then run a query against a built store under the limits: in a worker over the
    embedded store, or forwarded to the remote store the generation was written to.
    `client` (the caller's address) counts towards that client's share of running queries."""
    kind = check_query(query, max_chars)
    from .remote import remote_for

    remote = remote_for(Path(store_dir))
    if remote is not None:
        gate = _remote_gate()
        gate.acquire(client, timeout)
        try:
            return remote.query(query, kind, timeout=timeout, max_rows=max_rows,
                                default_graphs=default_graphs, named_graphs=named_graphs)
        finally:
            gate.release(client)
    return (pool or default_pool()).run(Path(store_dir), query, timeout=timeout, max_rows=max_rows,
                                        default_graphs=default_graphs, named_graphs=named_graphs,
                                        client=client)


_remote_gates: list[Gate] = []


def _remote_gate() -> Gate:
    """Remote queries cost this process a thread each, not a worker: a wider gate, same rules."""
    with _pool_lock:
        if not _remote_gates:
            _remote_gates.append(Gate(size=16, per_client=5, reserve=2))
        return _remote_gates[0]
