"""Russian personal names: which written forms are one name, and a name's nominative.

Russian declines names, so one person is written "Анна Лаврова", "Анны Лавровой", "Анне
Лавровой" and "Лавровой". Two forms are one name when pymorphy3 gives them a common given
name, surname or patronymic lemma, or when they share a stem once a case ending is cut off
("Лаврову", "Лавровой" -> "лавров"; a fleeting vowel, "Кравец", "Кравцу", keeps them apart).

The nominative of a surname follows the surname's type (Russian grammar, not a word list):
- possessive surnames in -ов/-ев/-ёв/-ин/-ын: a man "Лавров" (Лаврова, Лаврову, Лавровым,
  Лаврове), a woman "Лаврова" (Лавровой, Лаврову);
- adjectival surnames in -ский/-цкий: "Невский"/"Невская" (Невского, Невской, Невскую, ...);
- other adjectival surnames ("Береговая", "Толстой"): a woman's name is the feminine nominative
  of the adjective pymorphy3 reads in it.
A name whose given name is written in the nominative ("Пётр Соколов", "Ала Кравец") is in the
nominative as a whole: the words after it are kept as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from pipeline.nlp.ru.morph import (
    NOUNS,
    SUBJECT_DEPS,
    best_parse,
    declinable,
    features,
    inflected,
    joined,
    like,
    parses,
)

PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
# Case endings of Russian nouns and adjectives, cut off to compare two forms of a name.
CASE_ENDINGS = ("ыми", "ими", "ого", "его", "ому", "ему", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ую",
                "юю", "ым", "им", "ом", "ем", "ою", "ею", "а", "я", "у", "ю", "е", "и", "ы", "о", "ь", "й")
MIN_STEM = 3
POSSESSIVE = re.compile(r"^(?P<base>.+(?:ов|ев|ёв|ин|ын))(?P<end>|а|у|ым|е|ой|ою)$", re.IGNORECASE)
ADJECTIVAL = re.compile(r"^(?P<base>.+(?:ск|цк))(?P<end>ий|ого|ому|им|ом|ая|ой|ую|ою)$", re.IGNORECASE)
# The endings each type takes only in a man's or only in a woman's name.
MASCULINE_ONLY = {"possessive": frozenset({"", "ым", "е"}), "adjectival": frozenset({"ий", "ого", "ому", "им", "ом"})}
FEMININE_ONLY = {"possessive": frozenset({"ой", "ою"}), "adjectival": frozenset({"ая", "ую", "ою", "ой"})}
NOMINATIVE = {"possessive": ("", "а"), "adjectival": ("ий", "ая")}
ADJECTIVE_ENDINGS = ("ой", "ую", "ая", "ою")
INDECLINABLE_ENDINGS = ("ых", "их", "ко", "аго", "яго", "ово", "оглы", "кызы", "уулу", "улы", "зода", "заде")
FOREIGN_FINALS = frozenset("иоэ")


def stems(word: str) -> frozenset[str]:
    """The word in lower case and the word without each case ending it may have (at least
    MIN_STEM letters kept): "Лавровой" -> лавровой, лавров; "Нацстатком" -> нацстатком, нацстатк."""
    low = word.lower().replace("ё", "е")
    return frozenset({low, *(low[:-len(e)] for e in CASE_ENDINGS if low.endswith(e) and len(low) - len(e) >= MIN_STEM)})


@lru_cache(maxsize=65536)
def name_keys(word: str) -> frozenset[str]:
    """The keys one written form of a name is known by: its stems, and the lemmas of its
    readings as a given name, surname or patronymic."""
    lemmas = {p.normal_form.replace("ё", "е") for p in parses(word.lower()) if PERSON_GRAMMEMES & p.tag.grammemes}
    return stems(word) | lemmas


def same_name_word(first: str, second: str) -> bool:
    """Whether two written words can be forms of one name."""
    return bool(name_keys(first) & name_keys(second))


def surname_type(word: str) -> tuple[str, re.Match] | None:
    """The type of a Russian surname by its ending (possessive or adjectival), with the match."""
    for kind, pattern in (("adjectival", ADJECTIVAL), ("possessive", POSSESSIVE)):
        found = pattern.match(word)
        if found is not None:
            return kind, found
    return None


def surname_gender(word: str, case: str | None = None) -> str | None:
    """"masc" or "femn" when the surname's ending is one only a man's or a woman's name takes,
    or takes in ``case`` (the parser's reading): "Лаврова" in the nominative is a woman's."""
    typed = surname_type(word)
    if typed is None:
        return None
    kind, found = typed
    end = found.group("end").lower()
    if end in MASCULINE_ONLY[kind]:
        return "masc"
    if end in FEMININE_ONLY[kind] or (kind == "possessive" and end == "а" and case == "nomn"):
        return "femn"
    return "masc" if kind == "possessive" and end == "а" and case in {"gent", "accs"} else None


def surname_nominative(word: str, gender: str | None) -> str | None:
    """The nominative of a possessive or adjectival surname for a person of ``gender`` (the
    ending decides when the gender is unknown), or None for a surname of another type."""
    typed = surname_type(word)
    if typed is None:
        return None
    kind, found = typed
    gender = gender or surname_gender(word) or "masc"
    masculine, feminine = NOMINATIVE[kind]
    return found.group("base") + (feminine if gender == "femn" else masculine)


def adjective_feminine(word: str) -> str | None:
    """A woman's adjectival surname in the nominative ("Береговой" -> "береговая"), when pymorphy3
    reads the word as a full adjective."""
    for parse in parses(word.lower()):
        if parse.tag.POS == "ADJF":
            form = parse.inflect({"femn", "sing", "nomn"})
            if form is not None:
                return form.word
    return None


def given_name_nominative(word: str, gender: str | None) -> bool:
    """Whether a given name is written in the nominative: every singular reading of it as a
    given name (of ``gender``, when known) is nominative."""
    readings = [p for p in parses(word.lower()) if "Name" in p.tag and "sing" in p.tag
                and (gender is None or p.tag.gender == gender)]
    return bool(readings) and all(p.tag.case == "nomn" for p in readings)


def person_nominative(words: list[Token], gender: str | None) -> str:
    """A person's name in the nominative (``gender`` "masc", "femn" or None): as written when
    its given name is in the nominative or it is a speaker's label or a credit line, else
    word by word, a surname by its type and any other word by pymorphy3's reading as a noun
    of ``gender`` (a name that is the subject of its clause is read in the nominative)."""
    texts = [t.text for t in words]
    if _speaker_label(words) or (len(words) > 1 and declinable(texts[0]) and (
            given_name_nominative(texts[0], gender) or _parsed_nominative(words[0]) or _credit_line(texts))):
        return joined(words, texts)
    subject = any(t.dep_ in SUBJECT_DEPS for t in words)
    return joined(words, [_word_nominative(token, gender, given=len(words) > 1 and i == 0, subject=subject)
                          for i, token in enumerate(words)])


def _parsed_nominative(token: Token) -> bool:
    """A given name the parser reads in the nominative and pymorphy3 can read so (as a given
    name, or as a noun when it knows no given name so written: "Нургуль")."""
    readings = parses(token.lower_)
    names = [p for p in readings if "Name" in p.tag] or [p for p in readings if p.tag.POS in NOUNS]
    return features(token)[0] == "nomn" and any(p.tag.case == "nomn" for p in names)


def _speaker_label(words: list[Token]) -> bool:
    """"Лобанова: …" opening a line names who speaks, in the nominative."""
    doc, first, last = words[0].doc, words[0].i, words[-1].i
    return (last + 1 < len(doc) and doc[last + 1].text == ":"
            and (first == 0 or "\n" in doc[first - 1].whitespace_ or "\n" in doc[first - 1].text))


def _credit_line(texts: list[str]) -> bool:
    """"Олег ПЕТРОВ": a surname in capitals after the given name is the press's credit line
    (photo, drawing, author), always in the nominative."""
    return texts[0][1:].islower() and texts[-1].isupper() and len(texts[-1]) > 1


def indeclinable(word: str) -> bool:
    """Names Russian does not decline: surnames in -ых/-их, -ко, -аго/-яго, -ово and the Turkic
    and Persian patronymic ones (-оглы, -кызы, -уулу, -улы, -зода, -заде); a foreign name that
    pymorphy3 does not know and that ends in a vowel no Russian case ending is ("Имоми", "Сочи")."""
    low = word.lower()
    if low.endswith(INDECLINABLE_ENDINGS):
        return True
    return low[-1:] in FOREIGN_FINALS and not any(p.is_known for p in parses(low))


def _word_nominative(token: Token, gender: str | None, *, given: bool, subject: bool) -> str:
    word = token.text
    if not declinable(word) or indeclinable(word):
        return word
    readings = parses(word.lower())
    surname = not given and (any("Surn" in p.tag for p in readings) or not any("Name" in p.tag for p in readings))
    if surname and subject and surname_type(word) is not None:
        return word  # the subject of its clause: the surname is written in the nominative
    if surname:
        nominative = surname_nominative(word, gender)
        if nominative is None and gender == "femn" and word.lower().endswith(ADJECTIVE_ENDINGS):
            nominative = adjective_feminine(word)
        if nominative is not None:
            return like(word, nominative)
    case, _, _ = features(token)
    parse = best_parse(word, pos=NOUNS, case="nomn" if subject else case, number="sing", gender=gender)
    if parse is None or parse.tag.case == "nomn" or "Fixd" in parse.tag:
        return word
    return inflected(word, parse, {"nomn", "sing"} | ({gender} if gender else set()))
