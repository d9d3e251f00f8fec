"""qalam's warm runner: what it serves, its protocol, and, with real processes, a second run through
it that writes a direct run's records, a fallback and a new runner when code or settings change,
Ctrl-C, SIGTERM and SIGKILL of the client or the runner leaving no run behind, and the idle stop."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from pipeline.cli import runner_process
from pipeline.run import warm_runner
from pipeline.run.prefect_env import PREFECT_STATE
from pipeline.run.store import iter_record_files
from pipeline.run.warm_server import INFO_NAME as SERVER_INFO

from .conftest import QALAM, alive, pgrep, wait_for

START_SECONDS = 240  # a first run starts Prefect's server (13–16 s on a quiet machine) and the runner
STOP_SECONDS = 30
STOPPED = "records written so far are whole"


# ---- what a runner serves ----

def test_the_code_stamp_follows_every_file_but_caches(tmp_path):
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    module = tmp_path / "pkg" / "module.py"
    module.write_text("A = 1\n")
    stamp = warm_runner.code_stamp((tmp_path,))
    (tmp_path / "pkg" / "__pycache__" / "module.pyc").write_bytes(b"cache")
    assert warm_runner.code_stamp((tmp_path,)) == stamp
    module.write_text("A = 2\n")
    os.utime(module, ns=(1, 1))
    assert warm_runner.code_stamp((tmp_path,)) != stamp


@pytest.mark.parametrize("environ, problem", [
    ({}, None),
    ({"PREFECT_SERVER_ANALYTICS_ENABLED": "false"}, None),
    ({"PREFECT_API_URL": "http://127.0.0.1:4200/api"}, "PREFECT_API_URL is set"),
    ({"QALAM_SERVER_IDLE_SECONDS": "0"}, "QALAM_SERVER_IDLE_SECONDS=0 keeps nothing warm"),
    ({"QALAM_SERVER_IDLE_SECONDS": "soon"}, "QALAM_SERVER_IDLE_SECONDS='soon' is not a number"),
])
def test_environments_a_runner_cannot_serve(tmp_path, environ, problem):
    found = warm_runner.environment_problem(tmp_path, environ)
    assert found == problem if problem is None else found.startswith(problem)


def test_a_socket_path_too_long_for_unix_means_no_runner():
    found = warm_runner.environment_problem(Path("/tmp") / ("x" * 100), {})
    assert found.startswith("the path of its socket")


@pytest.mark.parametrize("value, code", [(None, 0), (0, 0), (143, 143), ("a message", 1)])
def test_exit_codes_as_python_computes_them(value, code, capsys):
    assert runner_process._exit_code(value) == code


def test_a_request_carries_three_streams(tmp_path):
    client, server = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with client, server, (tmp_path / "out.txt").open("w") as out:
        request = {"argv": ["qalam", "run", "src"], "env": {"X": "é" * 5000}}
        warm_runner.send_request(client, request, [0, out.fileno(), 2])
        received, streams = warm_runner.receive_request(server)
        os.write(streams[1], b"through the passed stream")
        for descriptor in streams:
            os.close(descriptor)
    assert received == request
    assert (tmp_path / "out.txt").read_text() == "through the passed stream"


@pytest.fixture
def in_a_run(monkeypatch, settings):
    """This process taken for a run of a runner loaded with the pipeline of ``settings``."""
    from pipeline.run.batch import pipeline_info

    monkeypatch.setattr(warm_runner, "_served", None)
    warm_runner.mark_serving(warm_runner.comparable(pipeline_info(settings).model_dump()))


def test_outside_a_runner_every_run_fits(settings):
    warm_runner.check_fit(settings.with_overrides(pipeline={"workers": 2}))


@pytest.mark.usefixtures("in_a_run")
@pytest.mark.parametrize("overrides, stale", [
    ({"privacy": {"redact": True}}, None),  # masks text; the models are the same
    ({"pipeline": {"batch_size": 2}}, None),
    ({"pipeline": {"workers": 2}}, False),
    ({"pipeline": {"chunk_chars": 20_000}}, True),  # another fingerprint: the loaded models do not fit
])
def test_a_run_the_runner_cannot_serve_like_a_direct_run_is_declined(settings, overrides, stale):
    changed = settings.with_overrides(**overrides)
    if stale is None:
        warm_runner.check_fit(changed)
        return
    with pytest.raises(warm_runner.Declined) as declined:
        warm_runner.check_fit(changed)
    assert declined.value.stale == stale


# ---- with real processes ----

class Warm:
    """qalam's state in a short temporary folder (Unix socket paths are short), one source
    document, and ``qalam run`` as a user runs it."""

    def __init__(self, root: Path, document: str) -> None:
        self.root, self.home = root, root / "state" / PREFECT_STATE
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "QALAM_"))}
        self.env.update(QALAM_HOME=str(root / "state"), QALAM_SERVER_IDLE_SECONDS="300")
        self.src = root / "one"
        self.src.mkdir()
        (self.src / "article.txt").write_text(document, encoding="utf-8")
        self.direct_out: Path | None = None
        self._outs = itertools.count()

    def out(self) -> Path:
        return self.root / f"out-{next(self._outs)}"

    def command(self, *args: str, src: Path | None = None) -> list[str]:
        return [str(QALAM), "run", str(src or self.src), *args]

    def run(self, *args: str, src: Path | None = None, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(*args, src=src), env={**self.env, **env}, capture_output=True,
                              text=True, timeout=START_SECONDS)

    def runner(self) -> dict | None:
        """runner.json when it names a live runner."""
        info = warm_runner.read_info(self.home)
        return info if info and warm_runner.is_runner(info["pid"]) else None

    def ready_runner(self, *args: str, **env: str) -> int:
        """The pid of a ready runner: the one there, else one started by a run that extracts."""
        info = self.runner()
        if not info:
            out = self.out()
            done = self.run("--out", str(out), *args, **env)
            assert done.returncode == 0, done.stderr[-2000:]
            self.direct_out = self.direct_out or out
        assert wait_for(lambda: (self.runner() or {}).get("ready"), START_SECONDS), "no runner became ready"
        return self.runner()["pid"]

    def retire(self) -> None:
        info = self.runner()
        if info:
            warm_runner.retire(self.home, info["pid"])
            assert wait_for(lambda: not alive(info["pid"]), STOP_SECONDS, every=0.1)

    def stop(self) -> None:
        """Stop the runner and the warm server's keeper; wait until they and their children are gone."""
        pids = set()
        for name in (warm_runner.INFO_NAME, SERVER_INFO):
            try:
                pids.add(json.loads((self.home / name).read_text())["pid"])
            except (OSError, ValueError):
                pass
        pids |= set().union(*(_children(pid) for pid in pids))
        for pid in pids:
            warm_runner.send_signal(pid, signal.SIGTERM)
        assert wait_for(lambda: not any(map(alive, pids)), STOP_SECONDS), "the runner or the server stayed"


def _children(pid: int) -> set[int]:
    return {child for child in pgrep("-P", str(pid)) if alive(child)}


def _records(out: Path) -> dict[str, dict]:
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in iter_record_files(out)}


@pytest.fixture(scope="module")
def warm(good_article):
    with tempfile.TemporaryDirectory(prefix="qalam-") as root:
        state = Warm(Path(root), good_article)
        try:
            yield state
        finally:
            state.stop()


def _long_batch(root: Path) -> Path:
    """12 documents of 40 paragraphs: a run that can be stopped part-way."""
    src = root / "long"
    if not src.is_dir():
        src.mkdir()
        for index in range(12):
            body = "\n\n".join(f"In Tartu, the housing cooperative number {index} held its meeting {n} on a "
                               f"Tuesday. About {20 + n} members discussed the repair of the roof, which cost "
                               f"{5 + n}% more than last winter, said the treasurer." for n in range(40))
            (src / f"doc {index:02d}.txt").write_text(f"Cooperative Meeting {index}\n\n{body}\n", encoding="utf-8")
    return src


@pytest.mark.slow
def test_a_second_run_goes_through_the_runner_and_writes_a_direct_runs_records(warm):
    pid = warm.ready_runner()
    out = warm.out()
    done = warm.run("--out", str(out), "--verbose")
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"warm runner: run by qalam's warm runner (pid {pid}" in done.stderr
    assert done.stdout.startswith("1 ok (1 new, 0 changed, 0 unchanged), 0 failed")
    assert _records(out) == _records(warm.direct_out)
    log = (warm.home / warm_runner.LOG_NAME).read_text()
    assert f"qalam run {warm.src} --out {out} --verbose in " in log

    again = warm.run("--out", str(out))  # unchanged: still no Prefect
    assert again.returncode == 0 and "Prefect was not started" in again.stderr
    wrong = warm.run("--out", str(out), "--bogus")
    assert wrong.returncode == 2 and wrong.stderr.startswith("error: No such option: --bogus")
    assert wrong.stderr.endswith("(see `qalam run --help`)\n")
    assert warm.runner()["pid"] == pid


@pytest.mark.slow
def test_runs_with_workers_go_direct_and_leave_the_runner(warm, tmp_path):
    pid = warm.ready_runner()
    empty = tmp_path / "empty"
    empty.mkdir()
    done = warm.run("--out", str(warm.out()), "--workers", "2", "--verbose", src=empty)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "direct run: runs with several workers or on Dask start their own workers" in done.stderr
    assert warm.runner()["pid"] == pid


@pytest.mark.slow
def test_changed_code_retires_the_runner_and_the_run_goes_direct(warm):
    pid = warm.ready_runner()
    info = json.loads((warm.home / warm_runner.INFO_NAME).read_text())
    (warm.home / warm_runner.INFO_NAME).write_text(json.dumps({**info, "stamp": "code of yesterday"}))
    done = warm.run("--out", str(warm.out()), "--verbose")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "direct run: the code, packages or environment changed since the warm runner started" in done.stderr
    assert wait_for(lambda: not alive(pid), STOP_SECONDS), "the stale runner stayed"
    assert warm.ready_runner() != pid  # the direct run started a new one


@pytest.mark.slow
def test_other_settings_restart_the_runner_with_their_models(warm, tmp_path):
    pid = warm.ready_runner()
    config = tmp_path / "settings.toml"
    config.write_text("[pipeline]\nchunk_chars = 20000\n")
    done = warm.run("--out", str(warm.out()), "--config", str(config), "--verbose")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "direct run: the settings or rule data differ from the warm runner's" in done.stderr
    assert wait_for(lambda: not alive(pid), STOP_SECONDS), "the runner of other settings stayed"
    started = warm.ready_runner()
    again = warm.run("--out", str(warm.out()), "--config", str(config), "--verbose")
    assert f"run by qalam's warm runner (pid {started}" in again.stderr
    warm.retire()  # the next test's runner loads the default settings


@pytest.mark.slow
@pytest.mark.parametrize("stop, code, word", [
    (signal.SIGTERM, 143, "terminated"),
    (signal.SIGINT, 130, "interrupted"),
    (signal.SIGKILL, -9, "terminated"),  # the run notices the lost connection and stops as on SIGTERM
])
def test_a_stopped_client_stops_its_run_and_leaves_no_process(warm, stop, code, word):
    runner = warm.ready_runner()
    out = warm.out()
    client = subprocess.Popen(warm.command("--out", str(out), src=_long_batch(warm.root)), env=warm.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: out.is_dir() and any(iter_record_files(out)), START_SECONDS, client), \
        client.communicate()[1][-2000:]
    (run,) = _children(runner)
    os.kill(client.pid, stop)
    _, stderr = client.communicate(timeout=START_SECONDS)
    assert client.returncode == code, stderr[-2000:]
    ended = f"run {run} ended with exit code {code if code > 0 else 143}"  # a lost client: as on SIGTERM
    assert wait_for(lambda: ended in (warm.home / warm_runner.LOG_NAME).read_text(), STOP_SECONDS), \
        "the run outlived its client"
    if stop != signal.SIGKILL:
        lines = [line for line in stderr.splitlines() if "Crash detected" not in line]  # Prefect's own log line
        assert lines[-1].startswith(f"stopped: {word}; {STOPPED}"), stderr[-2000:]
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # whole JSON, never truncated
    assert not list(out.rglob("*.tmp"))
    assert _children(runner) == set() and warm.runner()["pid"] == runner


@pytest.mark.slow
def test_sigterm_stops_the_runner_and_its_runs(warm):
    runner = warm.ready_runner()
    out = warm.out()
    client = subprocess.Popen(warm.command("--out", str(out), src=_long_batch(warm.root)), env=warm.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: out.is_dir() and any(iter_record_files(out)), START_SECONDS, client)
    os.kill(runner, signal.SIGTERM)
    _, stderr = client.communicate(timeout=START_SECONDS)
    assert client.returncode == 143 and f"stopped: terminated; {STOPPED}" in stderr, stderr[-2000:]
    assert wait_for(lambda: not alive(runner), STOP_SECONDS), "the runner outlived SIGTERM"
    assert not (warm.home / warm_runner.INFO_NAME).exists() and not (warm.home / warm_runner.SOCKET_NAME).exists()


@pytest.mark.slow
def test_the_runner_stops_after_its_idle_time(warm):
    warm.retire()
    pid = warm.ready_runner(QALAM_SERVER_IDLE_SECONDS="6")
    done = warm.run("--out", str(warm.out()), "--verbose", QALAM_SERVER_IDLE_SECONDS="6")
    assert f"run by qalam's warm runner (pid {pid}" in done.stderr  # the idle time counts from the last run
    assert wait_for(lambda: not alive(pid), 60), "the runner outlived its idle time"
    assert not (warm.home / warm_runner.INFO_NAME).exists()
    assert "idle for 6 s: stopped" in (warm.home / warm_runner.LOG_NAME).read_text()
