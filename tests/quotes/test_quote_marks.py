"""Pairing quotation marks: every style, apostrophes, unbalanced and nested marks."""

import pytest

from pipeline.text.quote_marks import blank_line_paragraphs, find_quotes


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


def test_blank_line_paragraphs():
    assert blank_line_paragraphs("one\n\ntwo\n \nthree") == [(0, 3), (5, 8), (11, 16)]
