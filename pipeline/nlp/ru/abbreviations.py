"""Russian short names of organisations and places, matched to the full names they shorten.

Two ways of Russian word formation (not word lists):
- an acronym is the initials of the name's words ("ЕР" - Единая Россия, "РФ" - Российская
  Федерация, "ЛДПР" - Либерально-демократическая партия России), conjunctions and
  prepositions left out;
- a compound abbreviation joins the first letters or syllables of the words ("Госдума" -
  Государственная Дума, "Минюст" - Министерство юстиции, "Нацстатком" - Национальный
  статистический комитет).
Either may shorten only the first words of a name whose other words are a capitalised
name after it ("НСК", "Нацстатком" - Национальный статистический комитет Кыргызской
Республики). Both are compared with any case form of either name: a syllable is a prefix of
its word, and the short name may carry a case ending ("Госдумы").
"""

from __future__ import annotations

import re

from pipeline.nlp.ru.names import stems

FUNCTION_WORDS = frozenset({"и", "по", "в", "во", "на", "для", "при", "с", "со", "о", "об", "от", "за", "к", "у"})
MIN_SYLLABLE = 2
WORD_PARTS = re.compile(r"[^\W\d_]+")


def name_words(words: list[str]) -> list[str]:
    """The words of a name split at hyphens, without conjunctions and prepositions."""
    return [part for word in words for part in WORD_PARTS.findall(word) if part.lower() not in FUNCTION_WORDS]


def _rest_is_a_name(words: list[str]) -> bool:
    return all(w[:1].isupper() for w in words)


def is_acronym_of(short: str, words: list[str]) -> bool:
    """Whether the capitals ``short`` are the initials of the name ``words`` (or of its first
    words, the rest being a capitalised name)."""
    parts = name_words(words)
    if not (short.isupper() and 2 <= len(short) <= len(parts)) or len(parts) < 2:
        return False
    initials = "".join(p[0] for p in parts).upper()
    return initials[:len(short)] == short and _rest_is_a_name(parts[len(short):])


def is_compound_of(short: str, words: list[str]) -> bool:
    """Whether the one word ``short`` joins the first syllables of two or more of the name's
    first words (see module docstring)."""
    parts = name_words(words)
    if len(parts) < 2 or not short[:1].isupper() or short.isupper():
        return False
    lower = [p.lower().replace("ё", "е") for p in parts]
    return any(_consumed(form, lower, parts, 0) for form in stems(short))


def _consumed(short: str, lower: list[str], parts: list[str], at: int) -> bool:
    """Whether ``short`` is made of prefixes of ``lower[at:]`` in order, two words or more in
    all, the words after them being a capitalised name (backtracking)."""
    if not short:
        return at >= 2 and _rest_is_a_name(parts[at:])
    if at >= len(lower):
        return False
    word = lower[at]
    return any(short[:size] == word[:size] and _consumed(short[size:], lower, parts, at + 1)
               for size in range(min(len(word), len(short)), MIN_SYLLABLE - 1, -1))
