"""The Oxigraph store on disk: written once per build generation, then only read.

The rdflib graph is serialised to N-Triples and loaded with Oxigraph's own parser
(`Store.bulk_load`): at ~1M triples that is 5-12x faster than going through rdflib
(shared/research/ontology-and-stores.md, part B). The ontology (council.ttl) is loaded into
the same default graph so queries can read labels of status and change-type concepts.
Atomicity is the caller's: the pipeline writes into a fresh generation folder and swaps it
in only when every step succeeded (api/workspace.py).
"""
from __future__ import annotations

import gc
import io
import logging
import tempfile
from pathlib import Path
from typing import Literal, TextIO

import pyoxigraph as ox
from rdflib import Graph

from ontology.errors import StoreNotBuilt
from ontology.terms import ONTOLOGY_FILE, PREFIXES

log = logging.getLogger(__name__)

DumpFormat = Literal["ttl", "nt", "jsonld"]
DUMP_FORMATS: dict[str, ox.RdfFormat] = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                                         "jsonld": ox.RdfFormat.JSON_LD}


def write_store(g: Graph, folder: Path, remote: str | None = None) -> int:
    """Load `g` (and the ontology) into a new on-disk store in `folder`; return its triple count.

    With `remote` (COUNCILKG_GRAPH_STORE, sparql+http://...) the same triples also go to that
    SPARQL 1.1 store as this generation's named graph, and queries are sent there
    (graph/remote.py); the local copy stays for dumps, the projection and validation."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".nt", dir=folder.parent, delete=True) as tmp:
        g.serialize(destination=tmp.name, format="nt", encoding="utf-8")
        store = ox.Store(str(folder))
        store.bulk_load(path=tmp.name, format=ox.RdfFormat.N_TRIPLES)
        if remote:
            from .remote import publish

            publish(remote, folder.parent, Path(tmp.name), ONTOLOGY_FILE)
    store.bulk_load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    store.flush()
    store.optimize()
    n = len(store)
    # Close the read-write instance before anyone opens the folder read-only: RocksDB
    # read-only opens beside a writer are undefined (pyoxigraph Store.read_only docs).
    del store
    gc.collect()
    log.info("Wrote %d triples to %s", n, folder)
    return n


def open_store(store_dir: Path) -> ox.Store:
    """The built store, read-only."""
    store_dir = Path(store_dir)
    if not (store_dir / "CURRENT").exists():
        raise StoreNotBuilt(f"No Oxigraph store in {store_dir}/. Run `councilkg build` first.")
    return ox.Store.read_only(str(store_dir))


def dump(store_dir: Path, fmt: DumpFormat, out: TextIO | None = None, *, binary=None) -> None:
    """Write the whole default graph as Turtle, N-Triples or JSON-LD to `out` (text) or
    `binary` (a bytes stream)."""
    if fmt not in DUMP_FORMATS:
        raise ValueError(f"Unknown dump format {fmt!r}; use one of {', '.join(DUMP_FORMATS)}.")
    store = open_store(store_dir)
    kwargs = {"prefixes": PREFIXES} if fmt == "ttl" else {}
    if binary is not None:
        store.dump(binary, DUMP_FORMATS[fmt], from_graph=ox.DefaultGraph(), **kwargs)
        return
    buf = io.BytesIO()
    store.dump(buf, DUMP_FORMATS[fmt], from_graph=ox.DefaultGraph(), **kwargs)
    out.write(buf.getvalue().decode("utf-8"))


def to_rdflib(store_dir: Path) -> Graph:
    """The store as an rdflib graph (for pySHACL, which walks the Python triples API)."""
    data = open_store(store_dir).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g.parse(data=data, format="nt")
