"""Plain text: encodings, newlines, paragraphs, boilerplate, titles, bylines, datelines."""

from __future__ import annotations

import pytest

from pathlib import Path

from pipeline.ingest import load_document

PROJECT_DIR = Path(__file__).resolve().parents[2]
RAW_DIR = PROJECT_DIR / "raw"
FIXTURES = PROJECT_DIR / "tests" / "fixtures" / "ingest"

SENTENCE = "Гражданское общество помогает людям. Волонтёры работают в трёх районах."
LATIN = "Les bénévoles ont rénové l'école. Naïve idée? Non: un café-crème pour tous, à Genève."


@pytest.mark.parametrize(("encoded", "expected"), [
    (SENTENCE.encode("utf-8"), SENTENCE),
    (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), SENTENCE),
    (SENTENCE.encode("utf-16"), SENTENCE),
    (SENTENCE.encode("cp1251"), SENTENCE),
    (LATIN.encode("latin-1"), LATIN),
    (LATIN.encode("utf-16-le").join([b"\xff\xfe", b""]), LATIN),
])
def test_encodings(load_bytes, encoded, expected):
    doc = load_bytes("doc.txt", encoded)
    assert doc.text == expected
    assert doc.media_type == "text/plain"


def test_newlines_and_blank_line_paragraphs(load_bytes, texts, offsets_ok):
    raw = "Title Line\r\n\r\nFirst paragraph wraps over a line that is long enough to be\r\nwrapped text.\r\n\r\n\r\nSecond one.\r"
    doc = load_bytes("doc.txt", raw.encode())
    assert texts(doc) == [
        "Title Line",
        "First paragraph wraps over a line that is long enough to be wrapped text.",
        "Second one.",
    ]
    offsets_ok(doc)


def test_single_newlines_split_when_no_blank_lines(load_bytes, offsets_ok):
    raw = "A Short Title\nThe first paragraph is on one line.\nThe second paragraph is on another.\n"
    doc = load_bytes("doc.txt", raw.encode())
    assert len(doc.paragraphs) == 3
    offsets_ok(doc)


def test_blog_dump_boilerplate(settings, texts, offsets_ok):
    doc = load_document(FIXTURES / "blog-dump.txt", settings=settings.ingest)
    paras = texts(doc)
    assert paras[0] == "“Small grants change who gets to speak”"
    assert doc.title == "Small grants change who gets to speak"
    assert "Interview by Lena Marsh" in paras and doc.authors == ["Lena Marsh"]
    assert "What was the first loan used for?" in paras
    assert "Funding and Governance Rules" in paras
    for gone in ("free e-book", "Members counting", "notified", "Website:", "savings.group@", "Leave a Comment"):
        assert gone not in doc.text, gone
    offsets_ok(doc)


def test_sample_article(settings, offsets_ok):
    doc = load_document(RAW_DIR / "article-youth-budget.txt", settings=settings.ingest)
    assert doc.title == "City Youth Council Wins a Say Over Park Budget"
    assert doc.authors == ["Mariam Odhiambo"]
    assert "By Mariam Odhiambo" in doc.text
    assert "Share this article" not in doc.text and "Photo:" not in doc.text
    offsets_ok(doc)


UNWRAPPED = ("Seed Library Opens in the Old Station\n"
             "March 2, 2021\n"
             "The seed library in the old railway station lent three hundred packets in its first week, "
             "most of them beans and tomatoes from the allotments of the northern district, and the "
             "volunteers plan a second shelf for herbs.\n\n"
             "Photo: the station hall\n"
             "Gardeners can return seeds at the end of the season or bring new varieties from their own "
             "plots; the library keeps a notebook of who grew what and where it did well.\n")


def test_unwrapped_text_keeps_its_lines(load_bytes, texts, offsets_ok):
    """Lines longer than any wrapping width mean the text is not hard-wrapped: each line is a
    paragraph (a title or a date line is never glued to the paragraph after it)."""
    doc = load_bytes("seeds.txt", UNWRAPPED.encode())
    paras = texts(doc)
    assert paras[:2] == ["Seed Library Opens in the Old Station", "March 2, 2021"]
    assert doc.title == "Seed Library Opens in the Old Station" and doc.published == "2021-03-02"
    assert paras[-1].startswith("Gardeners can return seeds")
    offsets_ok(doc)
