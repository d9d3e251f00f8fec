"""PDF layout on pages drawn with reportlab: ruled tables read row by row, drop caps, running
footers by their slot on the page, the title from the largest type, date lines."""

from __future__ import annotations

import pypdfium2 as pdfium
from reportlab.pdfgen.canvas import Canvas

from pipeline.ingest.pdf_tables import page_tables

BODY = ("The committee of the lower valley met in the school hall to review the water budget and "
        "the repairs planned for the spring. Members from every village took part in the vote.")


def _paragraph(canvas: Canvas, top: float, *, x: float = 72, lines: int = 6, size: int = 10) -> None:
    canvas.setFont("Helvetica", size)
    words = (BODY + " ") * 3
    for i in range(lines):
        canvas.drawString(x, top - i * (size + 3), words[i * 70:(i + 1) * 70].strip())


def _table(canvas: Canvas) -> None:
    _paragraph(canvas, 760)
    rows = [("Region", "Groups", "Grants"), ("North", "12", "4,000"), ("South", "9", "2,500")]
    left, top, width, height = 72, 640, 120, 20
    for r in range(len(rows) + 1):
        canvas.line(left, top - r * height, left + 3 * width, top - r * height)
    for c in range(4):
        canvas.line(left + c * width, top, left + c * width, top - len(rows) * height)
    canvas.setFont("Helvetica", 10)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            canvas.drawString(left + c * width + 4, top - (r + 1) * height + 6, cell)
    _paragraph(canvas, 560)


def test_ruled_table_rows(load_bytes, make_pdf, texts):
    data = make_pdf(_table)
    (table,) = page_tables(pdfium.PdfDocument(data)[0])
    assert len(table.rows) == 3 and all(len(row) == 3 for row in table.rows)
    paras = texts(load_bytes("table.pdf", data))
    start = paras.index("Region | Groups | Grants")
    assert paras[start:start + 3] == ["Region | Groups | Grants", "North | 12 | 4,000", "South | 9 | 2,500"]
    assert paras[0].startswith("The committee") and paras[-1].startswith("The committee")


def test_a_ruled_box_is_not_a_table(make_pdf):
    data = make_pdf(lambda canvas: (canvas.rect(72, 600, 300, 100), _paragraph(canvas, 680, x=80)))
    assert page_tables(pdfium.PdfDocument(data)[0]) == []


def _hatching(canvas: Canvas) -> None:
    """A chart's grid of 100 by 100 strokes: a drawing, not a table (and no quadratic cell search)."""
    for i in range(100):
        canvas.line(72, 200 + 4 * i, 472, 200 + 4 * i)
        canvas.line(72 + 4 * i, 200, 72 + 4 * i, 600)


def test_a_dense_drawing_is_not_a_table(make_pdf):
    assert page_tables(pdfium.PdfDocument(make_pdf(_hatching))[0]) == []


def _drop_cap(canvas: Canvas) -> None:
    canvas.setFont("Helvetica-Bold", 36)
    canvas.drawString(72, 712, "T")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(98, 738, "he volunteers of the lower valley rebuilt the footbridge that links")
    canvas.drawString(98, 725, "their hamlet to the school in three weekends of work this spring,")
    canvas.drawString(98, 712, "with timber given by the district and tools lent by two farms.")
    _paragraph(canvas, 690)


def test_drop_cap_starts_its_paragraph(load_bytes, make_pdf, texts):
    paras = texts(load_bytes("dropcap.pdf", make_pdf(_drop_cap)))
    assert paras[0].startswith("The volunteers of the lower valley rebuilt the footbridge that links their hamlet")


FOOTERS = ["1", "2", "Chapter 2. Budgets and audits 3", "4"]


def _page_with_footer(footer: str):
    def draw(canvas: Canvas) -> None:
        _paragraph(canvas, 760, lines=30)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(300, 30, footer)
    return draw


def test_running_footer_slot(load_bytes, make_pdf):
    doc = load_bytes("chapters.pdf", make_pdf(*(_page_with_footer(f) for f in FOOTERS)))
    assert doc.pages == 4
    assert "Chapter 2" not in doc.text and "Budgets and audits" not in doc.text


def _report_cover(canvas: Canvas) -> None:
    canvas.setFont("Helvetica", 9)
    canvas.drawString(400, 780, "Updated April 10, 2026")
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(72, 750, "Water Committees in the Lower")
    canvas.drawString(72, 728, "Valley")
    _paragraph(canvas, 690, lines=12)


def test_title_from_largest_type_and_date_line(load_bytes, make_pdf):
    doc = load_bytes("cover.pdf", make_pdf(_report_cover))
    assert doc.title == "Water Committees in the Lower Valley"
    assert doc.published == "2026-04-10"


AUTHORS = ["Ann Lee", "Bo Chen", "Carla Mendes Ruiz", "Dev Patel", "Emil Novak"]


def _names_cover(canvas: Canvas) -> None:
    """A cover: the title on the left, the authors set flush right one a line, like a column."""
    canvas.setFont("Helvetica-Bold", 24)
    canvas.drawString(40, 760, "Budgets of the Lower Valley")
    _paragraph(canvas, 700, x=40, lines=8)
    canvas.setFont("Helvetica-Bold", 12)
    for i, name in enumerate(AUTHORS):
        canvas.drawRightString(560, 300 - i * 14, name)


def _names_under_label(canvas: Canvas) -> None:
    _paragraph(canvas, 760, lines=8)
    canvas.setFont("Helvetica", 10)
    for i, line in enumerate(["Prepared by:", *AUTHORS]):
        canvas.drawString(72, 640 - i * 13, line)
    _paragraph(canvas, 540, lines=4)


def test_a_column_of_names_keeps_one_name_a_line(load_bytes, make_pdf, texts):
    for draw in (_names_cover, _names_under_label):
        paras = texts(load_bytes("names.pdf", make_pdf(draw)))
        assert all(name in paras for name in AUTHORS), paras


def _narrow_columns(canvas: Canvas) -> None:
    """Three narrow columns of wrapped text in which four lines in a row are short and start
    with a capital: they fill their column, so they are wrapped text, not a list."""
    lines = ["On Monday the North Valley", "Council met the Water Board", "Members of the Lower Ridge",
             "Farmers Union to agree on", "the repairs of the canals", "and the two footbridges."]
    canvas.setFont("Helvetica", 10)
    for x in (72, 250, 428):
        for i, line in enumerate(lines):
            canvas.drawString(x, 760 - i * 13, line)


def test_wrapped_capitalised_lines_stay_one_paragraph(load_bytes, make_pdf, texts):
    paras = texts(load_bytes("narrow.pdf", make_pdf(_narrow_columns)))
    assert paras[0].startswith("On Monday the North Valley Council met the Water Board Members of the Lower")
    assert len(paras) == 3
