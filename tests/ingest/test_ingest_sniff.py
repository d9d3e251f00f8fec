"""Format detection from content: magic bytes, gzip, HTML/Markdown/text sniffing, wrong extensions."""

from __future__ import annotations

import gzip

import pytest

from pipeline.ingest import sniff

HTML = ("<!DOCTYPE html><html><head><title>Village Library Reopens</title></head><body><article>"
        "<h1>Village Library Reopens</h1><p>After two years of fundraising, the village library reopened "
        "on Saturday with 3,000 donated books and a reading corner for children. Volunteers will keep it "
        "open four evenings a week.</p><p>The library committee thanked the 120 families who gave money "
        "and time, and said the next goal is a small computer room.</p></article></body></html>")
TEXT = "Village Library Reopens\n\nAfter two years of fundraising, the library reopened on Saturday.\n"


@pytest.mark.parametrize(("data", "expected"), [
    (b"%PDF-1.7\n...", sniff.PDF),
    (b"\n\n%PDF-1.4\n", sniff.PDF),
    (gzip.compress(b"hello"), sniff.GZIP),
    (b"plain words", None),
])
def test_sniff_bytes(data, expected):
    assert sniff.sniff_bytes(data) == expected


@pytest.mark.parametrize(("text", "suffix", "expected"), [
    (HTML, ".txt", sniff.HTML),
    ("  <html><body><p>Short page</p></body></html>", "", sniff.HTML),
    ("<div><p>a</p><p>b</p><span>c</span><a href='x'>d</a><br></div>", "", sniff.HTML),
    ("Use x < y and y > z in the formula.", ".html", sniff.TEXT),
    ("# Title\n\nSome **bold** text and a [link](https://example.org).", ".txt", sniff.MARKDOWN),
    ("Plain notes.\n\nNothing special here.", ".md", sniff.MARKDOWN),
    (TEXT, ".txt", sniff.TEXT),
    # Template tags, comments and a BOM before the markup: still an HTML document.
    ("{% extends 'base.html' %}\n{# c #}\n<!-- x -->\n<!DOCTYPE html><html><body><p>a</p></body></html>", ".txt",
     sniff.HTML),
    ("\ufeff<html><body><p>Short page</p></body></html>", "", sniff.HTML),
    # An HTML name with a tag in it (a template's body without <html>).
    ("{% block content %}<h1>Title</h1><p>One paragraph.</p>{% endblock %}", ".html", sniff.HTML),
    ("{% block content %}Only words.{% endblock %}", ".html", sniff.HTML),
    # A Markdown name keeps Markdown whatever inline HTML it carries; a full document is HTML.
    ("<p>a</p><p>b</p><span>c</span><a href='x'>d</a><br><em>e</em>", ".md", sniff.MARKDOWN),
    ("<!DOCTYPE html><html><body><p>a</p></body></html>", ".md", sniff.HTML),
])
def test_sniff_text(text, suffix, expected):
    assert sniff.sniff_text(text, suffix=suffix) == expected


def test_front_matter_means_markdown():
    body = "<strong>Question?</strong>\nAnswer with <a href='x'>a</a> <em>b</em> <span>c</span> <div>d</div>"
    assert sniff.sniff_text(body, front_matter=True) == sniff.MARKDOWN
    assert sniff.sniff_text(body, suffix=".html", front_matter=True) == sniff.HTML


@pytest.mark.parametrize(("name", "data", "media_type"), [
    ("page.txt", HTML.encode(), "text/html"),
    ("report.pdf", TEXT.encode(), "text/plain"),
    ("page.html.gz", gzip.compress(HTML.encode(), mtime=0), "text/html"),
    ("notes.txt.gz", gzip.compress(TEXT.encode(), mtime=0), "text/plain"),
    ("archive.gz", gzip.compress(TEXT.encode("utf-16"), mtime=0), "text/plain"),
])
def test_media_type_from_content(load_bytes, name, data, media_type):
    assert load_bytes(name, data).media_type == media_type


def test_utf16_without_bom_is_not_binary():
    assert not sniff.looks_binary("Plain text in UTF-16 without a mark.".encode("utf-16-le"))
