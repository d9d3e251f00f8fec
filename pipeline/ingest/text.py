"""Plain text and Markdown: decode the bytes, then split paragraphs and strip Markdown markup.

Markdown is stripped with a few line-preserving regular expressions rather than rendered:
qalam needs plain sentences and the paragraph layout, not HTML, and blog exports use a small
subset of the syntax (headings, emphasis, links, images, lists, quotes, code fences).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from pipeline.ingest.clean import BULLET, Block, clean_lines
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
LINE_START_BLOCK = re.compile(r"^(?:[•\-–—*+]|\d+[.)]\s|Q\s*[:.]|A\s*[:.]|[A-Z][\w -]{0,20}:\s)")

# Inline spans are bounded (URLs, tags, emphasis): unbounded, a long line full of unclosed
# openers ("**", "[a](", "<a") is rescanned to its end from every opener (quadratic).
MD_IMAGE = re.compile(r"!\[[^\]]{0,1000}\]\([^)]{0,2000}\)")
MD_LINK = re.compile(r"\[([^\]]{1,1000})\]\([^)]{0,2000}\)|\[([^\]]{1,1000})\]\[[^\]]{0,200}\]")
MD_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>]{1,2000})>")
MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,1000}?)(?<=\S)\1")
MD_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)([^*]{1,1000}?)(?<=\S)\*(?!\*)|(?<!\w)_(?=\S)([^_]{1,1000}?)(?<=\S)_(?!\w)")
MD_CODE = re.compile(r"`([^`]{1,1000})`")
MD_TAG = re.compile(r"</?[a-zA-Z][^>]{0,2000}>")
MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
MD_SETEXT = re.compile(r"^(?:=+|-+)\s*$")
MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
MD_QUOTE = re.compile(r"^>\s?")
MD_BULLET = re.compile(r"^\s*[-*+]\s+")
MD_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+")


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
    text has no blank lines at all."""
    lines = clean_lines(text)
    filled = [i for i, line in enumerate(lines) if line]
    if filled and all(lines[filled[0]:filled[-1] + 1]):
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


def markdown_blocks(text: str) -> list[Block]:
    """Markdown to blocks: headings, list items and block quotes keep their kind, inline markup goes."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    kind = "text"
    in_code = False

    def flush() -> None:
        nonlocal paragraph, kind
        if paragraph:
            blocks.append(Block(" ".join(paragraph), kind=kind))
        paragraph, kind = [], "text"

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw.strip().startswith("```"):
            flush()
            in_code = not in_code
            continue
        line = raw.strip()
        if in_code:
            if line:
                blocks.append(Block(line))
            continue
        if not line or (MD_RULE.match(line) and not paragraph) or MD_REFERENCE.match(line):
            flush()
            continue
        if MD_SETEXT.match(line) and paragraph:
            kind = "heading"
            flush()
            continue
        heading = MD_HEADING.match(line)
        quote = MD_QUOTE.match(line)
        if heading:
            flush()
            blocks.append(Block(_inline(heading.group(1)), kind="heading"))
        elif quote:
            if kind != "quote":
                flush()
                kind = "quote"
            paragraph.append(_inline(line[quote.end():]))
        elif MD_BULLET.match(raw):
            flush()
            blocks.append(Block(f"{BULLET} {_inline(MD_BULLET.sub('', raw))}", kind="item"))
        else:
            if kind == "quote":
                flush()
            paragraph.append(_inline(line))
    flush()
    return blocks


def _inline(line: str) -> str:
    """Inline Markdown to plain text: images dropped, links to their text, emphasis unwrapped."""
    line = MD_IMAGE.sub("", line)
    line = MD_LINK.sub(lambda m: m.group(1) or m.group(2), line)
    line = MD_AUTOLINK.sub(r"\1", line)
    line = MD_CODE.sub(r"\1", line)
    line = MD_STRONG.sub(r"\2", line)
    line = MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
    return MD_TAG.sub("", line).replace("\\", "")
