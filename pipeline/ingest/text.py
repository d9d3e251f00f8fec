"""Plain text: decode the bytes, then split paragraphs (blank lines, or wrapped lines joined)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from pipeline.ingest.clean import Block, clean_lines
from pipeline.ingest.errors import UndecodableText
from pipeline.ingest.sniff import utf16_without_bom

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
# Share of characters charset-normalizer may find chaotic before we call the bytes undecodable.
MAX_CHAOS = 0.2
PREFERRED_ON_TIE = ("cp1252", "latin_1", "iso8859_15")
WRAPPED_LINE_CHARS = 40
# Hard-wrapped text breaks its lines at 72-80 characters, sometimes 100; longer lines mean the
# text was not wrapped at all.
MAX_WRAPPED_LINE_CHARS = 120
LINE_START_BLOCK = re.compile(r"^(?:[•\-–—*+]|\d+[.)]\s|Q\s*[:.]|A\s*[:.]|[A-Z][\w -]{0,20}:\s)")

def decode(data: bytes) -> str:
    """Decode with the BOM, else strict UTF-8, else the HTML meta charset, else charset-normalizer."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    bare_utf16 = utf16_without_bom(data[:4096])
    if bare_utf16:
        return _strict(data, bare_utf16)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    results = from_bytes(data)
    best = results.best()
    if best is None or best.chaos > MAX_CHAOS:
        raise UndecodableText("the bytes are not valid UTF-8 and no text encoding decodes them cleanly")
    # On a tie, Windows-1252 (the web's usual legacy encoding) beats its Central European cousins.
    for result in results:
        if result.encoding in PREFERRED_ON_TIE and (result.chaos, result.coherence) == (best.chaos, best.coherence):
            return str(result)
    return str(best)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableText(
            f"the bytes look like {encoding} text but are not valid {encoding}: {exc.reason}") from None


def text_blocks(text: str) -> list[Block]:
    """Paragraphs separated by blank lines (hard-wrapped lines joined), or one per line when the
    text has no blank lines at all or is not hard-wrapped (some of its lines are longer than
    any wrapping width: each line is then a paragraph, a title or a caption)."""
    lines = clean_lines(text)
    filled = [i for i, line in enumerate(lines) if line]
    if filled and (all(lines[filled[0]:filled[-1] + 1]) or max(map(len, lines)) > MAX_WRAPPED_LINE_CHARS):
        return [Block(lines[i]) for i in filled]
    blocks: list[Block] = []
    current: list[str] = []
    for line in lines + [""]:
        if not line:
            blocks.extend(Block(part) for part in _join_wrapped(current))
            current = []
        else:
            current.append(line)
    return blocks


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join a group's lines that continue a wrapped sentence; keep list items, labels and short
    lines (headings, captions) separate."""
    parts: list[str] = []
    for line in lines:
        if parts and _continues(parts[-1], line):
            parts[-1] = f"{parts[-1]} {line}"
        else:
            parts.append(line)
    return parts


def _continues(previous: str, line: str) -> bool:
    return (
        len(previous) >= WRAPPED_LINE_CHARS
        and previous[-1] not in ":?"
        and not LINE_START_BLOCK.match(line)
    )
