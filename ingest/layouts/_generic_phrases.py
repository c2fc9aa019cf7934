"""Phrase tests for the generic reader: list markers, whether an item reads like a
commitment, refs, and a timescale written at the end of an action line.

Commitments in council plans open with an imperative ("Deliver", "Work with", "Install"),
its -ing form ("Developing a cross-service engagement model"), "To <verb>" (action tables
headed "Objective") or a pledge ("We will", "The Council will"). A word opens an action
when it is in VERBS, drawn from UK council climate and delivery plans (nothing in it is
specific to one council; it holds the verbs that are nouns too, "Support", "Plan",
"Transport", which plans do open actions with), or when English knows it only as a verb,
in its base form ("Rationalise"; "Buy" is a noun too): lemminflect's lexicon says which,
so an action opening with a verb no plan read so far used is not lost (Derby 2022:
"Add", "Rationalise", "Respond", "Become"). Names are verbs too in a lexicon ("Welsh
Government", "Peter Moore", "Rob White", "Ref. Theme"): such a verb followed by a
capitalised word counts only where the document also writes it in lower case.
"""
from __future__ import annotations

import collections
import contextlib
import contextvars
import functools
import re
from typing import Iterator

from ..dates import find_dates
from ..parties import ends_like_post, is_party

# A markdown heading ("## Housing"): it opens a section and ends any table above it.
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
VERBS = frozenset("""
achieve adapt address adopt advocate ask assist agree align allocate analyse appoint apply approve assess attract audit
baseline benchmark bid bring build calculate campaign carry celebrate challenge champion
change collaborate collate collect commission communicate complete conduct connect
consider consult continue contribute convene convert coordinate co-ordinate create
cut decarbonise declare deliver deploy design determine develop digitise double draft drive
educate electrify embed empower enable encourage end engage enhance ensure establish
evaluate examine expand explore extend facilitate finalise focus form formalise fund
generate grow harness help hold host identify implement improve incentivise include install
incorporate increase influence inform insulate integrate introduce invest investigate
launch lead lobby look maintain make manage map maximise measure minimise mobilise model
monitor move offer open operate optimise organise partner pilot phase plan plant
prepare present prioritise procure produce progress promote protect provide publish
purchase pursue put raise receive recruit recycle reduce refresh refurbish register
reinstate remove renew replace report require research resource restore retrofit reuse
review revise roll run scope secure seek set share signpost source specify start
strengthen submit support survey sustain switch take target test train transform transition
trial undertake update upgrade use utilise widen work write
""".split())
_PLEDGE = re.compile(
    r"^(?:we|we'll|we’ll|the council|the [a-z]+ council|council|[A-Z][a-z]+ (?:city |county |"
    r"district |borough )?council)\s+(?:will|shall|are going to|commit to|are committed to|"
    r"intend to|aim to|plan to|pledge to|propose to)\b", re.IGNORECASE)
# Imperatives addressed to the reader, not the council's actions ("See page 12", "Please
# refer to ...", "Find out more"), though English knows them only as verbs.
_TO_READER = frozenset("see please hear learn read find thank click imagine".split())
# Words after a first-word verb that show it is a noun or a statement ("Support is ...").
_NOT_IMPERATIVE = {"is", "are", "was", "were", "has", "have", "had", "will", "can", "may",
                   "should", "would", "could"}

# List markers seen in extracted PDFs: typographic bullets, Symbol-font bullets in the
# private use area (U+F0B7, U+F0D8, ...), dashes, 'o' used as a bullet, chevrons, and 'Æ',
# which is what a Wingdings arrow bullet becomes when its font is dropped (Haringey 2018).
_BULLET = re.compile(r"^(\s*)(?:[•●▪◦‣∙·\-\*–—»○■□➢➤►▶✓✔♦◆❖>\uf0a7\uf0ab\uf0b7\uf0d8\uf0fb"
                     r"\uf0fc\uf076\uf06c]|[oÆ](?=\s))\s*(?=\S)")
# Wingdings bullets whose font was dropped in extraction come out as plain letters: 'n'
# (a black square), 'l' (a disc), 'q' (a box), 'v' (a lozenge), 'ü' (a tick), 'Ø' (an
# arrow), '§' (a small square); the private-use forms above are the same glyphs with the
# font kept. A lone letter opens a line of prose too ("n Scheme below)"), so a letter is a
# bullet only in a document that opens FONT_DROPPED_MIN items with it.
_FONT_DROPPED = re.compile(r"^(\s*)([nlqvüØ§])(?=\s+[A-Z])")
FONT_DROPPED_MIN = 3
_NUMBERED = re.compile(
    r"^(\s*)\(?(?P<ref>(?:[A-Z]{1,4}[.-]?)?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?|[a-z]|[ivx]{1,4})"
    r"(?P<close>[.):]?)\s+(?=\S)")
_REF = re.compile(r"^\(?(?:[A-Z]{1,4}[ .-]?)?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?[.)]?$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
TIMESCALE = (r"(?:short|medium|long)(?:\s*[-–/]\s*(?:short|medium|long))?[\s-]+term|on-?going"
             r"|annual(?:ly)?|continuous|immediate(?:ly)?|tbc"
             rf"|(?:\d{{1,2}}-)?{_MONTH}-(?:20)?\d{{2}}"
             rf"|(?:(?:by|from|end of|before)\s+)?(?:(?:q[1-4]|{_MONTH}|spring|summer|autumn|winter)"
             r"\s+)?(?:19|20)\d{2}(?:\s*[-–/]\s*(?:20)?\d{2})?")
# A cell is set off by a gap or a full stop; a spreadsheet date ("31-Mar-22") is one anyway.
# The page number of a row that ends a page may follow its timescale cell ("... provide
# information.   Short term  17", Blaby District Council Climate Action Plan 2020).
_PAGE_NUMBER = r"(?:\s+\d{1,3})?"
_TRAILING = re.compile(rf"(?:\s{{2,}}|(?<=[.;)])\s*|\s(?=\d{{1,2}}-{_MONTH}-))(?P<t>{TIMESCALE}){_PAGE_NUMBER}\s*$",
                       re.IGNORECASE)
# A timescale cell set off by a single space is still a cell when it is written as a column
# heading writes it, capitalised after a lower-case word ("... nature conservation Ongoing",
# "... Government funding Short Term"): prose writes "ongoing" and "in the short term".
_TRAILING_CELL = re.compile(r"(?<=[a-z)]) (?P<t>On-?\s?going|(?:Short|Medium|Long)[\s-][Tt]erm|TBC)(?:\s?[-–])?"
                            + _PAGE_NUMBER + r"\s*$")
_TRAILING_BY = re.compile(rf"\s(?P<t>by\s+(?:(?:{_MONTH}|q[1-4])\s+)?(?:19|20)\d{{2}}(?:/\d{{2}})?)\s*$",
                          re.IGNORECASE)
_WIDE_GAP = re.compile(r"[ \t]{13,}")
_SPLIT_ITEMS = re.compile(r"\s*(?:[•»●▪\uf0b7]|;\s|\(\d{1,2}\)\s)\s*")


def font_dropped_bullets(lines: list[str]) -> list[str]:
    """`lines` with each font-dropped bullet letter the document uses as one (see
    _FONT_DROPPED) written as '•', keeping every line's length and so every offset."""
    used = collections.Counter(m.group(2) for ln in lines if (m := _FONT_DROPPED.match(ln)))
    glyphs = {g for g, n in used.items() if n >= FONT_DROPPED_MIN}
    if not glyphs:
        return lines
    inline = re.compile(rf"(?<!\S)[{''.join(sorted(glyphs))}](?=\s+[A-Z])")
    return [inline.sub("•", ln) for ln in lines]


def list_item(line: str) -> tuple[str | None, int] | None:
    """(ref, offset of the item's text) if `line` starts a list item; ref None for bullets."""
    m = _BULLET.match(line)
    if m:
        return None, m.end()
    m = _NUMBERED.match(line)
    if not m:
        return None
    ref, close = m.group("ref"), m.group("close")
    if (ref.isalpha() or "." not in ref and ref.isdigit()) and not close:
        return None  # "a Council ..." or a bare page number is no list marker
    return ref, m.end()


def strip_number(text: str) -> str:
    m = _NUMBERED.match(text)
    return text[m.end():] if m else text


# The lower-case words of the document being read (see `reading`).
_LOWER_WORDS: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("lower_words", default=frozenset())


@contextlib.contextmanager
def reading(text: str) -> Iterator[frozenset[str]]:
    """While a document is read: which words it writes in lower case (yielded too), for
    `is_verb` and the reader's own tests of a word."""
    words = frozenset(re.findall(r"\b[a-z]+\b", text))
    token = _LOWER_WORDS.set(words)
    try:
        yield words
    finally:
        _LOWER_WORDS.reset(token)


def is_verb(word: str, following: str = "") -> bool:
    """Does `word` (lower case) open an action, before the word `following`? See the
    module doc. An -ing form counts only through VERBS: English makes nouns of them
    ("Cycling proficiency training", "Networking opportunity") that no lexicon lists as nouns."""
    if _lemma(word) in VERBS:
        return True
    return (not following[:1].isupper() or word in _LOWER_WORDS.get()) and _only_a_verb(word)


@functools.lru_cache(maxsize=4096)
def _only_a_verb(word: str) -> bool:
    # imported here: lemminflect imports spaCy when it is installed (2 s), which commands
    # that never read a document should not pay
    import lemminflect

    lemmas = lemminflect.getAllLemmas(word)
    return word not in _TO_READER and set(lemmas) == {"VERB"} and word in lemmas["VERB"]


def _lemma(word: str) -> str:
    """'Developing' -> 'develop', 'Reducing' -> 'reduce', 'Planning' -> 'plan';
    'Redesign' -> 'design', 'Recommissioning' -> 'commission' (a verb done again)."""
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        for cand in (stem, stem + "e", stem[:-1]):
            if cand in VERBS:
                return cand
    if word.startswith("re") and word not in VERBS and len(word) > 5:
        again = _lemma(word[2:].lstrip("-"))
        if again in VERBS:
            return again
    return word


_LEAD_IN = re.compile(r"^(?:Where|Wherever|In addition|Additionally|Furthermore|As part of)\b[^,.;:]{0,50},\s+")
_KERNED_CAPITAL = re.compile(r"^([B-HJ-NP-Z]) (?=[a-z]+\b)")


def reads_like_commitment(text: str) -> bool:
    """Whether `text` opens the way an action does (imperative, -ing, 'To ...', 'We will')."""
    body = text.strip().lstrip("\"“‘'(")
    body = _KERNED_CAPITAL.sub(r"\1", body)  # "T o develop": the PDF kerned the capital apart
    # "Where feasible and cost effective, implement ...", "In addition, we will ...": the
    # action follows a short condition or link
    body = _LEAD_IN.sub("", body, count=1)
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", body[:120])
    if len(words) < 3:
        return False
    if not any(ch.islower() for ch in body[:120]):
        return False  # set in capitals: a heading or a label ("PROGRESS UPD ATE", split by the PDF)
    if _PLEDGE.match(body):
        return True
    first = words[0].lower()
    if first == "to" and is_verb(words[1].lower(), words[2]):
        return True
    if first in ("continue", "continuing") and words[1].lower() == "to":
        return True
    after = body[len(words[0]):].lstrip()
    number = re.match(r"\d[\d,.%]*\s*(\S?)", after)
    if (number and not number.group(1).islower()) or after[:1] in "-–—:":
        return False  # "Scope 1 (Direct emissions)", "REDUCE - consumables": labels
    return is_verb(first, words[1]) and words[1].lower() not in _NOT_IMPERATIVE


def looks_like_ref(text: str) -> bool:
    return bool(_REF.match(text.strip()))


def split_items(cell: str) -> list[str]:
    """A measures/milestones cell split at bullets, ';' and (1) (2) numbering."""
    parts = [p.strip(" .") for p in _SPLIT_ITEMS.split(cell)]
    return [p for p in parts if p] or [cell]


def trailing_target(text: str) -> tuple[str, tuple[str, ...]]:
    """An action line's timescale column, flattened onto its end by PDF extraction
    ("... to electric vehicles  Short term"), split off as a target; a closing "by 2030"
    stays in the text and is also given as a target."""
    # A gap is a gap however wide; searched unbounded, a line of 20,000 blanks took 100 s.
    text = _WIDE_GAP.sub(" " * 12, text)
    m = _TRAILING.search(text) or _TRAILING_CELL.search(text)
    if m and m.start() > 20:
        return text[:m.start()].rstrip(" ."), (m.group("t"),)
    m = _TRAILING_BY.search(text)
    if m:
        return text, (m.group("t"),)
    return text, ()


_DATE_CELL_WORDS = 8  # a timescale cell is short: "To be completed by 2030"
_RAG = re.compile(r"RED|AMBER|GREEN|Red|Amber|Green")


def leading_target(cells: str) -> tuple[str, ...]:
    """The timescale cell that opens `cells`, the text after a flattened row's action
    ("Ongoing - review at the end of March each year  Continued use of ...",
    "To be completed by 2030  Internal delivery ..."): its first cell when that is or
    holds a date or timescale. A cell of prose that mentions a year ("... by 2025 and for
    all vehicles by 2030") is no timescale cell."""
    first = _first_cell(cells)
    return (first,) if _timescale_cell(first) else ()


def opens_field_cell(cells: str) -> bool:
    """Does `cells` open with a cell a plan's table gives beside its action (a timescale,
    a date, an owner, a RAG status), rather than more of the action or a description?"""
    first = _first_cell(cells)
    return _timescale_cell(first) or _owner_like(first) or bool(_RAG.fullmatch(first.split(" ")[0]))


def _timescale_cell(cell: str) -> bool:
    return bool(re.match(TIMESCALE, cell, re.IGNORECASE)
                or (len(cell.split()) <= _DATE_CELL_WORDS and find_dates(cell, target_cell=True)))


def _first_cell(cells: str) -> str:
    return _CELL_GAP.split(cells.strip(), maxsplit=1)[0].strip(" -–")


def date_cell(line: str) -> bool:
    """A line holding nothing but a date or timescale ("March 2025", "2022", "Ongoing"):
    one cell of a table that PDF extraction flattened to one cell a line."""
    s = line.strip()
    if not s or len(s) > 30 or not (s[0].isupper() or s[0].isdigit()):
        return False  # "by 2030" on its own line ends the sentence above it
    if re.fullmatch(TIMESCALE, s, re.IGNORECASE):
        return True
    dates = find_dates(s, target_cell=True)
    return bool(dates) and dates[0].start == 0 and dates[-1].end == len(s)


_CELL_GAP = re.compile(r"\s{2,}")
# A council team named as the owner ("Property Services", "Planning Department").
_TEAM_ENDS = {"services", "department", "departments", "directorate"}


def trailing_cells(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Owner and date cells that PDF extraction ran onto the end of an action, two or more
    spaces apart ("... to offset climate change.  Finance Service  March 2022"): the action,
    the owner (None if none) and the dates. Every trailing segment must be a date, a
    timescale or a post, team or body, and the action must not stop mid-phrase, so spaced
    words inside a sentence ("upgrade our  Council  buildings") stay where they are."""
    segs = _CELL_GAP.split(text.strip())
    k = len(segs)
    while k > 1 and (date_cell(segs[k - 1]) or _owner_like(segs[k - 1])):
        k -= 1
    head, tail = "  ".join(segs[:k]), segs[k:]
    owners = [t for t in tail if not date_cell(t)]
    dates = tuple(t for t in tail if date_cell(t))
    if (not tail or len(owners) > 1 or len(head.split()) < 4 or ends_mid_sentence(head)
            or owners and not (dates or ends_like_post(owners[0])
                               or owners[0].split()[-1].lower() in _TEAM_ENDS)):
        return text, None, ()  # a lone name without a date must end like a post or a team
    return head, (owners[0] if owners else None), dates


# A sentence glued to its deadline cell, the owner and notes cells after it ("... deliver
# the action plan.2021 Carbon", "... procurement strategies.From 2021 All Services /
# Procurement To include ..."): Haringey Climate Change Action Plan 2019, flattened table
# "Action Deadline Action owner Notes". No space after the full stop marks the cell edge;
# a comma after the year marks a sentence ("... changes.By 2080, climate change may ...").
_GLUED_DUE = re.compile(r"(?<=[a-z)%]\.)(?P<t>(?:(?:[Ff]rom|[Bb]y|[Bb]efore)\s+)?(?:19|20)\d\d"
                        r"(?:\s*[-–]\s*(?:(?:19|20)?\d\d\b|[A-Z][a-z]+))?|[Oo]n-?going)(?![\w/,])\s*(?P<rest>.*)$")
_CELL_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_OPENS_NOTE = frozenset("in the to for this a an as at of on by with it there".split())
_FIELD_LABEL = re.compile(r"\b(?:Owner|Lead|Notes?|Responsible)\s*:")  # split_inline_fields reads those


def glued_cells(text: str) -> tuple[str, tuple[str, ...], str | None, str | None]:
    """An action whose deadline, owner and notes cells PDF extraction glued on after its
    full stop: (action, deadlines, owner, notes). The owner is the longest run of up to six
    words after the deadline that reads as a post, team or body; notes are what follows,
    when they are a sentence. Else (action, (), None, None) and `text` unchanged."""
    m = _GLUED_DUE.search(text)
    if not m or len(text[:m.start()].split()) < 4 or _FIELD_LABEL.search(m.group("rest")):
        return text, (), None, None
    rest = m.group("rest")
    # the owner cell glued to the notes cell ("Carbon ManagementThis will be ...")
    glue = _CELL_GLUE.search(rest)
    if glue and len(rest[:glue.start()].split()) <= 6 and is_party(rest[:glue.start()]):
        notes = rest[glue.start():].strip()
        return (text[:m.start()].rstrip(" ."), (m.group("t"),), rest[:glue.start()].strip(),
                notes if len(notes.split()) >= 4 else None)
    words = rest.split()
    # the notes open with a function word or a verb ("Carbon Management In the Council's
    # Constitution", "... Use S106 funding"): the owner stops before it
    limit = next((i for i, w in enumerate(words[:6]) if i and (w.lower() in _OPENS_NOTE or
                                                              _lemma(w.lower()) in VERBS)), min(6, len(words)))
    k = next((k for k in range(limit, 0, -1) if is_party(" ".join(words[:k]))), 0)
    notes = " ".join(words[k:])
    return (text[:m.start()].rstrip(" ."), (m.group("t"),), " ".join(words[:k]) or None,
            notes if len(words) - k >= 4 else None)


def _owner_like(segment: str) -> bool:
    """Two to six words, capitalised, no figures, not cut off mid-phrase, read as a post,
    team or body ("Finance Service", "Chief Finance Officer"); not a bare code ("A11")."""
    words = segment.split()
    return (2 <= len(words) <= 6 and segment[:1].isupper() and not re.search(r"\d|[(%]", segment)
            and not ends_mid_sentence(segment) and is_party(segment))


def clean_heading(line: str) -> str:
    return re.sub(r"\s+", " ", unglued(line.strip().strip("*_#")))


# "Objective H2 – Deliver a net zero carbon housing portfolio ...", "Priority 3: Homes":
# a numbered heading, however long, never part of the row above it (Haringey Climate
# Change Action Plan 2018 prints one straight after the last action of each objective).
_LABEL = (r"(?:Objective|Priority|Theme|Aim|Outcome|Goal|Workstream|Ambition|Pillar|Chapter|Section|"
          r"Strategic\s+(?:objective|priority|aim))")
_LABELLED_HEADING = re.compile(
    "^" + _LABEL + r"\s+(?:[A-Z]{1,2}\s?)?\d{1,2}(?:\.\d{1,2})*[a-z]?\s*[-–—:.]\s+[A-Z]")


# A page number PDF extraction ran into the heading after it ("Page 18 | 44Theme 2: How we
# travel", Kingston Climate Action Plan 2022): digits glued to a heading's label word.
_GLUED_PAGE_NUMBER = re.compile(r"^\d{1,3}(?=" + _LABEL + r"\s)")


def unglued(line: str) -> str:
    """`line` without a page number glued to the labelled heading it opens."""
    return _GLUED_PAGE_NUMBER.sub("", line.strip())


def labelled_heading(line: str) -> bool:
    return bool(_LABELLED_HEADING.match(unglued(line)))


# A wrapped line that stops on one of these runs on: "... that the Council's New Ways of" /
# "Working (NWOW) incorporates carbon reduction" is one cell, though its second line opens
# with a verb-like word (Haringey Climate Change Action Plan 2020, flattened table).
_RUNS_ON = re.compile(r"(?:[,(&/-]|\b(?:of|the|and|to|for|in|with|a|an|on|by|or|its|their|our|at|from|into|"
                      r"that|which|including|across|between|through))\s*$", re.I)


def ends_mid_sentence(line: str) -> bool:
    return bool(_RUNS_ON.search(line))


# A name's last word wrapped onto the next line: "... the draft Action" / "Plan, during the
# pandemic" and "... report on the Borough" / "Plan, which includes ..." (Haringey Climate
# Change Action Plan 2019-2024). "Plan" opens actions too, but not followed by a comma.
_NAME_TAIL = re.compile(r"(?:Plan|Strategy|Programme|Framework|Policy|Fund|Report|Partnership|Board)s?"
                        r"\b\)?\s*(?:[,.;:]|$)")
_CAPITALISED_END = re.compile(r"\b[A-Z][A-Za-z'’-]*\s*$")


def completes_name(before: str, line: str) -> bool:
    """Does `line` open with the last word of a name `before` ends on?"""
    return bool(_CAPITALISED_END.search(before) and _NAME_TAIL.match(line.strip()))
