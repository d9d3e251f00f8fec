"""qalam's Russian tokenizer: razdel's tokens as a spaCy Doc.

razdel is the tokenizer the slovnet models were trained on: it keeps hyphenated words
("Кемпир-Абад", "41-летний") and decimal commas ("76,4") whole, and splits the full stop of
an abbreviation ("тыс.") off. Whitespace between tokens follows spaCy's convention: one space
is the previous token's trailing space, anything else is a whitespace token, so ``doc.text``
is the input exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from razdel import tokenize
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList
from spacy.vocab import Vocab


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """spaCy's words and trailing-space flags for ``text`` split by razdel."""
    words: list[str] = []
    spaces: list[bool] = []
    at = 0
    for token in tokenize(text):
        _add_gap(text[at:token.start], words, spaces)
        words.append(token.text)
        spaces.append(False)
        at = token.stop
    _add_gap(text[at:], words, spaces)
    return words, spaces


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """Whitespace between two tokens: a single space after a word, else a whitespace token."""
    if not gap:
        return
    if words and not spaces[-1] and not words[-1].isspace() and gap[0] == " ":
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


class RazdelTokenizer:
    """A spaCy tokenizer (``nlp.tokenizer``) that splits text with razdel."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # razdel's rules live in the package: nothing to save with a pipeline.
    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> "RazdelTokenizer":
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        Path(path).write_bytes(b"")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> "RazdelTokenizer":
        return self
