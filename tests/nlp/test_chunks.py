"""Chunked annotation: bounded, paragraph-aligned chunks for the model, one Doc for the rest."""

import pytest
import spacy
from spacy.language import Language

from pipeline.ingest import load_document
from pipeline.nlp.build import annotate, make_doc
from pipeline.nlp.chunks import chunk_bounds, model_stage, model_stage_end
from pipeline.nlp.extract import (
    citations_from_doc,
    entities_from_doc,
    figures_from_doc,
    interview_from_doc,
    kind_reasons_from_doc,
    quotes_from_doc,
)

PARAGRAPHS = "First one ends here.\n\nA heading\n\nSecond ends.\n\nThird paragraph is the last."


def _starts(text: str) -> list[int]:
    return [0, *(i + 2 for i in range(len(text)) if text.startswith("\n\n", i))]


@pytest.mark.parametrize(("text", "max_chars", "expected"), [
    # Short enough: one chunk.
    (PARAGRAPHS, 500, [PARAGRAPHS]),
    # At the last paragraph start that fits and follows a sentence end, not after a heading.
    (PARAGRAPHS, 50, ["First one ends here.\n\nA heading\n\nSecond ends.\n\n", "Third paragraph is the last."]),
    (PARAGRAPHS, 35, ["First one ends here.\n\n", "A heading\n\nSecond ends.\n\n", "Third paragraph is the last."]),
    # No paragraph start fits: a line break, then a sentence end, then a space; never inside
    # a run of whitespace.
    ("one two three\nfour five six", 20, ["one two three\n", "four five six"]),
    ("One two. Three four five", 12, ["One two. ", "Three four ", "five"]),
    ("one two   three four", 8, ["one two   ", "three ", "four"]),
    # Nothing to cut at: at the end of the token.
    ("abcdefghij klm", 4, ["abcdefghij ", "klm"]),
])
def test_chunks_cover_the_text_and_cut_where_the_text_breaks(text, max_chars, expected):
    bounds = chunk_bounds(text, _starts(text) if "\n\n" in text else [], max_chars)
    assert [text[start:end] for start, end in bounds] == expected
    # Longer only by trailing whitespace, or by being one token.
    assert all(len(chunk.rstrip()) <= max_chars or len(chunk.split()) == 1
               for chunk in [text[start:end] for start, end in bounds])


@Language.factory("test_chunk_probe")
def _make_probe(nlp: Language, name: str):
    return _Probe()


class _Probe:
    """A model stand-in that remembers the characters of every batch it is given."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    def __call__(self, doc):
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size=1):
        docs = list(docs)
        self.batches.append([len(doc.text) for doc in docs])
        yield from docs


def test_the_model_never_reads_more_than_the_chunk_size_at_once():
    nlp = spacy.blank("en")
    probe = nlp.add_pipe("test_chunk_probe")
    paragraph = "Words of one paragraph, about sixty characters long in all.\n\n"
    texts = [paragraph * 40, paragraph, paragraph * 3, paragraph * 12]
    docs = list(model_stage(nlp, ((t, _starts(t)) for t in texts), max_chars=500, batch_size=8))
    assert [doc.text for doc in docs] == texts
    assert all(sum(batch) <= 500 for batch in probe.batches)
    assert len(probe.batches) > len(texts)


def test_qalam_components_after_the_model_read_the_whole_doc(nlp):
    first_document_step = nlp.pipe_names[model_stage_end(nlp)]
    assert first_document_step == "qalam_entity_shapes"
    assert "ner" in nlp.pipe_names[:model_stage_end(nlp)]
    blank = spacy.blank("en")
    blank.add_pipe("qalam_figures")
    assert model_stage_end(blank) == 0


# Each paragraph ~250 characters: with chunks of 1,000 the text is cut in several places, and
# the speaker, the people and the organization are named in one chunk and referred to in another.
STRADDLING = """Lakeside Council Doubles Its Water Budget

The council of Lakeside voted on Monday to double the budget of the municipal water utility. \
Marta Lindqvist, who chairs the finance committee, presented the plan to about 200 residents \
in the town hall, and the Lakeside Water Authority has promised a report by June.

The utility lost 18% of its treated water to leaks last year, according to the authority's \
own figures, and repairs were put off for a decade (Novak, 2019). Residents who moved from \
Naryn said pressure drops every evening between six and nine.

"We cannot ask people to pay more for water that never reaches their taps," Lindqvist said. \
She added that the council would publish every contract signed under the new budget, and \
that the Lakeside Water Authority had agreed to quarterly audits.

Opposition members argued that the €4.2 million increase should come with a cap on tariffs. \
"A bigger budget is welcome, but households already pay 30% more than in 2020," said Jonas \
Weber, who leads the opposition group on the council.

Lindqvist answered that tariffs would be frozen for two years. The authority will hire 45 \
technicians, and the Lakeside Water Authority expects leaks to fall by half by 2027, its \
director told the meeting.
"""


def _record_items(doc) -> tuple:
    return tuple(
        [item.model_dump() for item in extract(doc)] if extract is not interview_from_doc else extract(doc)
        for extract in (entities_from_doc, citations_from_doc, quotes_from_doc, figures_from_doc,
                        kind_reasons_from_doc, interview_from_doc)
    ) + (doc._.kind,)


def _loaded(tmp_path, settings, text: str):
    path = tmp_path / f"doc-{len(text)}.txt"
    path.write_text(text, encoding="utf-8")
    return load_document(path, settings=settings.ingest)


def test_a_document_cut_into_chunks_gets_the_record_of_the_whole(nlp, settings, tmp_path):
    loaded = _loaded(tmp_path, settings, STRADDLING)
    small = settings.with_overrides(pipeline={"chunk_chars": 1000}).pipeline
    assert len(chunk_bounds(loaded.text, [p.start for p in loaded.paragraphs], small.chunk_chars)) >= 2

    [chunked] = annotate(nlp, [loaded], batch_size=small.batch_size, chunk_chars=small.chunk_chars)
    whole = nlp(make_doc(nlp, loaded))

    assert chunked.text == whole.text == loaded.text
    assert [(t.idx, t.text) for t in chunked] == [(t.idx, t.text) for t in whole]
    assert [s.start_char for s in chunked.sents] == [s.start_char for s in whole.sents]
    assert _record_items(chunked) == _record_items(whole)
    assert {key: [(s.start_char, s.end_char, s.label_, s.id_) for s in group] for key, group in chunked.spans.items()} \
        == {key: [(s.start_char, s.end_char, s.label_, s.id_) for s in group] for key, group in whole.spans.items()}
    assert [s.text for s in chunked.spans["entity_gazetteer"]] == ["Naryn"]
    # The document stage saw the whole text: a quote in a later chunk is given to the person
    # named in the first, and her later mentions are one entity.
    quotes = {q.text: q.speaker for q in quotes_from_doc(chunked)}
    assert quotes["We cannot ask people to pay more for water that never reaches their taps,"] == "Marta Lindqvist"
    person = next(e for e in entities_from_doc(chunked) if e.text == "Marta Lindqvist")
    assert person.count >= 3


def test_a_text_longer_than_the_models_limit_is_read_in_chunks(nlp, settings, tmp_path):
    once = _loaded(tmp_path, settings, STRADDLING)
    thrice = _loaded(tmp_path, settings, STRADDLING * 3)
    options = dict(batch_size=settings.pipeline.batch_size, chunk_chars=1000)
    limit = nlp.max_length
    nlp.max_length = 2000
    try:
        with pytest.raises(ValueError, match="E088"):
            nlp(thrice.text)
        [doc] = annotate(nlp, [thrice], **options)
    finally:
        nlp.max_length = limit
    [single] = annotate(nlp, [once], **options)
    assert doc.text == thrice.text
    assert len(quotes_from_doc(doc)) == 3 * len(quotes_from_doc(single)) > 0
