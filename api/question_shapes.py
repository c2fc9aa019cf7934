"""The shape of a question: which of the usual wordings it uses and what it is about.

`parse_question("what links climate action to housing retrofit")` gives
`Shape("link", "climate action", "housing retrofit")`; api.answer routes each shape to the
graph query that answers it (paths, owners, targets, partners, lineage) and anything else
to plain hybrid search. Regular expressions over the wordings officers use, no model:
answers must work offline and say exactly why a question was read as it was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Shape:
    """What a question asks: its kind and the phrases it is about."""

    kind: str                 # "link" | "owner" | "due" | "status" | "partner" | "since" | "late" | "search"
    subject: str = ""
    other: str = ""           # the Y of "what links X to Y"
    partner: str = ""
    year: int | None = None


_LINK_VERB = r"(?:connect(?:s|ed)?|relate(?:s|d)?|tie(?:s|d)?|link(?:s|ed)?|fit(?:s)?)"
_TO = r"(?:in\s*to|into|to|with|up\s+with|in\s+with)"
_SHAPES: list[tuple[str, re.Pattern]] = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in [
    ("link", r"^(?:what|which\s+\w+)\s+(?:links|connects|ties|joins|bridges)\s+(?P<x>.+?)\s+(?:to|and|with)\s+(?P<y>.+)$"),
    ("link", r"^(?:what(?:'s|\s+is|\s+are)\s+)?(?:is\s+there\s+)?(?:an?\s+|the\s+)?(?:links?|connections?|relationships?|overlaps?)\s+between\s+(?P<x>.+?)\s+and\s+(?P<y>.+)$"),
    ("link", rf"^how\s+(?:do|does|did|is|are|can|could|should)\s+(?P<x>.+?)\s+{_LINK_VERB}\s+{_TO}\s+(?P<y>.+)$"),
    ("link", r"^(?:where|how)\s+do(?:es)?\s+(?P<x>.+?)\s+and\s+(?P<y>.+?)\s+(?:overlap|meet|intersect|connect|interact|link\s+up|come\s+together)$"),
    ("link", r"^how\s+(?:are|is)\s+(?P<x>.+?)\s+and\s+(?P<y>.+?)\s+(?:connected|linked|related|tied\s+together)$"),
    ("owner", r"^who\s+(?:owns|leads(?:\s+on)?|is\s+responsible\s+for|is\s+in\s+charge\s+of|is\s+accountable\s+for|delivers|runs|is\s+the\s+lead\s+(?:officer\s+)?(?:for|on))\s+(?P<x>.+)$"),
    ("due", r"^(?:when|by\s+when)\s+(?:is|are|will|does|do|should)\s+(?P<x>.+?)(?:\s+(?:be\s+)?(?:due|delivered|completed?|done|ready|finished|open(?:ed)?|start(?:ed)?|happen|launch(?:ed)?))?$"),
    ("due", r"^what\s+is\s+the\s+(?:deadline|target\s+date|due\s+date|timescale)\s+(?:for|of)\s+(?P<x>.+)$"),
    ("status", r"^what(?:'s|\s+is)\s+the\s+(?:status|progress|latest)\s+(?:of|on|with)\s+(?P<x>.+)$"),
    ("status", r"^how\s+(?:is|are)\s+(?P<x>.+?)\s+(?:progressing|going|getting\s+on|coming\s+along)$"),
    ("partner", r"^(?:what|how)\s+(?:are|is)\s+(?:we|the\s+council)\s+(?:doing|working)\s+with\s+(?P<p>.+?)\s+(?:on|about|for|around|over)\s+(?P<x>.+)$"),
    ("late", r"^(?:which|what)\s+(?:(?P<x>.+?)\s+)?(?:actions?|commitments?|deadlines?|projects?|targets?|promises?|work)?"
             r"\s*(?:(?:are|is|have|has)\s+(?:been\s+)?)?(?:behind(?:\s+schedule)?|slipped|delayed|late|overdue|"
             r"running\s+late|off\s+track)(?:\s+(?:on|for|in|about|with)\s+(?P<y>.+))?$"),
    ("late", r"^(?:show\s+(?:me\s+)?|list\s+)?(?:the\s+|all\s+)?(?:slipped\s+deadlines|slips|delays|late\s+actions)"
             r"(?:\s+(?:on|for|in|about|with)\s+(?P<y>.+))?$"),
    ("since", r"^what(?:'s|\s+has)?\s+happened\s+(?:to|with)\s+(?P<x>.+?)(?:\s+since\s+(?P<year>(?:19|20)\d\d))?$"),
    ("since", r"^how\s+(?:has|have)\s+(?P<x>.+?)\s+(?:changed|evolved|developed|progressed|moved\s+on)(?:\s+over\s+(?:time|the\s+years))?(?:\s+since\s+(?:the\s+)?(?P<year>(?:19|20)\d\d)\b.*)?$"),
    ("since", r"^(?:has|have|did)\s+(?P<x>.+?)\s+(?:slipped|slip|been\s+delayed|been\s+dropped|disappeared|vanished)(?:\s+since\s+(?P<year>(?:19|20)\d\d))?$"),
    ("since", r"^what\s+(?:did|have)\s+we\s+(?:promised?|committed?(?:\s+to)?|said)\s+(?:about|on|to)\s+(?P<x>.+?)(?:\s+(?:in|since|from)\s+(?P<year>(?:19|20)\d\d)\b.*)?$"),
    ("since", r"^trace\s+(?P<x>.+?)(?:\s+(?:from|since)\s+(?P<year>(?:19|20)\d\d)\b.*)?$"),
    ("since", r"^what(?:'s|\s+has|\s+have)?\s+changed\s+(?:in|about|with|for|on)\s+(?P<x>.+?)"
              r"(?:\s+(?:since|from|between)\s+(?P<year>(?:19|20)\d\d)\b.*)?$"),
]]


# Words of a "what has slipped" question that say nothing about its topic.
_LATE_FILLER = frozenset("""actions action commitments commitment deadlines deadline projects project
targets target promises promise work are is have has been the our of""".split())


def parse_question(question: str) -> Shape:
    """The shape of a question (regular expressions over the usual wordings)."""
    q = " ".join(question.strip().rstrip("?.! ").split())
    for kind, rx in _SHAPES:
        m = rx.match(q)
        if not m:
            continue
        g = m.groupdict()
        x = (g.get("x") or "").strip()
        if kind == "link":
            return Shape("link", x, (g.get("y") or "").strip())
        if kind == "partner":
            return Shape("partner", x, partner=(g.get("p") or "").strip())
        if kind == "late":  # "which retrofit actions have slipped", "what is delayed on housing"
            words = f"{x} {g.get('y') or ''}".split()
            topic = [w for w in words if w.lower() not in _LATE_FILLER]
            return Shape("late", " ".join(topic))
        year = int(g["year"]) if g.get("year") else None
        return Shape(kind, x, year=year)
    return Shape("search", q)


# The first word of "East Riding of Yorkshire" or "North Somerset" names no council alone.
_NOT_A_NAME = frozenset("east west north south mid central new great greater city county royal".split())


def named_council(question: str, publishers, ordinary: frozenset[str] | None = None
                  ) -> tuple[tuple[str, ...], str] | None:
    """The council of `publishers` a question names by its place, and the words of the
    question that name it ("what is Reading doing on EV charging" -> (("Reading Borough
    Council",), "Reading")); None for none, or for two ("Reading and Moray compared").
    A place is its ONS name, its aliases ("Hull"), the area an authority's title is about
    ("Greater Manchester") and the first word of a longer name ("Kingston" for Kingston
    upon Thames); a place inside a longer one the question writes ("Manchester" in
    "Greater Manchester") does not count. A place several councils share ("Kingston": upon
    Thames or upon Hull) names all of them, when the question names no council of its own.
    It counts as written with its capitals, or (given `ordinary`, the words the plans write
    in lower case) in lower case when none of its words is ordinary: "kingston" is
    Kingston, "reading" is the verb. Publishers that write one council differently ("Hull
    City Council", "Kingston upon Hull City Council") are one council
    (`graph.lineage.publisher_key`)."""
    from graph.lineage import publisher_key
    from ontology.authorities import authorities, authority_of, key as place_key, place_of

    owners: dict[str, set[str]] = {}  # a form -> the councils (keys) it names
    written: dict[str, str] = {}      # a council's key -> a name of it the plans write
    for pub in sorted(filter(None, publishers)):
        area, key = authority_of(pub), publisher_key(pub)
        written.setdefault(key, pub)
        forms = set(area.forms) if area else {place_of(pub)}
        if area and authorities().get(place_key(place_of(area.forms[0]))) == area:
            forms.add(place_of(area.forms[0]))  # "Greater Manchester"; not "London" for the City
        forms |= {f.split()[0] for f in forms if " " in f and f.split()[0].lower() not in _NOT_A_NAME}
        for form in forms | {pub}:
            owners.setdefault(form, set()).add(key)
    found = []  # (start, end, the councils' keys) of each place the question writes
    for form, keys in owners.items():
        if len(form) <= 2:
            continue
        lower_ok = ordinary is not None and not any(w in ordinary for w in re.findall(r"[a-z]+", form.lower()))
        m = re.search(rf"\b{re.escape(form)}\b", question, re.I if lower_ok else 0)
        if m:
            found.append((m.start(), m.end(), frozenset(keys)))
    found = [(s, e, keys) for s, e, keys in found
             if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in found)]
    named = {keys for _, _, keys in found}
    sole = {keys for keys in named if len(keys) == 1}
    if len(sole) > 1 or not sole and len(named) != 1:
        return None
    keys = next(iter(sole or named))
    if any(not keys <= other for other in named):
        return None  # "Reading and Kingston": a council and a shared place beside it
    words = max((question[s:e] for s, e, k in found if k == keys), key=len)
    return tuple(written[k] for k in sorted(keys, key=lambda k: written[k])), words


def without_council(shape: Shape, words: str) -> Shape:
    """The shape with the council's name taken out of what it is about ("Reading's
    slipped actions" is about slipped actions, in Reading's plans)."""
    rx = re.compile(rf"\b(?:in\s+|of\s+|for\s+|by\s+)?{re.escape(words)}(?:'s|’s)?\b\s*")

    def strip(phrase: str) -> str:
        return " ".join(rx.sub(" ", phrase).split())

    return replace(shape, subject=strip(shape.subject), other=strip(shape.other))
