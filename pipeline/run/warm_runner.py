"""qalam's warm runner: a process that has imported the pipeline and Prefect and loaded the models,
so that a ``qalam run`` after the first pays neither (about 4 s of a 5 s one-document run). This
module is what the rest of qalam knows of it: what it serves, its files, how it is started, the
protocol, and what a run in it asks; its process is ``pipeline.cli.runner_process``.

A run that extracts something against qalam's own warm Prefect server (``pipeline.run.warm_server``)
starts the runner, detached in its own session, for the runs after it: the runner warms up once
that run has ended (it takes none of its processor time) and is ready a few seconds later. Later
``qalam run`` commands (``pipeline.cli.launch``) connect to its Unix socket and pass their
arguments, working folder, environment, umask and standard streams; the runner forks a child
that takes them over and runs the same CLI code as a direct run, against the warm server, then
reports its exit code. The runner never runs a flow, and when it forks it has no thread but its
own, so each child starts clean. It stops once no run has used it for
``QALAM_SERVER_IDLE_SECONDS`` (default 900), like the server; SIGTERM stops it and its runs (each
stops as on SIGTERM: records written so far are whole); SIGUSR1 retires it (no new run; it exits
when its runs end).

A runner serves only runs it would run exactly like a direct run: the same Python, code, rule
data and installed packages (a stamp of mtimes and sizes taken before its imports), the same
locale, no PREFECT_* variable of the user's, one local worker, and the pipeline fingerprint of
the models it loaded. Any other run goes direct; a runner whose code, packages or pipeline
differ is retired and the next run that extracts something starts a new one.

Files in Prefect's state folder, beside the warm server's: ``runner.json`` (the pid; once ready,
what it serves), ``runner.sock``, ``runner.lock`` (held while a run looks for, starts or retires
the runner and while the runner decides to stop) and ``runner.log`` (one line per run).

The ``qalam`` console script imports this module before anything else: its imports stay light.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any, Mapping

from pipeline.paths import MODELS_DIR, PACKAGE_DIR
from pipeline.run.prefect_env import user_prefect_variables
from pipeline.run.prefect_server import ServerDidNotStart
from pipeline.run.warm_server import ENV_IDLE, idle_seconds, locked

RUNNER_MODULE = "pipeline.cli.runner_process"  # run with ``python -m``; its command line names it
INFO_NAME, LOCK_NAME, SOCKET_NAME, LOG_NAME = "runner.json", "runner.lock", "runner.sock", "runner.log"
SOCKET_PATH_MAX = 107  # sun_path holds 108 bytes with the final NUL (Linux)
# Read by Python or its libraries when a process starts, so a runner serves only runs that agree.
STARTUP_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "PYTHONIOENCODING", "PYTHONUTF8", "LANG", "LC_ALL", "LC_CTYPE")
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM)

# Why ``qalam run`` runs in this process, not in a runner (set by ``pipeline.cli.launch``, shown with --verbose).
fallback_reason: str | None = None


class Declined(BaseException):
    """Raised in a runner's run that the runner cannot serve like a direct run, before the run does
    anything; ``stale`` when the runner is to be replaced. Not an Exception: no handler of the
    command may take it for a failure."""

    def __init__(self, reason: str, *, stale: bool) -> None:
        super().__init__(reason)
        self.reason, self.stale = reason, stale


# ---- what a runner serves ----

def code_stamp(roots: tuple[Path, ...] = (PACKAGE_DIR, MODELS_DIR)) -> str:
    """Modification times and sizes of every file under ``roots`` (qalam's code and rule data) and
    of the folder of installed packages: a different stamp means different code may be imported."""
    entries = []
    for root in roots:
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                stat = os.stat(os.path.join(folder, name))
                entries.append(f"{folder}/{name} {stat.st_mtime_ns} {stat.st_size}")
    packages = os.stat(sysconfig.get_paths()["purelib"])
    entries.append(f"packages {packages.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:16]


def identity(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """What a run and the runner that serves it must share: Python, code stamp, start-up variables."""
    return {"python": [sys.executable, sys.prefix, sys.version], "stamp": code_stamp(),
            "environment": {key: environ.get(key) for key in STARTUP_VARIABLES}}


def environment_problem(home: Path, environ: Mapping[str, str] = os.environ) -> str | None:
    """Why no warm runner serves runs in this environment, or None."""
    prefect = user_prefect_variables(environ)
    if prefect:
        return f"{prefect[0]} is set (the warm runner runs Prefect as qalam configures it)"
    try:
        if idle_seconds(environ) == 0:
            return f"{ENV_IDLE}=0 keeps nothing warm"
    except ServerDidNotStart as exc:
        return str(exc)
    if not Path("/proc/self/cmdline").exists():
        return "the warm runner needs Linux"
    if len(os.fsencode(home / SOCKET_NAME)) > SOCKET_PATH_MAX:
        return f"the path of its socket in {home} is too long for a Unix socket"
    return None


def comparable(info: dict) -> dict:
    """A pipeline fingerprint (``PipelineInfo`` as a dict) without what leaves the models alone."""
    return {key: value for key, value in info.items() if key != "redacted"}


# ---- its files ----

def read_info(home: Path) -> dict | None:
    try:
        info = json.loads((home / INFO_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and isinstance(info.get("pid"), int) else None


def write_info(home: Path, info: dict) -> None:
    temporary = home / f"{INFO_NAME}.tmp"
    temporary.write_text(json.dumps(info), encoding="utf-8")
    temporary.replace(home / INFO_NAME)


def is_runner(pid: int) -> bool:
    """A live warm runner has this pid (not a zombie, not a process that took over its number)."""
    try:
        return RUNNER_MODULE.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def forget(home: Path, pid: int) -> None:
    """Remove ``runner.json`` and the socket if they are runner ``pid``'s (call under the lock)."""
    if (read_info(home) or {}).get("pid") == pid:
        for name in (INFO_NAME, SOCKET_NAME):
            (home / name).unlink(missing_ok=True)


def retire(home: Path, pid: int) -> None:
    """Take runner ``pid`` out of use (under the lock): no run finds it; it ends when its runs do."""
    forget(home, pid)
    send_signal(pid, signal.SIGUSR1)


# ---- starting one ----

def start(home: Path, settings) -> bool:
    """Start a warm runner for the runs after this one, loaded with the models of ``settings``
    once this process has ended, unless one runs or starts or it could not serve runs like this
    one; whether one was started. Call it before PREFECT_API_URL is set (the runner is started
    with this environment)."""
    if settings.pipeline.workers != 1 or settings.pipeline.dask_address or environment_problem(home):
        return False
    with locked(home / LOCK_NAME):
        info = read_info(home)
        if info and is_runner(info["pid"]):
            return False
        with (home / LOG_NAME).open("ab") as log:
            runner = subprocess.Popen([sys.executable, "-m", RUNNER_MODULE, str(home), settings.model_dump_json(),
                                       str(idle_seconds()), str(os.getpid())],
                                      stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=home,
                                      start_new_session=True)
        write_info(home, {"pid": runner.pid, "ready": False})
    return True


def send_signal(pid: int, signum: int) -> None:
    """Send ``signum`` to ``pid`` unless it has ended."""
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


# ---- the protocol: a request with three descriptors, then JSON lines back ----

def send_request(conn: socket.socket, request: dict, streams: list[int]) -> None:
    body = json.dumps(request).encode()
    socket.send_fds(conn, [struct.pack("!I", len(body))], streams)
    conn.sendall(body)


def receive_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """The request and the three stream descriptors of a client run by the same user."""
    _, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    if uid != os.getuid():
        raise PermissionError(f"a client of user {uid}")
    header, streams, _, _ = socket.recv_fds(conn, 4, 3)
    if len(streams) != 3:
        for descriptor in streams:
            os.close(descriptor)
        raise ValueError(f"{len(streams)} stream descriptors instead of 3")
    header += _receive_exactly(conn, 4 - len(header))
    return json.loads(_receive_exactly(conn, struct.unpack("!I", header)[0])), streams


def _receive_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ValueError("the client closed the connection before its request was complete")
        data += chunk
    return data


def send(conn: socket.socket, message: dict) -> None:
    conn.sendall(json.dumps(message).encode() + b"\n")


# ---- a run in the runner ----

_served: dict | None = None  # in a run's process: the pipeline fingerprint of the runner's models


def mark_serving(pipeline: dict) -> None:
    """Called in a run's process: this process is a run of a runner loaded with ``pipeline``."""
    global _served
    _served = pipeline


def serving() -> bool:
    """This process is a run forked by a warm runner."""
    return _served is not None


def check_fit(settings) -> None:
    """In a runner's run: raise ``Declined`` unless the runner serves it like a direct run."""
    if _served is None:
        return
    if settings.pipeline.workers != 1 or settings.pipeline.dask_address:
        raise Declined("runs with several workers or on Dask start their own workers", stale=False)
    from pipeline.run.batch import pipeline_info

    if comparable(pipeline_info(settings).model_dump()) != _served:
        raise Declined("the settings or rule data differ from the warm runner's; it was stopped", stale=True)
