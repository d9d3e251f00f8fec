"""qalam's warm local Prefect server: a later run finds it, it stops after its idle time, a run
that holds it keeps it up, and it dies with its keeper."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.run import warm_server
from pipeline.run.prefect_server import ServerDidNotStart

from .conftest import QALAM, alive, pgrep, wait_for


@pytest.mark.parametrize("value, seconds", [("", warm_server.DEFAULT_IDLE_SECONDS), ("0", 0.0), ("2.5", 2.5),
                                            ("-3", 0.0)])
def test_idle_seconds_come_from_the_environment(monkeypatch, value, seconds):
    monkeypatch.setenv(warm_server.ENV_IDLE, value)
    assert warm_server.idle_seconds() == seconds


def test_an_idle_time_that_is_not_a_number_says_so(monkeypatch):
    monkeypatch.setenv(warm_server.ENV_IDLE, "ten")
    with pytest.raises(ServerDidNotStart, match="QALAM_SERVER_IDLE_SECONDS='ten'"):
        warm_server.idle_seconds()


def test_a_server_whose_keeper_is_gone_is_not_used(tmp_path):
    finished = subprocess.Popen(["true"])
    finished.wait()
    gone = finished.pid
    (tmp_path / warm_server.INFO_NAME).write_text(json.dumps({"pid": gone, "api_url": "http://127.0.0.1:9/api"}))
    assert warm_server.running_server(tmp_path) is None
    (tmp_path / warm_server.INFO_NAME).write_text("{not json")
    assert warm_server.running_server(tmp_path) is None


def test_idle_means_no_lease_held_and_the_last_use_long_enough_ago(tmp_path):
    lease = tmp_path / warm_server.LEASE_NAME
    lease.touch()
    os.utime(lease, (time.time() - 30, time.time() - 30))
    assert warm_server._idle(tmp_path, 10) and not warm_server._idle(tmp_path, 60)
    held = subprocess.Popen(["flock", "--shared", str(lease), "sleep", "30"], start_new_session=True)
    try:
        assert wait_for(lambda: not warm_server._idle(tmp_path, 10), 10, held, every=0.05)
    finally:
        os.killpg(held.pid, signal.SIGKILL)  # flock and the sleep that holds the lock with it
        held.wait()
    assert wait_for(lambda: warm_server._idle(tmp_path, 10), 10, every=0.05)  # the sleep dies a moment later


def _server_pids(home: Path) -> set[int]:
    """The keeper of the warm server in ``home``, the server and the processes of the server's session."""
    keeper = json.loads((home / warm_server.INFO_NAME).read_text())["pid"]
    servers = pgrep("-P", str(keeper))
    return {keeper}.union(servers, *(pgrep("-s", str(server)) for server in servers))


@pytest.mark.slow
def test_a_second_run_uses_the_warm_server_which_stops_when_idle(tmp_path, good_article):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(good_article, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(QALAM_HOME=str(tmp_path / "state"), QALAM_SERVER_IDLE_SECONDS="6")
    home = tmp_path / "state" / "prefect"

    def run(out: str) -> str:
        done = subprocess.run([str(QALAM), "run", str(src), "--out", str(tmp_path / out)], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stderr

    assert "starting qalam's local Prefect server" in run("first")
    pids = _server_pids(home)
    assert len(pids) >= 2 and all(map(alive, pids))
    assert "starting qalam's local Prefect server" not in run("second")
    assert _server_pids(home) == pids, "the second run started another server"
    assert wait_for(lambda: not any(map(alive, pids)), 60), "the warm server outlived its idle time"
    assert not (home / warm_server.INFO_NAME).exists()


@pytest.mark.slow
def test_the_server_dies_with_its_keeper_even_by_sigkill(tmp_path, good_article):
    home = tmp_path / "prefect"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    user = subprocess.Popen([sys.executable, "-c", "import sys; from pathlib import Path; "
                             "from pipeline.run import warm_server as w; "
                             "print(w.use_warm_server(Path(sys.argv[1]))[0], flush=True); sys.stdin.read()",
                             str(home)],
                            env={**env, "QALAM_SERVER_IDLE_SECONDS": "600"}, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert user.stdout.readline().startswith("http://127.0.0.1:")
        pids = _server_pids(home)
        os.kill(json.loads((home / warm_server.INFO_NAME).read_text())["pid"], signal.SIGKILL)
        assert wait_for(lambda: not any(map(alive, pids)), 30), "the server outlived its keeper"
    finally:
        user.communicate(input="")
