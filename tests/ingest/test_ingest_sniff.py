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
])
def test_sniff_text(text, suffix, expected):
    assert sniff.sniff_text(text, suffix=suffix) == expected


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
