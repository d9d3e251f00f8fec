"""Quotation marks: the glyph sets, and pairing them in every style, with apostrophes,
unbalanced and nested marks."""

import random

import pytest

from pipeline.text.paragraphs import blank_line_paragraphs
from pipeline.text.quote_marks import (
    CLOSING_MARKS,
    DOUBLE_MARKS,
    OPENING_MARKS,
    QUOTE_MARKS,
    find_quotes,
    strip_marks,
    trim_space,
)


def quoted(text: str, *, depth: int | None = 0) -> list[str]:
    found = find_quotes(text, blank_line_paragraphs(text))
    return [text[q.start:q.end] for q in found if depth is None or q.depth == depth]


@pytest.mark.parametrize("text, expected", [
    ("She said “curly doubles work well here”.", ["curly doubles work well here"]),
    ("She said ‘curly singles work well here’.", ["curly singles work well here"]),
    ('She said "straight doubles work here".', ["straight doubles work here"]),
    ("She said 'straight singles work here'.", ["straight singles work here"]),
    ("Er sagte „deutsche Anführungszeichen hier“.", ["deutsche Anführungszeichen hier"]),
    ("Er sagte ‚einfache deutsche Zeichen‘.", ["einfache deutsche Zeichen"]),
    ("Il a dit « des guillemets français ici ».", ["des guillemets français ici"]),
    ("Hon sa ”svenska citattecken här” igen.", ["svenska citattecken här"]),
    ("”A closing mark opens this paragraph”", ["A closing mark opens this paragraph"]),
    ("Mixed “curly open and straight close\" here.", ["curly open and straight close"]),
])
def test_every_mark_style(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text", [
    "The girls’ rights and women’s groups don’t agree.",
    "Rock’n’roll in the ’90s was O’Neill’s thing.",
    "It's the students' union, isn't it?",
])
def test_apostrophes_are_not_marks(text):
    assert quoted(text, depth=None) == []


def test_attribute_values_of_leftover_markup_are_not_quotes():
    text = '[caption id="attachment_1" caption="Photo taken by a friend of ours"] He said "this one is real".'
    assert quoted(text, depth=None) == ["this one is real"]


def test_possessive_inside_a_single_quote():
    text = "He wrote ‘the farmers’ union must be heard now’ in May."
    assert quoted(text) == ["the farmers’ union must be heard now"]


def test_nested_quotes_keep_the_outer_one_whole():
    text = "He said “she told me ‘never give up on this town’ and I listened” then left."
    assert quoted(text) == ["she told me ‘never give up on this town’ and I listened"]
    assert quoted(text, depth=1) == ["never give up on this town"]


def test_stray_mark_does_not_swallow_the_document():
    text = "A stray “ mark sits here and the text goes on.\n\nThe next paragraph has “a real quote here”."
    assert quoted(text) == ["a real quote here"]


def test_unclosed_mark_mid_paragraph_is_dropped():
    text = "The memo says “nothing about money and never closes.\n\nAnother paragraph without marks."
    assert quoted(text) == []


def test_unclosed_quoted_paragraph_runs_to_its_end_only():
    text = "He wrote:\n\n“We had no choice but to leave the village\n\nLater that year they returned."
    assert quoted(text) == ["We had no choice but to leave the village"]


def test_multi_paragraph_quote_has_one_closing_mark():
    text = "“First part of the statement.\n\n“Second part of it.\n\n“Third and last part.”\n\nAfter it."
    found = find_quotes(text, blank_line_paragraphs(text))
    assert len(found) == 1 and found[0].paragraphs == 3
    assert text[found[0].start:found[0].end].endswith("Third and last part.")


def test_glyph_sets():
    assert set(OPENING_MARKS) | set(CLOSING_MARKS) == set(QUOTE_MARKS)
    assert {"“", "„", "«", "‘", '"', "'"} <= set(OPENING_MARKS)
    assert {"”", "»", "’", '"', "'"} <= set(CLOSING_MARKS)
    assert set(DOUBLE_MARKS) == set("“”\"„‟«»")


def test_trim_and_strip():
    text = " “ quoted words ” "
    assert trim_space(text, 0, len(text)) == (1, len(text) - 1)
    start, end = strip_marks(text, 0, len(text))
    assert text[start:end] == "quoted words"


def _depths_by_counting(text: str) -> list[int]:
    """Depth as its definition says: how many found quotes contain each one."""
    found = sorted(find_quotes(text, blank_line_paragraphs(text)), key=lambda q: (q.open_at, -q.end))
    return [sum(1 for o in found if o.open_at < q.open_at and o.end >= q.end) for q in found]


def test_depths_agree_with_their_definition_on_random_text():
    rng = random.Random(7)
    pieces = list(QUOTE_MARKS) + ["a", "s", " ", " ", "\n\n", ".", ":", "x y"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        found = sorted(find_quotes(text, blank_line_paragraphs(text)), key=lambda q: (q.open_at, -q.end))
        assert [q.depth for q in found] == _depths_by_counting(text), text


def test_many_marks_in_one_paragraph_stay_linear(assert_grows_linearly):
    def find(text: str) -> list:
        return find_quotes(text, [(0, len(text))])

    unit = "‘it’s’ “x ‘y’ z” "
    assert len(find(unit * 10000)) >= 10000
    assert_grows_linearly(find, unit * 2500, unit * 10000)
