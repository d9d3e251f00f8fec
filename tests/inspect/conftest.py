"""Fixtures: the test corpus from corpus.py, written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory, builders) -> Path:
    """Read-only: tests that change files copy it first."""
    return builders.write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def records_dir(corpus_root) -> Path:
    return corpus_root / "extracted"
