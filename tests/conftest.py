"""Session-wide fixtures: one settings object, one pipeline and one Prefect harness per test
session, and the hand-built corpus of records the CLI and corpus tests read.

Tests that launch processes (subprocesses, Prefect flow runs, a browser) are marked ``slow``;
``make test-fast`` leaves them out. A test that uses the Prefect harness without the mark is
an error at collection, so the fast subset stays fast.
"""

import gc
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pytest

from pipeline.nlp.build import cached_nlp
from pipeline.settings import load_settings

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"
T = TypeVar("T")


@pytest.fixture(scope="session")
def settings():
    return load_settings(environ={})


@pytest.fixture(scope="session")
def nlp(settings):
    """The full pipeline, shared with the run code under test (one model load per session)."""
    return cached_nlp(settings)


# The CPU time of a step on 4x its input over the time on 1x: linear work gives about 4, an
# n log n one a little more, a quadratic one 16 and a backtracking regex far more. The bound
# leaves room for noise, not for a worse order of growth.
LINEAR_GROWTH = 8.0
GROWTH_REPEATS = 3


@pytest.fixture(scope="session")
def assert_grows_linearly() -> Callable[[Callable[[T], object], T, T], None]:
    """``check(step, small, large)`` with ``large`` 4x ``small``: fails when the CPU seconds of
    ``step(large)`` exceed ``LINEAR_GROWTH`` times those of ``step(small)`` (each the best of a
    few runs, taken in turn). A guard against a slower order of growth that any machine passes
    however loaded: it counts the test's own CPU time (other work does not) and compares two
    sizes (a slow machine is slow at both)."""

    def check(step: Callable[[T], object], small: T, large: T) -> None:
        best = {"small": float("inf"), "large": float("inf")}
        for _ in range(GROWTH_REPEATS):
            for size, argument in (("small", small), ("large", large)):
                best[size] = min(best[size], _cpu_seconds(step, argument))
        growth = best["large"] / max(best["small"], 1e-6)
        assert growth < LINEAR_GROWTH, f"4x the input took {growth:.1f}x the CPU time ({best})"

    return check


def _cpu_seconds(step: Callable[[T], object], argument: T) -> float:
    """CPU seconds of this thread in ``step(argument)`` (not those of other threads, such as a
    Prefect harness's), the garbage collector paused as timeit pauses it: a full collection
    costs in proportion to everything the test session holds, not to the input."""
    gc.collect()
    gc.disable()
    try:
        started = time.thread_time()
        step(argument)
        return time.thread_time() - started
    finally:
        gc.enable()


@pytest.fixture
def ingest_in_this_thread(monkeypatch) -> None:
    """``load_document`` runs the loader in this thread, not in its watchdog's: the CPU time
    ``assert_grows_linearly`` counts is this thread's."""
    import pipeline.ingest

    monkeypatch.setattr(pipeline.ingest, "run_with_time_limit", lambda work, **_: work())


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


RECORD_BUILDERS = Path(__file__).resolve().parent / "corpus" / "builders.py"
SLOW_FIXTURES = ("prefect_harness",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    unmarked = [item.nodeid for item in items
                if set(SLOW_FIXTURES) & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("slow")]
    if unmarked:
        raise pytest.UsageError("tests that run Prefect flows must be marked slow: " + ", ".join(unmarked))


@pytest.fixture(scope="session")
def builders() -> ModuleType:
    """Record builders for the CLI and corpus tests, loaded by path (the tests run with
    --import-mode=importlib, so test folders are not importable packages)."""
    name = "qalam_test_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, RECORD_BUILDERS)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory, builders) -> Path:
    """raw/ and extracted/ of the hand-built corpus; read-only: tests that change files copy it first."""
    return builders.write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def records_dir(corpus_root) -> Path:
    return corpus_root / "extracted"
