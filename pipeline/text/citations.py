"""Author-year citations: "(Author, 2020)", "(A and B 2015, p. 44)", "Author (2022)"."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.text.bylines import NAME_PARTICLES
from pipeline.text.date_words import MONTHS, SEASONS
from pipeline.text.quote_marks import APOSTROPHES

_NAME_WORD = rf"[A-Z][\w{APOSTROPHES}\-]*[\w]"
_PARTICLE = "|".join(sorted(NAME_PARTICLES))
_NAME = rf"{_NAME_WORD}(?:[ \u00a0]+(?:(?:{_PARTICLE})[ \u00a0]+)?{_NAME_WORD}){{0,3}}"
_AUTHORS = rf"{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*(?:\s+et\s+al\.?)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)[a-z]?"
_PAGE = r"(?:\s*[,:]\s*(?:pp?\.?\s*)?(?P<page>\d+(?:\s*[-–]\s*\d+)?))?"
# One citation inside parentheses (several may be separated by ";").
CITATION_ITEM = re.compile(rf"^\s*(?P<authors>{_AUTHORS})\s*[.,]?\s*{_YEAR}{_PAGE}\s*$")
PARENTHETICAL = re.compile(r"\(([^()]{4,300}?)\)")
# Narrative citation: "Author (2022)", "Author (2022, p. 5)".
NARRATIVE = re.compile(rf"(?P<authors>{_AUTHORS})\s+\(\s*{_YEAR}{_PAGE}\s*\)")
# A looser parenthetical source for attributing a quotation: any capitalised name up to the
# year ("(Ministry of Health, 2019)") and "n.d." for an undated work.
PARENTHETICAL_SOURCE = re.compile(
    r"\(\s*(?P<authors>[A-Z][^()\d]{1,80}?),?\s*(?:\d{4}[a-z]?|n\.\s?d\.)(?:[,:;][^()]{0,20})?\)")
AUTHOR_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
ET_AL = re.compile(r"\s+et\s+al\.?$")
# A capitalised word glued to the name by one of these is part of a title:
# "the Law on Public Associations (2015)" cites no author.
TITLE_CONNECTORS = frozenset({"of", "on", "for", "the", "and", "to", "against", "in"})
NAME_CHAR = re.compile(rf"[\w{APOSTROPHES}\-]")
# Months and seasons look like names but date a text: "(January, 2020)".
DATE_WORDS = frozenset(MONTHS + SEASONS)
# Capitalised words that start a sentence or clause, not a name ("In Smith (2020)").
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


def _after_title_glue(text: str, start: int) -> bool:
    """Whether ``text[:start]`` ends with a capitalised word, a connector and space ("Law on "):
    read backwards from ``start``, so a citation costs its neighbourhood, not the whole prefix."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    connector_end = i
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    if connector_end == start or i == 0 or text[i:connector_end] not in TITLE_CONNECTORS:
        return False
    while i > 0 and text[i - 1].isspace():
        i -= 1
    word_end = i
    while i > 0 and NAME_CHAR.match(text[i - 1]):
        i -= 1
    return any("A" <= c <= "Z" for c in text[i:word_end])


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
    # Parenthetical citations are in order and never overlap: a narrative one inside one of
    # them is found by bisection. Narrative matches never start inside an earlier one.
    starts = [c.start for c in found]
    parenthetical = list(found)
    for match in NARRATIVE.finditer(text):
        at = bisect_right(starts, match.start()) - 1
        if (at >= 0 and match.start() < parenthetical[at].end) or _after_title_glue(text, match.start()):
            continue
        citation = _make(span=(match.start(), match.end()), match=match, authors_start=match.start())
        if citation:
            found.append(citation)
    return sorted(found, key=lambda c: c.start)


# A reference to a numbered report: "see Research Report R12345, Water Policy: Background
# and Issues for Lawmakers, by Ana B. Lima" (report series words are general report layout).
REPORT_REFERENCE = re.compile(
    r"\b(?:Report|Reports|Focus|Insight|Memorandum|Brief|Paper)\s+[A-Z]{0,3}\d[\d\-]*(?:\s\d+)?,\s+"
    r"(?P<title>[^()]{3,240}?)(?:,\s+(?:by|available)\s|;|\.\s)")


def report_titles(text: str) -> list[tuple[int, int]]:
    """Character ranges of the titles of numbered report references: names inside them belong
    to the title, not to the text's own entities."""
    return [(m.start("title"), m.end("title")) for m in REPORT_REFERENCE.finditer(text)]
