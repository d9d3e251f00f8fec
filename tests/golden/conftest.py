"""The switch that rewrites the golden records: ``pytest tests/golden --regenerate-golden``.

The option exists only when pytest is pointed at this folder, so a plain ``make test`` can
never rewrite them; and a run with the switch fails outright where CI is set.
"""

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-golden", action="store_true", default=False,
                     help="rewrite tests/golden/records from the current pipeline (review the diff)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--regenerate-golden") and os.environ.get("CI"):
        raise pytest.UsageError("--regenerate-golden must not be used in CI: golden records are reviewed changes")


@pytest.fixture(scope="session")
def regenerate(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--regenerate-golden")
