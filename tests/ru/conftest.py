import pytest

from pipeline.nlp.build import RUSSIAN, cached_nlp


@pytest.fixture(scope="session")
def ru_nlp(settings):
    """The Russian pipeline, loaded once per session (as the run code loads it)."""
    return cached_nlp(settings, RUSSIAN)
