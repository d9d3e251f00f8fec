"""Session-wide fixtures: one settings object and one pipeline per test session."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.nlp.build import cached_nlp
from pipeline.settings import load_settings

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def settings():
    return load_settings(environ={})


@pytest.fixture(scope="session")
def nlp(settings):
    """The full pipeline, shared with the run code under test (one model load per session)."""
    return cached_nlp(settings)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with a reason when it is absent."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared material not available: {path}")
    return path


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect database and API for the whole session (it takes ~8 s to start)."""
    from pipeline.run.prefect_env import configure_prefect

    configure_prefect()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def good_article() -> str:
    """A short news article with a byline, a quote, organisations, places and figures."""
    return GOOD_ARTICLE


GOOD_ARTICLE = """City Council Expands Grants for Neighbourhood Groups

By Lena Ortiz

The city council of Lyon approved a new fund on Tuesday for neighbourhood associations.
The Federation of Tenant Unions welcomed the decision. "This money reaches people who were
never asked what they need," said Marc Dubois, who chairs the federation.

According to the council, 120 groups applied last year and 45 received support worth
€2.5 million in total, about 30% more than in the previous round.
"""


RECORD_BUILDERS = Path(__file__).resolve().parent / "inspect" / "corpus.py"


@pytest.fixture(scope="session")
def builders() -> ModuleType:
    """Record builders for the inspect and report tests, loaded by path (the tests run with
    --import-mode=importlib, so test folders are not importable packages)."""
    name = "qalam_test_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, RECORD_BUILDERS)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
