"""The interview rule lists (models/interview/), read into the lookups the interview rules use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.util import registry

from pipeline.nlp.rule_data import RuleData
from pipeline.text.quote_marks import APOSTROPHES

QA_MARKERS_FILE = "interview/qa_markers.jsonl"
INTERVIEW_CUES_FILE = "interview/interview_cues.txt"
RULE_FILES = (QA_MARKERS_FILE, INTERVIEW_CUES_FILE)
_NAME_WORD = rf"[A-Z][\w{APOSTROPHES}-]+"
NAME_AFTER_CUE = rf"\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"


@dataclass(frozen=True)
class InterviewCues:
    """Question/answer line markers and the intro cues."""

    question_markers: frozenset[str]
    answer_markers: frozenset[str]
    interview_cues: tuple[re.Pattern, ...]  # "spoke with", "interviewed", ..., longest first
    named_cues: tuple[re.Pattern, ...]      # the same cues followed by a name, for titles


def read_interview_cues(rules: RuleData) -> InterviewCues:
    """The lists of the interview rule files: markers and intro cues (matched case-blind,
    longest first)."""
    markers = rules.records(QA_MARKERS_FILE)
    cues = sorted((line.lower() for line in rules.entries(INTERVIEW_CUES_FILE)), key=len, reverse=True)
    return InterviewCues(
        question_markers=frozenset(m["marker"] for m in markers if m["role"] == "question"),
        answer_markers=frozenset(m["marker"] for m in markers if m["role"] == "answer"),
        interview_cues=tuple(re.compile(rf"\b{re.escape(cue)}\b", re.IGNORECASE) for cue in cues),
        named_cues=tuple(re.compile(rf"\b(?i:{re.escape(cue)}){NAME_AFTER_CUE}") for cue in cues),
    )


@registry.misc("qalam.interview_cues.v1")
def interview_cues_v1() -> Callable[[RuleData], InterviewCues]:
    """How the interview component reads its rule files (``read_interview_cues``)."""
    return read_interview_cues
