"""A saved qalam pipeline loads with plain spacy.load and gives the same records."""

from pathlib import Path

import pytest
import spacy

from pipeline.ingest import load_document
from pipeline.nlp.build import make_doc
from pipeline.nlp.extract import citations_from_doc, entities_from_doc, figures_from_doc, interview_from_doc, quotes_from_doc

RAW = Path(__file__).resolve().parents[2] / "raw"
SAMPLES = sorted(p for p in RAW.iterdir() if p.is_file() and not p.name.startswith("."))


def items(nlp, loaded) -> dict:
    doc = nlp(make_doc(nlp, loaded))
    return {"kind": doc._.kind, "entities": entities_from_doc(doc), "citations": citations_from_doc(doc),
            "quotes": quotes_from_doc(doc), "figures": figures_from_doc(doc), "interview": interview_from_doc(doc)}


@pytest.fixture(scope="module")
def reloaded(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("pipeline")
    nlp.to_disk(path)
    return spacy.load(path)


def test_the_saved_pipeline_has_the_same_components(nlp, reloaded):
    assert reloaded.pipe_names == nlp.pipe_names


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_records_are_identical_after_a_round_trip(nlp, reloaded, settings, sample):
    loaded = load_document(sample, settings=settings.ingest)
    assert items(reloaded, loaded) == items(nlp, loaded)


def test_rule_components_round_trip_through_bytes(nlp):
    quotes = nlp.get_pipe("qalam_quotes")
    copy = type(quotes)("copy", quotes.read_cues, min_words=4, max_context_tokens=30).from_bytes(quotes.to_bytes())
    assert copy.cues == quotes.cues
