"""HTML -> text with markdown headings, '- ' bullets and tab-separated table rows.

Web versions of council plans put the action plan in a <table> and the themes in
<h2>/<h3>; keeping those as '#' headings and tab rows lets the same layout readers read
them as the PDF and Word versions. script/style/template content is never text.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "button",
         "select", "nav"}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "body",
           "html", "blockquote", "figure", "figcaption", "form", "fieldset", "dl", "dt", "dd",
           "address", "pre", "details", "summary", "caption", "center"}
_SPACE = re.compile(r"\s+")


def _flat(node: Tag) -> str:
    """All visible text under `node` on one line."""
    parts = [s for s in node.find_all(string=True)
             if not isinstance(s, (Comment, Doctype, ProcessingInstruction))
             and not any(p.name in _SKIP for p in s.parents if isinstance(p, Tag))]
    return _SPACE.sub(" ", " ".join(parts)).strip()


class _Writer:
    def __init__(self):
        self.lines: list[str] = []
        self.inline: list[str] = []

    def flush(self):
        text = _SPACE.sub(" ", "".join(self.inline)).strip()
        self.inline = []
        if text:
            self.block(text)

    def block(self, line: str):
        self.lines.extend(["", line])

    def walk(self, node: Tag, depth: int = 0):
        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.inline.append(str(child))
                continue
            name = child.name
            if name in _SKIP:
                continue
            if name == "br":
                self.flush()
            elif name in _HEADINGS:
                self.flush()
                text = _flat(child)
                if text:
                    self.block("#" * _HEADINGS[name] + " " + text)
            elif name == "table":
                self.flush()
                self.table(child)
            elif name in ("ul", "ol"):
                self.flush()
                self.listing(child, depth)
            elif name in _BLOCKS or name == "li":
                self.flush()
                self.walk(child, depth)
                self.flush()
            else:
                self.walk(child, depth)

    def table(self, table: Tag):
        self.lines.append("")
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue  # rows of a nested table are read as text of their cell
            cells = [_flat(c).replace("\t", " ") for c in tr.find_all(["td", "th"], recursive=False)]
            if any(cells):
                self.lines.append("\t".join(cells))
        self.lines.append("")

    def listing(self, node: Tag, depth: int):
        number = 0
        for li in node.find_all("li", recursive=False):
            number += 1
            marker = f"{number}." if node.name == "ol" else "-"
            own = [c for c in li.children if not (isinstance(c, Tag) and c.name in ("ul", "ol"))]
            text = _SPACE.sub(" ", " ".join(
                _flat(c) if isinstance(c, Tag) else str(c) for c in own
                if not isinstance(c, Tag) or c.name not in _SKIP)).strip()
            if text:
                self.lines.append("  " * depth + f"{marker} {text}")
            for sub in li.find_all(["ul", "ol"], recursive=False):
                self.listing(sub, depth + 1)
        self.lines.append("")


def to_text(html: str) -> str:
    """The readable text of an HTML document in the shapes the layout readers know."""
    soup = BeautifulSoup(html, "html.parser")
    writer = _Writer()
    writer.walk(soup)
    writer.flush()
    text = "\n".join(writer.lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
