"""Where qalam finds its rule data and keeps its state: in a checkout, installed, or as told."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import paths


def test_the_rules_are_models_in_a_checkout():
    assert paths.running_from_checkout()
    assert paths.MODELS_DIR == paths.PROJECT_DIR / "models"
    assert (paths.MODELS_DIR / "config.toml").is_file()


@pytest.mark.parametrize("environ, checkout, expected", [
    ({"QALAM_HOME": "/srv/qalam"}, True, "/srv/qalam"),
    ({"QALAM_HOME": "/srv/qalam"}, False, "/srv/qalam"),
    ({}, True, "CHECKOUT/.qalam"),
    ({"XDG_STATE_HOME": "/var/state"}, False, "/var/state/qalam"),
    ({"HOME": "/home/ana"}, False, "/home/ana/.local/state/qalam"),
])
def test_state_folder(monkeypatch, environ, checkout, expected):
    for name in ("QALAM_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(paths, "running_from_checkout", lambda: checkout)
    assert paths.state_dir() == Path(expected.replace("CHECKOUT", str(paths.PROJECT_DIR)))
