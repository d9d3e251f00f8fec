"""Prefect's environment, set before Prefect is first imported.

Unless the user configured Prefect, its state goes to qalam's state folder
(``pipeline.paths.state_dir``: ``.qalam/`` in a checkout, else per user), with telemetry off.
The ``qalam`` commands then start their own local server (``pipeline.run.prefect_server``);
other entry points (the benchmark, the test harness) run Prefect's temporary in-process
server, with a start-up timeout that fits the first run on a fresh database (13–16 s
measured; Prefect's default is 20 s).
"""

from __future__ import annotations

import os
from typing import MutableMapping

from pipeline.paths import state_dir

PREFECT_STATE = "prefect"  # the folder in qalam's state folder
DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def configure_prefect(environ: MutableMapping[str, str] = os.environ, *, verbose: bool = False) -> None:
    """Fill in qalam's defaults for every Prefect variable the user has not set; ``verbose``
    shows Prefect's own log (INFO) instead of its warnings only.

    Prefect reads its settings when it is first imported: call this before that, at the entry
    point (the ``qalam`` commands, the test harness, the benchmark).
    """
    if verbose:
        environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    for key, value in DEFAULTS.items():
        environ.setdefault(key, value)
    if "PREFECT_HOME" not in environ and "PREFECT_API_URL" not in environ:
        home = state_dir() / PREFECT_STATE
        home.mkdir(parents=True, exist_ok=True)
        environ["PREFECT_HOME"] = str(home)
