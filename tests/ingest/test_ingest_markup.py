"""The block walker shared by HTML pages, trafilatura's output and HTML inside Markdown."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from pipeline.ingest.clean import Block
from pipeline.ingest.markup import (INVISIBLE, PAGE_CHROME, emphasized_passages, fragment_blocks, strip_template_tags,
                                    tree_blocks, with_emphasis)


@pytest.mark.parametrize(("markup", "expected"), [
    ("<h1>Am I eligible?</h1>\nYes, if your city has <a href='x'>a plan</a>.", [
        ("heading", "Am I eligible?"), ("text", "Yes, if your city has a plan.")]),
    ("<p>line one<br>line two</p>", [("text", "line one"), ("text", "line two")]),
    ("<ul><li>a <b>bold</b> item<ul><li>nested</li></ul></li><li><p>two</p><p>paras</p></li></ul>", [
        ("item", "• a bold item"), ("item", "• nested"), ("item", "• two"), ("item", "paras")]),
    ("<blockquote><p>One paragraph.</p><p>Another.</p></blockquote>", [("quote", "One paragraph. Another.")]),
    ("<table><tr><th>Month</th><th>Step</th></tr><tr><td>March</td><td></td><td>Apply</td></tr></table>", [
        ("text", "Month | Step"), ("text", "March | Apply")]),
    # A row whose cell holds paragraphs lays out a page: its paragraphs stay apart.
    ("<table><tr><td>Menu</td><td><h1>Title</h1><p>by Ana Lima</p><p>Rains came.\n</p><p>\nRoads shut.</p>"
     "</td></tr></table>", [("text", "Menu"), ("heading", "Title"), ("text", "by Ana Lima"), ("text", "Rains came."),
                            ("text", "Roads shut.")]),
    ("<table><tr><td><p>North</p></td><td><p>12</p></td></tr></table>", [("text", "North | 12")]),
    ("<pre>x = 1\n\ny = 2</pre>", [("text", "x = 1"), ("text", "y = 2")]),
    ("<p>shown<script>var x = 1;</script> after</p><style>p {}</style>", [("text", "shown after")]),
    ("<p hidden>no</p><p style='display: none'>no</p><p aria-hidden='true'>no</p><p>yes</p>", [("text", "yes")]),
    ("<div>Intro<p>Para</p>tail</div>", [("text", "Intro"), ("text", "Para"), ("text", "tail")]),
])
def test_fragment_blocks(markup, expected):
    assert [(b.kind, b.text) for b in fragment_blocks(markup)] == expected


def test_page_chrome_can_be_skipped():
    page = lxml.html.document_fromstring(
        "<html><head><title>T</title></head><body><nav>Menu</nav><main><p>Text.</p></main>"
        "<aside>Ads</aside><form>Search</form><footer>Footer</footer></body></html>")
    assert [b.text for b in tree_blocks(page)] == ["Menu", "Text.", "Ads", "Search", "Footer"]
    assert [b.text for b in tree_blocks(page, skip=INVISIBLE | PAGE_CHROME)] == ["Text."]


def test_trafilatura_vocabulary():
    body = etree.fromstring("<body><head rend='h2'>Heading</head><p>Text<lb/>more</p><list><item>one</item></list>"
                            "<quote>Said.</quote><table><row><cell>a</cell><cell>b</cell></row></table></body>")
    assert [(b.kind, b.text) for b in tree_blocks(body, skip=frozenset())] == [
        ("heading", "Heading"), ("text", "Text"), ("text", "more"), ("item", "• one"), ("quote", "Said."),
        ("text", "a | b")]


def test_root_tail_is_outside():
    root = lxml.html.fragment_fromstring("<div><p>inside</p></div>", create_parent="section")[0]
    root.tail = "outside"
    assert [b.text for b in tree_blocks(root)] == ["inside"]


@pytest.mark.parametrize(("source", "expected"), [
    ("{% if x %}a{% endif %} {{ value }} {# note #}b", "a  b"),
    ("{{< figure src='x' >}}text", "text"),
    ("a { b } c {{ unclosed", "a { b } c {{ unclosed"),
])
def test_strip_template_tags(source, expected):
    assert strip_template_tags(source) == expected


@pytest.mark.parametrize(("markup", "expected"), [
    ("<p><strong>Why here?</strong></p><p>Because of the river.</p>",
     [("bold", "Why here?"), (None, "")]),
    ("<p><b>AR:</b> Why now?</p>", [("bold", "AR:")]),
    ("<p>\n\t<em>An italic <b>intro</b> line.</em> </p>", [("bold", "An italic intro line.")]),
    ("<p><i>Lead in italics.</i> Then plain words.</p>", [("italic", "Lead in italics.")]),
    ("<p>Plain then <b>bold</b>.</p>", [(None, "")]),
])
def test_opening_emphasis_is_kept(markup, expected):
    assert [(b.emphasis, b.emphasized) for b in fragment_blocks(markup)] == expected


def test_trafilatura_formatting_marks_emphasis():
    body = etree.fromstring("<body><p><hi rend='#b'>- Why here?</hi></p><p>- Because.</p>"
                            "<p><hi rend='#i'>Note</hi> after.</p></body>")
    assert [(b.emphasis, b.emphasized) for b in tree_blocks(body, skip=frozenset())] == [
        ("bold", "- Why here?"), (None, ""), ("italic", "Note")]


def test_emphasis_found_on_the_page_when_the_extractor_lost_it():
    page = lxml.html.document_fromstring("<html><body><p><strong>- What changed?</strong></p>"
                                         "<p>- Everything.</p><p><em>Where next</em> is open.</p></body></html>")
    blocks = [Block("- What changed?"), Block("- Everything."), Block("Where next is open."),
              Block("Already set", emphasis="italic", emphasized="Already")]
    assert [(b.emphasis, b.emphasized) for b in with_emphasis(blocks, emphasized_passages(page))] == [
        ("bold", "- What changed?"), (None, ""), ("italic", "Where next"), ("italic", "Already")]
