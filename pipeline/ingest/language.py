"""Language: a repeatable langdetect guess on enough of the text, refined for Cyrillic
Central Asian languages that langdetect does not know.

langdetect has no Tajik, Kyrgyz, Kazakh or Uzbek and reads them as Russian, Bulgarian,
Macedonian or Ukrainian. For Cyrillic text those guesses are checked against the letters each
language adds to Russian's alphabet and its common function words
(models/language/central_asian.json); a refined guess says why in ``reason``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.paths import MODELS_DIR

UNDETERMINED = "und"
# langdetect's cost grows with length; a few thousand characters settle the language.
SAMPLE_CHARS = 6000
CENTRAL_ASIAN_FILE = MODELS_DIR / "language" / "central_asian.json"
# langdetect's answers for Cyrillic text it cannot place.
CYRILLIC_GUESSES = frozenset({"ru", "bg", "mk", "uk", "sr"})
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
WORD = re.compile(r"[^\W\d_]+")
# Letters only Ukrainian writes among these alphabets: their text is left to langdetect.
UKRAINIAN_ONLY = frozenset("їєґ")
# Evidence needed, in percent: letters of the language among Cyrillic letters plus its function
# words among words; and some letters, so that a Russian text quoting a few words is not moved.
MIN_EVIDENCE = 2.0
MIN_LETTERS = 0.3


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    probability: float
    reason: str | None = None  # why the guess differs from langdetect's, when it does


@dataclass(frozen=True)
class Evidence:
    code: str
    letters: float       # percent of Cyrillic letters that are the language's own
    foreign: float       # percent of Cyrillic letters that only other languages of the table have
    words: float         # percent of words that are its function words
    seen_letters: str
    seen_words: tuple[str, ...]

    @property
    def score(self) -> float:
        return self.letters + self.words - 2 * self.foreign


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
    guess = LanguageGuess(best.lang.split("-")[0], round(best.prob, 4))
    return refine_cyrillic(sample, guess) if guess.code in CYRILLIC_GUESSES else guess


def refine_cyrillic(text: str, guess: LanguageGuess) -> LanguageGuess:
    """A Central Asian language instead of langdetect's Cyrillic guess, when letters and
    function words show it clearly."""
    lowered = text.lower()
    letters = CYRILLIC.findall(lowered)
    if len(letters) < len(WORD.findall(lowered)) or UKRAINIAN_ONLY & set(letters):
        return guess  # not mainly Cyrillic words, or Ukrainian
    ranked = sorted(central_asian_evidence(lowered), key=lambda e: e.score, reverse=True)
    best = ranked[0]
    if best.score < MIN_EVIDENCE or best.letters < MIN_LETTERS:
        return guess
    runner_up = max(ranked[1].score, 0.0)
    reason = (f"langdetect said '{guess.code}'; {_table()['languages'][best.code]['name']}: "
              f"letters {' '.join(best.seen_letters)} ({best.letters:.1f}% of Cyrillic letters), "
              f"function words {', '.join(best.seen_words[:5]) or 'none'} ({best.words:.1f}% of words)")
    return LanguageGuess(best.code, round(best.score / (best.score + runner_up), 4), reason)


def central_asian_evidence(lowered: str) -> list[Evidence]:
    """Letter and function-word evidence for each Central Asian language of the table."""
    table = _table()["languages"]
    letters = CYRILLIC.findall(lowered)
    words = WORD.findall(lowered)
    every_extra = set("".join(entry["letters"] for entry in table.values()))
    found = []
    for code, entry in table.items():
        own = set(entry["letters"])
        function_words = set(entry["words"])
        own_count = sum(c in own for c in letters)
        foreign_count = sum(c in every_extra and c not in own for c in letters)
        hits = [w for w in words if w in function_words]
        found.append(Evidence(
            code=code,
            letters=100 * own_count / max(len(letters), 1),
            foreign=100 * foreign_count / max(len(letters), 1),
            words=100 * len(hits) / max(len(words), 1),
            seen_letters="".join(sorted(own & set(letters))),
            seen_words=tuple(dict.fromkeys(hits)),
        ))
    return found


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(CENTRAL_ASIAN_FILE.read_text(encoding="utf-8"))


def _letters_sample(text: str) -> str:
    """The text's longest lines first: short lines (menus, captions) mislead langdetect."""
    lines = sorted((line.strip() for line in text.splitlines()), key=len, reverse=True)
    sample = "\n".join(line for line in lines if line)
    return sample[:SAMPLE_CHARS]
