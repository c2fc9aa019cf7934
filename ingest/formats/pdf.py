"""PDF -> text with pdfplumber: each page's text lines in reading order, and the tables
pdfplumber detects written as tab-separated rows at their place on the page
(https://github.com/jsvine/pdfplumber#extracting-tables). Pages are separated by a blank
line; a vertical gap wider than a line starts a new paragraph, so lists and tables stay
apart from prose as they do in the text layouts.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from ontology.errors import SourceParseError

log = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
# A gap between lines wider than this many line heights is a paragraph break.
_PARAGRAPH_GAP = 0.9


def _open_error(path: Path, exc: Exception) -> SourceParseError:
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    kind = inner.__class__.__name__
    if "Password" in kind or "Encrypt" in kind:
        return SourceParseError(
            f"{path.name}: the PDF is encrypted / password-protected. Remove the password "
            f"(e.g. print to PDF or `qpdf --decrypt`) and read the unlocked copy.")
    return SourceParseError(
        f"{path.name}: is not a readable PDF ({kind}: {inner}). The file may be corrupt or "
        f"truncated; download it again or re-export it from the source document.")


def _cell(value: str | None) -> str:
    return _SPACE.sub(" ", value or "").strip()


def _inside(obj: dict, bbox: tuple) -> bool:
    x0, top, x1, bottom = bbox
    mid_x = (obj["x0"] + obj["x1"]) / 2
    mid_y = (obj["top"] + obj["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def _page_blocks(page) -> list[tuple[float, list[str]]]:
    """(top, lines) blocks of one page: text paragraphs and tables, unordered."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda o: not any(_inside(o, b) for b in boxes)) if boxes else page
    blocks: list[tuple[float, list[str]]] = []
    current: list[str] = []
    last_bottom = None
    top = 0.0
    for line in outside.extract_text_lines(return_chars=False):
        height = max(line["bottom"] - line["top"], 1.0)
        if last_bottom is not None and line["top"] - last_bottom > _PARAGRAPH_GAP * height:
            blocks.append((top, current))
            current = []
        if not current:
            top = line["top"]
        current.append(line["text"].rstrip())
        last_bottom = line["bottom"]
    if current:
        blocks.append((top, current))
    for table, bbox in zip(tables, boxes):
        rows = ["\t".join(_cell(c) for c in row) for row in table.extract()]
        rows = [r for r in rows if r.strip("\t")]
        if rows:
            blocks.append((bbox[1], rows))
    return blocks


def to_text(path: Path) -> str:
    """The text of a PDF; SourceParseError if encrypted, corrupt or without a text layer."""
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many unrelated classes for broken files
        raise _open_error(path, exc) from exc
    pages: list[str] = []
    images = 0
    with pdf:
        try:
            for page in pdf.pages:
                images += len(page.images)
                blocks = sorted(_page_blocks(page), key=lambda b: b[0])
                pages.append("\n\n".join("\n".join(lines) for _, lines in blocks))
        except Exception as exc:
            raise _open_error(path, exc) from exc
    if not any(p.strip() for p in pages):
        what = f"{len(pages)} page(s), {images} image(s)" if pages else "no pages"
        raise SourceParseError(
            f"{path.name}: the PDF has no text layer ({what}); it is probably a scan and "
            f"needs OCR first (e.g. `ocrmypdf {path.name} out.pdf`), then read the OCR'd copy.")
    empty = [i + 1 for i, p in enumerate(pages) if not p.strip()]
    if empty:
        log.warning("%s: pages %s have no text layer (scanned?); their content is missing",
                    path.name, empty[:20])
    return "\n\n".join(pages).strip("\n") + "\n"
