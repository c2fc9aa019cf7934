"""The build folder: generations written whole, then swapped in atomically.

Layout of `--store DIR` (default `build/`):

    DIR/current -> generations/<id>     a symlink, replaced atomically (rename(2))
    DIR/generations/<id>/
        manifest.json                   documents, layouts, counts, warnings
        plans/<document>.json           each ExtractedPlan, with its decoded text
        lineage.json                    {"links": [...], "closest": [...]}
        store/                          the Oxigraph store (graph.store)
        index/                          the search index (search.index)
        graph.pkl                       the networkx projection cache (graph.projection)
        vectors.npy, vectors.json       every text embedded for it, and those texts, so the
                                        next generation embeds only what is new
    DIR/reviews.jsonl                   reviewers' verdicts on lineage links, oldest first;
                                        beside the generations, so every rebuild reads them

A reader resolves `current` once and keeps reading that generation, so it never sees a
half-written state; a build killed at any point leaves `current` pointing at the old one.
Writers (build, add, remove, review) take `Workspace.locked` in turn, so a verdict given
during a build is not lost when the build swaps in a generation made without it.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from ontology.errors import CouncilKGError, NotFound, StoreNotBuilt
from ontology.records import (VERDICTS, ClosestMatch, Commitment, ExtractedPlan, LineageLink, LinkReview,
                              plan_from_dict, plan_to_dict)

log = logging.getLogger(__name__)


def write_json(path: Path, data) -> None:
    """Write JSON through a temp file and rename, so the file is whole or absent."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


# "www.haringey.gov.uk" writes a place in lower case without making it a word
# (runs bounded: an unbounded \S* made a long glued token quadratic, as in ingest.publisher)
_WEB_ADDRESS = re.compile(r"\S{0,200}(?:www\.|https?://|@|\.(?:gov|org|co|com|net)\b)\S{0,200}", re.I)


class Generation:
    """One built state of the store, read-only once swapped in."""

    def __init__(self, path: Path):
        self.path = path

    @property
    def store_dir(self) -> Path:
        return self.path / "store"

    @property
    def index_dir(self) -> Path:
        return self.path / "index"

    @property
    def projection_file(self) -> Path:
        return self.path / "graph.pkl"

    @cached_property
    def manifest(self) -> dict:
        return json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))

    @cached_property
    def plans(self) -> list[ExtractedPlan]:
        plans = [plan_from_dict(json.loads(p.read_text(encoding="utf-8")))
                 for p in sorted((self.path / "plans").glob("*.json"))]
        return sorted(plans, key=lambda p: p.document.order)

    @cached_property
    def commitments(self) -> dict[str, Commitment]:
        return {c.id: c for p in self.plans for c in p.commitments}

    @cached_property
    def documents(self) -> dict[str, ExtractedPlan]:
        return {p.document.name: p for p in self.plans}

    @cached_property
    def scopes(self) -> dict[str, str]:
        """Document -> the place of its council, which scopes the council's own entities in
        the graph's IRIs (graph.council_scope)."""
        from graph.council_scope import council_scopes

        return council_scopes(self.plans)

    @cached_property
    def ordinary_words(self) -> frozenset[str]:
        """Words the commitments write in lower case ("reading", "bath"): a question that
        writes a place so may not mean it (api.question_shapes.named_council)."""
        return frozenset(w for c in self.commitments.values()
                         for w in re.findall(r"\b[a-z]+\b", _WEB_ADDRESS.sub(" ", c.text)))

    @cached_property
    def councils(self) -> list[list[ExtractedPlan]]:
        """The plans of each council, as lineage groups them (`graph.lineage.councils`)."""
        from graph.lineage import councils

        return councils(self.plans)

    def council_of(self, document: str) -> list[ExtractedPlan]:
        """The plans of the council whose plan `document` is (itself among them)."""
        return next(g for g in self.councils if document in {p.document.name for p in g})

    @property
    def several_councils(self) -> bool:
        """Does the store hold the plans of more than one council? Then a plan is named with
        its council, since "Action Plan 2020/21" says nothing."""
        return len(self.councils) > 1

    @cached_property
    def _lineage(self) -> tuple[list[LineageLink], list[ClosestMatch]]:
        f = self.path / "lineage.json"
        data = json.loads(f.read_text(encoding="utf-8")) if f.exists() else {}
        links = [LineageLink(l["from"], l["to"], l["relation"], l["score"],
                             tuple(l.get("evidence", ())), tuple(l.get("changes", ())),
                             l.get("reviewed_by", ""))
                 for l in data.get("links", [])]
        # a store built before the closest candidates were kept has none
        return links, [ClosestMatch(m["from"], m["to"], m["score"], m["gap"], tuple(m.get("names", ())))
                       for m in data.get("closest", [])]

    @property
    def links(self) -> list[LineageLink]:
        return self._lineage[0]

    @cached_property
    def carried(self) -> tuple[frozenset[str], frozenset[str]]:
        """The ids with a `continues` successor, and those with a `continues` predecessor."""
        on = [l for l in self.links if l.relation == "continues"]
        return frozenset(l.from_id for l in on), frozenset(l.to_id for l in on)

    @property
    def closest(self) -> list[ClosestMatch]:
        """Each gap's closest unlinked candidates (`graph.lineage.closest_unlinked`)."""
        return self._lineage[1]

    def commitment(self, cid: str) -> Commitment:
        try:
            return self.commitments[cid]
        except KeyError:
            raise NotFound(f"No commitment {cid!r} in {self.path}. "
                           f"Ids look like those in `councilkg export`.") from None

    def plan(self, name: str) -> ExtractedPlan:
        """The plan read from document `name`; NotFound naming the closest document names."""
        try:
            return self.documents[name]
        except KeyError:
            from rapidfuzz import process

            close = [m for m, _, _ in process.extract(name, list(self.documents), limit=3)]
            raise NotFound(f"No document {name!r} in {self.path}. Document names are file names "
                           f"as in `councilkg export`" + (f"; the closest: {', '.join(close)}." if close else ".")
                           ) from None

    def vectors(self) -> dict[str, np.ndarray]:
        """text -> its embedding, for every text this generation embedded ({} for a store
        built before they were kept)."""
        texts, matrix = self.path / "vectors.json", self.path / "vectors.npy"
        if not (texts.exists() and matrix.exists()):
            return {}
        return dict(zip(json.loads(texts.read_text(encoding="utf-8")), np.load(matrix)))

    # -- writing (only while the generation is new) --
    def write_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        if vectors:
            np.save(self.path / "vectors.npy", np.stack(list(vectors.values())).astype("float32"))
            write_json(self.path / "vectors.json", list(vectors))

    def write_plan(self, plan: ExtractedPlan) -> None:
        folder = self.path / "plans"
        folder.mkdir(parents=True, exist_ok=True)
        write_json(folder / f"{plan.document.name}.json", plan_to_dict(plan))

    def write_links(self, links: list[LineageLink], closest: Sequence[ClosestMatch] = ()) -> None:
        write_json(self.path / "lineage.json", {"links": [l.as_json() for l in links],
                                                "closest": [m.as_json() for m in closest]})

    def write_manifest(self, manifest: dict) -> None:
        write_json(self.path / "manifest.json", manifest)


class Workspace:
    """The `--store` folder."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    @property
    def exists(self) -> bool:
        return (self.root / "current").exists()

    def current(self) -> Generation:
        link = self.root / "current"
        if not link.exists():
            raise StoreNotBuilt(f"No built store in {self.root}/. Run `councilkg build` first "
                                f"(or pass --store / set COUNCILKG_STORE).")
        return Generation(link.resolve())

    @property
    def reviews_file(self) -> Path:
        return self.root / "reviews.jsonl"

    def reviews(self) -> list[LinkReview]:
        """Every verdict given on this store, oldest first (graph.lineage_reviews)."""
        if not self.reviews_file.exists():
            return []
        out = []
        lines = self.reviews_file.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                review = LinkReview(**json.loads(line))
                if review.verdict not in VERDICTS:
                    raise ValueError(f"unknown verdict {review.verdict!r}")
            except (ValueError, TypeError) as exc:
                raise CouncilKGError(f"{self.reviews_file}, line {n}: not a lineage review ({exc}). "
                                     f"Fix or delete that line; the other verdicts are kept.") from None
            out.append(review)
        return out

    def add_review(self, review: LinkReview) -> None:
        """Append one verdict (a whole line, synced: a crash leaves it written or absent)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.reviews_file, "a", encoding="utf-8") as f:
            f.write(json.dumps(review.as_json(), ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's write lock (flock(2) on DIR/.write.lock): one writer at a time,
        across processes; released when the holder exits, however it exits."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".write.lock", "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            yield

    @contextmanager
    def new_generation(self, base: Generation | None = None) -> Iterator[Generation]:
        """Yield a fresh generation folder (a copy of `base` if given); on success swap it in.

        On any exception the new folder is removed and `current` is untouched.
        """
        gens = self.root / "generations"
        gens.mkdir(parents=True, exist_ok=True)
        new = gens / f"{uuid.uuid4().hex[:12]}"
        try:
            if base is not None:
                shutil.copytree(base.path, new, symlinks=True)
            else:
                new.mkdir()
            yield Generation(new)
            tmp_link = self.root / f"current.{new.name}.tmp"
            os.symlink(Path("generations") / new.name, tmp_link)
            os.replace(tmp_link, self.root / "current")  # atomic on POSIX
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        self._prune(keep={new.name})

    def _prune(self, keep: set[str]) -> None:
        """Remove old generations, keeping the newest two so open readers can finish."""
        gens = sorted((self.root / "generations").iterdir(), key=lambda p: p.stat().st_mtime)
        for old in gens[:-2]:
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
