"""Document metadata from any format: ISO dates, author names without role words, titles
without site names, and datelines in a document's opening lines."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from dateutil import parser as date_parser

from pipeline.ingest.clean import Block, normalize_line, rule_list, title_from_blocks
from pipeline.text.bylines import glued_capital
from pipeline.text.date_words import MONTHS, WEEKDAYS

# Date shapes a dateline uses; the month word is checked by dateutil, which knows month names.
DATE_SHAPE = re.compile(
    r"\b(?:(?:19|20)\d\d-\d\d-\d\d"
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d\d"
    r"|\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]{2,8}\.?,? (?:19|20)\d\d)\b")
# "NAIROBI (3 May 2021):" or "GENEVA, 3 May 2021 —": a place in capitals, then the date.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:\(|,)\s*$")
DATELINE_BLOCKS = 8
DATE_LINE_MAX_CHARS = 120
# Words around the date on a date line ("Updated", "Posted on", "19:20 ET").
DATE_LINE_EXTRA_WORDS = 3
ROLE_WORDS = frozenset(rule_list("author_roles.txt"))
# A date run into an author's name ("Ana Lima Monday, May 4"): the name ends before it.
DATE_AFTER_NAME = re.compile(rf"(?:\s+|(?<=[a-z]))(?:{'|'.join(MONTHS + WEEKDAYS)})\b.*$")
MINOR_WORDS = frozenset(rule_list("minor_words.txt"))
MAX_NAME_WORDS = 6
TITLE_SEPARATORS = re.compile(r"\s+(?:[|»›·•~–—-]|::|//)\s+")


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from a date, a datetime or a date written as text; None when it is none."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not re.search(r"\d{4}", value):
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return date_parser.parse(text).date().isoformat()
    except (ValueError, OverflowError):
        return None


def dateline_date(blocks: list[Block]) -> str | None:
    """The date of a date line among the opening blocks ("Updated April 10, 2026",
    "March 30, 2018", "GENEVA (3 May 2021): ..."), as ``YYYY-MM-DD``."""
    for block in blocks[:DATELINE_BLOCKS]:
        match = DATE_SHAPE.search(block.text)
        if not match:
            continue
        before, after = block.text[:match.start()], block.text[match.end():]
        short = len(block.text) <= DATE_LINE_MAX_CHARS and (
            not before.strip() or len(f"{before} {after}".split()) <= DATE_LINE_EXTRA_WORDS)
        if short or DATELINE.match(before):
            date = iso_date(match.group())
            if date:
                return date
    return None


def is_date_line(text: str) -> bool:
    """A line that is only a date with a cue word or two ("Updated April 10, 2026")."""
    match = DATE_SHAPE.search(text)
    return bool(match) and len(f"{text[:match.start()]} {text[match.end():]}".split()) <= 2


def opening_title(blocks: list[Block]) -> str | None:
    """The title a text opens with: its first block when that reads as a title, date lines
    skipped ("Updated April 10, 2026" above the title); a title is mostly letters."""
    rest = blocks
    while rest and is_date_line(rest[0].text):
        rest = rest[1:]
    title = title_from_blocks(rest)
    return title if title and _mostly_letters(title) else None


def _mostly_letters(text: str) -> bool:
    """More than twice as many letters as digits ("19:04, 6 May" is a time stamp, not a title)."""
    return sum(c.isalpha() for c in text) > 2 * sum(c.isdigit() for c in text)


def clean_authors(names: list[str]) -> list[str]:
    """Author names normalised, without role words ("Staff writer", "Jane Roe, Reporter", "Desk
    Staff"), a date or a role run into them, e-mail addresses or repeats (the same name in
    capitals, or with words glued after it)."""
    kept: list[str] = []
    keys: list[tuple[str, ...]] = []
    for raw in names:
        name = _without_role_parts(_without_run_ons(normalize_line(raw).strip(" ,;|")))
        words = tuple(_fold(name).split())
        if not words or len(words) > MAX_NAME_WORDS or "@" in name or any(c.isdigit() for c in name):
            continue
        if all(w in ROLE_WORDS or w in MINOR_WORDS for w in words) or name in MONTHS + WEEKDAYS:
            continue
        if any(words[:len(key)] == key or key[:len(words)] == words for key in keys):
            continue
        kept.append(name)
        keys.append(words)
    return kept


def _without_run_ons(name: str) -> str:
    """A byline's parts joined without a space or separator: "Ana Lima Monday, May 4" and
    "Ana LimaStaff Writer" -> "Ana Lima" (a date word or a glued capital ends the name)."""
    name = DATE_AFTER_NAME.sub("", name).strip()
    glue = glued_capital(name)
    return name[:glue] if glue is not None and " " in name[:glue] else name


def _without_role_parts(name: str) -> str:
    """"Jane Roe, Staff Writer" → "Jane Roe": trailing comma parts made of role words go; an
    acronym before role words is the outlet whose desk signs ("VNB Staff" → "VNB")."""
    parts = [p.strip() for p in name.split(",")]
    while len(parts) > 1 and all(w in ROLE_WORDS or w in MINOR_WORDS for w in _fold(parts[-1]).split()):
        parts.pop()
    words = ", ".join(parts).split(" ")
    if len(words) > 1 and words[0].isupper() and all(_fold(w) in ROLE_WORDS for w in words[1:]):
        return words[0]
    return " ".join(words)


def _fold(text: str) -> str:
    """Lower case without accents or punctuation, for comparing names and titles."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)).split())


def title_parts(title: str) -> list[str]:
    """A page title cut at the separators that join it to a site or section name."""
    return [part for part in TITLE_SEPARATORS.split(normalize_line(title)) if part]


def article_title(candidate: str | None, *, page_title: str, headings: list[str]) -> str | None:
    """The article's title: ``candidate`` unless it is the site-name part of the page title
    ("Site » Article") and another, longer part is also a heading of the page."""
    parts = title_parts(page_title)
    if not candidate or len(parts) < 2 or _fold(candidate) not in {_fold(p) for p in parts}:
        return candidate
    heading_keys = {_fold(h) for h in headings}
    others = [p for p in parts if _fold(p) != _fold(candidate) and _fold(p) in heading_keys]
    longer = [p for p in others if len(p) > len(candidate)]
    return max(longer, key=len) if longer else candidate
