"""Author-year citations: fields, things that only look like citations, and linear time."""

import re

import pytest

from pipeline.text.citations import PARENTHETICAL_SOURCE, _after_title_glue, find_citations


@pytest.mark.parametrize(("text", "author", "year", "page"), [
    ("Wages fell (Abdulloev, 2020).", "Abdulloev", 2020, None),
    ("Wages fell (Abdulloev 2015, p. 44).", "Abdulloev", 2015, "44"),
    ("Wages fell (Abdulloev. 2010,p. 24).", "Abdulloev", 2010, "24"),
    ("As Karimova (2022) shows, wages fell.", "Karimova", 2022, None),
    ("Wages fell (Smith and Jones, 2016).", "Smith and Jones", 2016, None),
    ("Wages fell (Lee et al., 2019).", "Lee et al.", 2019, None),
    ("Wages fell (Ana de Souza, 2018).", "Ana de Souza", 2018, None),
])
def test_citation_fields(text, author, year, page):
    (citation,) = find_citations(text)
    assert (citation.author, citation.year, citation.page) == (author, year, page)


def test_several_citations_in_one_bracket_and_author_ranges():
    text = "Both agree (Novak, 2020; Ibrahim and Cole, 2018)."
    first, second = find_citations(text)
    assert (first.author, second.author) == ("Novak", "Ibrahim and Cole")
    assert [text[s:e] for s, e in second.names] == ["Ibrahim", "Cole"]


@pytest.mark.parametrize("text", [
    "The Law on Public Associations (2015) restricted funding.",
    "The report (January, 2020) was late.",
    "In (2016) data were scarce.",
])
def test_things_that_look_like_citations(text):
    assert all(c.author not in {"Public Associations", "January", "In"} for c in find_citations(text))


GLUE = re.compile(r"[A-Z][\w'’\-]*\s+(?:of|on|for|the|and|to|against|in)\s+$")


@pytest.mark.parametrize("prefix", [
    "the Law on ", "the Law on\n", "Law  of   ", "law on ", "Law into ", "Law on", "on ", "",
    "O’Neill of ", "x-Men for ", "ABC and ", "under the ",
])
def test_title_glue_reads_backwards_as_the_pattern_reads_the_prefix(prefix):
    assert _after_title_glue(prefix, len(prefix)) == bool(GLUE.search(prefix))


def test_many_citations_stay_linear(assert_grows_linearly):
    unit = "A finding (Smith, 2001). As Jones (2002) shows, the Law on Water (2003) matters. "
    assert len(find_citations(unit * 2000)) == 4000
    assert_grows_linearly(find_citations, unit * 1000, unit * 4000)


@pytest.mark.parametrize(("text", "authors"), [
    ("“...” (Ministry of Health, 2019).", "Ministry of Health"),
    ("“...” (Okoro, n.d.)", "Okoro"),
])
def test_parenthetical_source_is_looser(text, authors):
    assert PARENTHETICAL_SOURCE.search(text).group("authors") == authors
