"""Fixtures: the test corpus from corpus.py, written once per session."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

CORPUS_MODULE = Path(__file__).with_name("corpus.py")


def load_corpus_module() -> ModuleType:
    """corpus.py by path: the tests run with --import-mode=importlib, so test folders are not importable."""
    name = "qalam_test_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, CORPUS_MODULE)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def builders() -> ModuleType:
    return load_corpus_module()


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory, builders) -> Path:
    """Read-only: tests that change files copy it first."""
    return builders.write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def records_dir(corpus_root) -> Path:
    return corpus_root / "extracted"
