"""HTML: one parse per page; trafilatura finds the main text in that tree (no navigation, forms,
sidebars or comments) and metadata; when it finds none, the page's visible text is used."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from pipeline.ingest.clean import Block, byline_names, normalize_blocks, normalize_line, remove_boilerplate
from pipeline.ingest.errors import IngestTimeout, NoMainText, UnsupportedFormat
from pipeline.ingest.limits import Deadline, html_depth
from pipeline.ingest.markup import (FRAGMENT_PARSER, INVISIBLE, PAGE_CHROME, emphasized_passages, strip_template_tags,
                                    tree_blocks, with_emphasis)
from pipeline.ingest.metadata import article_title

# Precision mode was the best trafilatura setting on the HTML benchmark (see tests/ingest).
# Formatting keeps bold and italics (questions set in bold) and scores the same (F1 0.963).
EXTRACT_OPTIONS = {"favor_precision": True, "include_tables": True, "include_images": False,
                   "include_formatting": True, "include_links": False, "with_metadata": True, "deduplicate": False}
MIN_INLINE_QUOTE_WORDS = 3
# trafilatura has already removed page furniture; only short call-to-action lines it kept are
# dropped (longer ones were article sentences on the benchmark).
MAX_CALL_TO_ACTION_CHARS = 160
AUTHOR_SEPARATORS = re.compile(r"\s*[;|]\s*")
# Elements the markup marks as naming the author (the class as a whole word).
AUTHOR_MARKUP = ('//*[@rel="author" or @itemprop="author" or '
                 'contains(concat(" ", normalize-space(@class), " "), " author ")]')
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
    warnings: list[str] = field(default_factory=list)


def extract_html(html: str, *, include_comments: bool, deadline: Deadline | None = None) -> HtmlResult:
    """Main text blocks and metadata of one page (no network: links are never fetched)."""
    html = strip_template_tags(html)
    depth = _guard(html, deadline)
    tree = _parse(html)
    try:
        document = trafilatura.bare_extraction(tree, include_comments=include_comments, **EXTRACT_OPTIONS)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise NoMainText(f"the HTML could not be parsed: {exc}") from None
    if deadline:
        deadline.check("extracting the main text of the HTML")
    blocks, warnings = _main_blocks(document, include_comments=include_comments), []
    blocks = with_emphasis(blocks, emphasized_passages(tree))
    if not blocks:
        blocks = _clean(tree_blocks(tree, skip=INVISIBLE | PAGE_CHROME))
        warnings.append("no main text was found apart from the page's boilerplate: the text is the page's "
                        "visible text (navigation, forms and footers left out)")
    if not blocks:
        deep = (f"; its elements nest about {depth:,} deep and the parser drops what is below "
                f"level {PARSER_MAX_DEPTH}" if depth > PARSER_MAX_DEPTH else "")
        raise NoMainText(f"the HTML page has no main text (only navigation, forms or an empty body){deep}")
    found = document.title if document is not None else None
    title = article_title(normalize_line(found or "") or None, page_title=_text(tree.find(".//title")),
                          headings=[_text(h) for h in tree.iter("h1", "h2", "h3")])
    authors = [a for a in AUTHOR_SEPARATORS.split(document.author or "") if a] if document is not None else []
    authors += [name for name in _byline_authors(tree) if name not in authors]
    authors = authors or _marked_authors(tree)
    return HtmlResult(blocks=blocks, title=title, authors=authors,
                      published=document.date if document is not None else None,
                      inline_quotes=_quoted_passages(tree), warnings=warnings)


def _parse(html: str) -> lxml.html.HtmlElement:
    """The page's one element tree: trafilatura's loader (it repairs what libxml2 trips on), or
    for a fragment it refuses (a template's body without <html>) a document around it."""
    tree = trafilatura.load_html(html)
    if tree is None:
        try:
            tree = lxml.html.document_fromstring(html, parser=FRAGMENT_PARSER)
        except (etree.ParserError, ValueError) as exc:
            raise NoMainText(f"the HTML could not be parsed: {exc}") from None
    return tree


def _main_blocks(document, *, include_comments: bool) -> list[Block]:
    if document is None or document.body is None:
        return []
    bodies = [document.body] + ([document.commentsbody] if include_comments and document.commentsbody is not None
                                else [])
    # A body without child elements is trafilatura's fallback for a page without main text (a
    # menu's words). Its tree holds only text, and its "head" is a heading, not HTML's <head>.
    return _clean([block for body in bodies if len(body) for block in tree_blocks(body, skip=frozenset())])


def _clean(blocks: list[Block]) -> list[Block]:
    return remove_boilerplate(normalize_blocks(blocks), captions=False, max_chars=MAX_CALL_TO_ACTION_CHARS)


def _text(element: etree._Element | None) -> str:
    return normalize_line(" ".join("".join(element.itertext()).split())) if element is not None else ""


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


def _byline_authors(tree: lxml.html.HtmlElement) -> list[str]:
    """Names from a byline element ("Interview by ..."), which trafilatura keeps out of the
    text; they go to ``authors`` only (the benchmark's article texts exclude bylines)."""
    for element in tree.iter("p", "span", "div", "address"):
        names = byline_names(normalize_line(" ".join("".join(element.itertext()).split())))
        if names:
            return names
    return []


def _marked_authors(tree: lxml.html.HtmlElement) -> list[str]:
    """The name in the first element the markup marks as the author (rel="author",
    itemprop="author", a class "author"), when it reads as a person's name: two to four
    capitalised words."""
    for element in tree.xpath(AUTHOR_MARKUP):
        name = _text(element)
        words = name.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            return [name]
    return []


def _quoted_passages(tree: lxml.html.HtmlElement) -> list[str]:
    """Normalised texts of <blockquote> and <q> elements, to locate in the final text."""
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
