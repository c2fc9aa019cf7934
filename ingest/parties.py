"""Split an owner or 'monitored by' cell into one string per post, team or body.

Plans list owners with '/', ',', ';', '&' and 'and' between them, but the same marks also sit
inside a single post title ("Director of Transformation & Insight", "Policy Officer,
Partnerships & Workforce Development Team", "Divisional Mgr; Central Services"). A mark
splits only where both sides read as a whole post, team or body on their own (SCHEMA.md
section 1: "split 'Sarah Ireland / Stephen Evans' into two").
"""
from __future__ import annotations

import re

from .dates import find_dates

# Words that end a post, team or body name ("Human Resources Manager", "Arts Team").
_POST_END = {
    "manager", "managers", "mgr", "officer", "officers", "director", "directors", "team", "teams",
    "unit", "lead", "co-ordinator", "coordinator", "adviser", "advisor", "executive", "board",
    "group", "forum", "committee", "commissioner", "commissioners", "inspector", "chair", "leader",
    "agency", "trust", "partnership", "council", "cabinet", "panel", "network", "service",
    "sub-group", "subgroup", "secretary", "clerk", "worker", "workers", "champion", "consultant",
    "specialist", "analyst", "administrator", "controller", "principal", "head", "heads", "slt",
    "dmt", "cmt", "committees", "boards", "groups", "forums", "trusts",
    "agencies", "panels", "networks",
}
# Words that open a post title ("Head of ...", "Chief ...", "Cllr ...").
_POST_START = re.compile(
    r"^(?:the\s+)?(?:head|heads|director|directors|executive\s+director|assistant\s+director|"
    r"deputy|chief|corporate\s+head|strategic\s+director|cllr|councillor|leader|all|interim|"
    r"joint\s+director|senior|lead|portfolio\s+holder|cabinet\s+member|chair|dir|"
    r"directorate\s+head)\b", re.I)
# Posts held by a person, as against units: after "Policy Officer," a second person-post
# ("Participation Officers") is a second owner, a unit ("Partnerships Team") is the domain.
_PERSON_POST = {"officer", "officers", "manager", "managers", "director", "directors",
                "co-ordinator", "coordinator", "adviser", "advisor", "inspector", "lead"}
# Single words that name a body by themselves ("DMT, ESSG, CDT, CLSG & Executive").
_BODY_WORDS = {"executive", "cabinet", "council", "police", "nhs"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}s?$")
_PERSON = re.compile(r"^(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}$")


def _words(s: str) -> list[str]:
    return re.findall(r"[\w'’-]+", s)


def _is_acronym(s: str) -> bool:
    return bool(_ACRONYM.match(s.strip()))


def ends_like_post(s: str) -> bool:
    w = _words(re.sub(r"\([^)]*\)\s*$", "", s).strip())
    return bool(w) and (w[-1].lower() in _POST_END and len(w) > 1 or w[-1].lower() in _BODY_WORDS
                        or len(w) == 1 and _is_acronym(w[0]))


def is_party(s: str) -> bool:
    """Does `s` read as a whole post, team, body or person on its own?
    A joined list ("ESSG & CDT") counts when its first or last member does."""
    s = s.strip()
    if not s:
        return False
    conjuncts = [p for _, p in _top_level_pieces(s, _JOIN)]
    if len(conjuncts) > 1 and (_is_acronym(conjuncts[0].strip()) or is_party(conjuncts[-1])):
        return True
    if (ends_like_post(s) or bool(_POST_START.match(s)) and len(_words(s)) > 1
            or _is_acronym(s) or bool(_PERSON.match(s)) and len(_words(s)) >= 2):
        return True
    run = _split_run(s)  # "Safer Kingston Partnership GOL": two bodies without a mark
    return len(run) > 1 and all(is_party(p) for p in run)


def _bare_post(s: str) -> bool:
    """A post with no domain yet ("Policy Officer", "Divisional Mgr", "Principal"): a comma
    after it usually introduces the domain ("Policy Officer, Partnerships Team")."""
    w = _words(s)
    return bool(w) and w[-1].lower() in {"officer", "manager", "mgr", "head", "principal", "director", "lead"} \
        and " of " not in s


def _should_split(left: str, sep: str, right: str) -> bool:
    if not left.strip() or not right.strip():
        return False
    if right[:1].islower() and not right.lower().startswith("the ") and not (
            sep in ("&", "and") and ends_like_post(left) and ends_like_post(right)):
        return False
    if sep in ("/", "\n", "+"):
        return True
    right = re.sub(r"^the\s+", "", right.strip(), flags=re.I)
    if sep in (",", ";"):
        if _bare_post(left):
            last = _words(re.sub(r"\([^)]*\)", "", right))
            return bool(_POST_START.match(right)) or bool(last) and last[-1].lower() in _PERSON_POST
        return is_party(right) or bool(_POST_START.match(right))
    if re.match(_POST_START.pattern + r"\s+(?:\w+\s+)?of\b", right, re.I) and len(_words(left)) >= 2:
        return True  # "... and Directorate Head of Prevention"
    # '&' / 'and' join words inside a title unless both sides stand alone.
    if _PERSON.match(left.strip()) and _PERSON.match(right.strip()) \
            and len(_words(left)) >= 2 and len(_words(right)) >= 2 \
            and not ends_like_post(left) and not ends_like_post(right):
        return True
    left_whole = ends_like_post(left) or _is_acronym(left.strip()) or bool(
        re.match(r"^(?:the\s+)?(?:head|director|chief|corporate head)\s+of\b", left.strip(), re.I))
    return left_whole and (ends_like_post(right) or bool(_POST_START.match(right)) or _is_acronym(right.strip()))


def _top_level_pieces(text: str, separator: re.Pattern) -> list[tuple[str, str]]:
    """(separator-before, piece) pairs, ignoring separators inside brackets."""
    depth_at, depth = [], 0
    for ch in text:
        depth_at.append(depth)
        depth = max(depth + (ch in "([") - (ch in ")]"), 0)
    pieces: list[tuple[str, str]] = []
    sep, last = "", 0
    for m in separator.finditer(text):
        if depth_at[m.start(1)] or m.start() < last:
            continue
        pieces.append((sep, text[last:m.start()]))
        sep, last = m.group(1), m.end()
    pieces.append((sep, text[last:]))
    return pieces


def _split_level(text: str, separator: re.Pattern) -> list[str]:
    merged: list[str] = []
    for sep, piece in _top_level_pieces(text, separator):
        if merged and not _should_split(merged[-1], sep, piece):
            joiner = f"{sep} " if sep in (",", ";") else f" {sep} "
            merged[-1] = merged[-1].rstrip() + joiner + piece.strip()
        else:
            merged.append(piece)
    return merged


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" \t,;:-–.")
    s = re.sub(r"^(?:lead|owner|lead officer|responsible)\s*:\s*", "", s, flags=re.I)
    return re.sub(r"^the\s+(?=\w+\s+team$|[A-Z]{2,}\b)", "", s, flags=re.I)


_STRONG = re.compile(r"\s*(/|\n|\+)\s*")
_LIST = re.compile(r"\s*(;|,)\s*")
_JOIN = re.compile(r"\s+(&|and)\s+")
_TIMESCALE_WORD = re.compile(r"(?:^|\s[-–]?\s*)((?:on[\s-]?going|annual(?:ly)?|quarterly|continuous|as required)\b.*)$", re.I)


def _cut_timescale(piece: str) -> tuple[str, str | None]:
    """'Chief Policy Officer On-going' -> ('Chief Policy Officer', 'On-going')."""
    m = _TIMESCALE_WORD.search(piece)
    cut = m.start(1) if m else None
    dates = find_dates(piece, target_cell=True)
    if dates and (cut is None or dates[0].start < cut):
        cut = dates[0].start
    if cut is None:
        return piece, None
    when = piece[cut:].strip()
    if dates and cut == dates[0].start and len(_words(piece[dates[0].end:])) > 2:
        when = None  # "Housing Strategy Statement 2007-2010 currently consultation draft": a note
    return piece[:cut], when


_RUN_HEAD = {"partnership", "board", "group", "network", "committee", "team", "unit", "forum",
             "agency", "trust", "manager", "officer", "commissioning", "services"}


# Last words of a post's domain rather than of a second party ("Manager Safeguarding Service").
_DOMAIN_END = {"service", "services", "team", "unit", "division", "section"}
# Ranks that open a post title ("Strategic Manager", "Senior Officer").
_RANKS = {"Strategic", "Senior", "Principal", "Assistant", "Deputy", "Chief", "Lead", "Interim"}


def _split_run(party: str) -> list[str]:
    """Split names the source ran together without a mark: "Kingston Strategic Partnership
    Safer Kingston Partnership", "DMT Cultural Network", "Cultural Network DMT"."""
    words = party.split()
    if "(" in party or len(words) < 2:
        return [party]
    for i in range(1, len(words) - 1):
        if words[i].lower() in _RUN_HEAD and words[i + 1][:1].isupper():
            rest = " ".join(words[i + 1:])
            if words[i].lower() in _PERSON_POST and words[-1].lower() in _DOMAIN_END:
                continue  # "Strategic Manager Safeguarding Service": the service is the domain
            if _is_acronym(rest) or len(words) - i - 1 >= 2 and (
                    ends_like_post(rest) or _is_acronym(words[i + 1])) \
                    or len(words) - i - 1 >= 3 and _POST_START.match(rest) and " of " in rest:
                # "... Central Services Head of Housing Management"
                return [*_split_run(" ".join(words[:i + 1])), *_split_run(rest)]
        # "Principal Inspector for School Improvement Strategic Manager Looked After Services":
        # a rank and a post noun after a post with its domain open a second post
        if i >= 3 and words[i + 1] in _RANKS and i + 2 < len(words) and words[i + 2].lower() in _PERSON_POST \
                and any(w.lower() in _PERSON_POST for w in words[:i]) and words[i][:1].isupper():
            return [*_split_run(" ".join(words[:i + 1])), *_split_run(" ".join(words[i + 1:]))]
    # a leading body acronym before a second name ("DMT Cultural Network"); a two-letter one
    # usually qualifies the name after it ("SP Core Strategy Group")
    if _is_acronym(words[0]) and len(words[0]) >= 3 and (
            _is_acronym(words[1]) or words[1][:1].isupper() and len(words) >= 3):
        return [words[0], " ".join(words[1:])]
    if _is_acronym(words[-1]) and words[-2].lower() in _RUN_HEAD:
        return [" ".join(words[:-1]), words[-1]]
    return [party]


def split_parties(text: str | None) -> tuple[list[str], list[str]]:
    """The parties named in an owner / monitored-by cell, and any timescales mixed in.

    "Kingston Strategic Partnership / Chief Policy Officer On-going" gives
    (["Kingston Strategic Partnership", "Chief Policy Officer"], ["On-going"]).
    """
    if not text or not text.strip():
        return [], []
    parties: list[str] = []
    timescales: list[str] = []
    # A timescale often trails the whole cell ("... / Chief Policy Officer On-going").
    text, when = _cut_timescale(text)
    text = _clean(text)
    if when:
        timescales.append(_clean(when))
    for strong in _split_level(text, _STRONG):
        for item in _split_level(strong, _LIST):
            for part in _split_level(item, _JOIN):
                name, when = _cut_timescale(part)
                name = _clean(name)
                if when:
                    timescales.append(_clean(when))
                if name:
                    parties.extend(_split_run(name))
    return parties, timescales
