"""HTML: boilerplate removal on the sample interview, metadata, quote blocks, comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.errors import NoMainText

SAMPLE = Path(__file__).resolve().parents[2] / "raw" / "interview-water-committees.html"

PAGE = """<!DOCTYPE html><html><head><title>Neighbours Repair the Bridge</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Neighbours Repair the Bridge</h1>
<p>Forty residents of the lower valley spent three weekends rebuilding the footbridge that links
their hamlet to the school. The district had promised a new bridge for six years.</p>
<p>The chair of the residents' group put it simply: <q>we stopped waiting for a letter from the
capital</q>, and the children now cross in five minutes instead of forty.</p>
<p>Materials cost 2,300 dollars, raised from a street market and a small grant from a local trust.
Volunteers from two neighbouring villages brought tools and cooked for the work teams.</p>
</article>
<footer>Copyright 2024 Valley News. All rights reserved.</footer></body></html>"""


@pytest.fixture(scope="module")
def sample(settings):
    return load_document(SAMPLE, settings=settings.ingest)


def test_sample_keeps_the_interview(sample, texts, offsets_ok):
    paras = texts(sample)
    assert sample.media_type == "text/html"
    assert sample.title.startswith("“Every village can run its own water”")
    assert sample.authors == ["Tomas Lindqvist"]
    assert sample.published == "2024-03-18"
    assert sum(p.endswith("?") for p in paras) == 6
    assert "4.1 million rupees (about USD 30,800)" in sample.text
    offsets_ok(sample)


@pytest.mark.parametrize("boilerplate", [
    "About us",  # navigation
    "inspecting a spring intake",  # figcaption
    "clearing snow",  # figcaption
    "Share this post",
    "newsletter",
    "Subscribe",
    "Leave a Reply",
    "Your email address",
    "Great interview",  # a reader comment
    "All rights reserved",
    "Privacy policy",
])
def test_sample_drops_boilerplate(sample, boilerplate):
    assert boilerplate not in sample.text


def test_sample_blockquote_is_a_quote_block(sample):
    (start, end), = sample.quote_blocks
    assert sample.text[start:end].startswith("“When people pay even a little")


def test_comments_on_request(load_bytes):
    data = SAMPLE.read_bytes()
    doc = load_bytes("page.html", data, html_include_comments=True)
    assert "Great interview" in doc.text


def test_inline_q_and_metadata(load_bytes, offsets_ok):
    doc = load_bytes("bridge.html", PAGE.encode())
    assert doc.title == "Neighbours Repair the Bridge"
    assert "Home" not in doc.text and "All rights reserved" not in doc.text
    quoted = [doc.text[s:e] for s, e in doc.quote_blocks]
    assert quoted == ["we stopped waiting for a letter from the capital"]
    offsets_ok(doc)


@pytest.mark.parametrize("html", [
    "<html><head><title>Nothing here</title></head></html>",
    "<html><head><title>Menu only</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
])
def test_no_main_text(load_bytes, html):
    with pytest.raises(NoMainText, match="no main text"):
        load_bytes("empty.html", html.encode())


TEMPLATE_PAGE = """{% extends "base.html" %}
{% load static %}
{# the article body #}
{% block content %}
<article><h1>{{ page.title }}Seed Swap at the Library</h1>
<p>Forty gardeners brought seeds from their own plots to the library on Saturday and went home with
varieties their grandparents grew. The library will keep a seed shelf open all spring.</p>
<p>The organisers counted 1,200 packets exchanged, twice as many as last year, and plan a second swap
in the autumn with the allotment association of the eastern district.</p></article>
{% endblock %}"""


@pytest.mark.parametrize(("name", "data"), [
    ("seeds.html", TEMPLATE_PAGE.encode()),
    ("seeds.txt", ("{% load static %}\n" + PAGE).encode()),
    ("bom.html", b"\xef\xbb\xbf" + TEMPLATE_PAGE.encode()),
    ("bom-utf16.html", TEMPLATE_PAGE.encode("utf-16")),
])
def test_template_tags_and_boms_still_html(load_bytes, offsets_ok, name, data):
    doc = load_bytes(name, data)
    assert doc.media_type == "text/html"
    for markup in ("{%", "{{", "{#", "<", "class=", "endblock"):
        assert markup not in doc.text
    assert "seeds" in doc.text or "residents" in doc.text
    offsets_ok(doc)


# The only text sits in a page header, which trafilatura treats as page furniture.
SHORT_NOTICE = """<html><head><title>Notice</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<header><p>The community hall is closed on Monday for repairs.</p></header>
<footer>Copyright Valley Hall Association</footer></body></html>"""


def test_visible_text_when_no_main_text_is_found(load_bytes):
    doc = load_bytes("notice.html", SHORT_NOTICE.encode())
    assert doc.text == "The community hall is closed on Monday for repairs."
    assert doc.warnings and "visible text" in doc.warnings[0]


SITE_TITLE_PAGE = """<html><head><title>Valley Voices  &raquo; Bridge Reopens After the Floods</title>
<meta name="author" content="Rita Moss; RITA MOSS"></head><body>
<header><h1 id="site-title"><a href="/">Valley Voices</a></h1></header>
<div class="post"><h2 class="post-title"><a href="/bridge">Bridge Reopens After the Floods</a></h2>
<p>The footbridge over the river reopened on Friday after six weeks of repairs paid for by the
district and by a collection among the residents of both banks.</p>
<p>Volunteers repainted the railings and the school brought its pupils to walk across first, with the
mayor and the engineers who rebuilt the piers.</p></div></body></html>"""


def test_site_name_is_not_the_title_and_authors_are_not_repeated(load_bytes):
    doc = load_bytes("bridge.html", SITE_TITLE_PAGE.encode())
    assert doc.title == "Bridge Reopens After the Floods"
    assert doc.authors == ["Rita Moss"]


AUTHOR_CLASS_PAGE = """<html><head><title>Новый мост</title></head><body>
<div class="date"><div class="author"><a href="/people/17/">Анна ВОЛКОВА</a></div></div>
<article><h1>Новый мост открыли после ремонта</h1>
<p>Пешеходный мост через реку открыли в пятницу после шести недель ремонта, который оплатили район
и жители обоих берегов.</p>
<p>Волонтёры покрасили перила, а школа первой привела своих учеников, вместе с мэром и инженерами,
которые восстановили опоры моста.</p></article></body></html>"""


def test_an_element_marked_author_names_the_author(load_bytes):
    doc = load_bytes("most.html", AUTHOR_CLASS_PAGE.encode())
    assert doc.authors == ["Анна ВОЛКОВА"]
