"""qalam_ru_lemmatizer: spaCy's Russian lemmatizer (pymorphy3 mode) with a memory.

spaCy's pymorphy3 mode analyses every token afresh and rebuilds its tag tables for each
analysis; a word, its part of speech and its features decide the lemma, so each combination
is worked out once per process. It shares pymorphy3's analyzer with pipeline.nlp.ru.morph
(the dictionaries are read once, not twice).
"""

from __future__ import annotations

from spacy.lang.ru.lemmatizer import RussianLemmatizer
from spacy.language import Language
from spacy.pipeline.lemmatizer import lemmatizer_score
from spacy.tokens import Token

from pipeline.nlp.ru.morph import analyzer

# Distinct (word, part of speech, features) kept before the memory starts afresh.
MAX_REMEMBERED = 200_000


class RememberingLemmatizer(RussianLemmatizer):
    """spaCy's Russian lemmatizer answering a (word, pos, morph) it has seen from memory."""

    def __init__(self, vocab, name: str) -> None:
        self._morph = analyzer()  # spaCy's class makes its own analyzer only when this is unset
        self.remembered: dict[tuple[int, int, int], list[str]] = {}
        super().__init__(vocab, None, name, mode="pymorphy3", scorer=lemmatizer_score)

    def pymorphy3_lemmatize(self, token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        lemmas = self.remembered.get(key)
        if lemmas is None:
            if len(self.remembered) >= MAX_REMEMBERED:
                self.remembered.clear()
            lemmas = self.remembered[key] = self._pymorphy_lemmatize(token)
        return lemmas


@Language.factory("qalam_ru_lemmatizer", assigns=["token.lemma"])
def make_ru_lemmatizer(nlp: Language, name: str) -> RememberingLemmatizer:
    """Lemmas from pymorphy3, chosen by the tagger's part of speech and features."""
    return RememberingLemmatizer(nlp.vocab, name)
