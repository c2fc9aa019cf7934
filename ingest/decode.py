"""A file of any supported format -> the decoded text every span points into.

The format is chosen by extension and confirmed by magic bytes (a PDF or Word file saved
as .txt is still read as what it is). Every refusal is a `SourceParseError` (or
`SourceNotFound`) whose message names the file and says what to do; the CLI turns these
into exit code 2.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from ontology.errors import SourceNotFound, SourceParseError

from .formats import delimited, docx, html, pdf
from .formats.text import decode_bytes

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".csv", ".tsv", ".html", ".htm", ".docx", ".pdf")
_HINTS = {".doc": "save it as .docx", ".xls": "export it as .csv", ".xlsx": "export it as .csv",
          ".odt": "save it as .docx", ".rtf": "save it as .docx", ".pptx": "export it as .pdf"}
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _check_file(path: Path, max_bytes: int) -> int:
    if not path.exists():
        raise SourceNotFound(f"{path}: no such file. Check the path (relative paths start "
                             f"from {Path.cwd()}).")
    if path.is_dir():
        raise SourceParseError(f"{path}: is a folder, not a document. Give the files inside it.")
    size = path.stat().st_size
    if size == 0:
        raise SourceParseError(f"{path.name}: the file is empty (0 bytes). Check the export "
                               f"or download finished.")
    if size > max_bytes:
        raise SourceParseError(
            f"{path.name}: is {_megabytes(size)}, over the limit of {_megabytes(max_bytes)} "
            f"({max_bytes} bytes). Split the document, or raise the limit with the setting "
            f"COUNCILKG_MAX_FILE_BYTES.")
    return size


def _kind(path: Path, head: bytes) -> str:
    """The format to read: magic bytes first, then the extension."""
    ext = path.suffix.lower()
    if head.startswith(_PDF_MAGIC):
        return ".pdf"
    if head.startswith(_ZIP_MAGIC) and ext in (".docx", ".txt", ".md", ""):
        return ".docx"
    if ext in SUPPORTED:
        if ext in (".docx", ".pdf"):
            what = "Word .docx (a zip package)" if ext == ".docx" else "PDF (starting %PDF-)"
            raise SourceParseError(
                f"{path.name}: is named {ext} but is not a {what}; it may be corrupt or "
                f"renamed. Re-export it from the original document.")
        return ext
    if ext == "" and not head.startswith(_OLE_MAGIC):
        return ".txt"
    hint = _HINTS.get(ext, "convert it to one of those")
    raise SourceParseError(
        f"{path.name}: unsupported file type '{ext or 'legacy Office binary'}'. councilkg "
        f"reads {' '.join(SUPPORTED)}; {hint}.")


def load(path: Path, max_bytes: int = 100_000_000) -> str:
    """The text of the document at `path`, in the shapes the layout readers know: markdown
    '#' headings, '- ' bullets, tab-separated table rows; '\\n' line ends."""
    path = Path(path)
    _check_file(path, max_bytes)  # size is checked before a byte is read
    with path.open("rb") as fh:
        head = fh.read(8)
    kind = _kind(path, head)
    if kind == ".pdf":
        text = pdf.to_text(path)
    elif kind == ".docx":
        text = docx.to_text(path)
    else:
        raw = decode_bytes(path.read_bytes(), path.name)
        if kind in (".html", ".htm"):
            text = html.to_text(raw)
        elif kind == ".csv":
            text = delimited.to_tab_lines(raw, path.name)
        elif kind == ".tsv":
            text = delimited.to_tab_lines(raw, path.name, delimiter="\t")
        else:
            text = raw
    if not text.strip():
        raise SourceParseError(f"{path.name}: has no text (only whitespace or markup). Check "
                               f"the export contains the document's content.")
    log.debug("%s: read %d characters as %s", path.name, len(text), kind)
    return text


# Shares above which a warning is worth showing (measured on the bundled climate plans,
# where clean PDF extractions stay below both).
_MAX_REPLACEMENT_SHARE = 0.001
_MAX_NOISE_LINE_SHARE = 0.15
_WORD = re.compile(r"[A-Za-z]{2,}")


def _noise_line(line: str) -> bool:
    """A line that reads as OCR debris: mostly symbols/digits, or mostly 1-letter tokens."""
    stripped = line.strip()
    if len(stripped) < 4 or stripped.startswith("#"):
        return False
    letters = sum(ch.isalpha() for ch in stripped)
    if letters / len(stripped) < 0.4 and not re.search(r"\d{4}", stripped):
        return True
    tokens = stripped.split()
    singles = sum(len(t) == 1 and t.isalpha() and t not in "aAI" for t in tokens)
    return len(tokens) >= 4 and singles / len(tokens) > 0.4


def warnings_for(text: str, name: str) -> list[str]:
    """Warnings worth showing about decoded text: undecodable bytes, OCR noise."""
    warnings = []
    if text:
        bad = text.count("\ufffd")
        if bad and bad / len(text) > _MAX_REPLACEMENT_SHARE:
            warnings.append(f"{name}: {bad} characters could not be decoded (shown as \ufffd); "
                            f"the file's encoding may be wrong. Re-save it as UTF-8.")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) >= 10:
        noisy = sum(_noise_line(ln) for ln in lines)
        if noisy / len(lines) > _MAX_NOISE_LINE_SHARE:
            warnings.append(f"{name}: {noisy} of {len(lines)} lines look like OCR noise; "
                            f"extracted commitments may be incomplete. A cleaner text layer "
                            f"(re-OCR or the source document) gives better results.")
    if len(text.strip()) < 200:
        warnings.append(f"{name}: only {len(text.strip())} characters of text; is this the "
                        f"whole document?")
    return warnings
