"""Element trees to paragraph blocks: one walker for HTML, trafilatura's output and the raw HTML
inside Markdown.

Block elements (paragraphs, headings, list items, quotes, table rows, line breaks) end a block;
inline elements (links, emphasis, spans) only add their text. Tags come in two vocabularies:
HTML's and the one trafilatura writes (``head``, ``list``/``item``, ``quote``, ``row``/``cell``,
``lb``), so both are listed.

Emphasis is kept as layout: a block that opens with bold or italic text (a question set in
``<strong>``, a speaker label in bold) records that text and its style, for the interview rules.
"""

from __future__ import annotations

from dataclasses import replace

import lxml.html
from lxml import etree

from pipeline.ingest.clean import BULLET, Block, normalize_line
from pipeline.ingest.sniff import TEMPLATE_TAGS

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "head"})
QUOTES = frozenset({"blockquote", "quote"})
ITEMS = frozenset({"li", "item", "dt", "dd"})
ROWS = frozenset({"tr", "row"})
CELLS = frozenset({"td", "th", "cell"})
LINE_BREAKS = frozenset({"br", "lb", "hr"})
BOLD = frozenset({"b", "strong"})
ITALIC = frozenset({"i", "em", "cite"})
# trafilatura's inline formatting: <hi rend="#b"> (bold), "#i" (italics), "#u", "#t".
HI_STYLES = {"#b": "bold", "#i": "italic"}
MIN_EMPHASIZED_CHARS = 2
MIN_LAYOUT_CELL_BLOCKS = 2
BLOCKS = HEADINGS | QUOTES | ITEMS | frozenset({
    "address", "article", "aside", "body", "caption", "center", "details", "dialog", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "html", "legend", "list",
    "main", "menu", "nav", "ol", "p", "section", "summary", "table", "tbody", "tfoot", "thead", "ul",
})
# Preformatted text keeps its lines: each becomes a block.
PREFORMATTED = frozenset({"pre"})
# Never shown as text (code, styles, embedded objects, form widgets).
INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
                       "math", "iframe", "object", "embed", "canvas", "select", "option", "textarea", "button"})
# Page furniture around the main text; left out when a whole page is read as its visible text.
PAGE_CHROME = frozenset({"nav", "footer", "aside", "form", "dialog", "menu"})
# Like trafilatura's parser: comments and processing instructions are not text.
FRAGMENT_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)


def tree_blocks(root: etree._Element, *, skip: frozenset[str] = INVISIBLE) -> list[Block]:
    """Blocks of the visible text under ``root``, in document order; ``skip`` names elements
    whose content is left out (their tail text is kept: it belongs to the parent)."""
    blocks: list[Block] = []
    parts: list[tuple[str, str | None]] = []  # text and the emphasis it is set in
    emphasis: list[tuple[etree._Element, str]] = []  # open emphasis elements
    # One frame per open block element: the element, its kind, and (shared by everything inside
    # one list item) whether the item's bullet is still to be written.
    frames: list[tuple[etree._Element | None, str, list[bool]]] = [(None, "text", [False])]

    def flush() -> None:
        text = " ".join("".join(part for part, _ in parts).split())
        style, lead = _leading_emphasis(parts)
        parts.clear()
        _, kind, bullet = frames[-1]
        if text:
            if bullet[0]:
                text, bullet[0] = f"{BULLET} {text}", False
            blocks.append(Block(text, kind=kind, emphasis=style, emphasized=lead))

    def add(text: str | None) -> None:
        parts.append((text or "", _style(emphasis)))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in skip or _hidden(element):
                walker.skip_subtree()
                continue
            layout = tag in ROWS and _layout_row(element)
            if (tag in ROWS and not layout) or tag in PREFORMATTED:
                flush()
                blocks.extend(_row_block(element) if tag in ROWS else _line_blocks(element))
                walker.skip_subtree()
                continue
            if tag in LINE_BREAKS:
                flush()
            elif tag in BLOCKS and frames[-1][1] == "quote" and tag not in HEADINGS | ITEMS:
                add(" ")  # a quotation's paragraphs make one quote
            elif tag in BLOCKS or layout or tag in CELLS:  # only a layout row's cells are walked into
                flush()
                kind = _kind(tag, inherited=frames[-1][1])
                frames.append((element, kind, [True] if tag in ITEMS else frames[-1][2]))
            style = _emphasis_of(element, tag)
            if style:
                emphasis.append((element, style))
            add(element.text)
            continue
        if frames[-1][0] is element:
            flush()
            frames.pop()
        if emphasis and emphasis[-1][0] is element:
            emphasis.pop()
        if element is not root:  # the root's tail lies outside it
            add(element.tail)
    flush()
    return blocks


def _emphasis_of(element: etree._Element, tag: str) -> str | None:
    if tag in BOLD:
        return "bold"
    if tag in ITALIC:
        return "italic"
    return HI_STYLES.get(element.get("rend", "")) if tag == "hi" else None


def _style(open_emphasis: list[tuple[etree._Element, str]]) -> str | None:
    """Bold wins over italics when both are open."""
    styles = {style for _, style in open_emphasis}
    return "bold" if "bold" in styles else "italic" if styles else None


def _leading_emphasis(parts: list[tuple[str, str | None]]) -> tuple[str | None, str]:
    """The style and text of the emphasised run a block opens with (white space before it and
    inside it does not end it)."""
    lead: list[str] = []
    styles: set[str] = set()
    for text, style in parts:
        if style is None and text.strip():
            break
        if style:
            styles.add(style)
        lead.append(text)
    text = " ".join("".join(lead).split())
    if not text:
        return None, ""
    return ("bold" if "bold" in styles else "italic"), text


def emphasized_passages(root: etree._Element) -> dict[str, str]:
    """The texts set in bold or italics under ``root`` (normalised, as blocks are), with their
    style: an extractor that keeps no formatting loses them."""
    passages: dict[str, str] = {}
    for element in root.iter(*BOLD, *ITALIC):
        text = normalize_line(" ".join("".join(element.itertext()).split()))
        if len(text) >= MIN_EMPHASIZED_CHARS:
            passages.setdefault(text, _emphasis_of(element, element.tag.lower()))
    return passages


def with_emphasis(blocks: list[Block], passages: dict[str, str]) -> list[Block]:
    """Blocks that open with a bold or italic passage of the page keep it as their emphasis
    (when the extractor's output did not)."""
    out = []
    for block in blocks:
        lead = "" if block.emphasis else max((p for p in passages if block.text.startswith(p)), key=len, default="")
        out.append(replace(block, emphasis=passages[lead], emphasized=lead) if lead else block)
    return out


def strip_template_tags(source: str) -> str:
    """A template's source without its tags ({% block %}, {{ value }}, {# note #}): they are
    instructions to a site generator, not text."""
    return TEMPLATE_TAGS.sub("", source)


def fragment_blocks(markup: str) -> list[Block]:
    """Blocks of an HTML fragment (raw HTML written inside Markdown)."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=FRAGMENT_PARSER)
    except (etree.ParserError, ValueError):
        return []
    return tree_blocks(root)


def _kind(tag: str, *, inherited: str) -> str:
    if tag in HEADINGS:
        return "heading"
    if tag in QUOTES:
        return "quote"
    if tag in ITEMS:
        return "item"
    return inherited


def _hidden(element: etree._Element) -> bool:
    """Marked hidden by an attribute or an inline style (content not shown to readers)."""
    get = element.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    style = (get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _layout_row(row: etree._Element) -> bool:
    """A table row used for page layout: a cell holds two paragraphs or more (a data table's
    cell holds a value, at most one paragraph)."""
    return any(sum(1 for child in cell.iter() if child is not cell and isinstance(child.tag, str)
                   and child.tag.lower() in BLOCKS) >= MIN_LAYOUT_CELL_BLOCKS
               for cell in row if isinstance(cell.tag, str) and cell.tag.lower() in CELLS)


def _row_block(row: etree._Element) -> list[Block]:
    """A table row as one block, its non-empty cells separated by " | "."""
    cells = [" ".join("".join(cell.itertext()).split()) for cell in row if isinstance(cell.tag, str)
             and cell.tag.lower() in CELLS]
    text = " | ".join(cell for cell in cells if cell)
    return [Block(text)] if text else []


def _line_blocks(element: etree._Element) -> list[Block]:
    """Preformatted text, one block per non-blank line."""
    lines = "".join(element.itertext()).splitlines()
    return [Block(" ".join(line.split())) for line in lines if line.strip()]
