"""Helpers for the interview tests: run made-up documents through the pipeline, either as a
Doc of plain text (blank-line paragraphs) or through ingest from a file of a given format, so
that HTML and Markdown layout (headings, bold, italics) reaches the component."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from spacy.tokens import Doc

from pipeline.ingest import load_document
from pipeline.nlp.build import make_doc


@pytest.fixture
def run(nlp) -> Callable[..., Doc]:
    """The pipeline on ``text`` (paragraphs at blank lines); keyword arguments set Doc inputs
    such as ``authors`` or ``title``."""

    def annotate(text: str, **inputs) -> Doc:
        doc = nlp.make_doc(text)
        for name, value in inputs.items():
            setattr(doc._, name, value)
        return nlp(doc)

    return annotate


@pytest.fixture
def run_file(nlp, settings, tmp_path: Path) -> Callable[[str, str], Doc]:
    """The pipeline on a document written to a file named ``name`` (ingest reads its format)."""

    def annotate(name: str, content: str) -> Doc:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return nlp(make_doc(nlp, load_document(path, settings=settings.ingest)))

    return annotate
