"""Markdown: rendered by markdown-it-py, read by the shared block walker; front matter and the
inline and block HTML that blog exports carry never reach the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.markdown import markdown_blocks

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ingest"

JEKYLL_POST = """---
layout: post
title: 'Neighbourhood Spotlight: Riverside '
author: Dana Whitfield
author_email: dana@example.org
date: 2019-05-14 09:30:00.000000000 +00:00
published: true
tags: []
---
<em>The tenants' association of Riverside has run its own repair crew for a decade.</em>

<strong>How did the repair crew start?</strong>
It started with one broken boiler and a <a href="https://example.org/boiler">long winter</a>.

<img src="/files/crew.jpg" alt="" /> The crew now has <b>twelve</b> members.

<div class="note">
<p>Meetings are on Tuesdays.</p>
</div>
"""


def test_front_matter_and_inline_html(load_bytes, texts, offsets_ok):
    doc = load_bytes("spotlight.md", JEKYLL_POST.encode())
    assert doc.media_type == "text/markdown"
    assert (doc.title, doc.authors, doc.published) == ("Neighbourhood Spotlight: Riverside", ["Dana Whitfield"],
                                                       "2019-05-14")
    assert texts(doc) == [
        "The tenants' association of Riverside has run its own repair crew for a decade.",
        "How did the repair crew start?",
        "It started with one broken boiler and a long winter.",
        "The crew now has twelve members.",
        "Meetings are on Tuesdays.",
    ]
    for markup in ("<", "class=", "layout:", "href", "crew.jpg"):
        assert markup not in doc.text
    offsets_ok(doc)


@pytest.mark.parametrize(("source", "expected"), [
    # A line wholly in bold or italics ends its line; emphasis inside a line does not.
    ("**What changed?**\nThe rent stayed the same.", ["What changed?", "The rent stayed the same."]),
    ("_Why now?_\nBecause the lease ends.", ["Why now?", "Because the lease ends."]),
    ("The **rent** stayed\nthe same.", ["The rent stayed the same."]),
    ("**Q:** What changed?\nNothing.", ["Q: What changed? Nothing."]),
    # Hard breaks and raw <br> end a line.
    ("First line  \nsecond line", ["First line", "second line"]),
    ("First line<br>second line", ["First line", "second line"]),
    # Lists, quotes (one quote per block quote), tables, code lines, headings.
    ("- one\n- two **bold**", ["• one", "• two bold"]),
    ("> A first paragraph.\n>\n> A second one.", ["A first paragraph. A second one."]),
    ("| Region | Groups |\n|---|---|\n| North | 12 |", ["Region | Groups", "North | 12"]),
    ("```\nx = 1\ny = 2\n```", ["x = 1", "y = 2"]),
    ("Title\n=====\n\n## Section *two*", ["Title", "Section two"]),
    # Entities decoded, images dropped, links keep their words, reference definitions go.
    ("Fish &amp; chips ![a map](map.png) at [the pier][p]\n\n[p]: https://example.org",
     ["Fish & chips at the pier"]),
    # Template tags of site generators are not text.
    ("{% include banner.html %}\nWelcome {{ page.name }} to the hall.", ["Welcome to the hall."]),
])
def test_markdown_blocks(source, expected):
    assert [block.text for block in markdown_blocks(source)] == expected


@pytest.mark.parametrize(("source", "kinds"), [
    ("# Heading\n\nText.", ["heading", "text"]),
    ("- item", ["item"]),
    ("> quoted", ["quote"]),
])
def test_block_kinds(source, kinds):
    assert [block.kind for block in markdown_blocks(source)] == kinds


def test_markdown_fixture(settings, texts, offsets_ok):
    doc = load_document(FIXTURES / "minutes.md", settings=settings.ingest)
    paras = texts(doc)
    assert doc.media_type == "text/markdown"
    assert paras[0] == "Board Meeting of the Riverbank Tenants' Union"
    assert doc.title == paras[0]
    assert "The board met in the community hall to review the housing survey results and to plan the autumn campaign." in paras
    assert "• Publish the survey summary in June" in paras
    assert "Decisions" in paras and "hall.jpg" not in doc.text and "**" not in doc.text
    quote = "We will not accept another rent rise without a public hearing."
    assert [doc.text[s:e] for s, e in doc.quote_blocks] == [quote]
    offsets_ok(doc)


def test_hugo_toml_front_matter(load_bytes):
    source = '+++\ntitle = "Seed Library Opens"\nauthors = ["Ana Ruiz", "Staff Writer"]\ndate = 2021-03-02\n+++\n\nThe seed library lent 300 packets in its first week.\n'
    doc = load_bytes("seeds.md", source.encode())
    assert (doc.title, doc.authors, doc.published) == ("Seed Library Opens", ["Ana Ruiz"], "2021-03-02")
    assert doc.text == "The seed library lent 300 packets in its first week."


def test_markdown_name_keeps_markdown_with_many_tags(load_bytes):
    source = "".join(f"<p>Paragraph {i} of the <em>minutes</em> with a <a href='#n{i}'>note</a>.</p>\n" for i in range(8))
    doc = load_bytes("minutes.md", source.encode())
    assert doc.media_type == "text/markdown"
    assert doc.text.startswith("Paragraph 0 of the minutes with a note.") and "<" not in doc.text


def test_paragraph_layout_reaches_the_loaded_document(load_bytes):
    doc = load_bytes("post.md", "# Why now?\n\n**What changed?**\nEverything.\n\n- **Item** and text\n".encode())
    found = [(doc.text[p.start:p.end], p.kind, p.emphasis, p.emphasis_end and doc.text[p.start:p.emphasis_end])
             for p in doc.paragraphs]
    assert found == [("Why now?", "heading", None, None), ("What changed?", "text", "bold", "What changed?"),
                     ("Everything.", "text", None, None), ("• Item and text", "item", "bold", "• Item")]
