"""The ``qalam`` console script: ``qalam run`` goes to qalam's warm runner when one can serve it
(``pipeline.run.warm_runner``); every other command, and a run the runner cannot serve, goes to
the Typer app in this process.

The hand-off costs a connection and a few light imports; the app (spaCy, Typer, Rich) is
imported only when the command runs here. Ctrl-C and SIGTERM reach the run in the runner; if this
process dies, even by SIGKILL, the run notices and stops as on SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys

from pipeline.paths import state_dir
from pipeline.run import warm_runner
from pipeline.run.prefect_env import PREFECT_STATE
from pipeline.run.warm_runner import (
    FORWARDED_SIGNALS,
    INFO_NAME,
    LOCK_NAME,
    SOCKET_NAME,
    environment_problem,
    identity,
    is_runner,
    locked,
    read_info,
    retire,
    send_request,
    send_signal,
)

EXIT_LOST = 3  # ExitCode.SETUP: the run's process ended without saying how


def main() -> None:
    code = hand_off(sys.argv)
    if code is not None:
        sys.exit(code)
    from pipeline.cli.main import app

    app()


def hand_off(argv: list[str]) -> int | None:
    """Run ``argv`` (``sys.argv`` of ``qalam run ...``) in the warm runner and return its exit
    code; None when the runner cannot take it (``warm_runner.fallback_reason`` says why)."""
    if argv[1:2] != ["run"]:
        return None
    warm_runner.fallback_reason = None
    home = state_dir() / PREFECT_STATE
    if not (home / INFO_NAME).exists():
        return _direct("no warm runner is running")
    problem = environment_problem(home)
    if problem:
        return _direct(problem)
    try:
        conn = _connect(home, argv)
    except OSError as exc:
        return _direct(f"the warm runner did not take the run ({exc.strerror or exc})")
    if conn is None:
        return None
    with conn:
        return _follow(conn)


def _connect(home, argv: list[str]) -> socket.socket | None:
    """Connect to the warm runner and send it the run, if it is ready and serves this environment;
    a runner whose code or environment is not this run's is retired."""
    with locked(home / LOCK_NAME):  # the runner cannot stop between this look and the connection
        info = read_info(home)
        if not info or not is_runner(info["pid"]):
            return _direct("no warm runner is running")
        if not info.get("ready"):
            return _direct("the warm runner is still warming up")
        if any(info.get(key) != value for key, value in identity().items()):
            retire(home, info["pid"])
            return _direct("the code, packages or environment changed since the warm runner started; "
                           "it was stopped")
        umask = os.umask(0)
        os.umask(umask)
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(str(home / SOCKET_NAME))
            send_request(conn, {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask},
                         [0, 1, 2])
        except OSError:
            conn.close()
            raise
        return conn


def _follow(conn: socket.socket) -> int | None:
    """Forward Ctrl-C and SIGTERM to the run's process and wait for its exit code; None when it
    declined the run before doing anything."""
    run: list[int] = []
    pending: list[int] = []

    def forward(signum: int, frame) -> None:
        if run:
            send_signal(run[0], signum)
        else:
            pending.append(signum)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED_SIGNALS}
    code = declined = None
    try:
        for line in conn.makefile("rb"):
            message = json.loads(line)
            if "pid" in message:
                run.append(message["pid"])
                for signum in pending:
                    send_signal(run[0], signum)
                pending.clear()
            elif "declined" in message:
                declined = message["declined"]
                break
            elif "exit" in message:
                code = message["exit"]
                break
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if code is None and run and declined is None:
        print("error: the warm runner lost this run; see runner.log in qalam's state folder", file=sys.stderr)
        code = EXIT_LOST
    if code is None:
        _direct(declined or "the warm runner did not take the run")
        for signum in pending:  # what they would have done to this process, now that it runs the command
            signal.raise_signal(signum)
    return code


def _direct(reason: str) -> None:
    """This process runs the command itself, for ``reason``: None, the hand-off's answer."""
    warm_runner.fallback_reason = reason
