"""Scheduled ingestion: serve the run flow as a Prefect deployment on a cron or interval schedule.

Prefect's ephemeral server cannot schedule runs ("Cannot schedule flows on an ephemeral
server"), so unless ``PREFECT_API_URL`` points at a server, ``serve`` starts a local Prefect
server on loopback (state in qalam's state folder), waits until it is healthy, and stops it
on exit.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Iterator

from pipeline.paths import state_dir
from pipeline.settings import Settings

# Prefect's scheduler books up to 100 runs an hour ahead; on a short interval the backlog of
# late runs kept the server's SQLite database locked. A few runs ahead are plenty here.
SCHEDULER_ENV = {
    "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS": "3",
    "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "10",
}
HEALTH_TIMEOUT_SECONDS = 90.0
STOP_TIMEOUT_SECONDS = 15.0
DEPLOYMENT_NAME = "qalam-scheduled"


class ServerDidNotStart(RuntimeError):
    """The local Prefect server did not become healthy in time."""


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


def server_state_dir() -> Path:
    return state_dir() / "prefect-server"


def server_log() -> Path:
    return server_state_dir() / "server.log"


def local_api_url() -> str:
    """The API address of a local server on a free loopback port (the server starts later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/api"


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def local_prefect_server(api_url: str) -> Iterator[None]:
    """Start ``prefect server start`` at ``api_url`` (from ``local_api_url``), stop it on exit.

    The server's database lives for one serve session: runs booked by an earlier session's
    schedule would otherwise start late, all at once.
    """
    folder = server_state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("prefect.db*"):
        stale.unlink()
    port = urllib.parse.urlsplit(api_url).port
    env = {**os.environ, **SCHEDULER_ENV, "PREFECT_HOME": str(folder),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)
    prefect_cli = Path(sys.executable).with_name("prefect")
    with server_log().open("wb") as log:
        server = subprocess.Popen(
            [str(prefect_cli), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_until_healthy(api_url, server)
        yield
    finally:
        _stop(server)


def _wait_until_healthy(api_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerDidNotStart(f"the local Prefect server exited with code {server.returncode}; "
                                    f"see {server_log()}")
        if _healthy(api_url):
            return
        time.sleep(0.5)
    raise ServerDidNotStart(f"the local Prefect server was not healthy after {HEALTH_TIMEOUT_SECONDS:.0f} s; "
                            f"see {server_log()}")


def _stop(server: subprocess.Popen) -> None:
    """Stop the server and everything it started (it leads its own process group)."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass  # it exited between the check and the signal


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
