"""Markdown: rendered by markdown-it-py (CommonMark with tables, raw HTML allowed), then read
by the same block walker as HTML pages, so inline and block HTML inside Markdown (anchors,
images, ``<strong>`` questions, as blog exports write them) never reaches the text."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.ingest.clean import Block
from pipeline.ingest.markup import fragment_blocks, strip_template_tags

EMPHASIS_OPEN = re.compile(r"^<(?:b|strong|em|i)(?:\s[^>]*)?>$", re.I)
EMPHASIS_CLOSE = re.compile(r"^</(?:b|strong|em|i)\s*>$", re.I)
EMPHASIS_TOKENS = {"strong_open": 1, "em_open": 1, "strong_close": -1, "em_close": -1}


def _softbreak(renderer, tokens: list[Token], idx: int, options, env) -> str:
    """A line wholly in bold or italics ends its line for real ("**Question?**" then the
    answer on the next line): blog editors show each source line on its own."""
    return "<br>\n" if _line_is_emphasized(tokens, idx) else "\n"


def _line_is_emphasized(tokens: list[Token], end: int) -> bool:
    """Is every word of the line that ends at ``tokens[end]`` inside emphasis?"""
    depth, emphasized, plain = 0, False, False
    for token in tokens[:end]:
        if token.type in ("softbreak", "hardbreak"):
            emphasized = plain = False
        elif token.type in EMPHASIS_TOKENS:
            depth += EMPHASIS_TOKENS[token.type]
        elif token.type == "html_inline":
            depth += 1 if EMPHASIS_OPEN.match(token.content) else -1 if EMPHASIS_CLOSE.match(token.content) else 0
        elif token.content.strip():
            emphasized, plain = emphasized or depth > 0, plain or depth <= 0
    return emphasized and not plain


MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MARKDOWN.add_render_rule("softbreak", _softbreak)


def markdown_blocks(text: str) -> list[Block]:
    """Headings, paragraphs, list items, quotes, table rows and code lines of a Markdown text."""
    return fragment_blocks(MARKDOWN.render(strip_template_tags(text)))
