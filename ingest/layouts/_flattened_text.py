"""The text model behind the flattened-table reader (ingest/layouts/flattened_table.py):
pages, target labels, paragraphs, the action/measure split and milestone clauses."""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from ._clauses import OPEN_WORDS, split_clauses

log = logging.getLogger(__name__)

# A labelled target closes a row; the label may be broken over a line ("Target \ndelivery:").
TARGET_LABEL = re.compile(
    r"\b(?:target\s+(?:delivery|date|completion(?:\s+date)?)|completion\s+date|delivery\s+date"
    r"|due\s+date|deadline|timescales?)\s*:", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Target values as councils write them: "Mar 2024", "31/09/2023", "Spring 2024", "Q3 2023/24",
# "Ongoing", optionally with a note in brackets ("Mar 2024 (50%)").
_VALUE = re.compile(
    r"(?:(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})"
    r"|(?:(?:early|mid|late|end(?:[ \t]+of)?)[ \t]+)?" + _MONTH + r"(?:[ \t]+(?:\d{4}|\d{2})\b)?"
    r"|(?:spring|summer|autumn|winter)(?:[ \t]+\d{4}(?:/\d{2})?)?"
    r"|q[1-4](?:[ \t]+\d{4}(?:/\d{2})?)?"
    r"|\d{4}(?:/\d{2,4})?"
    r"|ongoing|continuous|annual(?:ly)?|quarterly|monthly|tbc|tbd)"
    r"(?:[ \t]*\([^)\n]{0,20}\))?", re.I)
_BARE_MONTH = re.compile(r"(?:(?:early|mid|late|end(?:\s+of)?)\s+)?" + _MONTH + r"$", re.I)
# The document's own row number, when the action cell starts with one ("3.2 Deliver ...").
REF = re.compile(r"(\d{1,2}(?:\.\d{1,2})+[a-z]?|\d{1,2}[a-z]?[.)])\s+(?=[A-Z])")
_HEADER_WORDS = {"action", "actions", "activity", "activities", "measure", "measures",
                 "milestone", "milestones", "metric", "metrics", "target", "targets",
                 "progress", "outcome", "outcomes", "lead", "owner", "timescale", "timescales",
                 "deliverable", "deliverables", "kpi", "status", "success"}
# Imperative verbs that open actions; headings are noun phrases and rarely start with one.
_VERBS = set("""deliver develop implement support work ensure review promote provide increase
improve complete continue create establish produce publish commission recommission refresh
retrofit mobilise mobilize raise become make meet enhance drive adopt launch embed expand take
build transform enable explore tackle reduce encourage maintain undertake identify agree
introduce invest install secure set seek use lobby engage monitor consult prepare carry assess
investigate procure upgrade roll extend help plan pilot offer strengthen progress contribute
achieve protect lead respond design deliver coordinate co-ordinate facilitate conduct
explore measure trial update plant hold run appoint recruit train replace convert purchase
fund grow restore open begin start commence finalise finalize approve submit apply partner
collaborate campaign educate inform audit map survey research evaluate report refurbish insulate
decarbonise decarbonize electrify switch generate""".split())
_WORD = re.compile(r"\S+")


def header_lines(lines: list[str]) -> set[int]:
    """Indices of the table's header rows: a line naming several column headings that
    repeats (once per page), or one naming at least three."""
    counts: dict[str, int] = {}
    for ln in lines:
        key = " ".join(ln.split()).lower()
        if key:
            counts[key] = counts.get(key, 0) + 1
    out = set()
    for i, ln in enumerate(lines):
        key = " ".join(ln.split()).lower()
        if not key or len(key) > 150 or TARGET_LABEL.search(ln):
            continue
        hits = len(set(re.findall(r"[a-z]+", key)) & _HEADER_WORDS)
        if counts[key] >= 2 and hits >= 2:
            out.add(i)
        elif hits >= 3 and len(key) <= 100 and key[-1] not in ".;,:":  # a one-page table
            out.add(i)
    return out


@dataclass(frozen=True)
class Seg:
    """One line's worth of text [start, end) inside the document; `soft` when the line
    was wrapped by the column width rather than ended by the author."""

    start: int
    end: int
    soft: bool


Para = list[Seg]


@dataclass(frozen=True)
class Target:
    label_start: int
    value_start: int
    end: int
    value: str


class Doc:
    """One flattened document with the measurements the cutting rules need."""

    def __init__(self, text: str):
        self.text = text
        self.lines: list[tuple[int, int]] = []
        pos = 0
        for ln in text.split("\n"):
            self.lines.append((pos, pos + len(ln)))
            pos += len(ln) + 1
        self._starts = [s for s, _ in self.lines]
        raw = [text[s:e] for s, e in self.lines]
        self.headers = header_lines(raw)
        filled = [ln for ln in raw if ln.strip()]
        # pdftotext-style output keeps a trailing space on lines the column wrapped.
        self.trailing_space = sum(ln != ln.rstrip() for ln in filled) >= 0.2 * max(1, len(filled))
        sample = sorted(len(ln.rstrip()) for ln in filled
                        if ln != ln.rstrip() or not self.trailing_space)
        self.width = sample[int(len(sample) * 0.8)] if sample else 80
        self._words: set[str] | None = None
        self.targets = self._find_targets()

    # -- pages and targets -------------------------------------------------------------
    def pages(self):
        """Char ranges between repeated table headers (the text before the first counts)."""
        start = 0
        for i in sorted(self.headers):
            s, e = self.lines[i]
            if s > start:
                yield start, s
            start = e
        yield start, len(self.text)

    def targets_between(self, start: int, end: int) -> list[Target]:
        return [t for t in self.targets if start <= t.label_start < end]

    def _find_targets(self) -> list[Target]:
        out = []
        for m in TARGET_LABEL.finditer(self.text):
            vs = m.end()
            eol = self.text.find("\n", vs)
            eol = len(self.text) if eol < 0 else eol
            rest = self.text[vs:eol]
            if not rest.strip() and eol < len(self.text):  # value on the next line
                vs = eol + 1
                eol = self.text.find("\n", vs)
                eol = len(self.text) if eol < 0 else eol
                rest = self.text[vs:eol]
            vs += len(rest) - len(rest.lstrip())
            rest = rest.strip()
            vm = _VALUE.match(rest)
            if vm:
                end = vs + vm.end()
                value = vm.group(0)
                nxt = re.match(r"\s*\n[ \t]*(\d{4}|\d{2})\b", self.text[end:])
                if _BARE_MONTH.match(value) and nxt:  # "Mar \n2024"
                    end += nxt.end()
                    value = f"{value} {nxt.group(1)}"
            else:
                end, value = vs + len(rest), rest
            out.append(Target(m.start(), vs, end, " ".join(value.split())))
        return out

    # -- paragraphs --------------------------------------------------------------------
    def paragraphs(self, start: int, end: int) -> list[Para]:
        """Non-blank line pieces of text[start:end], grouped at blank lines; page numbers
        and other bare numbers are dropped."""
        paras: list[Para] = []
        cur: Para = []
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        for i in range(first, len(self.lines)):
            ls, le = self.lines[i]
            if ls >= end:
                break
            if le < start:
                continue
            s, e = max(ls, start), min(le, end)
            piece = self.text[s:e]
            if not piece.strip() or i in self.headers:
                if cur and (ls >= start and le <= end):
                    paras.append(cur)
                    cur = []
                continue
            s += len(piece) - len(piece.lstrip())
            e -= len(piece) - len(piece.rstrip())
            cur.append(Seg(s, e, self._soft(i)))
        if cur:
            paras.append(cur)
        return [p for p in paras if not re.fullmatch(r"(page\s*)?\d+(\s*of\s*\d+)?",
                                                     self.para_text(p), re.I)]

    def _soft(self, i: int) -> bool:
        s, e = self.lines[i]
        line = self.text[s:e]
        if self.trailing_space:
            return line != line.rstrip()
        nxt = self.text[self.lines[i + 1][0]:self.lines[i + 1][1]].strip() if i + 1 < len(self.lines) else ""
        return (len(line.rstrip()) >= 0.8 * self.width or line.rstrip()[-1:] in ",;:-&"
                or nxt[:1].islower())

    def para_text(self, p: Para) -> str:
        return self.join(p)

    def words(self) -> set[str]:
        if self._words is None:
            self._words = set(re.findall(r"[a-z]+", self.text.lower()))
        return self._words

    def join(self, segs: list[Seg]) -> str:
        """Join line pieces with spaces, mending words hyphenated across a line break."""
        out = ""
        for seg in segs:
            piece = " ".join(self.text[seg.start:seg.end].split())
            if not out:
                out = piece
                continue
            hy = re.search(r"([A-Za-z]+)-$", out[-40:])
            nxt = re.match(r"([a-z]+)", piece)
            if hy and nxt and not out.endswith(" -"):
                whole = (hy.group(1) + nxt.group(1)).lower()
                out = out[:-1] + piece if whole in self.words() else out + piece
            else:
                out = f"{out} {piece}"
        return out.strip()

    # -- headings and the action / measure split ---------------------------------------
    def heading_like(self, p: Para) -> bool:
        """A heading is one short line, capitalised, with no closing punctuation."""
        if len(p) != 1:
            return False
        t = self.para_text(p)
        words = t.split()
        return (0 < len(words) <= 12 and len(t) <= 80 and t[0].isupper()
                and t[-1] not in ".,;:-&" and not TARGET_LABEL.search(t))

    def starts_with_verb(self, p: Para) -> bool:
        first = self.text[p[0].start:p[0].end].split()[:1]
        return bool(first) and first[0].lower() in _VERBS

    def is_long(self, seg: Seg) -> bool:
        return seg.end - seg.start > 1.15 * self.width

    def merged_split(self, p: Para) -> int | None:
        """Where the measure starts in the first line of a paragraph holding a one-line
        action run together with its measure, as a document offset; None if it doesn't."""
        first = p[0]
        line = self.text[first.start:first.end]
        more = len(p) > 1
        toks = list(_WORD.finditer(line))
        best: tuple[float, int] | None = None
        depth = [0] * len(toks)
        d = 0
        for k, t in enumerate(toks):
            depth[k] = d
            d += t.group().count("(") - t.group().count(")")
        for k in range(2, len(toks)):
            prev, word = toks[k - 1].group(), toks[k].group()
            if depth[k] > 0 or not _opens_measure(word):
                continue
            closed = prev == "." or prev.endswith((".", ";"))
            bare_prev = prev.strip("'\"‘’“”()[],:")
            if not closed and (bare_prev.lower() in OPEN_WORDS or _is_acronym(word)):
                continue
            if closed:
                score = 3.0
            elif bare_prev[:1].islower():
                score = 2.0
            elif k + 1 >= len(toks) or not _opens_measure(toks[k + 1].group()):
                score = 0.5  # the last word of a capitalised run ("... Local Plan | Analysis of")
            else:
                continue
            action_len = toks[k - 1].end()
            remainder = len(line) - toks[k].start()
            # Each cell fits its column: the further past the usual wrap width, the less likely.
            score -= 4 * max(0.0, action_len / self.width - 1.05)
            score -= 4 * max(0.0, remainder / self.width - 1.05)
            if first.soft and more and remainder < 0.5 * self.width:
                score -= 2  # a wrapped measure line would be about as wide as the column
            if score > 0 and (best is None or score > best[0]):
                best = (score, first.start + toks[k].start())
        return best[1] if best else None

    def split_paragraph(self, p: Para) -> tuple[list[Seg], list[Seg]]:
        """Action and measure pieces of a row body that is a single paragraph."""
        cut = self.merged_split(p)
        first = p[0]
        if cut is None:
            return list(p), []
        head = self.text[first.start:cut].rstrip()
        action = [Seg(first.start, first.start + len(head), False)]
        return action, [Seg(cut, first.end, first.soft), *p[1:]]

    def split_measures(self, segs: list[Seg]) -> list[str]:
        """Measure items split at line items, ';', sentences, and ':' after a clause."""
        items: list[list[Seg]] = [[]]
        for i, seg in enumerate(segs):
            items[-1].append(seg)
            nxt = segs[i + 1] if i + 1 < len(segs) else None
            if nxt and not seg.soft and _opens_measure(self.text[nxt.start:nxt.end].split()[0]):
                items.append([])
        out: list[str] = []
        for it in items:
            out.extend(split_clauses(self.join(it)))
        return out


def _opens_measure(word: str) -> bool:
    w = word.lstrip("'\"‘“")
    return bool(w) and (w[0].isupper() or w[0].isdigit() or w[0] in "%£€$")


def _is_acronym(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return len(letters) >= 2 and letters.isupper()
