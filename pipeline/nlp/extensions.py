"""Every Doc and Span extension qalam uses, declared once, and how record items ride on them.

Inputs are set by ``make_doc`` from what ingest found, before the pipeline runs; outputs are
set by the components. Every value is plain (lists, tuples, dicts, strings, numbers), so
Docs serialize and ``nlp.pipe(n_process=...)`` works. The dict payloads are the record items
of ``pipeline.records`` as ``model_dump()`` gives them, so the field lists live only there:
a span's payload is its item without ``text``/``start``/``end``, which the span itself gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel
from spacy.tokens import Doc, Span

from pipeline.ingest import Paragraph
from pipeline.nlp.doc_memo import doc_memo, doc_text
from pipeline.text.paragraphs import blank_line_paragraphs
from pipeline.text.quote_marks import QuoteMatch, find_quotes


@dataclass(frozen=True)
class Extension:
    """One custom attribute: where it lives, what it holds and who sets it."""

    name: str
    on: type
    holds: str
    set_by: str


EXTENSIONS = (
    Extension("paragraphs", Doc, "list of pipeline.ingest.Paragraph tuples: (start_char, end_char, page or None, "
              "kind, emphasis or None, emphasis_end or None)", "make_doc"),
    Extension("title", Doc, "str or None", "make_doc"),
    Extension("media_type", Doc, 'str, e.g. "text/html"', "make_doc"),
    Extension("authors", Doc, "list of str from the document's metadata and bylines", "make_doc"),
    Extension("quote_blocks", Doc, "list of (start_char, end_char) from <blockquote>/<q>", "make_doc"),
    Extension("entities", Doc, "list of records.Entity dicts", "qalam_entities"),
    Extension("kind", Doc, "records.Kind", "qalam_interview"),
    Extension("kind_reasons", Doc, "list of records.KindReason dicts", "qalam_interview"),
    Extension("interview", Doc, "records.Interview dict, or None when not an interview", "qalam_interview"),
    Extension("citation", Span, "records.Citation dict without text/start/end", "qalam_entities"),
    Extension("figure", Span, "records.Figure dict without text/start/end", "qalam_figures"),
    Extension("quote", Span, "records.Quote dict without text/start/end", "qalam_quotes"),
)
# The inputs no component assigns: spaCy's pipe analysis cannot see make_doc set them.
DOC_INPUTS = tuple(f"doc._.{e.name}" for e in EXTENSIONS if e.set_by == "make_doc")
# Where a span's record item is, as opposed to what it says.
LOCATION = frozenset({"text", "start", "end"})


def declare_extensions() -> None:
    """Declare every extension (idempotent: importing twice or in workers is harmless)."""
    for extension in EXTENSIONS:
        if not extension.on.has_extension(extension.name):
            extension.on.set_extension(extension.name, default=None)


Item = TypeVar("Item", bound=BaseModel)


def span_payload(item: BaseModel) -> dict:
    """What a span carries of its record item: everything but its place in the text."""
    return item.model_dump(exclude=LOCATION)


def span_item(model: type[Item], span: Span, payload: dict) -> Item:
    """The record item of a span from its payload (``Figure``, ``Quote``, ``Citation``)."""
    return model(text=span.text, start=span.start_char, end=span.end_char, **payload)


def paragraph_layouts(doc: Doc) -> list[Paragraph]:
    """The paragraphs with their layout (a tuple of only the first two or three fields reads
    as plain text), or blank-line paragraphs of plain text."""
    given = doc._.paragraphs
    if given:
        return [Paragraph(*paragraph) for paragraph in given]
    return [Paragraph(start, end) for start, end in paragraph_ranges(doc)]


def doc_quotes(doc: Doc) -> tuple[QuoteMatch, ...]:
    """Every quoted stretch of the Doc's paragraphs (``find_quotes``), found once per Doc: the
    figures and the quotes both read them."""
    memo = doc_memo(doc)
    if "quotes" not in memo:
        memo["quotes"] = tuple(find_quotes(doc_text(doc), paragraph_ranges(doc)))
    return memo["quotes"]


def paragraph_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Paragraphs from ingest, or blank-line paragraphs when the Doc was built from plain text."""
    given = doc._.paragraphs
    if given:
        return [(start, end) for start, end, *_ in given]
    text = doc_text(doc)
    return blank_line_paragraphs(text) or [(0, len(text))]


declare_extensions()
