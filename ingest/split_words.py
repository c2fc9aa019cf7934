"""Words the PDF text split in two ("lo wer", "infrastru cture", "PROGRESS UPD ATE"), and
table cells it glued together ("social housingEncourage", "Council houses.All").

Text extracted from PDFs breaks words where a glyph run ends, differently in each printing.
A pair of adjacent tokens is joined when the document writes the joined word whole at least
`MIN_WHOLE` times elsewhere and one of the two halves never stands apart from the other:
"upd" occurs only before "ate", and "update" is written whole. Two real words that also
make one ("be low", "a way") both occur on their own, so they stay apart, and so does a
name in two capitalised words ("South Lakeland"), which the PDF may glue elsewhere. The document is
its own dictionary: no word list to ship, and a council's own names ("Buckinghamshire",
"Wandsworth") are mended as well as English words.

The other way round, a table's cells lose the line break between them, so one cell's last
word runs into the next cell's first ("climate changeOngoing", "partner agenciesClimate").
A word glued to a capitalised one ("changeOngoing", "Carbon ManagementRelies") is split when
both stand alone elsewhere in the document; a name written that way on purpose ("eBay",
"YouTube") has a half too short or one that never stands alone.
"""
from __future__ import annotations

import re
from collections import Counter

from .per_document import once_per_document

MIN_WHOLE = 2
_WORD = re.compile(r"[A-Za-z]+")
# a token that is all letters, then at most closing punctuation ("ate.", "cture,")
_TOKEN = re.compile(r"([A-Za-z]+)([.,;:!?)]*)$")
# a cell's last word (or sentence end) run into the next cell's capitalised first word
_GLUED = re.compile(r"\b([A-Za-z][a-z]{2,})([A-Z][a-z]{2,})\b|\b([a-z]{2,}[.;:])([A-Z][a-z]+)\b")


class SplitWords:
    """Mends split words and glued cells in pieces of one document (`mend`), counting its
    words once."""

    def __init__(self, document: str):
        words = [w.lower() for w in _WORD.findall(document)]
        self.counts = Counter(words)
        self.pairs = Counter(zip(words, words[1:]))

    def _joins(self, a: str, b: str) -> bool:
        if b[0].isupper() and not b.isupper():
            return False  # "South Lakeland", "Green Spaces": a name in two words, even if glued elsewhere
        la, lb = a.lower(), b.lower()
        together = self.pairs[(la, lb)]
        if len(a) == 1 and a.isupper() and a not in "AIO" and b.islower():
            # "T o develop": a capital kerned apart from the rest of its word ("T" is, before
            # many words, so "t" stands alone often). Joined when the whole word is written
            # more often than the rest stands alone: "EPC Band B and" keeps its "B".
            return self.counts[la + lb] >= MIN_WHOLE and self.counts[lb] - together < self.counts[la + lb]
        return (self.counts[la + lb] >= MIN_WHOLE
                and min(self.counts[la], self.counts[lb]) <= together)

    def _unglue(self, m: re.Match) -> str:
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        stands_alone = self.counts[a.rstrip(".;:").lower()] and self.counts[b.lower()]
        return f"{a} {b}" if stands_alone else m.group(0)

    def mend(self, piece: str) -> str:
        tokens = _GLUED.sub(self._unglue, piece).split(" ")
        out: list[str] = []
        for tok in tokens:
            prev = out[-1] if out else ""
            m = _TOKEN.match(tok)
            if prev.isalpha() and m and self._joins(prev, m.group(1)):
                out[-1] = prev + tok
            else:
                out.append(tok)
        return " ".join(out)


# The reader (to read a header), the metadata (the title) and every row of one document mend
# with the same counts.
document_mender = once_per_document(SplitWords)
