"""Bytes of a text file -> str: BOMs, UTF-8, UTF-16, a cp1252 fallback, and refusing binary.

Council documents arrive from Word "Save as text" (UTF-16 with a BOM), Excel exports
(cp1252, where 0x92 is a curly apostrophe) and web pages (UTF-8, sometimes with a BOM).
https://www.unicode.org/faq/utf_bom.html#bom4 lists the byte order marks checked here.
"""
from __future__ import annotations

import codecs
import logging

from ontology.errors import SourceParseError

log = logging.getLogger(__name__)

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# Control characters that never occur in text: everything below 0x20 except tab, LF,
# VT, FF (PDF page breaks) and CR.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}
# More than this share of control bytes in a sample and the file is not text.
_MAX_CONTROL_SHARE = 0.05


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR (old Mac exports) become LF, so line numbers mean the same everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as ASCII letters alternating with NUL bytes."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _is_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > _MAX_CONTROL_SHARE * max(len(sample), 1)


def decode_bytes(data: bytes, name: str) -> str:
    """The text of `data`, newlines normalised; SourceParseError if it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceParseError(
                    f"{name}: starts with a {encoding} byte order mark but is not valid "
                    f"{encoding} ({exc.reason} at byte {exc.start}). Re-save it as UTF-8 text.") from exc
            return _checked(normalise_newlines(text), name)
    encoding = _looks_utf16_without_bom(data)
    if encoding:
        return _checked(normalise_newlines(data.decode(encoding, errors="replace")), name)
    if _is_binary(data):
        raise SourceParseError(
            f"{name}: looks like binary data, not text (NUL or control bytes). councilkg reads "
            f".txt .md .csv .tsv .html .htm .docx .pdf; check the file is one of those.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Not UTF-8: Windows exports are cp1252 (0x92 = ’). Bytes cp1252 leaves undefined
        # (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD and show up in warnings_for.
        log.info("%s: not UTF-8, decoding as cp1252", name)
        text = data.decode("cp1252", errors="replace")
    return _checked(normalise_newlines(text), name)


def _checked(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters (binary behind a BOM-like start)."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if controls > _MAX_CONTROL_SHARE * max(len(sample), 1):
        raise SourceParseError(
            f"{name}: looks like binary data, not text ({controls} control characters in the "
            f"first {len(sample)}). Check the file is a text document.")
    return text.replace("\x00", "")
