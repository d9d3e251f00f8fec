"""qalam's warm runner: a process that has imported the pipeline and Prefect and loaded the models,
so that a ``qalam run`` after the first pays neither (about 4 s of a 5 s one-document run).

A run that extracts something against qalam's own warm Prefect server (``pipeline.run.warm_server``)
starts the runner, detached in its own session, for the runs after it: the runner warms up once
that run has ended (it takes none of its processor time) and is ready a few seconds later. Later
``qalam run`` commands (``pipeline.cli.launch``) connect to its Unix socket and pass their
arguments, working folder, environment, umask and standard streams; the runner forks a child
that takes them over and runs the same CLI code as a direct run, against the warm server, then
reports its exit code. The runner never runs a flow, and when it forks it has no thread but its
own, so each child starts clean. It stops once no run has used it for ``QALAM_SERVER_IDLE_SECONDS`` (default 900),
like the server; SIGTERM stops it and its runs (each stops as on SIGTERM: records written so far
are whole); SIGUSR1 retires it (no new run; it exits when its runs end).

A runner serves only runs it would run exactly like a direct run: the same Python, code, rule
data and installed packages (a stamp of mtimes and sizes taken before its imports), the same
locale, no PREFECT_* variable of the user's, one local worker, and the pipeline fingerprint of
the models it loaded. Any other run goes direct; a runner whose code, packages or pipeline
differ is retired and the next run that extracts something starts a new one.

Files in Prefect's state folder, beside the warm server's: ``runner.json`` (the pid; once ready,
what it serves), ``runner.sock``, ``runner.lock`` (held while a run looks for, starts or retires
the runner and while the runner decides to stop) and ``runner.log`` (one line per run).

The ``qalam`` console script imports this module before anything else: its own imports stay light.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import json
import os
import select
import shlex
import signal
import socket
import struct
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

from pipeline.paths import MODELS_DIR, PACKAGE_DIR
from pipeline.run.prefect_env import configure_prefect, user_prefect_variables
from pipeline.run.prefect_server import ServerDidNotStart, stop_with_parent
from pipeline.run.warm_server import ENV_IDLE, idle_seconds, locked

RUNNER_MODULE = "pipeline.run.warm_runner"  # also when this file runs as __main__
INFO_NAME, LOCK_NAME, SOCKET_NAME, LOG_NAME = "runner.json", "runner.lock", "runner.sock", "runner.log"
CHECK_SECONDS = 1.0  # how often the runner looks for idleness
REQUEST_SECONDS = 5.0  # a client that connected sends its request at once
STOP_SECONDS = 30.0  # after SIGTERM, runs that have not stopped by then are killed
WAIT_SECONDS = 0.1  # how often a new runner looks whether the run that started it has ended
SOCKET_PATH_MAX = 107  # sun_path holds 108 bytes with the final NUL (Linux)
# Read by Python or its libraries when a process starts, so a runner serves only runs that agree.
STARTUP_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "PYTHONIOENCODING", "PYTHONUTF8", "LANG", "LC_ALL", "LC_CTYPE")
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
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


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


def _write_info(home: Path, info: dict) -> None:
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
        _write_info(home, {"pid": runner.pid, "ready": False})
    return True


# ---- the runner ----

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


def send_signal(pid: int, signum: int) -> None:
    """Send ``signum`` to ``pid`` unless it has ended."""
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


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
        _write_info(home, {"pid": os.getpid(), "ready": True, **own, "pipeline": pipeline})
    _log(f"ready after {time.monotonic() - spawned:.1f} s")
    runner.serve()


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

_serving: Runner | None = None  # set in a run's process: the runner it was forked from


def serving() -> bool:
    """This process is a run forked by a warm runner."""
    return _serving is not None


def check_fit(settings) -> None:
    """In a runner's run: raise ``Declined`` unless the runner serves it like a direct run."""
    if _serving is None:
        return
    if settings.pipeline.workers != 1 or settings.pipeline.dask_address:
        raise Declined("runs with several workers or on Dask start their own workers", stale=False)
    from pipeline.run.batch import pipeline_info

    if comparable(pipeline_info(settings).model_dump()) != _serving.pipeline:
        raise Declined("the settings or rule data differ from the warm runner's; it was stopped", stale=True)


def _child(runner: Runner, conn: socket.socket, request: dict, streams: list[int]) -> int:
    """A run's process: take over the client's streams, folder and environment, run the command
    as ``qalam`` would; the exit code."""
    global _serving
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
    _serving = runner
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
    # through the imported module, not this ``__main__`` copy: the runs' code asks it whether it is serving
    home, settings_json, idle, starter = sys.argv[1:5]
    importlib.import_module(RUNNER_MODULE).serve(Path(home), settings_json, float(idle), int(starter))
