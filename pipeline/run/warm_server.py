"""qalam's own local Prefect server, kept warm between runs and stopped after an idle time.

The first ``qalam run`` that needs Prefect (no PREFECT_API_URL) starts a keeper process, detached
in its own session; the keeper runs ``prefect server start`` (``pipeline.run.prefect_server``;
the server dies with the keeper, even by SIGKILL) and stops it once no run has used it for
``QALAM_SERVER_IDLE_SECONDS`` (default 900; 0 stops it as soon as the run ends). Later runs find it
through ``server.json`` in Prefect's state folder and skip Prefect's start-up (5–20 s).

Files in that folder: ``server.json`` (the keeper's pid and the API address), ``server.lock`` (held
while a run looks for or starts the server, and while the keeper decides to stop, so a run never
takes a server that is stopping) and ``server.lease`` (each run holds a shared lock on it until it
exits, SIGKILL included; its modification time is the last use).
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, Mapping

from pipeline.run.prefect_server import (
    ServerDidNotStart,
    healthy,
    local_api_url,
    local_prefect_server,
    wait_until_healthy,
)

ENV_IDLE = "QALAM_SERVER_IDLE_SECONDS"
DEFAULT_IDLE_SECONDS = 900.0
INFO_NAME, LOCK_NAME, LEASE_NAME, KEEPER_LOG = "server.json", "server.lock", "server.lease", "keeper.log"
CHECK_SECONDS = 1.0  # how often the keeper looks for idleness

_lease: IO | None = None  # this process's lease, held until it exits


def idle_seconds(environ: Mapping[str, str] = os.environ) -> float:
    value = environ.get(ENV_IDLE, "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_IDLE_SECONDS
    except ValueError:
        raise ServerDidNotStart(f"{ENV_IDLE}={value!r} is not a number of seconds") from None


def running_server(home: Path) -> str | None:
    """The API address of the warm server in ``home`` when it answers, else None."""
    try:
        info = json.loads((home / INFO_NAME).read_text(encoding="utf-8"))
        os.kill(info["pid"], 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info["api_url"] if healthy(info["api_url"]) else None


def use_warm_server(home: Path) -> tuple[str, bool]:
    """The API address of qalam's warm server in ``home``, started now if none runs, and whether it
    was started now; this process holds a lease on it until it exits."""
    global _lease
    home.mkdir(parents=True, exist_ok=True)
    with locked(home / LOCK_NAME):
        _lease = (home / LEASE_NAME).open("a")
        fcntl.flock(_lease, fcntl.LOCK_SH)
        os.utime(home / LEASE_NAME)
        atexit.register(release)
        api_url = running_server(home)
        if api_url:
            return api_url, False
        api_url = local_api_url()
        with (home / KEEPER_LOG).open("ab") as log:
            keeper = subprocess.Popen([sys.executable, "-m", __name__, str(home), api_url, str(idle_seconds())],
                                      stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                      cwd=home, start_new_session=True)
        wait_until_healthy(api_url, keeper, log=home / KEEPER_LOG)
        (home / INFO_NAME).write_text(json.dumps({"pid": keeper.pid, "api_url": api_url}), encoding="utf-8")
        return api_url, True


def release() -> None:
    """Mark the end of this process's use (the idle time counts from here) and drop the lease."""
    global _lease
    if _lease is not None:
        os.utime(_lease.name)
        _lease.close()
        _lease = None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) while the block runs."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _idle(home: Path, idle: float) -> bool:
    """No run holds a lease and the last one ended ``idle`` seconds ago or more."""
    with (home / LEASE_NAME).open("a") as lease:
        try:
            fcntl.flock(lease, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return time.time() - os.fstat(lease.fileno()).st_mtime >= idle


def keep(home: Path, api_url: str, idle: float) -> None:
    """The keeper: run the server until it has been idle for ``idle`` seconds or SIGTERM comes."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # not its terminal's Ctrl-C: it is nobody's foreground
    (home / LEASE_NAME).touch()
    with local_prefect_server(api_url, home=home, services=False):
        while not stop:
            time.sleep(CHECK_SECONDS)
            with locked(home / LOCK_NAME):
                if _idle(home, idle):
                    _forget(home)
                    break
    _forget(home)


def _forget(home: Path) -> None:
    """Remove ``server.json`` if it names this keeper."""
    try:
        if json.loads((home / INFO_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid():
            (home / INFO_NAME).unlink()
    except (OSError, ValueError, KeyError, TypeError):
        pass


if __name__ == "__main__":
    keep(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]))
