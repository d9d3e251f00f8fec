"""The quote rule lists (models/quotes/<language>/), read into the lookups the quote rules use.

Every word list is per language: a folder of the same files for each code in ``LANGUAGES``.
The rules themselves (pairing marks, follow-on quotes, role and pronoun resolution) are
language-neutral and read only these lookups, so a language is added by adding its folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.util import registry

from pipeline.nlp.rule_data import RuleData

LANGUAGES = ("en",)
DEFAULT_LANGUAGE = "en"
CUE_VERBS = "cue_verbs.txt"
CUE_PHRASES = "cue_phrases.txt"
REPORTED_VERBS = "reported_verbs.txt"
REPORTED_PHRASES = "reported_phrases.txt"
TITLE_WORDS = "title_words.txt"
TITLE_NOUNS = "title_nouns.txt"
PRONOUNS = "pronouns.jsonl"
ROLE_NOUNS = "role_nouns.tsv"
ROLE_NOUNS_EXTRA = "role_nouns_extra.tsv"
SOURCE_NOUNS = "source_nouns.txt"
GENDER_WORDS = "gender_words.tsv"
PREPOSITIONS = "prepositions.json"
FILES = (CUE_VERBS, CUE_PHRASES, REPORTED_VERBS, REPORTED_PHRASES, TITLE_WORDS, TITLE_NOUNS, PRONOUNS, ROLE_NOUNS,
         ROLE_NOUNS_EXTRA, SOURCE_NOUNS, GENDER_WORDS, PREPOSITIONS)
RULE_FILES = tuple(f"quotes/{language}/{name}" for language in LANGUAGES for name in FILES)
# "the so-called “civil society”": a quoted term, whatever the title list says.
ALWAYS_TITLE_WORDS = ("so-called",)


@dataclass(frozen=True)
class Pronoun:
    """A pronoun that can name a speaker: the speaker labels it can stand for, its gender ("f",
    "m" or None when it has none), whether it is plural (then one named person is not it) and
    whether it is first person (the writer's own "we said that" is not reported speech)."""

    labels: tuple[str, ...]
    gender: str | None
    plural: bool
    first_person: bool


@dataclass(frozen=True)
class QuoteCues:
    """One language's speech verbs and phrases, title words and nouns, speaker nouns and pronouns."""

    verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]   # "according to" as words, longest first
    reported: dict[str, str | None]        # reported-speech verb -> the preposition its content takes
    # "according to": the rest of the sentence is the content; by first word, in list order
    reported_phrases: dict[str, tuple[tuple[str, ...], ...]]
    title_before: re.Pattern               # a title word right before the opening mark
    title_nouns: frozenset[str]
    pronouns: dict[str, Pronoun]
    roles: dict[str, str]                  # role noun lemma -> "person" or "group"
    sources: frozenset[str]                # nouns of written or spoken sources (report, statement)
    genders: dict[str, str]                # honorific or gendered noun -> "f" or "m"
    name_prepositions: frozenset[str]      # "head of the Union": the name completes the phrase
    author_prepositions: frozenset[str]    # "a report by the Fund": the name wrote or said it


def _lower_entries(rules: RuleData, name: str) -> list[str]:
    return [line.lower() for line in rules.entries(name)]


def _table(rules: RuleData, name: str) -> dict[str, str]:
    """A two-column tab-separated list with ``#`` comments, keys lower-cased."""
    return {key.lower(): value for key, _, value in (line.partition("\t") for line in rules.entries(name))}


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases grouped by their first word, each group in the given order: a token is compared
    only with the phrases its word can start."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(group) for word, group in groups.items()}


def read_language_cues(rules: RuleData, language: str) -> QuoteCues:
    """The lists of one language's folder, lower-cased; phrases are tried longest first."""
    def path(name: str) -> str:
        return f"quotes/{language}/{name}"

    phrases = sorted(_lower_entries(rules, path(CUE_PHRASES)), key=len, reverse=True)
    titles = sorted(_lower_entries(rules, path(TITLE_WORDS)), key=len, reverse=True) + list(ALWAYS_TITLE_WORDS)
    reported = {}
    for entry in _lower_entries(rules, path(REPORTED_VERBS)):
        verb, _, preposition = entry.partition(" ")
        reported[verb] = preposition or None
    return QuoteCues(
        verbs=frozenset(_lower_entries(rules, path(CUE_VERBS))),
        phrases=tuple(tuple(phrase.split()) for phrase in phrases),
        reported=reported,
        reported_phrases=_by_first_word(tuple(entry.split()) for entry in _lower_entries(rules, path(REPORTED_PHRASES))),
        title_before=re.compile(rf"\b(?:{'|'.join(map(re.escape, titles))})\s*[,:]?\s*$"),
        title_nouns=frozenset(_lower_entries(rules, path(TITLE_NOUNS))),
        pronouns={row["pronoun"]: Pronoun(tuple(row["labels"]), row.get("gender"), row.get("plural", False),
                                          row.get("first_person", False))
                  for row in rules.records(path(PRONOUNS))},
        roles={**_table(rules, path(ROLE_NOUNS)), **_table(rules, path(ROLE_NOUNS_EXTRA))},
        sources=frozenset(_lower_entries(rules, path(SOURCE_NOUNS))),
        genders=_table(rules, path(GENDER_WORDS)),
        name_prepositions=frozenset(rules.json(path(PREPOSITIONS))["name"]),
        author_prepositions=frozenset(rules.json(path(PREPOSITIONS))["author"]),
    )


def read_quote_cues(rules: RuleData) -> dict[str, QuoteCues]:
    """Each language's cues, by language code."""
    return {language: read_language_cues(rules, language) for language in LANGUAGES}


@registry.misc("qalam.quote_cues.v1")
def quote_cues_v1() -> Callable[[RuleData], dict[str, QuoteCues]]:
    """How the quote component reads its rule files (``read_quote_cues``): cues per language."""
    return read_quote_cues
