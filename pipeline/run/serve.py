"""Scheduled ingestion: serve the run flow as a Prefect deployment on a cron or interval schedule.

Prefect's temporary in-process server cannot schedule runs ("Cannot schedule flows on an
ephemeral server"), so unless ``PREFECT_API_URL`` points at a server, ``serve`` starts a local
Prefect server with its services (``pipeline.run.prefect_server``), with a fresh database in
qalam's state folder for each serve session, and stops it on exit.
"""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta
from pathlib import Path

from pipeline.paths import state_dir
from pipeline.settings import Settings

# Prefect's scheduler books up to 100 runs an hour ahead; on a short interval the backlog of
# late runs kept the server's SQLite database locked. A few runs ahead are plenty here.
SCHEDULER_ENV = {
    "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS": "3",
    "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "10",
}
DEPLOYMENT_NAME = "qalam-scheduled"


class ScheduleProblem(ValueError):
    """A schedule Prefect would refuse; the message says what a valid one looks like."""


def check_cron(expression: str) -> None:
    """Raise ``ScheduleProblem`` unless Prefect accepts ``expression`` as a cron schedule."""
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=expression)
    except ValidationError:
        raise ScheduleProblem(f"--cron {expression!r} is not a cron expression; it has five fields, "
                              f"MINUTE HOUR DAY MONTH WEEKDAY, e.g. '0 * * * *' (hourly) or "
                              f"'30 6 * * 1-5' (6:30 on weekdays)") from None


def server_home() -> Path:
    """The serve session's server state: a fresh database each session, so that runs booked by an
    earlier session's schedule do not all start late at once."""
    home = state_dir() / "prefect-server"
    for stale in home.glob("prefect.db*"):
        stale.unlink()
    return home


def serve_flow(src: Path, out: Path, settings: Settings, *, cron: str | None, interval: float | None,
               follow_symlinks: bool = False, announce: bool = True) -> None:
    """Serve the run flow on a schedule until Ctrl-C or SIGTERM, which end it with KeyboardInterrupt
    (Prefect must already point at a server). Each run prints its summary line when ``announce``."""
    from prefect.deployments.runner import EntrypointType
    from prefect.runner import Runner

    from pipeline.run.flows import run_flow

    class StoppableRunner(Runner):
        def handle_sigterm(self, *args) -> None:
            # Prefect's own handler starts a stop it never awaits and exits: SIGTERM is turned
            # into Ctrl-C, which asyncio answers by cancelling the runner cleanly.
            signal.raise_signal(signal.SIGINT)

    runner = StoppableRunner(name=DEPLOYMENT_NAME, pause_on_shutdown=False, limit=1)
    runner.add_flow(
        run_flow,
        name=DEPLOYMENT_NAME,
        cron=cron,
        interval=timedelta(seconds=interval) if interval else None,
        parameters={"src": str(src.resolve()), "out": str(out.resolve()), "settings": settings.model_dump(),
                    "follow_symlinks": follow_symlinks, "announce": announce},
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    asyncio.run(runner.start())
