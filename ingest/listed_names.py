"""Names the gazetteers in `ingest/gazetteer/` list: general UK public bodies, strategies,
places and indicator sets that the head-word rules cannot see ("GLA", "police",
"voluntary and community sector", "Surbiton")."""
from __future__ import annotations

import functools
import re
from pathlib import Path

from .lexicon import STOP, VERBS
from .name_text import NAME_GAP, TOKEN, Mention, extend, is_title, sentence_start, tidy

GAZETTEER = Path(__file__).parent / "gazetteer"
STOPS = VERBS | STOP


@functools.lru_cache(maxsize=None)
def gazetteer(name: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    """A case-sensitive pattern for names written with capitals and an insensitive one for
    lower-case sector terms ("voluntary and community sector")."""
    exact, loose = [], []
    for line in (GAZETTEER / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for alias in line.split("|"):
            alias = alias.strip()
            (exact if any(c.isupper() for c in alias) else loose).append(re.escape(alias))

    def build(alts: list[str], flags: int) -> re.Pattern | None:
        alts = sorted(set(alts), key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", flags) if alts else None

    return build(exact, 0), build(loose, re.I)


def is_listed_body(name: str) -> bool:
    """Is `name`, whole, a public body or sector in the gazetteer ("GOL", "Police")?"""
    return any(p is not None and p.fullmatch(name.strip()) for p in gazetteer("public_bodies.txt"))


def listed_kind(word: str) -> str | None:
    for kind, file in (("partners", "public_bodies.txt"), ("strategies", "strategies.txt"), ("places", "places.txt")):
        exact, _ = gazetteer(file)
        if exact is not None and exact.fullmatch(word):
            return kind
    return None


def find_listed(text: str, toks: list[re.Match], kind: str, file: str, starts: dict[int, int]) -> list[Mention]:
    found = []
    for exact, pattern in zip((True, False), gazetteer(file)):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            n = starts.get(start)
            if kind == "places":
                # "Reading the ..." : a one-word place opening a sentence may be a word
                if " " not in m.group(0) and (not text[:start].strip() or text[:start].rstrip()[-1] in ".!?\n"):
                    continue
                # a place name inside a longer title is part of that name ("Safer Kingston Partnership")
                if n is not None and n > 0 and is_title(toks[n - 1].group(0)) and \
                        NAME_GAP.match(text[toks[n - 1].end():start]) and not sentence_start(text, toks[n - 1].start()):
                    continue
                nxt = TOKEN.match(text, len(text[:end]) + len(text[end:]) - len(text[end:].lstrip()))
                if nxt and NAME_GAP.match(text[end:nxt.start()]) and is_title(nxt.group(0)):
                    continue
            elif n is not None and exact and kind == "partners":
                # take in a qualifier written before the body ("SW London Integrated Care System")
                k = n - 1
                while k >= 0 and is_title(toks[k].group(0)) and not toks[k].group(0)[:1].isdigit() \
                        and NAME_GAP.match(text[toks[k].end():toks[k + 1].start()]) \
                        and "(" not in text[toks[k].end():toks[k + 1].start()] \
                        and toks[k].group(0).lower() not in STOPS and not toks[k].group(0).endswith(("ed", "ing")):
                    start = toks[k].start()
                    k -= 1
                end = extend(text, end, head_is_title=False)
            quote = text[start:end]
            found.append(Mention(kind, tidy(quote), start, end, quote))
    return found
