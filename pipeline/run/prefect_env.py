"""Prefect's environment, set before Prefect is first imported.

Unless the user configured Prefect, qalam runs it in ephemeral local mode with its state
inside the project (not the user's home), with telemetry off and a start-up timeout that
fits the first run on a fresh database (13–16 s measured; Prefect's default is 20 s).
"""

from __future__ import annotations

import os

from pipeline.paths import PROJECT_DIR

PREFECT_STATE_DIR = PROJECT_DIR / ".qalam" / "prefect"
DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def configure_prefect() -> None:
    """Fill in qalam's defaults for every Prefect variable the user has not set."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if "PREFECT_HOME" not in os.environ and "PREFECT_API_URL" not in os.environ:
        PREFECT_STATE_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(PREFECT_STATE_DIR)
