"""Build a two-page report PDF with the structure that trips entity rules: a running header
with page numbers, headings, form labels, a table with a header row, a law and its short form,
titled names, a name broken across two lines, a report reference and an author's role line.

    python tests/entities/make_report_pdf.py OUT.pdf

Everything in it is made up. The output is byte-identical on every run (reportlab's
invariant mode); the golden test builds it into a temporary folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib.pagesizes import A4  # noqa: E402  (after invariant mode is set)
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

FONT, BOLD, SIZE, LEADING = "Helvetica", "Helvetica-Bold", 10.5, 15
MARGIN = 64
CELL_WIDTH = 110
HEADER = "Morocco: Harbor Relations"

# (style, line): a paragraph is a run of "text" lines; "gap" ends it; "table" lines are the rows
# of a ruled table, cells split at "|".
PAGES = [
    [
        ("title", "Morocco: Background and Harbor Relations"),
        ("text", "Updated March 3, 2025"),
        ("gap", ""),
        ("heading", "Overview"),
        ("text", "The Kingdom of Morocco is a close partner of Portugal. In 2024 President Ana Lima"),
        ("text", "met Prime Minister Tomas Berg in Lisbon. The Coastal Farmers League (CFL) and the"),
        ("text", "World Bank paid for new piers in Tangier. Lima said the CFL would double its fleet."),
        ("gap", ""),
        ("heading", "Background"),
        ("text", "Under the Harbor Emergency Powers Act (HEPA), the government may close ports."),
        ("text", "Justice Ravi Rao of the Supreme Court ruled against that use of HEPA in 2023."),
        ("text", "Mr. Rao wrote that the ports must stay open to fishing boats from Spain."),
        ("gap", ""),
        ("heading", "Contact"),
        ("text", "P.O. Box 4471"),
        ("gap", ""),
    ],
    [
        ("heading", "Trade"),
        ("table", "Port|Tonnes|Share"),
        ("table", "Tangier|1,200|40%"),
        ("table", "Casablanca|900|30%"),
        ("gap", ""),
        ("text", "Exports grew again last year, according to Maria"),
        ("text", "Fernandes, a researcher at the University of Porto who studies the fleets."),
        ("gap", ""),
        ("text", "For more, see Research Report R12345, Harbor Policy: Background and Issues, by Dina Kral."),
        ("gap", ""),
        ("text", "Dina Kral, Analyst in Maritime Affairs"),
    ],
]


def _table_row(canvas: Canvas, y: float, cells: list[str]) -> float:
    """One ruled row of cells; returns the baseline of the next line."""
    top, bottom = y + LEADING - 4, y - 6
    canvas.setFont(FONT, SIZE)
    for index, cell in enumerate(cells):
        left = MARGIN + index * CELL_WIDTH
        canvas.rect(left, bottom, CELL_WIDTH, top - bottom)
        canvas.drawString(left + 6, y, cell)
    return bottom - LEADING + 4


def build(out: Path) -> Path:
    """Write the report to ``out``."""
    canvas = Canvas(str(out), pagesize=A4)
    width, height = A4
    for number, page in enumerate(PAGES, start=1):
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, height - 36, HEADER)
        canvas.drawRightString(width - MARGIN, height - 36, str(number))
        y = height - 80
        for style, line in page:
            if style == "gap":
                y -= LEADING / 2
                continue
            if style == "table":
                y = _table_row(canvas, y, line.split("|"))
                continue
            canvas.setFont(BOLD if style in ("title", "heading") else FONT, 14 if style == "title" else SIZE)
            canvas.drawString(MARGIN, y, line)
            y -= LEADING * (1.5 if style in ("title", "heading") else 1)
        canvas.showPage()
    canvas.save()
    return out


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("entities-report.pdf"))
