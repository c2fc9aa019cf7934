"""How alike two commitments are: the features and the small weighted model behind a
lineage link's score, and the evidence a user sees for it.

The score is a weighted mean of similarities, each in [0, 1], so it is in [0, 1] too
(the RDF shape wants a confidence <= 1) and a reader can check any link by hand:

    score = (0.35 * cosine(heading + text) + 0.25 * cosine(text + milestones)
           + 0.20 * token-set ratio        + 0.20 * rare-word overlap (text + milestones)
           + 0.10 * same section heading   + 0.05 * a shared named entity) / 1.15

A shared section heading counts only where the two plans' headings say something of their
rows: not between plans of different kinds, nor between plans that regrouped their rows
(graph.lineage._kinds_apart, _regrouped).

Milestones count because a reworded action often keeps its specifics only there (the
strategy it delivers, the panel or portal it grows), while the action line turns generic.

The weights were set by hand on a few generic principles (meaning first, then wording,
then structure), and checked against the Kingston lineage gold; they are not fitted per
pair. Rare-word overlap weighs shared words by inverse document frequency within the
council's plans, so a shared "Acre Road" counts and a shared "deliver" does not. It is
the weighted overlap coefficient (shared weight over the lighter row's weight), not the
Jaccard ratio: a later edition adds milestones, and a union grows with every one of them
while what the shorter version says still recurs whole.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz

from ontology.records import Commitment

WEIGHTS = {"context": 0.35, "text": 0.25, "wording": 0.20, "rare_words": 0.20,
           "section": 0.10, "entity": 0.05}
_TOTAL = sum(WEIGHTS.values())
VERBATIM_WORDS = 4  # fewer content words ("Monitor progress") recur by chance

_WORD = re.compile(r"[a-z0-9]+")
# Function words carry no lineage signal; a short fixed list keeps this language-light.
_STOP = frozenset("""a an and are as at be by for from has have in into is it its of on or our
that the their this to we will with within all any more new""".split())


def norm(text: str | None) -> str:
    """Lower case, NFKC, punctuation dropped, spaces collapsed (so 'Local  Plan,' == 'local plan')."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("&", " and ")
    return " ".join(_WORD.findall(text))


def content_words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in norm(text).split() if w not in _STOP and len(w) > 1)


def context_text(c: Commitment) -> str:
    """What the context embedding reads: the innermost heading, then the action text.
    Plans of one series keep their themes, so the heading disambiguates short actions."""
    return f"{c.section_path[-1]}: {c.text}" if c.section_path else c.text


def full_text(c: Commitment) -> str:
    """The action text followed by its milestones: what the text embedding and the
    rare-word overlap read."""
    return "; ".join((c.text,) + tuple(m for m in c.milestones if m))


ENTITY_FIELDS = ("strategies", "places", "partners")


def entity_keys(c: Commitment) -> tuple[str, ...]:
    """Normalised named entities of a commitment, prefixed with their kind ('place:acre road')."""
    return tuple(f"{f[:-1] if f != 'strategies' else 'strategy'}:{norm(v)}"
                 for f in ENTITY_FIELDS for v in getattr(c, f) if norm(v))


# A name a plan gives a programme, project or place: adjacent capitalised words inside a
# sentence ("Let's Talk", "Stronger Together programme", "Community Hubs"); "and", "of",
# "the", "for", "in" may join them ("Heads of Service"). The word opening a sentence,
# line or milestone is capitalised anyway, so it starts no name; a comma or bracket ends
# one ("the Council, Police and NHS" is a list of names, not one).
_NAME_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&-]*|[.;:!?\n,()\[\]/]")
_NAME_JOINERS = frozenset({"and", "of", "the", "for", "in"})
_NAME_WORDS = 6  # longer runs are title-case lines: their words are not also read as initials


def name_pairs(text: str) -> dict[str, str]:
    """The names in `text`, as their pairs of adjacent words, so that "Let's Talk Kingston
    Resident Panel" and "Let's Talk events" share "let's talk": lower-case key -> the whole
    name as written. A name's words may also be written as initials ("People & OD Strategy"
    for "People & Organisational Development Strategy"), so each stretch of a name's words
    counts as its initials too."""
    out = {}
    for run, written in _name_runs(text):
        for words in _with_initials(run):
            out |= {f"{a} {b}".lower().replace("’", "'"): written for a, b in zip(words, words[1:])}
    return out


def _name_runs(text: str) -> list[tuple[list[str], str]]:
    """Each name's words (joiners left out) and the name as the text writes it."""
    runs, run, start, end = [], [], 0, 0
    tokens = list(_NAME_TOKEN.finditer(text))
    for n, m in enumerate(tokens + [None]):
        t = m.group(0) if m else "."
        if t[0].isupper() and n > 0 and tokens[n - 1].group(0) not in ".;:!?\n":
            start, end = (start if run else m.start()), m.end()
            run.append(t)
        elif not (run and t.lower() in _NAME_JOINERS):
            if len(run) > 1:
                runs.append((run, text[start:end]))
            run = []
    return runs


def _with_initials(run: list[str]):
    yield run
    if len(run) > _NAME_WORDS:
        return  # a title-case line, not a name
    for a in range(len(run)):
        for b in range(a + 2, len(run) + 1):
            if b - a < len(run):
                yield run[:a] + ["".join(w[0] for w in run[a:b]).upper()] + run[b:]


def same_heading(hi: set[str], hj: set[str]) -> bool:
    """Do two sets of normalised headings share one? Headings are often re-punctuated
    between editions; a ratio of 90 keeps 'care' != 'cars'."""
    return bool(hi & hj) or any(fuzz.ratio(a, b) >= 90 for a in hi for b in hj)


def heading_share(ha: set[str], hb: set[str]) -> float:
    """The share of the smaller plan's headings (normalised) that the other plan also uses:
    near 1 for two editions of one plan, near 0 for plans of different kinds."""
    small, big = sorted((ha, hb), key=len)
    return sum(same_heading({h}, big) for h in small) / len(small) if small else 0.0


@dataclass(frozen=True)
class PairFeatures:
    context: float
    text: float  # cosine of text + milestones
    wording: float
    rare_words: float
    section: float
    entity: float
    shared: tuple[str, ...]
    names: tuple[str, ...] = ()  # names (`name_pairs`) that these two rows alone in their
    # two plans use, partners' names aside: what a reader recognises a renamed action by
    verbatim: bool = False  # one action's words (at least VERBATIM_WORDS) all recur in the other,
    # or its letters run on unbroken in the other's

    @cached_property  # read many times over while a council's links are decided
    def score(self) -> float:
        return min(1.0, sum(WEIGHTS[k] * getattr(self, k) for k in WEIGHTS) / _TOTAL)


class PairScorer:
    """Scores candidate pairs within one council; built once per council block."""

    def __init__(self, commitments: Sequence[Commitment], text_vecs: np.ndarray,
                 context_vecs: np.ndarray, plan_of: Sequence[int] | None = None):
        """`text_vecs` embed `full_text`, `context_vecs` embed `context_text`; `plan_of`
        numbers each row's plan (all rows are one plan when it is None)."""
        self.commitments = commitments
        self.text_vecs = text_vecs
        self.context_vecs = context_vecs
        self.words = [content_words(full_text(c)) for c in commitments]
        df = Counter(w for ws in self.words for w in ws)
        n = max(len(commitments), 1)
        # +1 smoothing: a word in every row still weighs a little, never zero or negative
        self.idf = {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()}
        self.weight = [sum(self.idf[w] for w in ws) for ws in self.words]
        # wording compares the action lines alone: milestones are lists, not rewordings
        self.sorted_words = [" ".join(sorted(content_words(c.text))) for c in commitments]
        # letters and digits only: PDF text splits words ("VA T", "lo wer") and spaces
        # punctuation ("on -site") differently in two printings of one plan
        self.letters = [norm(c.text).replace(" ", "") for c in commitments]
        self.entities = [set(entity_keys(c)) for c in commitments]
        self.names = [self._own_names(c) for c in commitments]
        plan_of = [0] * len(commitments) if plan_of is None else list(plan_of)
        uses = Counter((plan, key) for plan, names in zip(plan_of, self.names) for key in names)
        self.distinct = [{k for k in names if uses[(plan, k)] == 1} for plan, names in zip(plan_of, self.names)]
        self.owners = [{norm(o) for o in c.owners if norm(o)} for c in commitments]
        self.headings = [{norm(s) for s in c.section_path if norm(s)} for c in commitments]

    @staticmethod
    def _own_names(c: Commitment) -> dict[str, str]:
        """The names in a row's text and milestones but those of its partners: a council
        works with one partnership on many actions, so a shared partner says little of
        which action carried on ("South London Partnership")."""
        partners = {k for p in c.partners for k in name_pairs(f"with {p}")}
        return {k: v for k, v in name_pairs(full_text(c)).items() if k not in partners}

    @staticmethod
    def _both(a: str, b: str) -> str:
        return a if a == b else f"{a} / {b}"

    def cosines(self, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        i, j = pairs[:, 0], pairs[:, 1]
        text = np.einsum("ij,ij->i", self.text_vecs[i], self.text_vecs[j])
        ctx = np.einsum("ij,ij->i", self.context_vecs[i], self.context_vecs[j])
        return np.clip(text, 0, 1), np.clip(ctx, 0, 1)

    def features(self, i: int, j: int, text_cos: float, context_cos: float,
                 headings: bool = True) -> PairFeatures:
        """`headings`: whether the two plans' headings say anything of their rows (see
        graph.lineage._regrouped); if not, a shared heading counts for nothing."""
        wi, wj = self.words[i], self.words[j]
        lighter = min(self.weight[i], self.weight[j])
        rare = sum(self.idf[w] for w in wi & wj) / lighter if lighter else 0.0
        wording = (fuzz.token_set_ratio(self.sorted_words[i], self.sorted_words[j]) / 100
                   if self.sorted_words[i] and self.sorted_words[j] else 0.0)
        section = 1.0 if headings and self.same_section(i, j) else 0.0
        shared = tuple(sorted(self.entities[i] & self.entities[j]))
        short, long_ = sorted((self.letters[i], self.letters[j]), key=len)
        verbatim = (min(len(self.sorted_words[i].split()), len(self.sorted_words[j].split()))
                    >= VERBATIM_WORDS and (wording == 1.0 or short in long_))
        return PairFeatures(context=float(context_cos), text=float(text_cos), wording=wording,
                            verbatim=verbatim,
                            rare_words=rare, section=section, entity=1.0 if shared else 0.0,
                            shared=shared,
                            names=tuple(sorted({self._both(self.names[i][k], self.names[j][k])
                                                for k in self.distinct[i] & self.distinct[j]})))

    def same_section(self, i: int, j: int) -> bool:
        return same_heading(self.headings[i], self.headings[j])

    def evidence(self, i: int, j: int, f: PairFeatures) -> tuple[str, ...]:
        """Why the link was made, most telling first, then the two quotes."""
        a, b = self.commitments[i], self.commitments[j]
        ev = [f"embedding similarity {f.context:.2f} (with heading), {f.text:.2f} (text and milestones)",
              f"wording similarity {f.wording:.2f}, rare-word overlap {f.rare_words:.2f}"]
        ev += [f"shared {k.split(':', 1)[0]}: {k.split(':', 1)[1]}" for k in f.shared]
        ev += [f"shared name, used by no other row of either plan: {n}" for n in f.names]
        if f.section:
            ev.append(f"same section: {a.section_path[-1] if a.section_path else ''}")
        owners = self.owners[i] & self.owners[j]
        ev += [f"shared owner: {o}" for o in sorted(owners)]
        ev += [f"from quote: {a.text}", f"to quote: {b.text}"]
        return tuple(ev)
