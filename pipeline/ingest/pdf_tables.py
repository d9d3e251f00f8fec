"""Ruled tables of a PDF page: pdfplumber's table finder run on the ruling lines and cell boxes
that pypdfium2 reports.

pdfplumber finds a table where horizontal and vertical rules cross into a grid of cells
(``merge_edges`` → ``edges_to_intersections`` → ``intersections_to_cells`` →
``cells_to_tables``); its rules normally come from pdfminer's parse of the whole page. The
page's path objects, read by pypdfium2 without parsing the text again, give the same rules:
thin paths are lines, four-sided paths are rectangles with four edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2.raw as pdfium_c
from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

# A path at most this thick is a rule; a closed path of at most this many segments is a box.
RULE_THICKNESS = 2.0
BOX_SEGMENTS = 5
MIN_EDGE = 8.0
# More edges than this are a drawing's strokes (hatching, a chart), not a table's rules; the
# cap on merged edges also bounds pdfplumber's cell search, quadratic in the crossings.
MAX_PATH_EDGES = 600
MAX_EDGES = 120
# pdfplumber's default snap, join and intersection tolerance.
TOLERANCE = 3.0
MIN_ROWS = 2
MIN_COLUMNS = 2
PATH_DEPTH = 3


@dataclass(frozen=True)
class TableRegion:
    """A table's box and its cells row by row (None where a merged cell spans the column),
    as (x0, top, x1, bottom) in points from the page's top-left corner."""

    bbox: tuple[float, float, float, float]
    rows: list[list[tuple[float, float, float, float] | None]]


def page_tables(page) -> list[TableRegion]:
    """The ruled tables of a page with at least two rows and two columns."""
    edges = _ruling_edges(page)
    if not 4 <= len(edges) <= MAX_PATH_EDGES:
        return []
    edges = [e for e in merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
             if e["width" if e["orientation"] == "h" else "height"] >= MIN_EDGE]
    if len(edges) > MAX_EDGES:
        return []
    cells = intersections_to_cells(edges_to_intersections(edges, TOLERANCE, TOLERANCE))
    regions = []
    for group in cells_to_tables(cells):
        table = Table(None, group)  # rows and bbox come from the cells alone
        rows = [row.cells for row in table.rows]
        if len(rows) >= MIN_ROWS and max(sum(c is not None for c in row) for row in rows) >= MIN_COLUMNS:
            regions.append(TableRegion(bbox=table.bbox, rows=rows))
    return regions


def _ruling_edges(page) -> list[dict]:
    """Edges of thin paths (rules) and of box-shaped paths (cell borders, shaded cells)."""
    left, _, _, top = page.get_mediabox()
    edges: list[dict] = []
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=PATH_DEPTH):
        x0, y0, x1, y1 = path.get_bounds()
        x0, x1, upper, lower = x0 - left, x1 - left, top - y1, top - y0
        width, height = x1 - x0, lower - upper
        if height <= RULE_THICKNESS and width >= MIN_EDGE:
            edges.append(_edge("h", x0, x1, (upper + lower) / 2, (upper + lower) / 2))
        elif width <= RULE_THICKNESS and height >= MIN_EDGE:
            edges.append(_edge("v", (x0 + x1) / 2, (x0 + x1) / 2, upper, lower))
        elif (width >= MIN_EDGE and height >= MIN_EDGE
              and pdfium_c.FPDFPath_CountSegments(path.raw) <= BOX_SEGMENTS):
            edges += [_edge("h", x0, x1, upper, upper), _edge("h", x0, x1, lower, lower),
                      _edge("v", x0, x0, upper, lower), _edge("v", x1, x1, upper, lower)]
        if len(edges) > MAX_PATH_EDGES:
            break
    return edges


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    """An edge as pdfplumber's table finder reads it."""
    return {"orientation": orientation, "object_type": "rect_edge", "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top}
