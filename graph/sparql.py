"""Read-only SPARQL over the store: check a query, then run it under the limits.

Queries run in worker processes over the embedded store (graph.sparql_pool). When the
generation was written to a remote SPARQL 1.1 store (COUNCILKG_GRAPH_STORE, see
graph/remote.py), queries are forwarded to that store's query endpoint instead, with the
same checks first (graph.sparql_check) and the time limit as the HTTP timeout.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Sequence

from .sparql_check import check_query
from .sparql_pool import Gate, QueryPool, default_pool
from .sparql_result import Result

RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}
_remote_lock = threading.Lock()


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
    with _remote_lock:
        if not _remote_gates:
            _remote_gates.append(Gate(size=16, per_client=5, reserve=2))
        return _remote_gates[0]
