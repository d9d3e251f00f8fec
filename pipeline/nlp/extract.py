"""Records out of an annotated Doc: one pure function per record type, no I/O.

The components already hold each item as its record type (see pipeline.nlp.extensions):
these functions only collect them.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.extensions import span_item
from pipeline.records import Citation, Entity, Figure, Interview, KindReason, Quote


def entities_from_doc(doc: Doc) -> list[Entity]:
    return [Entity.model_validate(entity) for entity in doc._.entities or []]


def citations_from_doc(doc: Doc) -> list[Citation]:
    return [span_item(Citation, span, span._.citation) for span in doc.spans.get("citations", [])]


def figures_from_doc(doc: Doc) -> list[Figure]:
    return [span_item(Figure, span, span._.figure) for span in doc.spans.get("figures", [])]


def quotes_from_doc(doc: Doc) -> list[Quote]:
    return [span_item(Quote, span, span._.quote) for span in doc.spans.get("quotes", [])]


def interview_from_doc(doc: Doc) -> Interview | None:
    return Interview.model_validate(doc._.interview) if doc._.interview else None


def kind_reasons_from_doc(doc: Doc) -> list[KindReason]:
    return [KindReason.model_validate(reason) for reason in doc._.kind_reasons or []]
