"""Paragraph ranges of a plain text, for texts that come without the layout ingest finds."""

from __future__ import annotations

import re

BLANK_LINE = re.compile(r"\n\s*\n")


def blank_line_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges from blank lines, or from lines when the text has no blank line."""
    separator = r"(\n\s*\n)" if BLANK_LINE.search(text) else r"(\n)"
    ranges, pos = [], 0
    for part in re.split(separator, text):
        if part.strip() and not re.fullmatch(separator, part):
            ranges.append((pos, pos + len(part)))
        pos += len(part)
    return ranges
