"""The interview rule lists (models/interview/LANG/), read into the lookups the interview rules use.

Every language has the same files; the lists of all languages are merged, so the component
needs no language switch: the words of different languages do not collide, and the layout
rules (labels, dashes, question marks, emphasis) use no words at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.util import registry

from pipeline.nlp.rule_data import RuleData
from pipeline.text.quote_marks import APOSTROPHES

LANGUAGES = ("en", "ru")
QA_MARKERS = "qa_markers.jsonl"
PRONOUNS = "pronouns.jsonl"
COURTESIES = "courtesies.txt"
HONORIFICS = "honorifics.txt"
INTERVIEW_CUES = "interview_cues.txt"
REPORT_GENRES = "report_genres.txt"
SPEECH_VERBS = "speech_verbs.txt"
NEWSROOMS = "newsrooms.txt"
LISTS = (QA_MARKERS, PRONOUNS, COURTESIES, HONORIFICS, INTERVIEW_CUES, REPORT_GENRES, SPEECH_VERBS, NEWSROOMS)
RULE_FILES = tuple(f"interview/{language}/{name}" for language in LANGUAGES for name in LISTS)
_NAME_WORD = rf"[^\W\d_][\w{APOSTROPHES}-]+"
NAME_AFTER_CUE = rf"\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"


@dataclass(frozen=True)
class InterviewCues:
    """Question/answer markers, pronouns by person, and the phrase lists."""

    question_markers: frozenset[str]
    answer_markers: frozenset[str]
    first_person: frozenset[str]
    first_person_singular: frozenset[str]
    second_person: frozenset[str]
    courtesies: re.Pattern | None           # thanks formulas, matched case-blind
    honorifics: frozenset[str]
    interview_cues: tuple[re.Pattern, ...]  # "spoke with", "interviewed", ..., longest first
    interview_cue_words: tuple[str, ...]    # the same cues, case_blind: a text without one has no match
    named_cues: tuple[re.Pattern, ...]      # the same cues followed by a name, for titles
    report_genres: re.Pattern | None
    speech_verbs: frozenset[str]
    newsrooms: re.Pattern | None            # words of a newsroom in an author line


# Dotless ı and dotted İ match "i" in a case-blind pattern, but casefold() keeps them apart.
_DOTTED_I = {"\u0131": "i", "\u0130": "i"}
_DOTTED_I_TABLE = str.maketrans(_DOTTED_I)


def case_blind(text: str) -> str:
    """``text`` case-folded so that whatever a case-blind (re.IGNORECASE) pattern of a plain
    phrase matches, case-folds to the phrase's own ``case_blind`` form: ``case_blind(phrase) in
    case_blind(text)`` is a fast test the pattern's search needs to pass."""
    if any(letter in text for letter in _DOTTED_I):  # rare: translate() is slow
        text = text.translate(_DOTTED_I_TABLE)
    return text.casefold()


def _entries(rules: RuleData, name: str) -> list[str]:
    return [entry.lower() for language in LANGUAGES for entry in rules.entries(f"interview/{language}/{name}")]


def _records(rules: RuleData, name: str) -> list[dict]:
    return [record for language in LANGUAGES for record in rules.records(f"interview/{language}/{name}")]


def _phrases(entries: list[str]) -> re.Pattern | None:
    """One case-blind pattern of whole phrases, longest first (None for an empty list)."""
    if not entries:
        return None
    ordered = sorted(set(entries), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(e) for e in ordered) + r")(?!\w)", re.IGNORECASE)


def read_interview_cues(rules: RuleData) -> InterviewCues:
    """The lists of every language's interview rule files, merged."""
    markers = _records(rules, QA_MARKERS)
    pronouns = _records(rules, PRONOUNS)
    cues = sorted(set(_entries(rules, INTERVIEW_CUES)), key=len, reverse=True)
    return InterviewCues(
        question_markers=frozenset(m["marker"] for m in markers if m["role"] == "question"),
        answer_markers=frozenset(m["marker"] for m in markers if m["role"] == "answer"),
        first_person=frozenset(p["word"] for p in pronouns if p["person"] == 1),
        first_person_singular=frozenset(p["word"] for p in pronouns
                                        if p["person"] == 1 and p.get("number") == "singular"),
        second_person=frozenset(p["word"] for p in pronouns if p["person"] == 2),
        courtesies=_phrases(_entries(rules, COURTESIES)),
        honorifics=frozenset(_entries(rules, HONORIFICS)),
        interview_cues=tuple(re.compile(rf"(?<!\w){re.escape(cue)}(?!\w)", re.IGNORECASE) for cue in cues),
        interview_cue_words=tuple(case_blind(cue) for cue in cues),
        named_cues=tuple(re.compile(rf"(?<!\w)(?i:{re.escape(cue)}){NAME_AFTER_CUE}") for cue in cues),
        report_genres=_phrases(_entries(rules, REPORT_GENRES)),
        speech_verbs=frozenset(_entries(rules, SPEECH_VERBS)),
        newsrooms=_phrases(_entries(rules, NEWSROOMS)),
    )


@registry.misc("qalam.interview_cues.v1")
def interview_cues_v1() -> Callable[[RuleData], InterviewCues]:
    """How the interview component reads its rule files (``read_interview_cues``)."""
    return read_interview_cues
