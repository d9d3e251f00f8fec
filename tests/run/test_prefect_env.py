"""Prefect's environment: qalam's defaults fill in only what the user has not configured."""

from __future__ import annotations

import pytest

from pipeline.run import prefect_env
from pipeline.run.prefect_env import DEFAULTS, configure_prefect


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QALAM_HOME", str(tmp_path))
    return tmp_path / prefect_env.PREFECT_STATE


@pytest.mark.parametrize("given, home", [
    ({}, "qalam"),  # nothing configured: ephemeral Prefect with its state in qalam's state folder
    ({"PREFECT_API_URL": "http://127.0.0.1:4200/api"}, None),  # a server: its own state, none here
    ({"PREFECT_HOME": "/srv/prefect"}, "/srv/prefect"),
])
def test_prefect_home(state_dir, given, home):
    environ = dict(given)
    configure_prefect(environ)
    expected = str(state_dir) if home == "qalam" else home
    assert environ.get("PREFECT_HOME") == expected
    assert state_dir.is_dir() == (home == "qalam")


def test_the_users_settings_win_over_the_defaults(state_dir):
    environ = {"PREFECT_LOGGING_LEVEL": "DEBUG", "DO_NOT_TRACK": "0"}
    configure_prefect(environ)
    assert environ["PREFECT_LOGGING_LEVEL"] == "DEBUG" and environ["DO_NOT_TRACK"] == "0"
    assert all(environ[key] == value for key, value in DEFAULTS.items() if key not in ("PREFECT_LOGGING_LEVEL",
                                                                                        "DO_NOT_TRACK"))


def test_verbose_shows_prefects_own_log(state_dir):
    environ = {"PREFECT_LOGGING_LEVEL": "ERROR"}
    configure_prefect(environ, verbose=True)
    assert environ["PREFECT_LOGGING_LEVEL"] == "INFO"


@pytest.mark.parametrize("given, users", [
    ({}, []),
    ({"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}, []),  # what qalam sets anyway
    ({"PREFECT_LOGGING_LEVEL": "INFO"}, []),  # what --verbose sets
    ({"PREFECT_LOGGING_LEVEL": "DEBUG"}, ["PREFECT_LOGGING_LEVEL"]),
    ({"PREFECT_API_URL": "http://127.0.0.1:4200/api", "PREFECT_HOME": "/srv/prefect"},
     ["PREFECT_API_URL", "PREFECT_HOME"]),
])
def test_user_prefect_variables_are_those_qalam_would_not_set(state_dir, given, users):
    assert prefect_env.user_prefect_variables(given) == users


def test_qalams_own_prefect_home_is_not_the_users(state_dir):
    assert prefect_env.user_prefect_variables({"PREFECT_HOME": str(state_dir)}) == []
