"""Records out of an annotated Doc: one pure function per record type, no I/O."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.records import Citation, Entity, Figure, Interview, Quote, Turn


def entities_from_doc(doc: Doc) -> list[Entity]:
    return [Entity.model_validate(entity) for entity in doc._.entities or []]


def citations_from_doc(doc: Doc) -> list[Citation]:
    return [
        Citation(text=span.text, start=span.start_char, end=span.end_char, **span._.citation)
        for span in doc.spans.get("citations", [])
    ]


def figures_from_doc(doc: Doc) -> list[Figure]:
    return [
        Figure(text=span.text, start=span.start_char, end=span.end_char, **span._.figure)
        for span in doc.spans.get("figures", [])
    ]


def quotes_from_doc(doc: Doc, entities: list[Entity]) -> list[Quote]:
    quotes = []
    for span in doc.spans.get("quotes", []):
        info = dict(span._.quote)
        speaker_span = (info.pop("speaker_start", None), info.pop("speaker_end", None))
        entity = _speaker_entity(info.get("speaker"), speaker_span, entities)
        quotes.append(
            Quote(text=span.text, start=span.start_char, end=span.end_char,
                  speaker_entity=entity.id if entity else None, **info)
        )
    return quotes


def interview_from_doc(doc: Doc) -> Interview | None:
    found = doc._.interview
    if not found:
        return None
    return Interview(
        interviewer=found.get("interviewer"),
        interviewee=found.get("interviewee"),
        turns=[Turn.model_validate(turn) for turn in found.get("turns", [])],
    )


def _speaker_entity(name: str | None, span: tuple[int | None, int | None], entities: list[Entity]):
    """The entity the speaker mention belongs to, else the one whose names share the speaker's."""
    if not name:
        return None
    start, end = span
    if start is not None and end is not None:
        for entity in entities:
            if any(m.start < end and start < m.end for m in entity.mentions):
                return entity
    words = set(name.casefold().split())
    for entity in entities:
        if entity.label in ("PERSON", "ORG"):
            forms = [entity.text, *entity.aliases]
            if any(words & set(form.casefold().split()) for form in forms):
                return entity
    return None
