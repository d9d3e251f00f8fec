"""Bylines: the short line that names who wrote a text ("By Jane Doe", "Interview by: Sam Roe").

The cue words come from general knowledge of web, newsletter and report layout. A byline is
one cue word (or none) before "by", or a label and a colon, then one or more names; a date or
a separator after the names ends it ("By Jane Doe · 18 March 2024").
"""

from __future__ import annotations

import re
from collections.abc import Collection

# Words that may stand before "by" in a byline.
BYLINE_VERBS = ("written", "posted", "interview", "interviewed", "interview conducted", "reported",
                "compiled", "text", "story", "edited", "authored")
# Labels that a colon and the names follow ("Author: Jane Doe"); a plural "s" is allowed.
BYLINE_LABELS = ("author", "interviewer")
# The Russian interviewer's credit, the names right after it ("Беседовала Анна Петрова",
# "Вопросы задавал Иван Сидоров"): general knowledge of Russian interview layout.
RUSSIAN_CREDITS = ("беседовал", "беседовала", "беседовали", "вопросы задавал", "вопросы задавала",
                   "вопросы задавали", "интервью взял", "интервью взяла", "интервью взяли")
# Lower-case particles inside personal names ("Ana de Souza", "Ali bin Omar"): Romance,
# Germanic and Arabic name particles, from general knowledge.
NAME_PARTICLES = frozenset({"de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "al", "el", "bin", "ibn"})
# Parts of personal names that a capital follows inside one word ("McKay", "DeShawn", "LaToya",
# "FitzGerald"), from general knowledge of English, Irish, French, Dutch and Arabic names.
NAME_PREFIXES = frozenset({"Mc", "Mac", "Fitz", "De", "Del", "Da", "Di", "Du", "Le", "La", "Lo", "Ja", "Van", "Von",
                           "Ten", "Ter", "St", "Al", "El"})
INNER_CAPITAL = re.compile(r"\b([A-Z]?[a-z]+)[A-Z]")
MAX_BYLINE_CHARS = 90
MAX_NAME_WORDS = 5


def _alternatives(words: Collection[str]) -> str:
    """A regex alternation of phrases, longest first, any run of space between their words."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


BYLINE = re.compile(
    rf"^(?:(?:{_alternatives(BYLINE_VERBS)})\s+)?by\s*:?\s+(?P<names>.+?)\s*$"
    rf"|^(?:{_alternatives(BYLINE_LABELS)})s?\s*:\s*(?P<labelled>.+?)\s*$"
    rf"|^(?:{_alternatives(RUSSIAN_CREDITS)})\s*:?\s+(?P<credited>.+?)\s*$",
    re.IGNORECASE,
)
# "... was interviewed by Jane Doe" in running text.
INTERVIEWED_BY = re.compile(r"\binterview(?:ed)? by\s+(?P<name>[A-Z]\w+(?:\s+[A-Z]\w+){0,3})")
BYLINE_END = re.compile(r"\s+[·•|—–-]\s+|\s+\d|\s+on\s+[A-Z]")
NAME_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b|\bи\b|\|)\s*")


def byline_names(line: str) -> list[str]:
    """Names of a byline line, each of capitalised words and name particles; no names for a
    line that is not a byline."""
    if len(line) > MAX_BYLINE_CHARS:
        return []
    match = BYLINE.match(line)
    if not match:
        return []
    raw = BYLINE_END.split(match.group("names") or match.group("labelled") or match.group("credited") or "")[0]
    names = []
    for part in NAME_SEPARATOR.split(raw):
        words = part.strip(" .").split()
        if 1 <= len(words) <= MAX_NAME_WORDS and all(w[0].isupper() or w.lower() in NAME_PARTICLES for w in words):
            names.append(" ".join(words))
    return names


def glued_capital(text: str) -> int | None:
    """Where a capital follows lower-case letters inside a word that no personal name has there:
    a brand's spelling ("SoftBank") or two texts run together ("Ana LimaStaff Writer")."""
    for match in INNER_CAPITAL.finditer(text):
        if match.group(1) not in NAME_PREFIXES:
            return match.end() - 1
    return None


def interviewer_in_text(text: str) -> str | None:
    """The name after the first "interviewed by" / "interview by" in running text."""
    match = INTERVIEWED_BY.search(text)
    return match.group("name") if match else None


def byline_cues() -> list[tuple[str, ...]]:
    """The cues as word sequences, capitalised as a byline starts ("Written", "by"), with and
    without a colon, for token patterns."""
    cues = []
    for verb in BYLINE_VERBS:
        words = (*verb.capitalize().split(), "by")
        cues += [words, (*words, ":")]
    for label in BYLINE_LABELS:
        cues += [(label.capitalize(), ":"), (label.capitalize() + "s", ":")]
    return cues
