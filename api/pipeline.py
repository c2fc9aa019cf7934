"""The build pipeline, the one place where ingest, graph and search meet.

documents -> ingest (ExtractedPlan) -> lineage links (with reviewers' verdicts) -> RDF
graph (validated by SHACL) -> Oxigraph store + networkx projection -> search index, all
written into a new generation of the build folder and swapped in only when every step
succeeded. Writers hold the store's write lock (`Workspace.locked`) throughout.
"""
from __future__ import annotations

import logging
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import numpy as np

from ontology.errors import CouncilKGError, SourceNotFound
from ontology.records import VERDICTS, ExtractedPlan, LinkReview

from .settings import BUNDLED_CORPUS, Settings
from .workspace import Generation, Workspace

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".csv", ".tsv", ".html", ".htm", ".docx", ".pdf")


@dataclass
class BuildSummary:
    documents: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    commitments: int = 0
    links: int = 0
    triples: int = 0

    def as_json(self) -> dict:
        return {"documents": self.documents, "failed": self.failed, "commitments": self.commitments,
                "links": self.links, "triples": self.triples}


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files named, and supported files anywhere inside folders named (hidden ones
    skipped), in a stable order. A folder with nothing to read is an error, not an
    empty build."""
    out: list[Path] = []
    for p in paths or [BUNDLED_CORPUS]:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                raise SourceNotFound(f"{p}: no {', '.join(SUPPORTED)} file in this folder "
                                     f"or below it.")
            out += found
        elif p.exists():
            out.append(p)
        else:
            raise SourceNotFound(f"{p}: no such file or folder.")
    return out


def _summary_row(plan: ExtractedPlan) -> dict:
    """One document's line of a build summary (`build`, `add` and `remove` print the same)."""
    d = plan.document
    return {"document": d.name, "layout": d.layout, "commitments": len(plan.commitments),
            "publisher": d.publisher, "warnings": list(plan.warnings)}


def read_documents(paths: Sequence[Path], settings: Settings, keep_going: bool,
                   summary: BuildSummary, show_progress: bool = True,
                   publisher: str | None = None) -> list[ExtractedPlan]:
    """Read every document; a failure stops the build unless keep_going (then it is reported).
    `publisher` overrides the council found in each document (lineage links the plans of
    one publisher), for joint plans and documents that never name their council."""
    from dataclasses import replace

    from tqdm import tqdm

    import ingest

    plans = []
    for path in tqdm(paths, desc="reading", unit="doc", disable=not show_progress, file=sys.stderr):
        try:
            plan = ingest.read_path(path, max_bytes=settings.max_file_bytes)
        except CouncilKGError as exc:
            if not keep_going:
                if len(paths) > 1:  # one stray file (an index, a README) should not strand the rest
                    raise type(exc)(f"{exc} Nothing was built; --keep-going skips documents "
                                    f"that cannot be read and builds the rest.") from exc
                raise
            summary.failed.append({"document": path.name, "error": str(exc)})
            continue
        if publisher and publisher.strip():
            plan = replace(plan, document=replace(plan.document, publisher=publisher.strip()))
        plans.append(plan)
        summary.documents.append(_summary_row(plan))
    names = [p.document.name for p in plans]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise CouncilKGError(f"Two documents share a name: {', '.join(dupes)}. Document names "
                             f"are file names and must be unique; rename one.")
    return plans


class CachedEncoder:
    """Embed each distinct text once per build (lineage and the index share the vectors);
    `known` vectors (the previous generation's) are not computed again. `used` is what this
    build's texts need, kept with the generation for the next one."""

    def __init__(self, embedder, known: dict[str, np.ndarray] | None = None):
        self.embedder, self.known = embedder, dict(known or {})
        self.used: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.known]
        if todo:
            self.known.update(zip(todo, self.embedder.encode(todo)))
        self.used.update((t, self.known[t]) for t in texts)
        return np.stack([self.known[t] for t in texts]) if texts else np.zeros((0, self.embedder.dim), "float32")


def write_generation(gen: Generation, plans: list[ExtractedPlan], settings: Settings,
                     summary: BuildSummary, show_progress: bool = True,
                     known_vectors: dict[str, np.ndarray] | None = None,
                     reviews: Sequence[LinkReview] = ()) -> None:
    """Everything derived from the plans (and the reviewers' verdicts on lineage links),
    written into `gen`."""
    from graph.build import build_graph
    from graph.lineage import link_plans_and_gaps
    from graph.projection import build_projection
    from graph.store import write_store
    from graph.validate import check
    from search.embedder import LazyEmbedder
    from search.index import build_index

    embedder = LazyEmbedder(settings.embedder, settings.model_name)
    encode = CachedEncoder(embedder, known_vectors)
    for plan in plans:
        gen.write_plan(plan)
    links, closest = link_plans_and_gaps(plans, encode, reviews)
    gen.write_links(links, closest)
    g = build_graph(plans, links, settings.base_iri)
    check(g)
    summary.triples = write_store(g, gen.store_dir, remote=settings.graph_store or None)
    build_projection(gen.store_dir, gen.projection_file)
    commitments = [c for p in plans for c in p.commitments]
    build_index(commitments, {p.document.name: p.document for p in plans}, embedder, gen.index_dir,
                encode=encode, show_progress=show_progress)
    gen.write_vectors(encode.used)
    summary.commitments = len(commitments)
    summary.links = len(links)
    gen.write_manifest({"summary": summary.as_json(), "model_name": settings.model_name,
                        "embedder": settings.embedder, "base_iri": settings.base_iri})


def build(paths: Sequence[Path], settings: Settings, keep_going: bool = False,
          show_progress: bool = True, publisher: str | None = None) -> BuildSummary:
    """Build the store from documents; the old store stays until the new one is whole."""
    summary = BuildSummary()
    plans = read_documents(expand_paths(paths), settings, keep_going, summary, show_progress, publisher)
    if not plans:
        raise CouncilKGError("No document could be read; nothing was written. "
                             "See the errors above.")
    ws = Workspace(settings.store_path)
    with ws.locked():
        _rebuild_from(plans, ws.current() if ws.exists else None, settings, summary, show_progress)
    return summary


def _rebuild_from(plans: list[ExtractedPlan], base: Generation | None, settings: Settings,
                  summary: BuildSummary, show_progress: bool, review: LinkReview | None = None) -> None:
    """A new generation from `plans` and the store's verdicts, reusing what `base` (the
    current generation, if any) already computed where it can; with a new `review`, which
    is recorded only once the generation is whole. The caller holds the write lock."""
    ws = Workspace(settings.store_path)
    with ws.new_generation() as gen:
        write_generation(gen, plans, settings, summary, show_progress, known_vectors=_vectors_of(base, settings),
                         reviews=ws.reviews() + ([review] if review else []))
        if review:
            ws.add_review(review)


def _vectors_of(base: Generation | None, settings: Settings) -> dict[str, np.ndarray]:
    """The vectors `base` embedded, when they come from the model `settings` name: a
    rebuild then embeds only texts that are new (a verdict or a removal, none at all)."""
    if base is None or (base.manifest.get("embedder"), base.manifest.get("model_name")) != (
            settings.embedder, settings.model_name):
        return {}
    return base.vectors()


def add(paths: Sequence[Path], settings: Settings, keep_going: bool = False,
        show_progress: bool = True, publisher: str | None = None) -> BuildSummary:
    """Add (or replace) documents in an existing store; a document already there with the same
    content (and publisher) changes nothing, so adding it again is a no-op."""
    ws = Workspace(settings.store_path)
    with ws.locked():
        return _add(ws.current(), paths, settings, keep_going, show_progress, publisher)


def _add(base: Generation, paths: Sequence[Path], settings: Settings, keep_going: bool,
         show_progress: bool, publisher: str | None) -> BuildSummary:
    summary = BuildSummary()
    new = read_documents(expand_paths(paths), settings, keep_going, summary, show_progress, publisher)
    existing = {p.document.name: p for p in base.plans}

    def same(a, b) -> bool:
        return (a.document.sha256, a.document.publisher) == (b.document.sha256, b.document.publisher)

    changed = [p for p in new if p.document.name not in existing or not same(existing[p.document.name], p)]
    for d in summary.documents:
        d["unchanged"] = d["document"] not in {p.document.name for p in changed}
    if not changed:
        summary.commitments = len(base.commitments)
        summary.links = len(base.links)
        return summary
    plans = list({**existing, **{p.document.name: p for p in changed}}.values())
    _rebuild_from(plans, base, settings, summary, show_progress)
    return summary


def remove(documents: Sequence[str], settings: Settings, show_progress: bool = True) -> BuildSummary:
    """Remove documents (by name) and everything derived from them, links included."""
    ws = Workspace(settings.store_path)
    with ws.locked():
        return _remove(ws.current(), documents, settings, show_progress)


def _remove(base: Generation, documents: Sequence[str], settings: Settings,
            show_progress: bool) -> BuildSummary:
    for d in documents:
        base.plan(d)  # NotFound naming the closest documents
    plans = [p for p in base.plans if p.document.name not in set(documents)]
    if not plans:
        raise CouncilKGError("Removing every document would leave an empty store; "
                             "delete the store folder instead.")
    summary = BuildSummary(documents=[_summary_row(p) for p in plans])
    _rebuild_from(plans, base, settings, summary, show_progress)
    return summary


def review(first: str, second: str, verdict: str, reviewer: str, settings: Settings,
           note: str = "", show_progress: bool = False) -> dict:
    """Record a reviewer's verdict on whether two commitments are linked, and rebuild so
    the lineage (links, gaps, graph) follows it. Returns the verdict, the pair's link now
    (None when there is none), and every link gained or lost by it: a confirmed carry-over
    frees the row the linker had paired wrongly, which may then find its own partner."""
    if verdict not in VERDICTS:
        raise CouncilKGError(f"Unknown verdict {verdict!r}; use one of {', '.join(VERDICTS)}.")
    reviewer, note = _one_line(reviewer), _one_line(note)
    if not reviewer:
        raise CouncilKGError("Say who reviews (--by NAME): a verdict is kept with its reviewer.")
    ws = Workspace(settings.store_path)
    with ws.locked():
        base = ws.current()
        a, b = sorted((base.commitment(first), base.commitment(second)),
                      key=lambda c: base.documents[c.document].document.order)
        if a.document == b.document:
            raise CouncilKGError(f"{first} and {second} are both rows of {a.document}; lineage links "
                                 f"commitments of different plans.")
        if base.council_of(a.document) is not base.council_of(b.document):
            raise CouncilKGError(f"{a.document} and {b.document} are plans of different councils "
                                 f"({base.documents[a.document].document.publisher or 'unnamed'}, "
                                 f"{base.documents[b.document].document.publisher or 'unnamed'}); lineage "
                                 f"links one council's plans. `build --publisher` sets a plan's council.")
        new = LinkReview(a.id, b.id, verdict, reviewer,  # type: ignore[arg-type]
                         datetime.now(timezone.utc).isoformat(timespec="seconds"), note,
                         a.document, b.document, a.text, b.text)
        _rebuild_from(base.plans, base, settings, BuildSummary(), show_progress, review=new)
        after = ws.current().links
    key = lambda l: (l.from_id, l.to_id, l.relation)  # noqa: E731
    was, now = {key(l) for l in base.links}, {key(l) for l in after}
    return {"review": new.as_json(),
            "link": next((l.as_json() for l in after if (l.from_id, l.to_id) == (a.id, b.id)), None),
            "gained": [l.as_json() for l in after if key(l) not in was],
            "lost": [l.as_json() for l in base.links if key(l) not in now]}


def _one_line(text: str) -> str:
    """A name or note as one line of printable text: it is shown in listings, evidence and
    the graph, where a control character or a line break would only get in the way."""
    return " ".join("".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch.isspace()).split())
