"""Metadata rules: ISO dates, datelines, author names without role words, titles without site
names or date lines."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.ingest.clean import Block
from pipeline.ingest.metadata import (
    article_title,
    clean_authors,
    dateline_date,
    is_date_line,
    iso_date,
    opening_title,
    title_parts,
)


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2020, 5, 1), "2020-05-01"),
    (dt.datetime(2020, 5, 1, 23, 59), "2020-05-01"),
    ("2021-07-29 19:42:42-04:00", "2021-07-29"),
    ("2019-04-01T10:00:00Z", "2019-04-01"),
    ("October 16, 2023", "2023-10-16"),
    ("3 May 2021", "2021-05-03"),
    ("yesterday", None),
    ("Chapter 2, 2020", None),
    (True, None),
    (None, None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize(("lines", "expected"), [
    (["Updated April 10, 2026", "Water Rights in the Valley"], "2026-04-10"),
    (["Water Rights in the Valley", "March 30, 2018", "Body text follows here."], "2018-03-30"),
    (["Jun 17, 2010, 19:20 ET from the Valley Water Board"], "2010-06-17"),
    (["GENEVA (23 May 2013): The committee met for the third time this spring and agreed on a plan."],
     "2013-05-23"),
    # A date inside a long paragraph is an event, not the publication date.
    (["The committee met on 3 May 2021 and agreed a plan for the spring, with every member voting "
      "for the first draft and the second one, which the council later adopted."], None),
    (["Posted in Chapter 2, 2020 edition"], None),
])
def test_dateline_date(lines, expected):
    assert dateline_date([Block(line) for line in lines]) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Updated April 10, 2026", True),
    ("April 9, 2026", True),
    ("Town Hall Meeting of April 9, 2026 on the New Budget", False),
    ("Water Rights", False),
])
def test_is_date_line(text, expected):
    assert is_date_line(text) is expected


@pytest.mark.parametrize(("lines", "expected"), [
    (["Updated April 10, 2026", "Water Rights in the Valley", "Body."], "Water Rights in the Valley"),
    (["19:04, 6 May", "Body of the note."], None),  # a time stamp is not a title
    (["“Small grants change who gets to speak”", "Body."], "Small grants change who gets to speak"),
])
def test_opening_title(lines, expected):
    assert opening_title([Block(line) for line in lines]) == expected


@pytest.mark.parametrize(("names", "expected"), [
    (["Jane Roe", "JANE ROE", "Jane Roe Jan"], ["Jane Roe"]),  # case and words glued after a name
    (["Staff writer", "The Editors", "News Desk", "Staff Reports", "Sam Poe"], ["Sam Poe"]),
    (["Jane Roe, Staff Writer"], ["Jane Roe"]),
    (["press@example.org", "Team 7"], []),
    (["Ana  Lima\u00a0"], ["Ana Lima"]),
    # a date or a role run into the name; an outlet's desk is the outlet
    (["Ana Lima Monday", "November", "Omar HaddadStaff Writer", "April Stone"],
     ["Ana Lima", "Omar Haddad", "April Stone"]),
    (["Kay DeShawn McKay", "VNB Staff", "Valley News Agency"], ["Kay DeShawn McKay", "VNB", "Valley News Agency"]),
])
def test_clean_authors(names, expected):
    assert clean_authors(names) == expected


def test_title_parts():
    assert title_parts("Valley News » Bridge Reopens | Local") == ["Valley News", "Bridge Reopens", "Local"]
    assert title_parts("Re-election of the Board") == ["Re-election of the Board"]


@pytest.mark.parametrize(("candidate", "page_title", "headings", "expected"), [
    # The extractor took the site name: the longer part that is also a heading is the title.
    ("Valley News", "Valley News » Bridge Reopens After Floods", ["Valley News", "Bridge Reopens After Floods"],
     "Bridge Reopens After Floods"),
    # Without a heading to confirm it, the candidate stays.
    ("Valley News", "Valley News » Bridge Reopens After Floods", ["Valley News"], "Valley News"),
    ("Bridge Reopens After Floods", "Bridge Reopens After Floods | Valley News", ["Bridge Reopens After Floods"],
     "Bridge Reopens After Floods"),
    (None, "Valley News", [], None),
])
def test_article_title(candidate, page_title, headings, expected):
    assert article_title(candidate, page_title=page_title, headings=headings) == expected
