"""PDF characters: accents drawn over letters rejoined, ligatures spelled out, words as
pdfplumber groups them, on made-up characters and on PDFs drawn with reportlab."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pipeline.ingest.pdf_words import LIGATURES, SPACING_DIACRITICS, _join_diacritics, page_words

# Bitstream Vera ships with reportlab and has the spacing accents and the "fi" ligature glyph.
FONT = "Vera"
pdfmetrics.registerFont(TTFont(FONT, str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))
SIZE = 11


def _char(text: str, x0: float, x1: float, bottom: float = 100.0) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": bottom - SIZE, "bottom": bottom, "size": SIZE}


@pytest.mark.parametrize(("accent", "combining"), [
    ("ˆ", "\u0302"), ("¸", "\u0327"), ("˜", "\u0303"), ("´", "\u0301"), ("¨", "\u0308"), ("ˇ", "\u030c"),
    ("˚", "\u030a"), ("˛", "\u0328"),
])
def test_spacing_diacritics_map_to_combining_marks(accent, combining):
    assert SPACING_DIACRITICS[accent] == combining


def test_ligatures_spelled_out():
    assert "ﬁnance ﬂow ﬀ ﬃ".translate(LIGATURES) == "finance flow ff ffi"


@pytest.mark.parametrize(("chars", "expected"), [
    # The accent after its letter (pdfminer and pdfium order) and before it (TeX order).
    ([_char("e", 10, 15), _char("ˆ", 10.5, 14), _char("n", 15, 20)], ["ê", "n"]),
    ([_char("˜", 10.5, 14), _char("a", 10, 15), _char("o", 15, 20)], ["ã", "o"]),
    # An accent standing alone, or used as an apostrophe between letters, stays.
    ([_char("n", 10, 15), _char("´", 15.5, 17), _char("t", 17.5, 20)], ["n", "´", "t"]),
    # Not over a letter on the same line.
    ([_char("e", 10, 15), _char("ˆ", 10.5, 14, bottom=140)], ["e", "ˆ"]),
])
def test_join_diacritics(chars, expected):
    assert [c["text"] for c in _join_diacritics(chars)] == expected


def _draw_with_spacing_accents(canvas: Canvas, x: float, y: float, pieces: list[tuple[str, str | None]]) -> None:
    """Each piece's text, then its accent drawn over the piece's last letter (as typesetters do
    for accented letters a font lacks): the accent follows its letter in the content stream."""
    canvas.setFont(FONT, SIZE)
    for text, accent in pieces:
        canvas.drawString(x, y, text)
        width = pdfmetrics.stringWidth(text, FONT, SIZE)
        if accent:
            last = pdfmetrics.stringWidth(text[-1], FONT, SIZE)
            canvas.drawString(x + width - last + (last - pdfmetrics.stringWidth(accent, FONT, SIZE)) / 2, y, accent)
        x += width


def _accents_and_ligatures(canvas: Canvas) -> None:
    _draw_with_spacing_accents(canvas, 72, 700, [("Age", "ˆ"), ("ncia Nacional de Aviac", "¸"), ("a", "˜"),
                                                 ("o Civil met in Sa", "˜"), ("o Paulo.", None)])
    canvas.setFont(FONT, SIZE)
    canvas.drawString(72, 680, "The ﬁnance team reviewed the workﬂow.")


@pytest.fixture
def accents_pdf(make_pdf) -> bytes:
    return make_pdf(_accents_and_ligatures)


def test_pdf_accents_and_ligatures(load_bytes, accents_pdf):
    doc = load_bytes("agency.pdf", accents_pdf)
    assert "Agência Nacional de Aviação Civil met in São Paulo." in doc.text
    assert "The finance team reviewed the workflow." in doc.text
    assert doc.text == unicodedata.normalize("NFC", doc.text)


def test_words_are_pdfplumbers(tmp_path, accents_pdf):
    """pypdfium2's characters grouped by pdfplumber's extractor give pdfplumber's own words
    (apart from the repaired accents and ligatures; edges may differ by a fraction of a point:
    pdfplumber takes the bottom from the font's descent and adds up advance widths)."""
    path = tmp_path / "agency.pdf"
    path.write_bytes(accents_pdf)
    with pdfplumber.open(path) as pdf:
        expected = pdf.pages[0].extract_words(x_tolerance=1.5, y_tolerance=3)
    words = page_words(pdfium.PdfDocument(accents_pdf)[0])
    repaired = {"Ageˆncia": "Agência", "Aviac¸a˜o": "Aviação", "Sa˜o": "São", "ﬁnance": "finance",
                "workﬂow.": "workflow."}
    assert [w["text"] for w in words] == [repaired.get(w["text"], w["text"]) for w in expected]
    assert all(abs(a[edge] - b[edge]) < 1 for a, b in zip(words, expected) for edge in ("x0", "x1", "bottom"))
