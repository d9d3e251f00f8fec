"""Numerals and currencies: digit strings, number words and the currency tables."""

from pathlib import Path

import pytest

from pipeline.nlp.components.figures.finder import FigureFinder
from pipeline.nlp.components.figures.parse import lexicon_from, parse_digits, parse_words
from pipeline.nlp.rule_data import RuleData

MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.mark.parametrize(("text", "dot", "value"), [
    ("14,000", False, 14000), ("2.5", False, 2.5), ("14.000", True, 14000),
    ("1.250.000", False, 1250000), ("1.250,5", True, 1250.5), ("v2", False, None),
])
def test_parse_digits(text, dot, value):
    assert parse_digits(text, dot_thousands=dot) == value


@pytest.fixture(scope="module")
def english():
    return lexicon_from(RuleData.read(MODELS, FigureFinder.RULE_FILES), "en")


@pytest.mark.parametrize(("words", "value"), [
    ("twenty - five", 25), ("two thousand five hundred", 2500), ("nine hundred and ninety - nine", 999),
    ("one hundred thousand", 100000), ("three million two hundred thousand", 3200000), ("fourteen", 14),
    ("two three", None), ("twenty thirty", None), ("thirteen five", None), ("thousand million", None),
    ("zero", 0), ("zero five", None),
])
def test_number_words_add_up_from_the_lexicon(english, words, value):
    assert parse_words(words.split(), english) == value


def test_currency_table_has_the_region(english):
    names = english.currency_names
    assert names[("somoni",)] == "TJS"
    assert names[("tenge",)] == "KZT"
    assert names[("kazakhstani", "tenge")] == "KZT"
