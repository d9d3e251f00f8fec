"""The warm runner's process (``pipeline.run.warm_runner`` says what the runner is and serves):
it waits until the run that started it has ended, warms up (imports, models, three made-up
documents extracted once), then serves runs until idle or stopped. For each run it forks a
process that takes over the client's streams, folder, environment and umask and runs the
``qalam`` app as the console script would; the runner reports how it ended.

Run as ``python -m pipeline.cli.runner_process HOME SETTINGS_JSON IDLE_SECONDS STARTER_PID``
(``pipeline.run.warm_runner.start``).
"""

from __future__ import annotations

import atexit
import importlib
import os
import select
import shlex
import signal
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.run.prefect_env import configure_prefect
from pipeline.run.prefect_server import stop_with_parent
from pipeline.run.warm_runner import (
    LOCK_NAME,
    LOG_NAME,
    SOCKET_NAME,
    Declined,
    comparable,
    forget,
    identity,
    locked,
    mark_serving,
    read_info,
    receive_request,
    retire,
    send,
    send_signal,
    write_info,
)

CHECK_SECONDS = 1.0  # how often the runner looks for idleness
REQUEST_SECONDS = 5.0  # a client that connected sends its request at once
STOP_SECONDS = 30.0  # after SIGTERM, runs that have not stopped by then are killed
WAIT_SECONDS = 0.1  # how often a new runner looks whether the run that started it has ended
# Imported by a run on demand (the ingest of HTML and PDF, Prefect's engines and its parameter
# encoder): imported by the runner, they cost a run nothing (0.4 s measured on a busy machine).
RUN_MODULES = ("pipeline.run.flows", "pipeline.ingest.html", "pipeline.ingest.pdf", "prefect.flow_engine",
               "prefect.task_engine", "fastapi.encoders", "prefect.utilities.visualization")
# Made up, and extracted once by the runner: a first document pays for the language profiles, the
# HTML extractor's data and each model's first call (1–1.5 s measured), a run's first document then not.
WARM_UP_DOCUMENTS = {
    "warm-up.html": "<html><head><title>Library Hours Extended</title></head><body><article><h1>Library Hours "
                    "Extended</h1><p>The district library will open on Sundays from March, the board of the "
                    "Reading Society said on Monday.</p><p>\"We counted 420 visitors on the first weekend,\" "
                    "said Ines Marlow, who chairs the society.</p></article></body></html>",
    "warm-up.txt": "Bus Line Returns\n\nThe transport office of Dornvik restored the night bus on Friday. About "
                   "35% of the riders are students, according to the office.\n",
    "warm-up-ru.txt": "Новый маршрут автобуса\n\nТранспортный отдел города открыл ночной маршрут в пятницу. "
                      "Около 35% пассажиров составляют студенты, сообщил отдел.\n",
}


def _log(message: str) -> None:
    print(f"{datetime.now():%Y-%m-%d %H:%M:%S} {message}", flush=True)


def _warm_up(settings) -> dict:
    """Import what a run imports and load its models; the pipeline fingerprint they stand for."""
    configure_prefect()
    for name in RUN_MODULES:
        importlib.import_module(name)
    from pipeline.nlp.build import RUSSIAN, cached_nlp
    from pipeline.run.batch import pipeline_info

    cached_nlp(settings)
    cached_nlp(settings, RUSSIAN)
    _extract_once(settings)
    return comparable(pipeline_info(settings).model_dump())


def _extract_once(settings) -> None:
    """Extract ``WARM_UP_DOCUMENTS`` into a folder that is then removed. Ingest runs in a thread
    (its time limit), which has ended before the runner forks: only live threads break a fork."""
    from pipeline.run.batch import process_batch

    with tempfile.TemporaryDirectory(prefix="qalam-warm-up-") as folder:
        paths = []
        for name, text in WARM_UP_DOCUMENTS.items():
            paths.append(Path(folder) / name)
            paths[-1].write_text(text, encoding="utf-8")
        process_batch(paths, src_root=Path(folder), out_root=Path(folder) / "records", settings=settings)


@dataclass
class _Run:
    conn: socket.socket
    started: float


@dataclass
class Runner:
    """The serving loop: accept a run, fork it, report how it ended; stop when idle or told to."""

    home: Path
    pipeline: dict
    idle: float
    last_use: float
    listener: socket.socket | None = None
    runs: dict[int, _Run] = field(default_factory=dict)
    stop_requested: float | None = None
    retire_requested: bool = False
    wake: tuple[int, int] = (-1, -1)  # a pipe that signals write to, so that they wake the loop

    def listen(self) -> None:
        """Bind the socket (a stale one from a runner that died is replaced) and accept runs."""
        (self.home / SOCKET_NAME).unlink(missing_ok=True)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(self.home / SOCKET_NAME))
        self.listener.listen(16)

    def serve(self) -> None:
        self.wake = os.pipe()
        os.set_blocking(self.wake[1], False)
        signal.set_wakeup_fd(self.wake[1])
        signal.signal(signal.SIGCHLD, lambda *_: None)  # only wakes the loop: runs are reaped there
        signal.signal(signal.SIGTERM, lambda *_: self._request_stop())
        signal.signal(signal.SIGUSR1, lambda *_: setattr(self, "retire_requested", True))
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # nobody's foreground: Ctrl-C is never meant for it
        while self.listener is not None or self.runs:
            watched = [self.wake[0]] + ([self.listener] if self.listener else [])
            readable = select.select(watched, [], [], CHECK_SECONDS)[0]
            if self.wake[0] in readable:
                os.read(self.wake[0], 512)
            self._reap()
            if self.stop_requested is not None or self.retire_requested:
                self._close()
                self._stop_runs()
            elif self.listener in readable:
                self._accept()
            elif not self.runs and time.monotonic() - self.last_use >= self.idle:
                self._close_if_idle()

    def _request_stop(self) -> None:
        if self.stop_requested is None:
            self.stop_requested = time.monotonic()
            for pid in self.runs:
                send_signal(pid, signal.SIGTERM)

    def _stop_runs(self) -> None:
        """After SIGTERM, kill the runs that have not stopped in time."""
        if self.stop_requested is not None and time.monotonic() - self.stop_requested > STOP_SECONDS:
            for pid in self.runs:
                send_signal(pid, signal.SIGKILL)

    def _close(self) -> None:
        if self.listener is not None:
            with locked(self.home / LOCK_NAME):
                forget(self.home, os.getpid())
            self.listener.close()
            self.listener = None
            _log("stopped taking runs" + (" (SIGTERM)" if self.stop_requested is not None else " (retired)"))

    def _close_if_idle(self) -> None:
        """Stop taking runs, unless one connected meanwhile (runs connect under the lock)."""
        with locked(self.home / LOCK_NAME):
            if select.select([self.listener], [], [], 0)[0]:
                return
            forget(self.home, os.getpid())
        self.listener.close()
        self.listener = None
        _log(f"idle for {self.idle:g} s: stopped")

    def _accept(self) -> None:
        conn, _ = self.listener.accept()
        try:
            conn.settimeout(REQUEST_SECONDS)
            request, streams = receive_request(conn)
            conn.settimeout(None)
        except (OSError, ValueError) as exc:
            _log(f"refused a connection: {exc}")
            conn.close()
            return
        sys.stdout.flush()  # else the child would write this process's buffered log lines again
        try:
            pid = os.fork()
        except OSError as exc:
            _log(f"could not fork a run: {exc}")
            for descriptor in streams:
                os.close(descriptor)
            conn.close()  # the client runs it directly
            return
        if pid == 0:
            code = 1
            try:
                code = _child(self, conn, request, streams)
            finally:
                os._exit(code)
        for descriptor in streams:
            os.close(descriptor)
        self.runs[pid] = _Run(conn=conn, started=time.monotonic())
        _log(f"run {pid}: {shlex.join(['qalam', *request['argv'][1:]])} in {request['cwd']}")

    def _reap(self) -> None:
        while self.runs:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            run = self.runs.pop(pid, None)
            if run is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            code = 128 - code if code < 0 else code  # killed by a signal: the shell's convention
            try:  # the run reported its code itself unless it was killed: the first report counts
                send(run.conn, {"exit": code})
            except OSError:
                pass
            run.conn.close()
            self.last_use = time.monotonic()
            _log(f"run {pid} ended with exit code {code} after {self.last_use - run.started:.2f} s")

    def close_in_child(self) -> None:
        """In a run's process: close what belongs to the runner."""
        signal.set_wakeup_fd(-1)
        for descriptor in self.wake:
            os.close(descriptor)
        self.listener.close()
        for run in self.runs.values():
            run.conn.close()


def serve(home: Path, settings_json: str, idle: float, starter: int) -> None:
    """The runner process: wait until the run that started it (pid ``starter``) has ended (its
    processor time is that run's), warm up, then serve runs until idle or stopped."""
    own = identity()  # before the imports the stamp stands for
    while os.getppid() == starter:  # it is reparented when the run ends
        time.sleep(WAIT_SECONDS)
    spawned = time.monotonic()
    from pipeline.settings import Settings

    _log(f"warming up (pid {os.getpid()})")
    pipeline = _warm_up(Settings.model_validate_json(settings_json))
    if threading.active_count() != 1:  # a fork copies only the forking thread: a run would inherit a broken lock
        _log(f"not serving: importing the pipeline started {threading.active_count() - 1} thread(s)")
        return
    runner = Runner(home=home, pipeline=pipeline, idle=idle, last_use=time.monotonic())  # idle from now on
    with locked(home / LOCK_NAME):
        if (read_info(home) or {}).get("pid") != os.getpid():
            return  # retired while it warmed up
        runner.listen()
        write_info(home, {"pid": os.getpid(), "ready": True, **own, "pipeline": pipeline})
    _log(f"ready after {time.monotonic() - spawned:.1f} s")
    runner.serve()


def _child(runner: Runner, conn: socket.socket, request: dict, streams: list[int]) -> int:
    """A run's process: take over the client's streams, folder and environment, run the command
    as ``qalam`` would; the exit code."""
    for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGUSR1):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # writes to the client's terminal from outside its foreground
    runner.close_in_child()
    stop_with_parent()
    try:
        _take_over(request, streams)
    except OSError as exc:
        send(conn, {"declined": f"the run's process could not take over: {exc}"})
        return 0
    mark_serving(runner.pipeline)
    send(conn, {"pid": os.getpid()})
    finished = threading.Event()
    threading.Thread(target=_watch_client, args=(conn, finished), name="qalam-client-watch", daemon=True).start()
    try:
        from pipeline.cli.main import app

        app(prog_name=os.path.basename(sys.argv[0]))  # Click would name this process's `python -m` module
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except Declined as declined:
        finished.set()
        _decline(runner, conn, declined)
        return 0
    except BaseException:  # noqa: BLE001 - shown as Python shows an uncaught exception
        sys.excepthook(*sys.exc_info())
        code = 1
    atexit._run_exitfuncs()  # Prefect sends its last logs and events; the warm server's lease ends
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    finished.set()
    try:
        send(conn, {"exit": code})
    except OSError:
        pass  # the client is gone
    return code


def _take_over(request: dict, streams: list[int]) -> None:
    for target, descriptor in enumerate(streams):
        os.dup2(descriptor, target)
        os.close(descriptor)
    sys.stdout.reconfigure(line_buffering=os.isatty(1))  # as Python sets it up at start
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    sys.argv = request["argv"]


def _watch_client(conn: socket.socket, finished: threading.Event) -> None:
    """The client sends nothing after its request: the end of the connection means it died (even by
    SIGKILL); the run then stops as on SIGTERM."""
    try:
        while conn.recv(64):
            pass
    except OSError:
        pass
    if not finished.is_set():
        os.kill(os.getpid(), signal.SIGTERM)


def _decline(runner: Runner, conn: socket.socket, declined: Declined) -> None:
    if declined.stale:
        with locked(runner.home / LOCK_NAME):
            retire(runner.home, os.getppid())
    with (runner.home / LOG_NAME).open("a", encoding="utf-8") as log:
        print(f"{datetime.now():%Y-%m-%d %H:%M:%S} run {os.getpid()} declined: {declined.reason}", file=log)
    try:
        send(conn, {"declined": declined.reason})
    except OSError:
        pass


def _exit_code(value: object) -> int:
    """The exit code of ``SystemExit(value)``, as Python computes it (a message is printed)."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1


if __name__ == "__main__":
    home, settings_json, idle, starter = sys.argv[1:5]
    serve(Path(home), settings_json, float(idle), int(starter))
