"""HTML: trafilatura removes navigation, forms, sidebars and comments; we keep its paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from pipeline.ingest.clean import BULLET, Block, byline_names, normalize_blocks, normalize_line, remove_boilerplate
from pipeline.ingest.errors import IngestTimeout, NoMainText, UnsupportedFormat
from pipeline.ingest.limits import Deadline, html_depth

# Precision mode was the best trafilatura setting on the HTML benchmark (see tests/ingest).
EXTRACT_OPTIONS = {"favor_precision": True, "include_tables": True, "include_images": False,
                   "include_links": False, "with_metadata": True, "deduplicate": False}
MIN_INLINE_QUOTE_WORDS = 3
# trafilatura has already removed page furniture; only short call-to-action lines it kept are
# dropped (longer ones were article sentences on the benchmark).
MAX_CALL_TO_ACTION_CHARS = 160
# Marks <lb/> (a <br> in the page) apart from newlines that were only source formatting.
LINE_BREAK = "\u2029"
AUTHOR_SEPARATORS = re.compile(r"\s*[;|]\s*")
# libxml2 keeps 255 levels of nesting and drops what is deeper; real pages estimate at most a
# few hundred (unclosed tags included: 292 was the deepest of 181 benchmark pages).
PARSER_MAX_DEPTH = 255
MAX_HTML_DEPTH = 5000
# trafilatura + htmldate read about 0.25 MB of markup per second here (linear in size): markup
# that cannot be read in the time left is refused up front instead of overrunning the limit.
HTML_SECONDS_PER_MB = 4.0


@dataclass
class HtmlResult:
    """What the HTML path found: paragraph blocks, metadata and texts of quoted passages."""

    blocks: list[Block]
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    inline_quotes: list[str] = field(default_factory=list)


def extract_html(html: str, *, include_comments: bool, deadline: Deadline | None = None) -> HtmlResult:
    """Main text blocks and metadata of one page (no network: links are never fetched)."""
    depth = _guard(html, deadline)
    try:
        document = trafilatura.bare_extraction(html, include_comments=include_comments, **EXTRACT_OPTIONS)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise NoMainText(f"the HTML could not be parsed: {exc}") from None
    if deadline:
        deadline.check("extracting the main text of the HTML")
    if document is None or document.body is None:
        deep = (f"; its elements nest about {depth:,} deep and the parser drops what is below "
                f"level {PARSER_MAX_DEPTH}" if depth > PARSER_MAX_DEPTH else "")
        raise NoMainText(f"the HTML page has no main text (only navigation, forms or an empty body){deep}")
    blocks = element_blocks(document.body)
    if include_comments and document.commentsbody is not None:
        blocks += element_blocks(document.commentsbody)
    blocks = remove_boilerplate(normalize_blocks(blocks), captions=False, max_chars=MAX_CALL_TO_ACTION_CHARS)
    if not blocks:
        raise NoMainText("the HTML page has no main text once boilerplate is removed")
    authors = [a for a in AUTHOR_SEPARATORS.split(document.author or "") if a]
    authors += [name for name in _byline_authors(html) if name not in authors]
    return HtmlResult(blocks=blocks, title=normalize_line(document.title or "") or None, authors=authors,
                      published=document.date, inline_quotes=_quoted_passages(html))


def _guard(html: str, deadline: Deadline | None) -> int:
    """Refuse, before parsing, markup nested absurdly deep or too large for the time left;
    return the nesting estimate."""
    markup = html.encode("utf-8", "surrogatepass")
    depth = html_depth(markup)
    if depth > MAX_HTML_DEPTH:
        raise UnsupportedFormat(f"the HTML nests elements about {depth:,} deep (over {MAX_HTML_DEPTH:,}); "
                                f"it is not a readable page")
    expected = len(markup) / 1e6 * HTML_SECONDS_PER_MB
    if deadline and expected > deadline.remaining():
        raise IngestTimeout(f"the HTML has {len(markup) / 1e6:.1f} MB of markup; reading it would take about "
                            f"{expected:.0f} s, over the {deadline.seconds:g} s limit (ingest.timeout_seconds)")
    return depth


def element_blocks(body: etree._Element) -> list[Block]:
    """One block per paragraph, heading, list item, table row or quote of trafilatura's tree."""
    for lb in body.iter("lb"):
        lb.tail = LINE_BREAK + (lb.tail or "")
    blocks: list[Block] = []
    for element in body:
        tag = element.tag
        if tag == "list":
            for item in element.iter("item"):
                blocks.append(Block(f"{BULLET} {_own_text(item)}", kind="item"))
        elif tag == "table":
            for row in element.iter("row"):
                cells = [" ".join("".join(cell.itertext()).split()) for cell in row]
                blocks.append(Block(" | ".join(c for c in cells if c)))
        else:
            kind = {"head": "heading", "quote": "quote"}.get(tag, "text")
            text = " ".join("".join(element.itertext()).split("\n"))
            blocks.extend(Block(line, kind=kind) for line in text.split(LINE_BREAK))
    return blocks


def _own_text(item: etree._Element) -> str:
    """An item's text without the text of nested lists (they become items of their own)."""
    parts = [item.text or ""]
    for child in item:
        if child.tag != "list":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts).replace("\n", " ").replace(LINE_BREAK, " ")


def _byline_authors(html: str) -> list[str]:
    """Names from a byline element ("Interview by ..."), which trafilatura keeps out of the
    text; they go to ``authors`` only (the benchmark's article texts exclude bylines)."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.LxmlError, ValueError):
        return []
    for element in tree.iter("p", "span", "div", "address"):
        names = byline_names(normalize_line(" ".join("".join(element.itertext()).split())))
        if names:
            return names
    return []


def _quoted_passages(html: str) -> list[str]:
    """Normalised texts of <blockquote> and <q> elements, to locate in the final text."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.LxmlError, ValueError):
        return []
    passages = []
    for element in tree.iter("blockquote", "q"):
        text = normalize_line(" ".join("".join(element.itertext()).split()))
        if len(text.split()) >= MIN_INLINE_QUOTE_WORDS:
            passages.append(text)
    return passages


def locate_quotes(text: str, passages: list[str], known: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges of quoted passages found verbatim in the text, added to ``known``."""
    ranges = list(known)
    for passage in passages:
        start = text.find(passage)
        if start >= 0 and not any(s <= start < e for s, e in ranges):
            ranges.append((start, start + len(passage)))
    return sorted(ranges)
