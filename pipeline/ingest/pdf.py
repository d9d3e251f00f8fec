"""PDF: words per page (``pdf_words``), ruled tables (``pdf_tables``), columns from gaps in the
word boxes, lines, then paragraphs.

``extract_text`` interleaves columns and keeps running headers, so we work from words: per page
we set ruled tables apart (one line per table row, cells joined by " | "), find column gutters
(x ranges no body word covers), cut each row of words at the gutters, read the resulting line
segments column by column between full-width lines, and split paragraphs on vertical gaps,
indentation and short last lines. Across pages, lines near the top or bottom edge that repeat
(digits normalised) are running headers/footers. Line-end hyphens are joined unless the
document or the word shape says the hyphen is real.

pypdfium2 reads the characters and rules, grouped into words by pdfplumber's rules and into
tables by pdfplumber's table finder; pdfium is not thread-safe, so one document is read at a
time per process.
"""

from __future__ import annotations

import re
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
from pdfplumber.utils import cluster_objects

from pipeline.ingest.clean import MINOR_WORDS, Block, normalize_line, rule_list
from pipeline.ingest.errors import CorruptPdf, EncryptedPdf, IngestTimeout, NoTextLayer, TooLarge
from pipeline.ingest.metadata import is_date_line
from pipeline.ingest.pdf_tables import TableRegion, page_tables
from pipeline.ingest.pdf_words import ROW_TOLERANCE, page_words
from pipeline.text.quote_marks import CLOSING_MARKS

MIN_GUTTER = 6.0
MIN_GUTTER_WORDS = 20
WIDE_GAP_EMS = 4.0
TOUCHING_EMS = 0.1
# A gutter may be crossed by a few full-width lines (titles, tables) but not by body text.
GUTTER_CROSSING_SHARE = 0.03
MAX_CROSSING_ROWS = 2
MIN_COLUMN_WORD_SHARE = 0.12
EDGE_SHARE = 0.12
EDGE_LINES = 3
# Running lines repeat on every page of short documents and on 3+ pages of longer ones.
MIN_REPEAT_PAGES = 2
# A running line's slot: its height on the page, give or take two points.
SLOT_TOLERANCE = range(-2, 3)
# A drop cap: one capital letter set at least this many times the body size.
DROP_CAP_SIZE = 1.8
PARAGRAPH_GAP = 0.7
INDENT = 4.0
SHORT_LAST_LINE = 0.8
# A column of short capitalised lines (names on a cover, an address, a contents list) is read
# line by line: wrapped text fills its column, so three such lines in a row are rare in it.
LIST_LINE_WORDS = 5
LIST_LINE_SHARE = 0.5  # of the width of the line's column
MIN_LIST_LINES = 3
MIN_LIST_NAMES = 2  # lines of two words or more: a heading stacked one word a line is no list
LIST_LINE_OPEN_ENDS = ",;&/-–—"
PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
DIGITS = re.compile(r"\d+")
TRAILING_ROMAN = re.compile(r"\b[ivxlc]{1,6}$")
DOT_LEADER = re.compile(r"(?:\s?\.){4,}")
MIN_ALNUM = 2
# Bullets as pdfminer yields them, before clean.normalize_line unifies them.
RAW_BULLET = re.compile(r"^(?:\(cid:\d+\)|[•●▪■◦\ue000-\uf8ff])")
# A change of weight or size between lines marks a heading.
BOLD = re.compile(r"bold|black|heavy|semibold", re.I)
HYPHENATED_END = re.compile(r"([^\W\d_]+)-$")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Prefixes that keep their hyphen in English compounds ("non-formal", "self-help").
HYPHEN_PREFIXES = frozenset(rule_list("hyphen_prefixes.txt"))
TITLE_MAX_CHARS = 150
TITLE_SIZES_TRIED = 2
METADATA_JUNK = re.compile(r"\.(?:docx?|pdf|indd|qxd|rtf)\b|^microsoft|^untitled|^document\d*$", re.I)
SENTENCE_END = ".!?:;)" + CLOSING_MARKS


@dataclass
class Line:
    """A run of words on one row within one column (or across columns if ``spanning``)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    column: int = 0
    spanning: bool = False
    style: tuple[bool, int] = (False, 0)
    table: bool = False


@dataclass
class PageLayout:
    """The lines of one page in reading order, with paragraph starts marked."""

    number: int
    lines: list[Line] = field(default_factory=list)
    breaks: list[bool] = field(default_factory=list)
    height: float = 0.0


@dataclass
class PdfResult:
    """Paragraph blocks (with page numbers), a title guess and the page count."""

    blocks: list[Block]
    title: str | None
    pages: int
    warnings: list[str] = field(default_factory=list)


def read_pdf(data: bytes, *, max_pages: int, deadline: float) -> PdfResult:
    """Paragraphs in reading order of a PDF with a text layer, page furniture removed."""
    layouts, metadata = _read_pages(data, max_pages=max_pages, deadline=deadline)
    if not any(layout.lines for layout in layouts):
        raise NoTextLayer(f"none of the {len(layouts)} page(s) has a text layer (a scan? run OCR first)")
    _drop_running_lines(layouts)
    blocks = _paragraph_blocks(layouts)
    if not blocks:
        raise NoTextLayer("the PDF's text layer holds only page furniture (headers, page numbers)")
    blank = [layout.number for layout in layouts if not layout.lines]
    warnings = [f"pages without a text layer (scanned?): {', '.join(map(str, blank))}"] if blank else []
    title = _largest_type(layouts) or _title(blocks) or _metadata_title(metadata)
    return PdfResult(blocks=blocks, title=title, pages=len(layouts), warnings=warnings)


def _metadata_title(metadata: dict) -> str | None:
    """The document-information title, unless it is a file name or a tool's placeholder."""
    title = metadata.get("Title")
    title = normalize_line(title) if isinstance(title, str) else ""
    if len(WORD.findall(title)) < 2 or METADATA_JUNK.search(title):
        return None
    return title


# pdfium keeps global state and is not thread-safe; an abandoned (timed-out) load may still be
# reading when the next document starts.
PDFIUM_LOCK = threading.Lock()


def _read_pages(data: bytes, *, max_pages: int, deadline: float) -> tuple[list[PageLayout], dict]:
    """Lay out every page, closing each one so memory does not grow with the page count."""
    if not PDFIUM_LOCK.acquire(timeout=max(deadline - time.monotonic(), 0.0)):
        raise IngestTimeout("reading the PDF took too long (waited for another PDF to finish)")
    try:
        return _read_locked(data, max_pages=max_pages, deadline=deadline)
    finally:
        PDFIUM_LOCK.release()


def _read_locked(data: bytes, *, max_pages: int, deadline: float) -> tuple[list[PageLayout], dict]:
    layouts = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _pdf_error(exc) from None
    try:
        metadata = pdf.get_metadata_dict(skip_empty=True)
        count = len(pdf)
        if count > max_pages:
            raise TooLarge(f"the PDF has {count} pages, over the limit of {max_pages} (ingest.max_pdf_pages)")
        if count == 0:
            raise CorruptPdf("the PDF has no pages")
        for number in range(1, count + 1):
            if time.monotonic() > deadline:
                raise IngestTimeout(f"reading the PDF took too long (stopped at page {number} of {count})")
            page = pdf[number - 1]
            try:
                layouts.append(_layout_page(page, number))
            finally:
                page.close()
    except (TooLarge, CorruptPdf, IngestTimeout):
        raise
    except Exception as exc:  # a damaged page can fail in many ways
        raise _pdf_error(exc) from None
    finally:
        pdf.close()
    return layouts, metadata


def _pdf_error(exc: Exception) -> CorruptPdf | EncryptedPdf:
    """Name the failure: pdfium signals a missing password only in its message."""
    reason = f"{type(exc).__name__}: {exc}".strip(": ")
    if "password" in reason.lower() or "encrypt" in reason.lower():
        return EncryptedPdf("the PDF is encrypted (password-protected); decrypt it first")
    return CorruptPdf(f"the PDF is damaged or truncated and cannot be parsed ({reason[:200]})")


def _layout_page(page, number: int) -> PageLayout:
    width, height = page.get_size()
    layout = PageLayout(number=number, height=float(height))
    words = page_words(page)
    if not words:
        return layout
    rows, words = _table_rows(page_tables(page), words)
    gutters = _gutters(words, width=float(width), height=float(height))
    cuts = [(a + b) / 2 for a, b in gutters]
    lines = _without_drop_caps(_segments(words, gutters)) + [_table_line(row, cuts) for row in rows]
    layout.lines = _reading_order(lines)
    layout.breaks = _paragraph_breaks(layout.lines, cuts)
    return layout


def _without_drop_caps(lines: list[Line]) -> list[Line]:
    """A drop cap (a large initial letter beside the first lines of a paragraph) is put back at
    the start of the line it begins."""
    body = statistics.median(line.style[1] for line in lines)
    for cap in [l for l in lines if len(l.text) == 1 and l.text.isupper() and l.style[1] >= DROP_CAP_SIZE * body]:
        beside = [l for l in lines if l is not cap and 0 <= l.x0 - cap.x1 <= cap.x1 - cap.x0
                  and l.bottom >= cap.top and l.top <= cap.bottom]
        if beside:
            first = min(beside, key=lambda l: l.top)
            first.text = cap.text + first.text
            lines = [l for l in lines if l is not cap]
    return lines


def _table_rows(tables: list[TableRegion], words: list[dict]) -> tuple[list[list[list[dict]]], list[dict]]:
    """Words of each table row grouped by cell, and the words outside tables. A "table" with
    fewer than two filled cells (a ruled box around a logo or a note) stays text."""
    rows: list[list[list[dict]]] = []
    inside: set[int] = set()
    for table in tables:
        within = {i: w for i, w in enumerate(words) if _centre_in(w, table.bbox)}
        table_rows = [[[w for w in within.values() if cell and _centre_in(w, cell)] for cell in row]
                      for row in table.rows]
        if sum(1 for row in table_rows for cell in row if cell) < 2:
            continue
        rows.extend([cell for cell in row if cell] for row in table_rows)
        inside.update(within)
    return [row for row in rows if row], [w for i, w in enumerate(words) if i not in inside]


def _centre_in(word: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (word["x0"] + word["x1"]) / 2 <= x1 and top <= (word["top"] + word["bottom"]) / 2 <= bottom


def _table_line(cells: list[list[dict]], cuts: list[float]) -> Line:
    """One table row as one line: each cell's words in reading order, cells joined by " | "."""
    texts = [" ".join(_words_text(sorted(row, key=lambda w: w["x0"])) for row in cluster_objects(cell, "top", ROW_TOLERANCE))
             for cell in cells]
    words = [w for cell in cells for w in cell]
    line = _line(words, cuts)
    line.text, line.table = " | ".join(texts), True
    return line


def _gutters(words: list[dict], *, width: float, height: float) -> list[tuple[float, float]]:
    """Column gutters of the page, else of its lower or upper part (a full-width title block or
    summary above two columns hides the gutter when the whole page is measured)."""
    body = [w for w in words if height * 0.06 < w["top"] < height * 0.94]
    for part in (body, [w for w in body if w["top"] > height * 0.4], [w for w in body if w["top"] < height * 0.6]):
        gutters = _part_gutters(part, width=width)
        if gutters:
            return gutters
    return []


def _part_gutters(body: list[dict], *, width: float) -> list[tuple[float, float]]:
    """x ranges inside the text area crossed by (almost) no words, with text on both sides."""
    if len(body) < MIN_GUTTER_WORDS:
        return []
    size = int(width) + 2
    coverage = np.zeros(size, dtype=np.int32)
    for word in body:  # words may stick out past the page edge: clamp into the array
        coverage[min(max(int(word["x0"]), 0), size - 1)] += 1
        coverage[min(max(int(word["x1"]) + 1, 0), size - 1)] -= 1
    coverage = np.cumsum(coverage)
    rows = len({round(w["top"]) for w in body})
    left = max(int(min(w["x0"] for w in body)), 0)
    right = min(int(max(w["x1"] for w in body)), size - 2)
    empty = coverage <= max(MAX_CROSSING_ROWS, rows * GUTTER_CROSSING_SHARE)
    centers = np.array([(w["x0"] + w["x1"]) / 2 for w in body])
    gutters = []
    x = left + 1
    while x < right:
        if not empty[x]:
            x += 1
            continue
        start = x
        while x < right and empty[x]:
            x += 1
        if x - start >= MIN_GUTTER and x < right:
            share_left = float(np.mean(centers < start))
            share_right = float(np.mean(centers > x))
            if min(share_left, share_right) >= MIN_COLUMN_WORD_SHARE:
                gutters.append((float(start), float(x)))
    return _balanced(gutters, centers)


def _balanced(gutters: list[tuple[float, float]], centers: np.ndarray) -> list[tuple[float, float]]:
    """Keep gutters whose columns each hold a fair share of the words (not a table's cell gaps)."""
    edges = [-1e9] + [(a + b) / 2 for a, b in gutters] + [1e9]
    shares = [float(np.mean((centers > lo) & (centers < hi))) for lo, hi in zip(edges, edges[1:])]
    return gutters if all(s >= MIN_COLUMN_WORD_SHARE for s in shares) else []


def _segments(words: list[dict], gutters: list[tuple[float, float]]) -> list[Line]:
    """Rows of words cut at gutters (and at wide gaps); each piece is one line of one column."""
    lines = []
    cuts = [(a + b) / 2 for a, b in gutters]
    for row in cluster_objects(words, "top", ROW_TOLERANCE):
        row.sort(key=lambda w: w["x0"])
        piece = [row[0]]
        for word in row[1:]:
            # Only a real blank at the gutter splits: a full-width line's word space may sit there.
            crosses = word["x0"] - piece[-1]["x1"] >= MIN_GUTTER and any(
                piece[-1]["x1"] <= cut <= word["x0"] for cut in cuts)
            # A wide blank inside a row separates unrelated texts (left and right footer parts).
            wide = word["x0"] - piece[-1]["x1"] > WIDE_GAP_EMS * word["size"]
            if crosses or wide:
                lines.append(_line(piece, cuts))
                piece = [word]
            else:
                piece.append(word)
        lines.append(_line(piece, cuts))
    return lines


def _line(words: list[dict], cuts: list[float]) -> Line:
    x0, x1 = words[0]["x0"], max(w["x1"] for w in words)
    column = sum(1 for cut in cuts if (x0 + x1) / 2 > cut)
    spanning = any(x0 < cut < x1 for cut in cuts)
    return Line(
        text=_words_text(words),
        x0=x0, x1=x1,
        top=min(w["top"] for w in words), bottom=max(w["bottom"] for w in words),
        column=column, spanning=spanning,
        style=_style(words),
    )


def _words_text(words: list[dict]) -> str:
    """Words joined by spaces, except pieces that touch (a word split by a font change)."""
    parts = [words[0]["text"]]
    for previous, word in zip(words, words[1:]):
        touching = word["x0"] - previous["x1"] < TOUCHING_EMS * word["size"]
        parts.append(word["text"] if touching else " " + word["text"])
    return "".join(parts)


def _style(words: list[dict]) -> tuple[bool, int]:
    """Weight and size of most of the line's characters (a bold run-in label does not count)."""
    bold = sum(len(w["text"]) for w in words if BOLD.search(w["fontname"]))
    total = sum(len(w["text"]) for w in words)
    size = max(words, key=lambda w: len(w["text"]))["size"]
    return bold * 2 > total, round(size)


def _reading_order(lines: list[Line]) -> list[Line]:
    """Full-width lines cut the page into bands; inside a band, columns are read left to right."""
    lines.sort(key=lambda l: l.top)
    ordered: list[Line] = []
    band: list[Line] = []
    for line in lines + [None]:
        if line is None or line.spanning:
            ordered.extend(sorted(band, key=lambda l: (l.column, l.top, l.x0)))
            band = []
            if line is not None:
                ordered.append(line)
        else:
            band.append(line)
    return ordered


def _paragraph_breaks(lines: list[Line], cuts: list[float]) -> list[bool]:
    """True where a line starts a paragraph: after a vertical gap, an indent, a short last line,
    a change of column, at a bullet, or after a line of a list of short lines (cut at ``cuts``
    into columns)."""
    heights = [l.bottom - l.top for l in lines]
    line_height = statistics.median(heights) if heights else 10.0
    spacings = [b.top - a.bottom for a, b in zip(lines, lines[1:])
                if a.column == b.column and 0 <= b.top - a.bottom < 3 * line_height]
    spacing = statistics.median(spacings) if spacings else line_height * 0.3
    lefts, rights = _column_edges(lines)
    listed = _list_lines(lines, cuts)
    breaks = [True]
    for index, (previous, line) in enumerate(zip(lines, lines[1:])):
        key = (line.column, line.spanning)
        gap = line.top - previous.bottom
        width = max(rights[key] - lefts[key], 1.0)
        if line.table or previous.table or (index in listed and not line.text[:1].islower()):
            breaks.append(True)
            continue
        if (line.column, line.spanning) != (previous.column, previous.spanning):
            breaks.append(not _continues(previous.text, line.text))
            continue
        breaks.append(
            gap < -line_height
            or gap > spacing + PARAGRAPH_GAP * line_height
            or line.x0 > lefts[key] + INDENT and previous.x0 <= lefts[key] + INDENT
            or (previous.x1 - lefts[key]) < SHORT_LAST_LINE * width and previous.text[-1] in SENTENCE_END
            or line.style != previous.style
            or bool(RAW_BULLET.match(line.text))
        )
    return breaks


def _list_lines(lines: list[Line], cuts: list[float]) -> set[int]:
    """Indexes of the lines in runs of at least MIN_LIST_LINES short lines of one column and
    style, each starting with a capital and none left open by a comma or a function word: a
    column of names ("Ann Lee", "Bo Chen", ...) whose lines stay apart."""
    left, right = min(l.x0 for l in lines), max(l.x1 for l in lines)
    edges = [left, *cuts, right]
    listed: set[int] = set()
    run: list[int] = []
    for index, line in enumerate(lines):
        width = right - left if line.spanning else edges[line.column + 1] - edges[line.column]
        if not _list_line(line, width):
            continue
        previous = lines[run[-1]] if run else None
        if previous is None or run[-1] != index - 1 or \
                (previous.column, previous.spanning, previous.style) != (line.column, line.spanning, line.style):
            run = []
        run.append(index)
        if len(run) >= MIN_LIST_LINES and sum(" " in lines[i].text for i in run) >= MIN_LIST_NAMES:
            listed.update(run)
    return listed


def _list_line(line: Line, column_width: float) -> bool:
    """A short line that could stand alone: a name, a short label."""
    words = line.text.split()
    return (not line.table and 0 < len(words) <= LIST_LINE_WORDS
            and line.x1 - line.x0 <= LIST_LINE_SHARE * column_width
            and line.text[0].isupper() and line.text[-1] not in LIST_LINE_OPEN_ENDS
            and words[-1].lower() not in MINOR_WORDS)


def _continues(previous: str, line: str) -> bool:
    """A sentence cut by a column or page break: no end punctuation, then a lowercase start."""
    return previous[-1] not in SENTENCE_END and line[:1].islower()


def _column_edges(lines: list[Line]) -> tuple[dict[tuple[int, bool], float], dict[tuple[int, bool], float]]:
    """Left and right edges of each column's text, ignoring a few outlying lines."""
    by_column: dict[tuple[int, bool], list[Line]] = {}
    for line in lines:
        by_column.setdefault((line.column, line.spanning), []).append(line)
    lefts = {key: float(np.percentile([l.x0 for l in group], 10)) for key, group in by_column.items()}
    rights = {key: float(np.percentile([l.x1 for l in group], 90)) for key, group in by_column.items()}
    return lefts, rights


def _edge_lines(layout: PageLayout) -> list[int]:
    """Indexes of lines among the first/last few of the page that sit near its top or bottom edge."""
    by_top = sorted(range(len(layout.lines)), key=lambda i: layout.lines[i].top)
    candidates = by_top[:EDGE_LINES] + by_top[-EDGE_LINES:]
    return [i for i in set(candidates)
            if layout.lines[i].top < layout.height * EDGE_SHARE
            or layout.lines[i].bottom > layout.height * (1 - EDGE_SHARE)]


def _running_key(text: str) -> str:
    """Header/footer text with page numbers (arabic or trailing roman) normalised."""
    return TRAILING_ROMAN.sub("#", DIGITS.sub("#", text.lower().strip()))


def _drop_running_lines(layouts: list[PageLayout]) -> None:
    """Remove running headers/footers and page numbers: edge lines repeated on several pages
    (digits normalised) or that are a page number; other edge lines in the same slot (at the
    same height on the page: a chapter footer that changes with the chapter, the last page's
    longer footer); and a running footer's text among the last lines of any page."""
    keys = [{i: _running_key(layout.lines[i].text) for i in _edge_lines(layout)} for layout in layouts]
    counts = Counter(key for page_keys in keys for key in set(page_keys.values()))
    threshold = MIN_REPEAT_PAGES if len(layouts) <= MIN_REPEAT_PAGES + 1 else MIN_REPEAT_PAGES + 1
    running = [{i for i, key in page_keys.items()
                if counts[key] >= threshold or PAGE_NUMBER.match(layout.lines[i].text.strip())}
               for layout, page_keys in zip(layouts, keys)]
    slots = {round(layout.lines[i].top) for layout, page_running in zip(layouts, running) for i in page_running}
    footers = {page_keys[i] for layout, page_keys, page_running in zip(layouts, keys, running)
               for i in page_running if layout.lines[i].top > layout.height / 2}
    for layout, page_keys, drop in zip(layouts, keys, running):
        drop |= {i for i in page_keys if any(round(layout.lines[i].top) + d in slots for d in SLOT_TOLERANCE)}
        last = sorted(range(len(layout.lines)), key=lambda i: layout.lines[i].top)[-EDGE_LINES:]
        drop |= {i for i in last if _running_key(layout.lines[i].text) in footers}
        if drop:
            kept = [(l, b) for i, (l, b) in enumerate(zip(layout.lines, layout.breaks)) if i not in drop]
            layout.lines = [l for l, _ in kept]
            layout.breaks = [b for _, b in kept]
            if layout.breaks:
                layout.breaks[0] = True


def _paragraph_blocks(layouts: list[PageLayout]) -> list[Block]:
    """Join lines into paragraphs (hyphenation repaired); a paragraph cut by a page break
    mid-sentence continues on the next page."""
    vocabulary = _vocabulary(layouts)
    paragraphs: list[tuple[list[str], int]] = []
    for layout in layouts:
        for index, (line, starts) in enumerate(zip(layout.lines, layout.breaks)):
            continues = index == 0 and paragraphs and not line.table and _continues(paragraphs[-1][0][-1], line.text)
            if starts and not continues:
                paragraphs.append(([], layout.number))
            paragraphs[-1][0].append(line.text)
    blocks = []
    for lines, page in paragraphs:
        text = normalize_line(DOT_LEADER.sub(" ... ", _join_lines(lines, vocabulary)))
        # Symbol-font debris ("• !") is not text.
        if sum(ch.isalnum() for ch in text) >= MIN_ALNUM:
            blocks.append(Block(text, page=page))
    return blocks


def _vocabulary(layouts: list[PageLayout]) -> set[str]:
    """Lower-cased words (hyphenated compounds included) seen inside lines of the document."""
    words: set[str] = set()
    for layout in layouts:
        for line in layout.lines:
            words.update(w.lower() for w in WORD.findall(line.text))
    return words


def _join_lines(lines: list[str], vocabulary: set[str]) -> str:
    """Lines of one paragraph joined by spaces, line-end hyphens repaired (built as a list:
    a paragraph may run over many pages)."""
    parts = [lines[0]]
    for line in lines[1:]:
        match = HYPHENATED_END.search(parts[-1])
        if match and line[:1].isalpha():
            keep = _keeps_hyphen(match.group(1), line, vocabulary)
            parts[-1] = parts[-1][:-1] + ("-" if keep else "")
            parts.append(line)
        else:
            parts.append(" " + line)
    return "".join(parts)


def _keeps_hyphen(left: str, line: str, vocabulary: set[str]) -> bool:
    """Is a line-end hyphen part of the word? Evidence first: the compound or the joined word
    elsewhere in the document; then shape: a capital or digit after it, or a known prefix."""
    right = WORD.match(line)
    right_word = right.group(0).split("-")[0] if right else ""
    compound, joined = f"{left}-{right_word}".lower(), f"{left}{right_word}".lower()
    if compound in vocabulary and joined not in vocabulary:
        return True
    if joined in vocabulary:
        return False
    return right_word[:1].isupper() or left.isupper() or left.lower() in HYPHEN_PREFIXES


def _largest_type(layouts: list[PageLayout]) -> str | None:
    """The first page's title: its first run of lines set in the largest type above the body
    text's size (a one-letter drop cap or a lone label is skipped for the next size down)."""
    first = next((layout for layout in layouts if layout.lines), None)
    if first is None or first.number != 1:
        return None
    sizes = [line.style[1] for line in first.lines]
    body = statistics.median(sizes)
    for size in sorted({s for s in sizes if s > body}, reverse=True)[:TITLE_SIZES_TRIED]:
        run = _first_run(first.lines, size)
        text = normalize_line(" ".join(line.text for line in run))
        if len(WORD.findall(text)) >= 2 and len(text) <= TITLE_MAX_CHARS and not is_date_line(text):
            return text
    return None


def _first_run(lines: list[Line], size: int) -> list[Line]:
    """The first consecutive lines (in reading order) set at ``size``."""
    run: list[Line] = []
    for line in lines:
        if line.style[1] == size and not line.table:
            run.append(line)
        elif run:
            break
    return run


def _title(blocks: list[Block]) -> str | None:
    """The first paragraph of page 1 when it is short enough to be a title (date lines skipped)."""
    first = next((b for b in blocks if not is_date_line(b.text)), blocks[0])
    if (first.page == 1 and len(first.text) <= TITLE_MAX_CHARS and first.text[-1] not in ".,;:"
            and len(WORD.findall(first.text)) >= 2):
        return first.text
    return None
