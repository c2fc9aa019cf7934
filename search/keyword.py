"""Keyword search (BM25, via bm25s) with tokens that keep what officers type verbatim.

Exact names are where embeddings are weakest: an acronym ("SHDF", "MTFS"), a code
("NI 1", "PSA 15") or an estate name is one rare token to BM25 but a blur to a sentence
model. So the tokeniser
- joins an indicator code and its number into one token ("NI 1" -> "ni_1"), so NI 1 does
  not match NI 186;
- adds, for every run of two or more Capitalised Words in a document, the acronym of their
  initials ("Social Housing Decarbonisation Fund" -> "shdf"), because plans spell a fund out
  in one row and officers ask for it by its acronym;
- adds, where a run of lower-case words has the initials of an acronym the corpus writes
  elsewhere, that acronym ("special educational needs and/or disabilities" -> "send", when
  another row says "SEND"): plans spell a term out in one row and abbreviate it in the
  next, and an officer may type either;
- folds simple plurals ("hubs" -> "hub") and drops English stop words and question words;
- adds adjacent-word pairs, so a phrase outranks its words scattered.
BM25 itself: Robertson & Zaragoza (2009), "The Probabilistic Relevance Framework".
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from pathlib import Path
from typing import Sequence

import numpy as np

log = logging.getLogger(__name__)

# Words in questions that say nothing about the subject ("what are we doing on X").
QUESTION_WORDS = frozenset("""
what whats which who whom whose when where why how is are was were be been do does did doing
done we our us you your they them their it its i me my the a an and or of to in on for with at by
from into about as any anything there here this that these those have has had will would should
can could may might must shall get getting s t also just actually now new
""".split())

_CODE = re.compile(r"\b([A-Z]{1,5})[ -]?(\d{1,3}[a-z]?)\b")
_CAPS_RUN = re.compile(r"\b(?:[A-Z][\w'’]*(?:[ \t]+(?:and|of|for|the|&)[ \t]+|[ \t]+)){1,}[A-Z][\w'’]*")
_WORD = re.compile(r"[a-z0-9]+")
# Four letters at least: three-letter initials turn up by chance in ordinary phrases
# ("improve the council's" -> ICS); on the Kingston plans every 4-6 letter one was a true spelling.
_UPPER = re.compile(r"\b[A-Z]{4,6}\b")
_LOWER = re.compile(r"\b[a-z]{4,6}\b")
# Words an acronym's initials usually skip ("Violence Against Women and Girls" -> VAWG).
_JOINERS = frozenset({"and", "or", "of", "the", "for", "to", "in"})


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace("’", "'")


def stem(word: str) -> str:
    """Fold English plurals only; anything more aggressive merges policy terms
    ("housing" and "house" are different services)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def codes(text: str) -> list[str]:
    """Indicator-like codes ("NI 1", "PSA 15", "LPI 3a") as single tokens."""
    return [f"{a.lower()}_{n.lower()}" for a, n in _CODE.findall(_fold(text))]


def acronyms(text: str) -> list[str]:
    """Initials of runs of Capitalised Words: what an officer may type for the name."""
    out = []
    for run in _CAPS_RUN.findall(_fold(text)):
        initials = "".join(w[0] for w in re.split(r"\s+", run) if w[:1].isupper())
        # A sentence-initial verb ("Deliver Social Housing ...") is not part of the name.
        out += [name.lower() for name, least in ((initials, 2), (initials[1:], 3))
                if len(name) >= least]
    return out


def written_acronyms(texts: Sequence[str]) -> frozenset[str]:
    """Acronyms the corpus writes in capitals (4-6 letters), lower-cased; not words it also
    writes in lower case, which are headings in capitals ("AREA", "DATE")."""
    upper, lower = set(), set()
    for t in map(_fold, texts):
        upper.update(a.lower() for a in _UPPER.findall(t))
        lower.update(_LOWER.findall(t))
    return frozenset(upper - lower)


def spelled_out(text: str, known: frozenset[str]) -> list[str]:
    """The known acronyms whose words `text` spells out: runs of 4-6 words whose initials,
    with joining words skipped, are the acronym, and which start and end on a content word."""
    if not known:
        return []
    words = _WORD.findall(_fold(text).lower())
    out = []
    for start, first in enumerate(words):
        if first in _JOINERS:
            continue
        initials = ""
        for w in words[start:start + 12]:
            if w not in _JOINERS:
                initials += w[0]
                if len(initials) > 6:
                    break
                if len(initials) >= 4 and initials in known:
                    out.append(initials)
    return out


def tokenize(text: str, *, document: bool = False) -> list[str]:
    """Tokens of one text; documents also get the acronyms of their capitalised names."""
    folded = _fold(text)
    words = [stem(w) for w in _WORD.findall(folded.lower()) if w not in QUESTION_WORDS]
    words = [w for w in words if len(w) > 1 or w.isdigit()]
    # Adjacent content words as one more token, so "cost of living" outranks rows that
    # merely say "cost" and "living" apart.
    pairs = [f"{a}_{b}" for a, b in zip(words, words[1:])]
    extra = codes(folded) + (acronyms(folded) if document else [])
    return words + pairs + extra


class KeywordIndex:
    """BM25 over one text per row; rows are positions in the search index's ids.json."""

    def __init__(self, bm25, size: int):
        self.bm25 = bm25
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str], show_progress: bool = False) -> "KeywordIndex":
        import bm25s

        bm25 = bm25s.BM25()
        # An empty token list would make bm25s drop the row and shift every row after it.
        known = written_acronyms(texts)
        corpus = [tokenize(t, document=True) + spelled_out(t, known) or ["_empty_"] for t in texts]
        bm25.index(corpus, show_progress=show_progress)
        return cls(bm25, len(texts))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.bm25.save(str(folder), show_progress=False)
        (folder / "size.json").write_text(json.dumps({"rows": self.size}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "KeywordIndex":
        import bm25s

        size = json.loads((folder / "size.json").read_text(encoding="utf-8"))["rows"]
        return cls(bm25s.BM25.load(str(folder), show_progress=False), size)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for `query` (zeros when no query token is known)."""
        tokens = [t for t in tokenize(query) if t in self.bm25.vocab_dict]
        if not tokens:
            return np.zeros(self.size, dtype="float32")
        return np.asarray(self.bm25.get_scores(tokens), dtype="float32")

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The best `k` rows with a positive score, optionally only rows where `mask` is True."""
        s = self.scores(query)
        if mask is not None:
            s = np.where(mask, s, 0.0)
        k = min(k, int((s > 0).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-s, k - 1)[:k]
        top = top[np.argsort(-s[top], kind="stable")]
        return [(int(i), float(s[i])) for i in top]
