"""Author-year citations: "(Author, 2020)", "(A and B 2015, p. 44)", "Author (2022)"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME_WORD = r"[A-Z][\w'’\-]*[\w]"
_NAME = rf"{_NAME_WORD}(?:[ \u00a0]+(?:(?:van|von|de|del|da|di|al|el|bin|ibn)[ \u00a0]+)?{_NAME_WORD}){{0,3}}"
_AUTHORS = rf"{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*(?:\s+et\s+al\.?)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)[a-z]?"
_PAGE = r"(?:\s*[,:]\s*(?:pp?\.?\s*)?(?P<page>\d+(?:\s*[-–]\s*\d+)?))?"
# One citation inside parentheses (several may be separated by ";").
CITATION_ITEM = re.compile(rf"^\s*(?P<authors>{_AUTHORS})\s*[.,]?\s*{_YEAR}{_PAGE}\s*$")
PARENTHETICAL = re.compile(r"\(([^()]{4,300}?)\)")
# Narrative citation: "Author (2022)", "Author (2022, p. 5)".
NARRATIVE = re.compile(rf"(?P<authors>{_AUTHORS})\s+\(\s*{_YEAR}{_PAGE}\s*\)")
AUTHOR_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
ET_AL = re.compile(r"\s+et\s+al\.?$")
# Capitalised words that start a sentence or clause, not a name ("In Smith (2020)").
# A capitalised word glued to the name by one of these is part of a title:
# "the Law on Public Associations (2015)" cites no author.
TITLE_GLUE = re.compile(r"[A-Z][\w'’\-]*\s+(?:of|on|for|the|and|to|against|in)\s+$")
# Months and seasons look like names but date a text: "(January, 2020)".
DATE_WORDS = frozenset({
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Spring", "Summer", "Autumn", "Fall", "Winter",
})
LEADING_NON_NAMES = frozenset({
    "In", "As", "See", "The", "By", "From", "According", "And", "But", "Also", "Cf", "For",
    "While", "Since", "After", "Before", "Following", "Unlike", "Like", "Per", "Source", "Sources",
})


@dataclass(frozen=True)
class Citation:
    """A citation's character range, its fields, and the (start, end) of each author name."""

    start: int
    end: int
    author: str
    year: int | None
    page: str | None
    names: tuple[tuple[int, int], ...]


def _drop_leading_words(text: str, start: int) -> tuple[str, int]:
    """Remove sentence words glued before the first author name."""
    words = text.split(" ")
    while len(words) > 1 and words[0] in LEADING_NON_NAMES:
        start += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start


def _author_names(authors: str, offset: int) -> tuple[tuple[int, int], ...]:
    """Character ranges of each author name in an author list."""
    authors = ET_AL.sub("", authors)
    names, pos = [], 0
    for part in AUTHOR_SPLIT.split(authors):
        if not part:
            continue
        found = authors.index(part, pos)
        names.append((offset + found, offset + found + len(part)))
        pos = found + len(part)
    return tuple(names)


def _make(*, span: tuple[int, int], match: re.Match, authors_start: int) -> Citation | None:
    authors, start = _drop_leading_words(match.group("authors"), authors_start)
    if authors in LEADING_NON_NAMES or set(authors.split()) & DATE_WORDS:
        return None
    page = re.sub(r"\s+", "", match.group("page")) if match.group("page") else None
    # Where the citation span began at the author list, it now begins at the first name.
    return Citation(start=start if span[0] == authors_start else span[0], end=span[1], author=authors.strip(),
                    year=int(match.group("year")), page=page, names=_author_names(authors, start))


def find_citations(text: str) -> list[Citation]:
    """Every author-year citation in ``text``, in order of position."""
    found: list[Citation] = []
    for paren in PARENTHETICAL.finditer(text):
        pos = paren.start(1)
        for item in paren.group(1).split(";"):
            match = CITATION_ITEM.match(item)
            if match:
                authors_at = pos + match.start("authors")
                bounds = (paren.start(), paren.end()) if ";" not in paren.group(1) else (authors_at, pos + len(item))
                citation = _make(span=bounds, match=match, authors_start=authors_at)
                if citation:
                    found.append(citation)
            pos += len(item) + 1
    for match in NARRATIVE.finditer(text):
        if any(c.start <= match.start() < c.end for c in found) or TITLE_GLUE.search(text[:match.start()]):
            continue
        citation = _make(span=(match.start(), match.end()), match=match, authors_start=match.start())
        if citation:
            found.append(citation)
    return sorted(found, key=lambda c: c.start)
