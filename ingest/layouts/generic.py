"""Generic reader for layouts nobody has seen: action tables with any header names, and
numbered or bulleted action lists under headings.

Tables are read by `_generic_tables`; the flattened PDF row shapes by `_generic_rowshapes`.
Lists are kept only where items read like commitments: an imperative
("Deliver", "Work with", "Reducing") or "We will ..." (see `_generic_phrases`). Headings above them
(markdown '#' or short title-like lines) become the section path.
"""
from __future__ import annotations

import collections
import re

from ..rows import LineIndex, RawRow
from ..split_words import document_mender
from . import _generic_aims as aims
from . import _generic_blocks as blocks
from . import _generic_phrases as phrases
from . import _generic_rowshapes as rowshapes
from . import _generic_tables as tables
from ._generic_headers import flattened_header

NAME = "generic"

# Lines repeated this often are running headers/footers, never section headings.
_FURNITURE_REPEATS = 3
_MAX_CONTINUATION_LINES = 10
# A numbered group title over bullets (see `_Reader._heads_bullets`): at most this many
# words, and a second bullet within this many lines of the first.
_TITLE_WORDS = 10
_TITLE_LOOKAHEAD = 8
_MAX_SPACE_ITEM_LINES = 2
_SPACE_RUN_GAP = 3
_MAX_HEADING_WRAPS = 3  # lines a narrow heading box wraps its words onto
# Wrapped lines of a list item indented this much past its bullet hang under its text (a
# single space is extraction noise).
_HANG = 2
# Boxed asides whose titles would otherwise become the section of the rows after them.
# Matched with spaces removed: OCR splits words ("Case Stud y").
_ASIDE = re.compile(r"^(?:casestud(?:y|ies)|spotlight|didyouknow|example|infocus)", re.I)
# Front and back matter, and captions, are no theme of the actions after them: "Foreword
# from the Leader" was the section of all 187 rows of Newcastle's plan, "Figure 8: Carbon
# progress against targets" of Ceredigion's.
_MATTER = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:foreword|preface|introduction|contents|table of contents|copyright|"
    r"executive summary|glossary|references|bibliography|acknowledgements?|"
    r"(?:figure|fig\.?|table|chart|graph|map)\s*\d+)\b|\b(?:introduction|foreword)\W*$", re.I)
# A heading over what was done, not what will be ("Sustainable Housing : what we have done",
# Lewisham 2020; "Key Achievements", Wokingham 2021; "Case Study - ..."): its items are no
# commitments, however they are worded.
_PAST = re.compile(r"\bwhat we(?: have|'ve|’ve) (?:done|achieved)\b|\bachievements\b|\bprogress to date\b"
                   r"|\bcase stud(?:y|ies)\b", re.I)
# A lone acronym on a line ("EFDC", "BEV"); a theme word in capitals ("SAFER", "FOOD") is
# told apart by the plan writing it in lower case too.
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# "Delivering the Strategy ....... 31": a table-of-contents line, not an action.
_CONTENTS_ENTRY = re.compile(r"^[^.;:]{3,80}?(?:\s|\.{2,}\s*)\d{1,3}$")
# "Calculation Methodology ........ 7": a dot leader marks a contents entry, whatever read it.
_DOT_LEADER = re.compile(r"(?:\.\s*){6,}|…{3,}")
# A web address marks a running footer or a footnote ("40 https://tinyurl.com/yyqb4pzr"),
# never a heading.
_WEB = re.compile(r"www\.|https?://|\.gov\b|\.uk\b", re.I)
# "6.3 Energy", "7. Air Quality": a numbered title. Blaby District Council's Climate Action
# Plan (2020) sets it straight after the last row of the section before, with no blank line.
_NUMBERED_TITLE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-Z][^.;:!?]{1,60}$")
_LEADING_REF = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})+)\b")
_NUMBERED_TITLE_REACH = 80  # lines of introduction a numbered heading may have before its rows


class _Reader:
    def __init__(self, text: str, source: str, lower_words: frozenset[str]):
        """`lower_words`: the words `text` writes in lower case (`phrases.reading`)."""
        self.text = text
        self.source = source
        self.index = LineIndex(text)
        self.lines = phrases.font_dropped_bullets(text.split("\n"))
        counts = collections.Counter(ln.strip() for ln in self.lines if ln.strip())
        self.furniture = {ln for ln, n in counts.items() if n >= _FURNITURE_REPEATS}
        self.md: list[tuple[int, str]] = []  # markdown heading stack (level, title)
        self.plain: str | None = None        # last title-like line after the last '#'
        self.rows: list[RawRow] = []
        # After a run-together header line, plain lines that open like an action are rows.
        self.flat = False
        self.glued_next: int | None = None  # next expected number of "1Review ..." rows
        self.ref_lines = sum(1 for ln in self.lines if blocks.ref_only(ln))
        self.rated_lines = rowshapes.rated_lines(self.lines)
        self.lower_words = lower_words

    def mended(self, line: str) -> str:
        """`line` with the words PDF extraction split mended ("Carbon S avings"), for
        reading it as a table header."""
        return document_mender(self.text).mend(line)

    # -- sections -----------------------------------------------------------------------
    def section_path(self) -> tuple[str, ...]:
        path = tuple(title for _, title in self.md)
        return path + ((self.plain,) if self.plain else ())

    def _markdown_heading(self, level: int, title: str):
        self.md = [(lv, t) for lv, t in self.md if lv < level] + [(level, title)]
        self.plain = None

    def _title_like(self, i: int) -> bool:
        line = self.lines[i].strip()
        if line in self.furniture or _DOT_LEADER.search(line) or _WEB.search(line):
            return False  # running header or footer, contents entry, footnote's address
        if phrases.labelled_heading(line) or self._next_numbered_section(i):
            return True
        if not 3 <= len(line) <= 80:
            return False
        if line[-1] in ".,;!?" or not (line[0].isupper() or line[0].isdigit()):
            return False
        if "|" in line or re.search(r"\s\d{1,3}$|[a-z]\d{1,3}(?:[A-Z]|$)", line):
            return False  # running header/footer or a contents entry with its page number
        if _ASIDE.match(re.sub(r"\s+", "", line)):
            return False  # a boxed aside ("Case study: ...") is no section of the plan
        if _ACRONYM.fullmatch(line) and line.lower() not in self.lower_words:
            return False  # a lone acronym: a lead cell ("EFDC") or a chart label ("BEV"), not "SAFER"
        words = line.split()
        if len(words) > 10 or sum(ch.isalpha() for ch in line) < 0.6 * len(line):
            return False
        if phrases.reads_like_commitment(phrases.strip_number(line)):
            return False
        prev_blank = i == 0 or not self.lines[i - 1].strip()
        next_blank = i + 1 >= len(self.lines) or not self.lines[i + 1].strip()
        long_words = [w for w in words if len(w) > 3]
        capitalised = sum(w[0].isupper() for w in long_words) >= 0.6 * max(len(long_words), 1)
        return (prev_blank and next_blank) or line.isupper() or (capitalised and prev_blank)

    title_like = _title_like

    def _next_numbered_section(self, i: int) -> bool:
        """Is line i the numbered title of the section after the current one (6.2 -> "6.3
        Energy", 6.5 -> "7. Air Quality"), which the next numbered row below extends
        ("6.3.1 ...")? Both must hold: a numbered paragraph or contents line is neither."""
        m = _NUMBERED_TITLE.match(self.lines[i])
        current = _NUMBERED_TITLE.match(self.plain or "")
        if not m or not current:
            return False
        number, before = m.group(1), current.group(1)
        if not (blocks.follows(number, before) or number == str(int(before.split(".")[0]) + 1)):
            return False
        for line in self.lines[i + 1:i + 1 + _NUMBERED_TITLE_REACH]:
            ref = _LEADING_REF.match(line)
            if ref:
                return ref.group(1).startswith(number + ".")
        return False

    def _wrapped_heading(self, i: int) -> list[str]:
        """The words of a heading set in a narrow box, a word or two a line ("Using" /
        "renewable" / "energy", then a blank line): the short lower-case lines after
        line i, when a blank line ends them and the whole is heading-sized; else []."""
        wrapped, k = [], i + 1
        while k < len(self.lines) and len(wrapped) <= _MAX_HEADING_WRAPS:
            s = self.lines[k].strip()
            if not s:
                break
            if not s[:1].islower() or len(s.split()) > 3 or s[-1] in ".,;!?":
                return []
            wrapped.append(s)
            k += 1
        else:
            return []
        heading = " ".join([self.lines[i].strip()] + wrapped)
        return wrapped if len(heading.split()) <= 10 and len(heading) <= 80 else []

    # -- lists ----------------------------------------------------------------------------
    def _item(self, i: int) -> int | None:
        """Read the list item at line i if it reads like a commitment; the next index."""
        item = phrases.list_item(self.lines[i])
        space_item = item is None and self._space_run(i)
        if space_item:
            item = (None, blocks.space_bullet(self.lines[i]))
        if item is None and self.flat and self.lines[i].strip()[:1].isupper():
            item = (None, len(self.lines[i]) - len(self.lines[i].lstrip()))
        if item is None:
            return None
        ref, body_at = item
        start = self.index.starts[i] + body_at
        end = self.index.starts[i] + len(self.lines[i].rstrip())
        parts = [tables.Cell(self.lines[i][body_at:].strip(), start, end)]
        j = i + 1
        # An item without its bullet glyph is only trusted when short (a list, not prose).
        limit = _MAX_SPACE_ITEM_LINES if space_item else _MAX_CONTINUATION_LINES
        bullet_lead = len(self.lines[i]) - len(self.lines[i].lstrip())
        hangs = False  # the item's wrapped lines are indented past its bullet
        while j < len(self.lines) and j - i <= limit:
            nxt = self.lines[j]
            s = nxt.strip()
            lead = len(nxt) - len(nxt.lstrip())
            if hangs and s and lead <= bullet_lead:
                break  # back at the bullet's margin under a hanging item: what follows is not it
            if (not s or phrases.list_item(nxt) or "\t" in nxt or s.startswith(("#", "|"))
                    or s in self.furniture or blocks.space_bullet(nxt) is not None
                    or blocks.ref_only(nxt)):
                break
            if parts[-1].text.rstrip().endswith((".", ":", "!", "?")) and self._title_like(j):
                break
            if phrases.labelled_heading(s):
                break
            if (self.flat and s[:1].isupper() and phrases.reads_like_commitment(s)
                    and not phrases.ends_mid_sentence(parts[-1].text)
                    and not phrases.completes_name(parts[-1].text, s)):
                break
            hangs = hangs or (j == i + 1 and lead >= bullet_lead + _HANG)
            parts.append(tables.Cell(s, self.index.starts[j] + lead, self.index.starts[j] + len(nxt.rstrip())))
            j += 1
        if ref is not None and len(parts) == 1 and self._heads_bullets(parts[0].text, j):
            self.plain = phrases.clean_heading(parts[0].text)
            return j
        cells_after = ""
        if self.flat:
            parts, cells_after = _action_cell(parts)
        text = blocks.strip_glued_heading(tables.join_cells(parts))
        if not (phrases.reads_like_commitment(text) or self.next_sibling(ref)):
            return None
        if _CONTENTS_ENTRY.search(text) or (ref is None and aims.LABEL_AIM.match(text)):
            return None
        # Two columns of one list glued on a line: "Invest in renewables •   Convert fleet ..."
        *glued, parts = blocks.split_inline_bullets(parts)
        for before in glued:
            joined = tables.join_cells(before)
            if not joined.endswith(":"):  # "To support this SLDC will:" leads in, it is no row
                self._add_row(before, joined, ref, [])
        if glued:
            text = blocks.strip_glued_heading(tables.join_cells(parts))
        milestones: list[str] = []
        if text.endswith(":"):
            # "Establish a retrofit programme:" followed by its steps as sub-bullets.
            while j < len(self.lines):
                sub = phrases.list_item(self.lines[j]) if self.lines[j].strip() else None
                if sub is None or sub[0]:
                    break
                milestones.append(self.lines[j][sub[1]:].strip())
                end_sub = self.index.starts[j] + len(self.lines[j].rstrip())
                parts.append(tables.Cell(milestones[-1], end_sub - len(milestones[-1]), end_sub))
                j += 1
        self._add_row(parts, text, ref, milestones, phrases.leading_target(cells_after))
        return j

    def _heads_bullets(self, text: str, j: int) -> bool:
        """Is a one-line numbered item the title of the bulleted items right below it ("2.
        Making climate aware decisions" / "•Raise colleagues' awareness ...", Sheffield
        2022)? A short line without a full stop, over two or more bullets: a group's
        title, whether or not it reads like an action ("3. Apply for available government
        funding"). One ending in ":" leads in to its steps instead (milestones)."""
        if len(text.split()) > _TITLE_WORDS or text.rstrip().endswith((".", ":", ";")):
            return False
        near = range(j, min(j + _TITLE_LOOKAHEAD, len(self.lines)))
        first = next((k for k in near if self.lines[k].strip()), None)
        bullets = [k for k in near if (item := phrases.list_item(self.lines[k])) and item[0] is None]
        return len(bullets) >= 2 and bullets[0] == first

    def _add_row(self, parts: list[tables.Cell], text: str, ref: str | None,
                 milestones: list[str], cell_targets: tuple[str, ...] = ()) -> None:
        """A list item's row, its trailing cells (target, owner, notes) split off;
        `cell_targets` were read off the cells after its action already."""
        rated: tuple[str, ...] = cell_targets
        if self.rated_lines >= rowshapes.MIN_RATED_ROWS:
            text, more = rowshapes.strip_ratings(text)
            rated += more
        text, targets = phrases.trailing_target(text)
        targets = rated + targets
        # "... climate change.  Finance Service  March 2022": owner and date cells run on
        text, owner, dates = phrases.trailing_cells(text)
        # "... the action plan.2021 Carbon Management": deadline, owner and notes glued on
        text, due, glued_owner, notes = phrases.glued_cells(text)
        targets = dates + due + targets
        text = re.sub(r"\s+", " ", text)  # PDF extraction pads words with runs of spaces/tabs
        span = self.index.span(parts[0].start, parts[-1].end)
        self.rows.append(RawRow(text=text, span=span, ref=ref, section_path=self.section_path(),
                                milestones=tuple(milestones), target_texts=targets,
                                owners_text=owner or glued_owner, progress=notes,
                                cells={"text": self.index.span(parts[0].start, parts[0].end)}))

    def _space_run(self, i: int) -> bool:
        """An indented commitment-like line whose bullet glyph was lost, with another one
        within a few lines: a list of at least two items, never one indented paragraph."""
        if blocks.space_bullet(self.lines[i]) is None:
            return False
        near = range(max(0, i - _SPACE_RUN_GAP), min(len(self.lines), i + _SPACE_RUN_GAP + 1))
        return any(k != i and blocks.space_bullet(self.lines[k]) is not None for k in near)

    def next_sibling(self, ref: str | None) -> bool:
        """Whether `ref` ("6.1.2") follows the last row's ref ("6.1.1"): a numbered action
        table keeps rows that do not open with a verb ("With a grant obtained ...")."""
        return blocks.follows(ref, self.rows[-1].ref if self.rows else None)

    def run(self) -> list[RawRow]:
        i = 0
        while i < len(self.lines):
            stripped = self.lines[i].strip()
            heading = phrases.MD_HEADING.match(stripped)
            if heading:
                self._markdown_heading(len(heading.group(1)), heading.group(2).strip("*_ "))
                self.flat = False
                i += 1
                continue
            if not stripped:
                i += 1
                continue
            nxt = tables.read_table(self, i)
            if not nxt and "|" not in stripped and flattened_header(self.mended(stripped)):
                self.flat = True
                i += 1
                continue
            nxt = (nxt or rowshapes.glued_row(self, i) or rowshapes.ref_line_row(self, i)
                   or rowshapes.word_tab_row(self, i) or self._item(i) or rowshapes.rated_row(self, i))
            if nxt:
                i = nxt
                continue
            if self._title_like(i):
                self.plain = phrases.clean_heading(stripped)
                # a numbered heading also sits between the rows of one flattened table
                self.flat = self.flat and phrases.labelled_heading(stripped)
                follow = self.lines[i + 1].strip() if i + 1 < len(self.lines) else ""
                if phrases.labelled_heading(stripped) and follow[:1].islower():
                    self.plain += " " + phrases.clean_heading(follow)  # a heading wrapped over two lines
                    i += 1
                else:
                    wrapped = self._wrapped_heading(i)
                    if wrapped:
                        self.plain = phrases.clean_heading(" ".join([stripped] + wrapped))
                        i += len(wrapped)
                if _MATTER.search(self.plain):
                    self.plain = None
            i += 1
        return self.rows


# Two or more blanks between words: a cell edge in a flattened table (see `_action_cell`).
_CELL_EDGE = re.compile(r"(?<=\S)[ \t]{2,}(?=[A-Z0-9£])")


def _action_cell(parts: list[tables.Cell]) -> tuple[list[tables.Cell], str]:
    """The lines of a flattened table's row cut where its action cell ends, and the text of
    the cells after it. PDF extraction puts the action's last line and the next cells on
    one line, two or more blanks apart ("... footprint of Derby Homes   Ongoing -", then the
    timescale's and the other cells' lines: Derby Climate Change Action Plan 2022); the
    action ends at the first such gap before a timescale, date, owner or RAG status cell,
    unless the words before it stop mid-phrase ("... upgrade our  Council  buildings",
    spaced by justification). A gap before more prose is the action's own wrapping or its
    description column ("... staff travel survey.  Allowing us to estimate ..."): kept."""
    for k, part in enumerate(parts):
        for m in _CELL_EDGE.finditer(part.text):
            before = " ".join([p.text for p in parts[:k]] + [part.text[:m.start()]])
            after = " ".join([part.text[m.end():]] + [p.text for p in parts[k + 1:]])
            if len(before.split()) < 3 or phrases.ends_mid_sentence(before) or not phrases.opens_field_cell(after):
                continue
            kept = part.text[:m.start()].rstrip(" .")  # as a timescale split off the end leaves it
            return parts[:k] + [tables.Cell(kept, part.start, part.start + len(kept))], after
    return parts, ""


def read(text: str, source: str) -> list[RawRow]:
    """Rows of every action table and commitment list in `text`, in document order."""
    with phrases.reading(text) as lower_words:
        rows = aims.drop_aim_lists(_Reader(text, source, lower_words).run())
    return [r for r in rows if not _DOT_LEADER.search(r.text)
            and not (r.section_path and _PAST.search(r.section_path[-1]))]


def looks_like(text: str) -> float:
    """A modest score: the generic reader fits anything with actions, but specific layouts
    that recognise their own shape should win."""
    rows = read(text[:200_000], "probe")
    return 0.0 if not rows else min(0.4, 0.1 + 0.02 * len(rows))
