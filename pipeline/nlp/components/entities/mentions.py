"""From an entity span to the name it holds: trimmed, its title set apart, cut where it runs on.

Plain functions over the document's text and the vocabulary. A span may hold no name
("Foreign Minister", "King of"), one name ("President Ana Lima" -> "Ana Lima" with the role
"President") or two ("Parliament's Joint Committee" -> "Parliament", "Joint Committee").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.nlp.components.entities.vocabulary import EntityVocabulary
from pipeline.text.date_words import MONTHS, WEEKDAYS
from pipeline.text.quote_marks import APOSTROPHE_LOOKALIKES, APOSTROPHES, QUOTE_MARKS

LEADING_ARTICLES = ("the ", "The ", "THE ")
POSSESSIVE = re.compile(rf"[{APOSTROPHES}{APOSTROPHE_LOOKALIKES}]s?$")
INNER_POSSESSIVE = re.compile(rf"[{APOSTROPHES}{APOSTROPHE_LOOKALIKES}]s (?=[A-Z])")
TRAILING = ".,;:!?)-–—/ " + QUOTE_MARKS
# "Forum on Tuesday": a date phrase the model ran into the name.
DATE_WORDS = frozenset(MONTHS + WEEKDAYS)
# Report, docket and fiscal-year codes: "R12345", "IF10015", "FY2026".
IDENTIFIER = re.compile(r"^(?:[A-Z]{1,4}[\d\-]{3,}[A-Z]?|[\d\-–.]+)$")
WORD = re.compile(r"\S+")
COMMA = re.compile(r",\s*")
TRAILING_CONNECTORS = ("of", "for", "and", "on", "to", "the", "in", "&")
MAX_TITLE_CHARS = 60


@dataclass
class Mention:
    """One trimmed entity mention and the evidence it gives for its entity's label."""

    start: int
    end: int
    text: str
    label: str          # the label its source gave: ORG, PERSON or PLACE
    source: str         # model, rule, citation or metadata
    gid: str = ""       # gazetteer id when the mention came from the gazetteer
    role: str | None = None  # title or role written with the name: "President"
    votes: Counter = field(default_factory=Counter)
    speech: Counter = field(default_factory=Counter)  # the part of ``votes`` a speech verb after it gave


@dataclass(frozen=True)
class Piece:
    """A stretch of a span that holds a name, with the title written before or after it."""

    start: int
    end: int
    role: str | None = None
    owner: bool = False  # a name whose label this span does not tell: "X" in "X's Y", "X Government"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Char range without a leading article, possessive or trailing punctuation."""
    changed = True
    while changed and start < end:
        changed = False
        piece = text[start:end]
        for article in LEADING_ARTICLES:
            if piece.startswith(article):
                start += len(article)
                changed = True
        possessive = POSSESSIVE.search(text, start, end)  # a bare apostrophe is trailing punctuation too
        if possessive:
            end -= len(possessive.group())
            changed = True
        while start < end and text[end - 1] in TRAILING:
            end -= 1
            changed = True
        while start < end and text[start] in TRAILING:
            start += 1
            changed = True
    return start, end


def without_date_tail(text: str, start: int, end: int) -> int:
    """End of the range without a trailing "on Tuesday" / "in March"."""
    words = text[start:end].split(" ")
    if len(words) > 2 and words[-1] in DATE_WORDS and words[-2] in ("on", "in"):
        return start + len(" ".join(words[:-2]))
    return end


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each space-separated word of text[start:end]."""
    return [m.span() for m in WORD.finditer(text, start, end)]


def _is_title(word: str, words: EntityVocabulary) -> bool:
    """A courtesy or office title, in any case ("MR." in a transcript's speaker label)."""
    return (word in words.courtesy_titles or word in words.office_titles
            or word.title() in words.courtesy_titles)


def _is_title_word(word: str, words: EntityVocabulary) -> bool:
    return _is_title(word, words) or word in words.title_modifiers


def _is_org_word(word: str, words: EntityVocabulary) -> bool:
    return word in words.org_heads or word in words.org_name_suffixes


def split_title(text: str, start: int, end: int, *, words: EntityVocabulary,
                person: bool) -> tuple[int, int, str | None] | None:
    """The name after a leading title and the title: "Prime Minister Ana Lima" -> "Ana Lima",
    "Prime Minister". None when the span is only a title ("Foreign Minister") or a title of
    something ("Director of National Intelligence" keeps "National Intelligence", no role).
    A span the source did not call a person keeps an office title that heads a body
    ("General Assembly", "Justice Dept.")."""
    spans = _words(text, start, end)
    last_title = -1
    for index, (w_start, w_end) in enumerate(spans):
        word = text[w_start:w_end]
        if not _is_title_word(word, words):
            break
        if _is_title(word, words):
            last_title = index
    if last_title < 0:
        return start, end, None
    rest = spans[last_title + 1:]
    first_word = text[spans[0][0]:spans[0][1]]
    courtesy = first_word in words.courtesy_titles or first_word.title() in words.courtesy_titles
    if not person and not courtesy and any(_is_org_word(text[s:e], words) for s, e in rest):
        return start, end, None
    if not rest:
        return None
    if text[rest[0][0]:rest[0][1]] in ("of", "for"):
        if len(rest) < 2 or person:
            return None
        return rest[1][0], end, None
    role = text[spans[0][0]:spans[last_title][1]]
    return rest[0][0], end, role


def title_before(text: str, start: int, *, words: EntityVocabulary) -> str | None:
    """The title written right before a name ("Prime Minister" in "Prime Minister Ana Lima"),
    when the name's span did not hold it."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - MAX_TITLE_CHARS)
    before = _words(text, line_start, start)
    first = len(before)
    while first > 0 and _is_title_word(text[before[first - 1][0]:before[first - 1][1]], words):
        first -= 1
    titled = [text[s:e] for s, e in before[first:]]
    if not titled or not _is_title(titled[-1], words):
        return None  # "Senior" alone: a modifier needs its title
    return " ".join(titled)


def split_trailing_role(text: str, start: int, end: int, *, words: EntityVocabulary) -> tuple[int, str | None]:
    """A person's name without a role glued after it ("Omar Haddad Specialist"); after an
    acronym, any office title is a role ("NAVA Administrator": the body's head, no name)."""
    spans = _words(text, start, end)
    cut = len(spans)
    while cut > 1 and (text[spans[cut - 1][0]:spans[cut - 1][1]] in words.role_titles
                       or (text[spans[cut - 1][0]:spans[cut - 1][1]] in words.office_titles
                           and all(text[s:e].isupper() for s, e in spans[:cut - 1]))):
        cut -= 1
    if cut == len(spans):
        return end, None
    return spans[cut - 1][1], text[spans[cut][0]:end]


def strip_openers(text: str, start: int, end: int, *, words: EntityVocabulary) -> int:
    """Start of the range after sentence words the model took into a name ("Will Vodafone")."""
    spans = _words(text, start, end)
    index = 0
    while index < len(spans) - 1 and text[spans[index][0]:spans[index][1]] in words.sentence_openers:
        index += 1
    return spans[index][0] if spans else start


def strip_identifiers(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without report, docket and fiscal-year codes at either end ("FY2026 DHS")."""
    spans = _words(text, start, end)
    while spans and IDENTIFIER.match(text[spans[0][0]:spans[0][1]]):
        spans = spans[1:]
    while spans and IDENTIFIER.match(text[spans[-1][0]:spans[-1][1]]):
        spans = spans[:-1]
    return (spans[0][0], spans[-1][1]) if spans else (start, start)


def strip_trailing_connectors(text: str, start: int, end: int) -> int:
    """End of the range without a dangling "of"/"and" ("King of", "Internal Revenue Code of")."""
    spans = _words(text, start, end)
    while len(spans) > 1 and text[spans[-1][0]:spans[-1][1]] in TRAILING_CONNECTORS:
        spans = spans[:-1]
    return spans[-1][1] if spans else end


def split_possessive(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "Parliament's Joint Committee" -> "Parliament", "Joint Committee"; a possessive before
    a single word is part of one name ("Consumer's Union")."""
    match = INNER_POSSESSIVE.search(text, start, end)
    if not match or " " not in text[match.end():end].strip():
        return [(start, end)]  # "Women's Union": one name
    return [(start, match.start()), (match.end(), end)]


def person_of_cut(text: str, start: int, end: int) -> int:
    """A person's name ends before " of ": "Ana Lima of Access" -> "Ana Lima"."""
    found = text.find(" of ", start, end)
    return found if found > start else end


def after_inner_article(text: str, start: int, end: int) -> int:
    """Start of the name after a capitalised "The" inside it: a heading glued to the sentence
    that follows ("OSH Enforcement The Ministry of Labor")."""
    found = text.rfind(" The ", start, end)
    return found + len(" The ") if found > start else start


def comma_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "Department of Homeland Security, Health and Human Services": two names."""
    parts, begin = [], start
    for match in COMMA.finditer(text, start, end):
        parts.append((begin, match.start()))
        begin = match.end()
    return parts + [(begin, end)]


def pieces(text: str, start: int, end: int, *, label: str, words: EntityVocabulary,
           split_lists: bool = False) -> list[Piece]:
    """The names in the character range of an entity span (see the module docstring);
    ``split_lists`` cuts it at commas (a statistical model's span; a rule's list is one name)."""
    if split_lists and "," in text[start:end]:
        return [p for s, e in comma_parts(text, start, end) for p in pieces(text, s, e, label=label, words=words)]
    start = after_inner_article(text, start, end)
    start, end = trim(text, start, without_date_tail(text, start, end))
    start = strip_openers(text, start, end, words=words)
    start, end = strip_identifiers(text, start, end)
    end = strip_trailing_connectors(text, start, end)
    start, end = trim(text, start, end)
    if start >= end:
        return []
    parts = split_possessive(text, start, end)
    last_word = text[start:end].rsplit(" ", 1)[-1]
    if last_word in words.government_words and " " in text[start:end]:
        # "United States Government", "Trump Administration": a description of the name before it
        end = strip_trailing_connectors(text, start, end - len(last_word))
        parts = [(p_start, min(p_end, end)) for p_start, p_end in parts if p_start < end]
        return [Piece(p_start, p_end, owner=True) for p_start, p_end in parts]
    found = []
    for index, (p_start, p_end) in enumerate(parts):
        owner = index < len(parts) - 1
        titled = split_title(text, p_start, p_end, words=words, person=label == "PERSON")
        if titled is None:
            continue
        p_start, p_end, role = titled
        if label == "PERSON" and not owner:
            p_end = person_of_cut(text, p_start, p_end)
            p_end, trailing = split_trailing_role(text, p_start, p_end, words=words)
            role = role or trailing
        p_start, p_end = trim(text, p_start, p_end)
        if p_start < p_end:
            found.append(Piece(p_start, p_end, role=role, owner=owner))
    return found
