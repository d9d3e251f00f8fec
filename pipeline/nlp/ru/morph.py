"""Russian word forms with pymorphy3: lemmas for grouping mentions, and the nominative of an
organisation's or place's name ("Ассоциации молодых юристов" -> "Ассоциация молодых юристов";
people's names: pipeline.nlp.ru.names).

Only the name's head and the words that agree with it change; dependents keep their case.
The case, number and gender a word is read in come from the parse (slovnet's features), so
pymorphy3's analysis is picked to fit the sentence, not by its own frequency.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3
from spacy.tokens import Token

# Universal Dependencies features -> OpenCorpora grammemes (pymorphy3's tags).
CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
GENDERS = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
NUMBERS = {"Sing": "sing", "Plur": "plur"}
NOUNS = frozenset({"NOUN"})
ADJECTIVES = frozenset({"ADJF", "PRTF", "NUMR"})
# A dependent that agrees with its head noun: it takes the head's case.
AGREEING_DEPS = frozenset({"amod", "det", "nummod"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})
VOWELS = frozenset("аеёиоуыэюя")
ACRONYM_WITH_ENDING = re.compile(r"^([А-ЯЁ]{2,})(?:а|у|ом|е|ы|ов|ам|ами|ах)$")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def parses(word: str) -> tuple:
    return tuple(analyzer().parse(word))


def _fits(parse, *, pos: frozenset[str], case: str | None, number: str | None, gender: str | None) -> int:
    """How many of the wanted features the parse has (-1: wrong part of speech)."""
    tag = parse.tag
    if tag.POS not in pos:
        return -1
    score = (case is not None and case in tag) + (number is not None and number in tag)
    return score + (gender is not None and (gender in tag or "ms-f" in tag))


def best_parse(word: str, *, pos: frozenset[str], case: str | None = None, number: str | None = None,
               gender: str | None = None):
    """The analysis of ``word`` with part of speech ``pos`` that fits the wanted features best
    (pymorphy3's score breaks ties), or None."""
    scored = [(_fits(p, pos=pos, case=case, number=number, gender=gender), p.score, p) for p in parses(word.lower())]
    scored = [s for s in scored if s[0] >= 0]
    return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


def lemma(word: str) -> str:
    """The dictionary form pymorphy3 gives first (lower case): the key that groups mentions."""
    found = parses(word.lower())
    return found[0].normal_form if found else word.lower()


def features(token: Token) -> tuple[str | None, str | None, str | None]:
    """Case, number and gender of a token as grammemes, from its morphology."""
    morph = token.morph
    def one(key: str, table: dict[str, str]) -> str | None:
        values = morph.get(key)
        return table.get(values[0]) if values else None
    return one("Case", CASES), one("Number", NUMBERS), one("Gender", GENDERS)


def inflected(word: str, parse, grammemes: set[str]) -> str:
    """``word`` in the forms ``grammemes``, written like the original (capitals, hyphens); a
    gender the word's lexeme does not have, then the number, are given up in that order."""
    if parse is None:
        return word
    genders = set(GENDERS.values())
    for wanted in (grammemes, grammemes - genders, grammemes - genders - {"sing"}):
        form = parse.inflect(wanted)
        if form is not None:
            return like(word, form.word)
    return word


def like(original: str, word: str) -> str:
    """``word`` with the capitals of ``original``: UPPER, Title-Case or lower per hyphen part."""
    parts, originals = word.split("-"), original.split("-")
    if len(parts) != len(originals):
        return _cased(word, original)
    return "-".join(_cased(part, written) for part, written in zip(parts, originals))


def _cased(part: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return part.upper()
    return part[:1].upper() + part[1:] if original[:1].isupper() else part


def declinable(word: str) -> bool:
    """Cyrillic words in lower or Title case decline; acronyms, words joined to an acronym
    ("ООН-Хабитат") and Latin names do not."""
    return any("а" <= c.lower() <= "я" or c.lower() == "ё" for c in word) and not any(
        part.isupper() and len(part) > 1 for part in word.split("-"))


def phrase_nominative(words: list[Token]) -> str:
    """An organisation's or place's name in the nominative: its head noun (the word whose
    parse head lies outside the name) and the words agreeing with it; the rest unchanged (all
    of it when the parser reads the head in the nominative and the word may be one, or reads
    no case in it)."""
    inside = {t.i for t in words}
    head = next((t for t in words if t.head.i not in inside or t.head.i == t.i), words[-1])
    case, number, _ = features(head)
    if case is None:  # the parser reads no case in a foreign word ("Кылым Шамы"): it does not decline
        return joined(words, [t.text for t in words])
    acronym = ACRONYM_WITH_ENDING.match(head.text)
    if acronym:  # "ЦУМа", "МИДом": an acronym's case ending is written after it in lower case
        return joined(words, [acronym.group(1) if t.i == head.i else t.text for t in words])
    head_parse = best_parse(head.text, pos=NOUNS, case=case, number=number) if declinable(head.text) else None
    if (case == "nomn" and _may_be_nominative(head.text)) or head_parse is None or head_parse.tag.case == "nomn":
        return joined(words, [t.text for t in words])
    head_number = head_parse.tag.number or "sing"
    nominative = head_parse.inflect({"nomn", head_number}) or head_parse.inflect({"nomn"})
    gender = nominative.tag.gender if nominative is not None else None
    out = []
    for token in words:
        if token.i == head.i:
            out.append(like(token.text, nominative.word) if nominative is not None else token.text)
        elif token.head.i == head.i and token.dep_ in AGREEING_DEPS and token.i < head.i and declinable(token.text):
            parse = best_parse(token.text, pos=ADJECTIVES, case=case, number=head_number)
            wanted = {"nomn", head_number} | ({gender} if gender and head_number == "sing" else set())
            if parse is not None and parse.tag.animacy and "accs" not in wanted:
                wanted.discard("anim")
            out.append(inflected(token.text, parse, wanted))
        else:
            out.append(token.text)
    return joined(words, out)


def _may_be_nominative(word: str) -> bool:
    """pymorphy3 reads the word in the nominative, or (a word it does not know: "Нацстатком")
    it ends as a masculine nominative does, in a consonant."""
    return any(p.tag.case == "nomn" for p in parses(word.lower())) or word[-1:].lower() not in VOWELS


def joined(tokens: list[Token], words: list[str]) -> str:
    """The words with the spacing of the tokens they replace."""
    return "".join(word + token.whitespace_ for word, token in zip(words, tokens)).strip()
