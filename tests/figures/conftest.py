"""Helpers for the figure tests: the figures the full pipeline finds in a sentence."""

import pytest


@pytest.fixture(scope="session")
def figures(nlp):
    """(text, payload) of every figure span of ``text``."""
    def find(text: str) -> list[tuple[str, dict]]:
        doc = nlp(text)
        return [(span.text, span._.figure) for span in doc.spans["figures"]]
    return find


@pytest.fixture(scope="session")
def only_figure(figures):
    def only(text: str) -> dict:
        found = figures(text)
        assert len(found) == 1, found
        return found[0][1]
    return only
