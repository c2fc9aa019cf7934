"""Jinja2 set-up for the web page.

Autoescape is on for every template (https://jinja.palletsprojects.com/en/3.1.x/api/#autoescaping):
plan text is user-supplied and may contain HTML or <script>; it must reach the page as text.
Pictures (the lineage timeline, the path drawing) are inline SVG written by templates, so the
same escaping covers every label drawn in them.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"

# Words too common to be worth highlighting in a result (a query is plain English).
_STOP = frozenset("""a an and are as at be by can do does for from has have how in is it its of on
or our the their there this to was we were what when where which who why will with about into
since links link done doing happened""".split())


def query_terms(query: str) -> list[str]:
    """The words of a query worth highlighting: 2+ letters (so acronyms like NI count), no stopwords."""
    words = [w for w in re.findall(r"[\w'’-]+", query.lower()) if len(w) >= 2 and w not in _STOP]
    # A plural finds its singular too ("actions" marks "action"); highlight() allows suffixes.
    stems = {w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words}
    return sorted(stems, key=len, reverse=True)


def highlight(text: str, terms: Iterable[str]) -> list[tuple[str, bool]]:
    """Split `text` into (segment, is_match) pairs; the template wraps matches in <mark>.

    Returning segments (not HTML) keeps escaping in one place: the template.
    """
    terms = [t for t in terms if t]
    if not terms or not text:
        return [(text or "", False)]
    # Match a term at a word start, allowing suffixes (retrofit -> retrofitting).
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["urlq"] = lambda s: quote(str(s), safe="")
    env.globals["highlight"] = highlight
    return env


ENV = _env()


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    """Render a page; every page gets the request (for its own URL) and the nav."""
    html = ENV.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
