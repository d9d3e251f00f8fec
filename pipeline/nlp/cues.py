"""Rule data for quotes and interviews, read once from models/quotes/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.util import registry

from pipeline.paths import MODELS_DIR
from pipeline.text.rule_files import read_jsonl, read_list

QUOTES_MODEL_DIR = MODELS_DIR / "quotes"


def read_lines(path: Path) -> list[str]:
    """Entries of a text list, lower-cased."""
    return [line.lower() for line in read_list(path)]


@dataclass(frozen=True)
class Cues:
    """Every word list the quote and interview components use."""

    verbs: frozenset[str]
    phrases: tuple[str, ...]
    title_words: tuple[str, ...]
    title_nouns: frozenset[str]
    pronouns: dict[str, tuple[str, ...]]
    question_markers: frozenset[str]
    answer_markers: frozenset[str]
    interview_cues: tuple[str, ...]
    byline_cues: tuple[str, ...]


@lru_cache(maxsize=4)
def load_cues(directory: str = str(QUOTES_MODEL_DIR)) -> Cues:
    """Load the lists from ``directory`` (cached: components share one copy)."""
    base = Path(directory)
    markers = read_jsonl(base / "qa_markers.jsonl")
    longest_first = lambda items: tuple(sorted(items, key=len, reverse=True))  # noqa: E731
    return Cues(
        verbs=frozenset(read_lines(base / "cue_verbs.txt")),
        phrases=longest_first(read_lines(base / "cue_phrases.txt")),
        title_words=longest_first(read_lines(base / "title_words.txt")),
        title_nouns=frozenset(read_lines(base / "title_nouns.txt")),
        pronouns={row["pronoun"]: tuple(row["labels"]) for row in read_jsonl(base / "pronouns.jsonl")},
        question_markers=frozenset(m["marker"] for m in markers if m["role"] == "question"),
        answer_markers=frozenset(m["marker"] for m in markers if m["role"] == "answer"),
        interview_cues=longest_first(read_lines(base / "interview_cues.txt")),
        byline_cues=longest_first(read_lines(base / "byline_cues.txt")),
    )


@registry.misc("qalam.quote_cues.v1")
def quote_cues_v1(directory: str = "") -> Cues:
    """The cue lists as a swappable policy; an empty directory means the shipped models/quotes."""
    return load_cues(directory or str(QUOTES_MODEL_DIR))
