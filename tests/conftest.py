"""Session-wide fixtures: one settings object and one pipeline per test session."""

from pathlib import Path

import pytest

from pipeline.nlp import build_nlp
from pipeline.settings import load_settings

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def settings():
    return load_settings(environ={})


@pytest.fixture(scope="session")
def nlp(settings):
    return build_nlp(settings)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with a reason when it is absent."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared material not available: {path}")
    return path
