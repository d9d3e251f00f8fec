"""Helpers for the entity tests: the full pipeline on a text with blank-line paragraphs."""

import re

import pytest

from pipeline.nlp.components.entities.names import fold


@pytest.fixture(scope="session")
def annotate(nlp):
    def run(text: str):
        doc = nlp.make_doc(text)
        doc._.paragraphs = [(m.start(), m.end(), None) for m in re.finditer(r"\S.*?(?=\n\s*\n|\Z)", text, re.S)]
        doc._.authors = []
        doc._.quote_blocks = []
        return nlp(doc)
    return run


@pytest.fixture(scope="session")
def entities(annotate):
    """Folded canonical text -> entity record."""
    return lambda text: {fold(e["text"]): e for e in annotate(text)._.entities}


@pytest.fixture(scope="session")
def label_of(entities):
    def label(text: str, name: str) -> str | None:
        for entity in entities(text).values():
            if fold(name) in {fold(entity["text"]), *(fold(a) for a in entity["aliases"])}:
                return entity["label"]
        return None
    return label
