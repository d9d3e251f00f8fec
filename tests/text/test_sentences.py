"""Sentence ends in plain text: abbreviations, initials, closing marks."""

import pytest

from pipeline.text.sentences import last_sentence_start, sentence_ends


def starts(text: str) -> list[str]:
    return [text[start:start + 5] for _, start in sentence_ends(text, 0, len(text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("One ends. Two starts.", ["Two s"]),
    ("Mr. Mensah said so. Then left.", ["Then "]),
    ("J. Doe wrote it. Then left.", ["Then "]),
    ("It was in Sept. Then more.", []),
    ("“Go home.” She left.", ["She l"]),
    ("Really? “Yes.” Fine!", ["“Yes.", "Fine!"]),
    ("no capital. after it", []),
])
def test_sentence_ends(text, expected):
    assert starts(text) == expected


def test_last_sentence_start_within_a_range():
    text = "First one. Second one. Third"
    assert text[last_sentence_start(text, 0, len(text)):] == "Third"
    assert last_sentence_start(text, 0, 5) == 0
