"""Where qalam's data lives: the rule data it ships and the folder it keeps its state in.

The rule data (gazetteers, word and cue lists, the default settings) is package data under
``pipeline/rules``. In a source checkout that is a link to ``models/``, the place the rules are
edited; an installed package carries a copy.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent  # the source checkout, when qalam runs from one
MODELS_DIR = (PACKAGE_DIR / "rules").resolve()
ENV_HOME = "QALAM_HOME"


def running_from_checkout() -> bool:
    return (PROJECT_DIR / "pyproject.toml").is_file() and (PROJECT_DIR / "models").is_dir()


def state_dir() -> Path:
    """Where qalam keeps its state (Prefect's database, the local server's log): $QALAM_HOME;
    else ``.qalam/`` in a source checkout; else the per-user state folder
    (``$XDG_STATE_HOME/qalam``, by default ``~/.local/state/qalam``)."""
    if os.environ.get(ENV_HOME):
        return Path(os.environ[ENV_HOME])
    if running_from_checkout():
        return PROJECT_DIR / ".qalam"
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "qalam"
