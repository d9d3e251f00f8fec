"""Scheduled ingestion: serve the run flow as a Prefect deployment on a cron or interval schedule,
and stop like a service.

Prefect's temporary in-process server cannot schedule runs ("Cannot schedule flows on an
ephemeral server"), so unless ``PREFECT_API_URL`` points at a server, ``serve`` starts a local
Prefect server with its services (``pipeline.run.prefect_server``), with a fresh database in
qalam's state folder for each serve session, and stops it on exit.

Stopping: SIGINT (Ctrl-C) and SIGTERM stop polling for runs, cancel a run in progress through
Prefect's runner (its state ends ``Cancelled``, never ``Crashed``), pause the deployment's
schedule unless asked to keep it, and return. Ctrl-C reaches the whole foreground process group,
so ``block_interrupts`` blocks SIGINT in this process before any thread or child starts: the
flow-run processes inherit the blocked signal and never see the terminal's Ctrl-C, and this
process takes it from a thread that waits for it.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from multiprocessing import resource_tracker
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


def block_interrupts() -> set[signal.Signals]:
    """Block SIGINT in this thread and in every thread and process started after it (call it
    before the first is started): ``serve_flow`` takes it with ``signal.sigwait``. Returns the
    mask before, to restore when serving ends."""
    # multiprocessing's resource tracker unblocks SIGINT after starting: start it first (its
    # children, the flow runs, inherit it and start none)
    resource_tracker.ensure_running()
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def serve_flow(src: Path, out: Path, settings: Settings, *, cron: str | None, interval: float | None,
               follow_symlinks: bool = False, announce: bool = True, keep_schedule: bool = False) -> None:
    """Serve the run flow on a schedule until SIGINT or SIGTERM (Prefect must already point at a
    server, and ``block_interrupts`` must have run). Each run prints its summary line when
    ``announce``; on exit the schedule is paused unless ``keep_schedule``."""
    from prefect.deployments.runner import EntrypointType
    from prefect.runner import Runner

    from pipeline.run.flows import run_flow

    class ServiceRunner(Runner):
        def handle_sigterm(self, *args) -> None:
            # Prefect's own handler starts a stop it never awaits and exits at once
            self.request_stop()

    runner = ServiceRunner(name=DEPLOYMENT_NAME, pause_on_shutdown=not keep_schedule, limit=1)
    runner.add_flow(
        run_flow,
        name=DEPLOYMENT_NAME,
        cron=cron,
        interval=timedelta(seconds=interval) if interval else None,
        parameters={"src": str(src.resolve()), "out": str(out.resolve()), "settings": settings.model_dump(),
                    "follow_symlinks": follow_symlinks, "announce": announce},
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    asyncio.run(_serve_until_stopped(runner))


async def _serve_until_stopped(runner) -> None:
    """Run ``runner`` until a signal, then stop it the way Prefect's runner stops: no new runs,
    the run in progress cancelled, the schedule paused (when the runner pauses on shutdown)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    runner.request_stop = lambda: loop.call_soon_threadsafe(stop.set)  # wakes the loop from a signal handler
    # Ctrl-C goes to a thread that does not block it: the waiting one, or a thread that imports
    # started before the block (a math library's), whose signal this handler takes.
    threading.Thread(target=_wait_for_interrupt, args=(runner.request_stop,), name="qalam-interrupt",
                     daemon=True).start()
    loop.add_signal_handler(signal.SIGINT, runner.request_stop)
    serving = asyncio.create_task(runner.start())
    waiting = asyncio.create_task(stop.wait())
    await asyncio.wait({serving, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if not serving.done():
        await runner.astop()
        await serving
    waiting.cancel()


def _wait_for_interrupt(request_stop) -> None:
    signal.sigwait({signal.SIGINT})
    request_stop()
