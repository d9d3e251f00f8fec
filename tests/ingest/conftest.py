"""Fixtures for the ingest tests: load written bytes, read paragraphs, check offsets."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

import pytest
from reportlab.pdfgen.canvas import Canvas

from pipeline.ingest import LoadedDocument
from pipeline.ingest import load_document


@pytest.fixture
def load_bytes(tmp_path: Path, settings) -> Callable[..., LoadedDocument]:
    """Write ``data`` to ``tmp_path/name`` and load it with the session's ingest settings."""

    def load(name: str, data: bytes, **overrides) -> LoadedDocument:
        path = tmp_path / name
        path.write_bytes(data)
        ingest = settings.with_overrides(ingest=overrides).ingest if overrides else settings.ingest
        return load_document(path, settings=ingest)

    return load


def paragraph_texts(doc: LoadedDocument) -> list[str]:
    return [doc.text[p.start:p.end] for p in doc.paragraphs]


def check_offsets(doc: LoadedDocument) -> None:
    """Paragraphs tile the text: exact, stripped, single-line, separated by one blank line."""
    assert doc.text == "\n\n".join(paragraph_texts(doc))
    for p in doc.paragraphs:
        chunk = doc.text[p.start:p.end]
        assert chunk and chunk == chunk.strip() and "\n" not in chunk


@pytest.fixture
def texts() -> Callable[[LoadedDocument], list[str]]:
    return paragraph_texts


@pytest.fixture
def offsets_ok() -> Callable[[LoadedDocument], None]:
    return check_offsets


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    """PDF bytes drawn with reportlab, one drawing function per page (reproducible output)."""

    def make(*pages: Callable[[Canvas], None], **canvas_options) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1, **canvas_options)
        for draw in pages:
            draw(canvas)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    return make
