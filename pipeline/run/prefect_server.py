"""A local Prefect server that qalam starts, owns and stops: for ``run`` (one run's API) and
for ``serve`` (Prefect's temporary in-process server cannot schedule runs).

The server runs in its own session, so Ctrl-C in a terminal reaches qalam but not the server:
qalam stops cleanly and then stops the server (Prefect's own temporary server shares the
terminal's process group, died with the first Ctrl-C, and left the interrupted run retrying
against a dead API for minutes). On Linux the server is also told to stop when qalam dies,
even by SIGKILL, so no server is left without its parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

HEALTH_TIMEOUT_SECONDS = 120.0  # a fresh database took 13–19 s; a loaded machine more
STOP_TIMEOUT_SECONDS = 15.0
LOG_NAME = "server.log"
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class ServerDidNotStart(RuntimeError):
    """The local Prefect server did not become healthy in time."""


def local_api_url() -> str:
    """The API address of a local server on a free loopback port (the server starts later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/api"


@contextmanager
def local_prefect_server(api_url: str, *, home: Path, services: bool,
                         env: Mapping[str, str] | None = None) -> Iterator[None]:
    """Run ``prefect server start`` at ``api_url`` (from ``local_api_url``) with its database in
    ``home`` until the block ends; ``services`` adds the scheduler and the other background
    services (``serve`` needs them, a single run does not). Its log is ``home/server.log``."""
    home.mkdir(parents=True, exist_ok=True)
    command = [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1",
               "--port", str(urllib.parse.urlsplit(api_url).port), "--no-ui"]
    if not services:
        command.append("--no-services")
    server_env = {**os.environ, **(env or {}), "PREFECT_HOME": str(home),
                  "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    server_env.pop("PREFECT_API_URL", None)
    with (home / LOG_NAME).open("wb") as log:
        server = subprocess.Popen(command, env=server_env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True, preexec_fn=stop_with_parent)
    try:
        wait_until_healthy(api_url, server, log=home / LOG_NAME)
        yield
    finally:
        _stop(server)


def stop_with_parent() -> None:
    """In a process qalam started (the server, before it starts; a warm runner's run): SIGTERM it
    when its parent ends (Linux)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def healthy(api_url: str) -> bool:
    import urllib.error  # with urllib.request ~40 ms: `qalam run`'s hand-off to the warm runner imports this module
    import urllib.request

    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until_healthy(api_url: str, server: subprocess.Popen, *, log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerDidNotStart(f"the local Prefect server exited with code {server.returncode}; see {log}")
        if healthy(api_url):
            return
        time.sleep(0.2)
    raise ServerDidNotStart(f"the local Prefect server was not healthy after {HEALTH_TIMEOUT_SECONDS:.0f} s; "
                            f"see {log}")


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
