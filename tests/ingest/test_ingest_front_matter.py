"""Front matter: YAML or TOML metadata at the top of Markdown and templated HTML sources."""

from __future__ import annotations

import pytest

from pipeline.ingest.front_matter import split_front_matter


@pytest.mark.parametrize(("source", "title", "authors", "published"), [
    ("---\ntitle: Clinic Hours Extended\nauthor: Mira Osei\ndate: 2020-02-03\n---\nBody.",
     "Clinic Hours Extended", ["Mira Osei"], "2020-02-03"),
    # Quoted and folded YAML strings, escapes, a Jekyll "published: true" before the date.
    ('---\npublished: true\ntitle: "A Long Title\\\n  \\ Folded\\_Here"\ndate: \'2021-07-30\'\n---\nBody.',
     "A Long Title Folded Here", [], "2021-07-30"),
    # Lists of authors, mappings with a name, role words and repeats dropped.
    ("---\nauthors:\n  - name: Li Wei\n  - Staff writer\n  - LI WEI\n  - Tom Hart\n---\nBody.",
     None, ["Li Wei", "Tom Hart"], None),
    # A timestamp with time zone, an e-mail as author.
    ("---\nauthor: news@example.org\ndate: 2012-10-11 12:12:14.000000000 +00:00\n---\nBody.", None, [], "2012-10-11"),
    ("\ufeff+++\ntitle = 'Garden Day'\ndate = 2019-04-01T10:00:00Z\n+++\nBody.", "Garden Day", [], "2019-04-01"),
])
def test_metadata(source, title, authors, published):
    front, body = split_front_matter(source)
    assert (front.title, front.authors, front.published) == (title, authors, published)
    assert body == "Body."


@pytest.mark.parametrize("source", [
    "No front matter here.\n---\nnot: metadata\n---\n",
    "---\nJust a paragraph between two rules.\n---\nMore text.",  # a scalar, not a mapping
    "---\ntitle: never closed\n\nBody.",
])
def test_not_front_matter(source):
    assert split_front_matter(source) == (None, source)


def test_broken_front_matter_is_skipped_with_a_warning():
    front, body = split_front_matter("---\ntitle: [unclosed\n---\nBody.")
    assert body == "Body." and front.title is None
    assert front.warnings and "could not be parsed" in front.warnings[0]
