"""Every sample document in raw/ loads, with exact paragraph offsets and the expected type."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import load_document

RAW_DIR = Path(__file__).resolve().parents[2] / "raw"
MEDIA_TYPES = {".html": "text/html", ".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown"}


@pytest.mark.parametrize("path", sorted(RAW_DIR.iterdir()), ids=lambda p: p.name)
def test_sample_loads(settings, offsets_ok, path):
    doc = load_document(path, settings=settings.ingest)
    assert doc.media_type == MEDIA_TYPES[path.suffix]
    assert doc.title and len(doc.paragraphs) >= 8
    offsets_ok(doc)


def test_markdown_sample(settings):
    doc = load_document(RAW_DIR / "update-legal-aid-clinics.md", settings=settings.ingest)
    assert doc.authors == ["Sofia Marchetti"]
    assert "Subscribe" not in doc.text and "clinic.jpg" not in doc.text
    assert [doc.text[s:e] for s, e in doc.quote_blocks] == [
        "Many of them had waited years because the nearest office was two buses away."]
