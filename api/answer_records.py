"""What an answer is made of: cited commitments (with their quote, document, section and
lines, from api.quotes) and the answer itself, as the CLI and the API print them."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .quotes import location, quote


@dataclass(frozen=True)
class Cited:
    """A commitment named in an answer, with the words that back it."""

    id: str
    document: str
    text: str
    quote: str
    section: tuple[str, ...]
    line_start: int | None
    line_end: int | None
    why: str = ""
    score: float | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    shape: str
    commitments: tuple[Cited, ...]
    paths: tuple[dict, ...] = ()
    entities: tuple[dict, ...] = ()

    def as_json(self) -> dict:
        d = asdict(self)
        d["commitments"] = [{**c, "section": list(c["section"])} for c in d["commitments"]]
        d["paths"], d["entities"] = list(self.paths), list(self.entities)
        return d


def cite(gen, cid: str, why: str = "", score: float | None = None) -> Cited:
    c = gen.commitments[cid]
    loc = location(c)
    return Cited(c.id, c.document, c.text, quote(c, gen.documents.get(c.document)),
                 tuple(c.section_path), loc["line_start"], loc["line_end"], why, score)
