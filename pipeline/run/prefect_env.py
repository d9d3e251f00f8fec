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
from contextlib import contextmanager
from typing import Iterator, Mapping, MutableMapping

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


def user_prefect_variables(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The PREFECT_* variables in ``environ`` whose value is none that ``configure_prefect`` sets
    (with or without ``verbose``): Prefect as the user configured it, not as qalam does."""
    own: list[dict[str, str]] = [{}, {}]
    configure_prefect(own[0])
    configure_prefect(own[1], verbose=True)
    return sorted(key for key, value in environ.items()
                  if key.startswith("PREFECT_") and value not in {values.get(key) for values in own})


def reload_prefect_settings() -> None:
    """Make a Prefect imported earlier read its settings and logging level from the environment
    again: a warm runner's run imports nothing, and its environment is the user's, set after the
    runner imported Prefect."""
    from prefect.context import refresh_global_settings_context
    from prefect.logging.configuration import setup_logging

    refresh_global_settings_context()
    setup_logging(incremental=False)


@contextmanager
def without_heartbeats() -> Iterator[None]:
    """Flow runs in the block send no heartbeats. A heartbeat lets a server's services mark a run
    whose process died as crashed; qalam's warm server runs without services, and Prefect waits up
    to a second for the heartbeat thread at the end of every flow run (measured: 0.6 s of a 1.2 s
    flow run against the warm server)."""
    from prefect.settings import temporary_settings

    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield
