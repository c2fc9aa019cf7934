"""The graph in a remote SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB, Virtuoso ...).

One setting names the store: COUNCILKG_GRAPH_STORE=sparql+http://host:port/path/ . Its three
endpoints are, by default, the Oxigraph server's layout under that path: `query` (SPARQL 1.1
Protocol, https://www.w3.org/TR/sparql11-protocol/#query-operation), `update`
(https://www.w3.org/TR/sparql11-protocol/#update-operation) and `store` (the Graph Store HTTP
Protocol, https://www.w3.org/TR/sparql11-http-rdf-update/). Other engines name them
differently; URL parameters override each, relative to the path or absolute:

    sparql+http://fuseki:3030/councilkg/?store=data                      (Apache Jena Fuseki)
    sparql+http://graphdb:7200/repositories/ck?query=.&update=statements&store=rdf-graphs/service
    sparql+http://virtuoso:8890/?query=sparql&update=sparql&store=sparql-graph-crud

Each build generation is written into its own named graph,
urn:councilkg:generation:<build folder key>:<generation id> (a Graph Store PUT, so it
replaces anything of that name), and queries name that graph as
their default graph (protocol `default-graph-uri`), so readers of the old generation keep
their graph until the new one is swapped in. Graphs of generations whose folder is gone are
dropped (SPARQL Update `DROP SILENT GRAPH`) at the next build. The build folder keeps the
embedded copy as well, for dumps, the networkx projection and SHACL validation, and a small
`remote-store.json` beside it that tells the query code where the generation lives.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import httpx

from ontology.errors import CouncilKGError, QueryRejected, QueryTimeout

log = logging.getLogger(__name__)

MARKER = "remote-store.json"
GRAPH_PREFIX = "urn:councilkg:generation:"
# Named in protocol requests for "no graph": the embedded store has no named graphs, so a
# client's default-graph-uri / named-graph-uri name nothing there, and nothing here either.
NO_GRAPH = "urn:councilkg:none"
MAX_BODY_BYTES = 512 * 1024 * 1024  # a runaway result is cut, not held in memory


class RemoteStoreError(CouncilKGError):
    """The remote store refused or did not answer."""

    http_status = 503


@dataclass(frozen=True)
class RemoteStore:
    """Where a generation's graph lives: three endpoints and the named graph."""

    query_url: str
    update_url: str
    store_url: str
    graph: str = ""

    @classmethod
    def from_setting(cls, setting: str, graph: str = "") -> "RemoteStore":
        """Parse COUNCILKG_GRAPH_STORE (sparql+http://... or sparql+https://...)."""
        if not setting.startswith(("sparql+http://", "sparql+https://")):
            raise CouncilKGError(f"COUNCILKG_GRAPH_STORE={setting!r} is not a remote store; write "
                                 f"sparql+http://host:port/ (an Oxigraph server) or leave it empty "
                                 f"for the embedded store.")
        parts = urlsplit(setting[len("sparql+"):])
        base = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
        if not base.endswith("/"):
            base += "/"
        names = {k: v[0] for k, v in parse_qs(parts.query).items()}

        def endpoint(key: str) -> str:
            return urljoin(base, names.get(key, key))

        return cls(endpoint("query"), endpoint("update"), endpoint("store"), graph)

    # --- writing (build time) ------------------------------------------------------------

    def put_graph(self, nt_file: Path, extra_turtle: Path | None = None) -> None:
        """Replace the named graph with the N-Triples file (+ a Turtle file merged in)."""
        timeout = httpx.Timeout(30.0, read=None, write=None)
        with httpx.Client(timeout=timeout) as client, open(nt_file, "rb") as body:
            r = client.put(self.store_url, params={"graph": self.graph}, content=body,
                           headers={"content-type": "application/n-triples"})
            _raise_for(r, f"Graph Store PUT of {self.graph} to {self.store_url}")
            if extra_turtle is not None:
                r = client.post(self.store_url, params={"graph": self.graph},
                                content=Path(extra_turtle).read_bytes(),
                                headers={"content-type": "text/turtle"})
                _raise_for(r, f"Graph Store POST of {extra_turtle.name} to {self.store_url}")

    def drop_graphs_except(self, prefix: str, keep: set[str]) -> list[str]:
        """Drop the graphs named `prefix...` not in `keep` (SPARQL Update); return their names."""
        q = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { } "
             f"FILTER(STRSTARTS(STR(?g), \"{prefix}\")) }}")
        r = httpx.post(self.query_url, data={"query": q}, timeout=60,
                       headers={"accept": "application/sparql-results+json"})
        _raise_for(r, f"listing graphs at {self.query_url}")
        names = [b["g"]["value"] for b in r.json()["results"]["bindings"]]
        gone = [g for g in names if g not in keep]
        if gone:
            update = " ; ".join(f"DROP SILENT GRAPH <{g}>" for g in gone)
            r = httpx.post(self.update_url, data={"update": update}, timeout=600)
            _raise_for(r, f"dropping old graphs at {self.update_url}")
        return gone

    def write_marker(self, generation: Path) -> None:
        (Path(generation) / MARKER).write_text(json.dumps(
            {"query": self.query_url, "update": self.update_url, "store": self.store_url,
             "graph": self.graph}, indent=2), encoding="utf-8")

    # --- reading ---------------------------------------------------------------------------

    def query(self, query: str, kind: str, *, timeout: float, max_rows: int,
              default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()):
        """Run a checked query at the remote endpoint under the same limits as the embedded
        store: the time limit bounds the whole exchange, and at most max_rows come back."""
        from .sparql_result import Result

        t0 = time.perf_counter()
        accept = "application/n-triples" if kind == "graph" else "application/sparql-results+json"
        form = {"query": query,
                "default-graph-uri": [NO_GRAPH] if default_graphs or named_graphs else [self.graph],
                "named-graph-uri": [NO_GRAPH]}
        deadline = time.monotonic() + timeout
        try:
            with httpx.Client(timeout=httpx.Timeout(timeout)) as client, client.stream(
                    "POST", self.query_url, data=form, headers={"accept": accept}) as r:
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("past the time limit")
                    if size > MAX_BODY_BYTES:
                        raise QueryRejected(f"The answer grew past {MAX_BODY_BYTES // 2**20} MB; "
                                            f"add LIMIT or narrow the query.")
                body = b"".join(chunks)
        except httpx.TimeoutException:
            raise QueryTimeout(f"The query ran past the {timeout:g} s time limit "
                               f"(COUNCILKG_QUERY_TIMEOUT_S) at the remote store. Narrow it, or add "
                               f"LIMIT, or run it on a dump locally.") from None
        except httpx.TransportError as exc:
            raise RemoteStoreError(f"The remote store at {self.query_url} did not answer ({exc}). "
                                   f"Is it running? Check COUNCILKG_GRAPH_STORE.") from None
        if r.status_code == 400:
            raise QueryRejected(f"SPARQL syntax error (remote store): {body.decode('utf-8', 'replace')[:500]}")
        if r.status_code >= 300:
            raise RemoteStoreError(f"The remote store answered {r.status_code}: "
                                   f"{body.decode('utf-8', 'replace')[:500]}")
        data, truncated = _limit(body, kind, max_rows, r.headers.get("content-type", ""))
        return Result(kind, data, truncated, time.perf_counter() - t0)


def _limit(body: bytes, kind: str, max_rows: int, ctype: str) -> tuple[bytes, bool]:
    """The answer in the embedded store's shapes (SPARQL JSON / N-Triples), cut at max_rows."""
    if kind == "graph":
        if "n-triples" not in ctype:  # an engine that only speaks Turtle
            import pyoxigraph as ox

            body = ox.serialize(ox.parse(body, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
        lines = [ln for ln in body.split(b"\n") if ln.strip() and not ln.startswith(b"#")]
        return b"".join(ln + b"\n" for ln in lines[:max_rows]), len(lines) > max_rows
    d = json.loads(body)
    if kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(d["boolean"])}).encode(), False
    rows = d.get("results", {}).get("bindings", [])
    out = {"head": {"vars": d["head"].get("vars", [])}, "results": {"bindings": rows[:max_rows]}}
    return json.dumps(out, ensure_ascii=False).encode(), len(rows) > max_rows


def _raise_for(r: httpx.Response, what: str) -> None:
    if r.status_code >= 300:
        raise RemoteStoreError(f"{what} failed with {r.status_code}: {r.text[:500]}")


def remote_for(store_dir: Path) -> RemoteStore | None:
    """The remote store a generation was written to, or None for the embedded store."""
    marker = Path(store_dir).parent / MARKER
    return _read_marker(str(marker)) if marker.exists() else None


@lru_cache(maxsize=16)
def _read_marker(path: str) -> RemoteStore:
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    return RemoteStore(d["query"], d["update"], d["store"], d["graph"])


def publish(setting: str, generation: Path, nt_file: Path, ontology_file: Path) -> RemoteStore:
    """Write one generation's graph to the remote store, drop graphs of generations that
    are gone, and leave the marker that sends queries there."""
    generation = Path(generation).resolve()
    # Graph names carry the build folder's key, so two build folders may share one store
    # and each drops only its own old graphs.
    prefix = f"{GRAPH_PREFIX}{hashlib.sha1(str(generation.parent).encode()).hexdigest()[:10]}:"
    remote = RemoteStore.from_setting(setting, prefix + generation.name)
    t0 = time.perf_counter()
    remote.put_graph(nt_file, ontology_file)
    siblings = {prefix + p.name for p in generation.parent.iterdir() if p.is_dir()}
    dropped = remote.drop_graphs_except(prefix, siblings | {remote.graph})
    remote.write_marker(generation)
    log.info("Wrote graph %s to %s in %.1f s (dropped %d old graphs)", remote.graph,
             remote.store_url, time.perf_counter() - t0, len(dropped))
    return remote
