"""Cleaning rules: normalisation, boilerplate, captions versus headings, bylines, titles."""

from __future__ import annotations

import pytest

from pipeline.ingest.clean import (
    Block,
    assemble,
    byline_names,
    is_call_to_action,
    is_contact_line,
    normalize_line,
    remove_boilerplate,
    title_from_blocks,
)

LONG = ("The cooperative met every second week in the old library, and over the year its members "
        "rebuilt the roof, opened a reading room and trained eleven volunteers.")


@pytest.mark.parametrize(("raw", "expected"), [
    ("a\u00a0b\u2009c", "a b c"),
    ("  many    spaces   here  ", "many spaces here"),
    ("\u2022   first item", "• first item"),
    ("(cid:127) cid bullet", "• cid bullet"),
    ("\uf0b7 private-use bullet", "• private-use bullet"),
    ("▪ square bullet", "• square bullet"),
    ("soft\u00adhyphen and zero\u200bwidth", "softhyphen and zerowidth"),
    ("-What did you learn?", "-What did you learn?"),
])
def test_normalize_line(raw, expected):
    assert normalize_line(raw) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Subscribe to our newsletter for monthly updates", True),
    ("Sign up now and get a free copy of our e-book!", True),
    ("Leave a Comment", True),
    ("Leave a Reply", True),
    ("Share this article on social media", True),
    ("Follow us on Twitter and Facebook", True),
    ("Click here to read the full report", True),
    ("If you want to stay updated on our work, follow the links below:", True),
    ("The ministry said it would publish the report in June.", False),
    ("Volunteers signed the petition in three districts.", False),
    ("We asked members to share their experience of the campaign, and 40 did.", False),
    (LONG + " Sign up sheets were left at the door. " + LONG, False),
])
def test_call_to_action(line, expected):
    assert is_call_to_action(line) is expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Website: https://example.org/our-work", True),
    ("https://example.org/news/2024", True),
    ("Email: info@example.org", True),
    ("You can reach her at someone@example.org", True),
    ("Photo: Riverside Youth Club", True),
    ("The association was founded in 2009 by four teachers.", False),
])
def test_contact_line(line, expected):
    assert is_contact_line(line) is expected


@pytest.mark.parametrize(("line", "names"), [
    ("Written by: Jane Doe", ["Jane Doe"]),
    ("By Samuel Okafor", ["Samuel Okafor"]),
    ("Interview by Lena Marsh · 3 June 2024", ["Lena Marsh"]),
    ("Posted by Ana de la Cruz and Tom Lee", ["Ana de la Cruz", "Tom Lee"]),
    ("Author: Priya Nair", ["Priya Nair"]),
    ("By the end of the year the group had grown.", []),
    ("Supported by the city council", []),
])
def test_byline_names(line, names):
    assert byline_names(line) == names


def _kept(texts: list[str]) -> list[str]:
    return [b.text for b in remove_boilerplate([Block(t) for t in texts])]


@pytest.mark.parametrize(("middle", "following", "kept"), [
    # Caption-like: short, no final punctuation, between a long paragraph and a question.
    ("Volunteers painting the community centre", "Why did you choose this building?", False),
    ("Volunteers painting the community centre", LONG, False),
    ("Spring festival", "Subscribe to our newsletter", False),
    # Headings: Title Case or very short, followed by text; questions; punctuated sentences.
    ("Funding and Governance Rules", LONG, True),
    ("Background", LONG, True),
    ("What happened next?", LONG, True),
    ("The meeting ended at noon.", "Why did you choose this building?", True),
])
def test_captions_and_headings(middle, following, kept):
    assert (middle in _kept([LONG, middle, following])) is kept


def test_first_line_and_bylines_are_kept():
    texts = ["“Short pull quote as a title”", LONG, "Written by: Jane Doe"]
    assert _kept(texts) == texts


@pytest.mark.parametrize(("first", "title"), [
    ("“We will keep going”", "We will keep going"),
    ("«Мы не остановимся»: интервью с учителем", "«Мы не остановимся»: интервью с учителем"),
    ("Democracy Starts in the Neighbourhood", "Democracy Starts in the Neighbourhood"),
    (LONG, None),
    ("By Jane Doe", None),
])
def test_title_from_blocks(first, title):
    assert title_from_blocks([Block(first), Block(LONG)]) == title


def test_assemble_offsets():
    text, paragraphs, quotes = assemble([Block("One", page=1), Block("Two words", kind="quote"), Block("Three")])
    assert text == "One\n\nTwo words\n\nThree"
    assert [text[s:e] for s, e, _ in paragraphs] == ["One", "Two words", "Three"]
    assert paragraphs[0][2] == 1 and [text[s:e] for s, e in quotes] == ["Two words"]
