"""Language: a repeatable langdetect guess on enough of the text."""

from __future__ import annotations

from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

UNDETERMINED = "und"
# langdetect's cost grows with length; a few thousand characters settle the language.
SAMPLE_CHARS = 6000


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    probability: float


def detect_language(text: str, *, min_chars: int = 40, seed: int = 0) -> LanguageGuess:
    """ISO 639-1 code and probability; ``und`` when the text is too short to tell."""
    sample = _letters_sample(text)
    if len(sample) < min_chars:
        return LanguageGuess(UNDETERMINED, 0.0)
    DetectorFactory.seed = seed  # unseeded langdetect gives different answers run to run
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return LanguageGuess(UNDETERMINED, 0.0)
    return LanguageGuess(best.lang.split("-")[0], round(best.prob, 4))


def _letters_sample(text: str) -> str:
    """The text's longest lines first: short lines (menus, captions) mislead langdetect."""
    lines = sorted((line.strip() for line in text.splitlines()), key=len, reverse=True)
    sample = "\n".join(line for line in lines if line)
    return sample[:SAMPLE_CHARS]
