"""The quote rule lists (models/quotes/), read into the lookups the quote rules use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.util import registry

from pipeline.nlp.rule_data import RuleData

CUE_VERBS_FILE = "quotes/cue_verbs.txt"
CUE_PHRASES_FILE = "quotes/cue_phrases.txt"
TITLE_WORDS_FILE = "quotes/title_words.txt"
TITLE_NOUNS_FILE = "quotes/title_nouns.txt"
PRONOUNS_FILE = "quotes/pronouns.jsonl"
RULE_FILES = (CUE_VERBS_FILE, CUE_PHRASES_FILE, TITLE_WORDS_FILE, TITLE_NOUNS_FILE, PRONOUNS_FILE)
# "the so-called “civil society”": a quoted term, whatever the title list says.
ALWAYS_TITLE_WORDS = ("so-called",)


@dataclass(frozen=True)
class QuoteCues:
    """Speech verbs and phrases, title words and nouns, and speaker pronouns."""

    verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]   # "according to" as words, longest first
    title_before: re.Pattern               # a title word right before the opening mark
    title_nouns: frozenset[str]
    pronouns: dict[str, tuple[str, ...]]   # pronoun -> entity labels it can stand for


def _lower_entries(rules: RuleData, name: str) -> list[str]:
    return [line.lower() for line in rules.entries(name)]


def read_quote_cues(rules: RuleData) -> QuoteCues:
    """The lists of the quote rule files, lower-cased; phrases are tried longest first."""
    phrases = sorted(_lower_entries(rules, CUE_PHRASES_FILE), key=len, reverse=True)
    titles = sorted(_lower_entries(rules, TITLE_WORDS_FILE), key=len, reverse=True) + list(ALWAYS_TITLE_WORDS)
    return QuoteCues(
        verbs=frozenset(_lower_entries(rules, CUE_VERBS_FILE)),
        phrases=tuple(tuple(phrase.split()) for phrase in phrases),
        title_before=re.compile(rf"\b(?:{'|'.join(map(re.escape, titles))})\s*[,:]?\s*$"),
        title_nouns=frozenset(_lower_entries(rules, TITLE_NOUNS_FILE)),
        pronouns={row["pronoun"]: tuple(row["labels"]) for row in rules.records(PRONOUNS_FILE)},
    )


@registry.misc("qalam.quote_cues.v1")
def quote_cues_v1() -> Callable[[RuleData], QuoteCues]:
    """How the quote component reads its rule files (``read_quote_cues``)."""
    return read_quote_cues
