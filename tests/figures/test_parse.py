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


def test_number_words_use_text2num():
    assert parse_words(["twenty", "-", "five"]) == 25
    assert parse_words(["two", "thousand", "five", "hundred"]) == 2500


def test_currency_table_has_the_region():
    names = lexicon_from(RuleData.read(MODELS, FigureFinder.RULE_FILES)).currency_names
    assert names[("somoni",)] == "TJS"
    assert names[("tenge",)] == "KZT"
    assert names[("kazakhstani", "tenge")] == "KZT"
