"""The console script's hand-off: ``qalam run`` goes to a warm runner that is ready and serves this
environment; anything else runs here, with the reason kept for --verbose. The runner is played by a
thread on a real Unix socket."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from pipeline.cli import launch
from pipeline.run import warm_runner
from pipeline.run.prefect_env import PREFECT_STATE


@pytest.fixture
def home(monkeypatch) -> Path:
    """Prefect's state folder under a short QALAM_HOME (a Unix socket path holds 107 bytes)."""
    with tempfile.TemporaryDirectory(prefix="qalam-") as root:
        monkeypatch.setenv("QALAM_HOME", root)
        for name in [key for key in os.environ if key.startswith("PREFECT_")]:
            monkeypatch.delenv(name)
        folder = Path(root) / PREFECT_STATE
        folder.mkdir()
        yield folder


def _ready(home: Path, **changes) -> None:
    """A runner.json saying that a runner (this test process, taken for one) is ready."""
    info = {"pid": os.getpid(), "ready": True, **warm_runner.identity(), "pipeline": {}, **changes}
    (home / warm_runner.INFO_NAME).write_text(json.dumps(info))


def _runner(home: Path, *replies: dict | None) -> threading.Thread:
    """A runner that takes one request and answers with ``replies`` (None: hang up)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(home / warm_runner.SOCKET_NAME))
    listener.listen(1)

    def serve() -> None:
        conn, _ = listener.accept()
        request, streams = warm_runner.receive_request(conn)
        for descriptor in streams:
            os.close(descriptor)
        assert request["argv"][1] == "run" and request["cwd"] == os.getcwd()
        for reply in replies:
            if reply is None:
                break
            warm_runner.send(conn, reply)
        conn.close()
        listener.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def taken_for_a_runner(monkeypatch):
    monkeypatch.setattr(launch, "is_runner", lambda pid: pid == os.getpid())


def test_only_run_is_handed_off(home):
    assert launch.hand_off(["qalam", "show", "x.json"]) is None
    assert launch.hand_off(["qalam", "--version"]) is None


def test_without_a_runner_the_run_is_direct(home):
    assert launch.hand_off(["qalam", "run", "src"]) is None
    assert warm_runner.fallback_reason == "no warm runner is running"


def test_a_runner_file_naming_another_process_is_not_a_runner(home):
    _ready(home)  # this test process, which is no runner
    assert launch.hand_off(["qalam", "run", "src"]) is None
    assert warm_runner.fallback_reason == "no warm runner is running"


@pytest.mark.usefixtures("taken_for_a_runner")
def test_a_runner_still_warming_up_is_not_waited_for(home):
    _ready(home, ready=False)
    assert launch.hand_off(["qalam", "run", "src"]) is None
    assert warm_runner.fallback_reason == "the warm runner is still warming up"


@pytest.mark.usefixtures("taken_for_a_runner")
@pytest.mark.parametrize("variable", ["PREFECT_API_URL", "PREFECT_LOGGING_LEVEL"])
def test_a_users_prefect_variable_means_a_direct_run(home, monkeypatch, variable):
    _ready(home)
    monkeypatch.setenv(variable, "DEBUG")
    assert launch.hand_off(["qalam", "run", "src"]) is None
    assert warm_runner.fallback_reason.startswith(f"{variable} is set")


@pytest.mark.usefixtures("taken_for_a_runner")
@pytest.mark.parametrize("replies, code, reason", [
    ([{"pid": 1}, {"exit": 7}], 7, None),
    ([{"pid": 1}, {"exit": 0}, {"exit": 143}], 0, None),  # the run's own report comes first
    ([{"pid": 1}, {"declined": "runs with several workers"}], None, "runs with several workers"),
    ([None], None, "the warm runner did not take the run"),
    ([{"pid": 1}, None], launch.EXIT_LOST, None),
])
def test_the_runs_answer(home, replies, code, reason):
    _ready(home)
    runner = _runner(home, *replies)
    assert launch.hand_off(["qalam", "run", "src"]) == code
    assert warm_runner.fallback_reason == reason
    runner.join(timeout=10)


@pytest.mark.usefixtures("taken_for_a_runner")
def test_a_runner_of_other_code_is_retired(home, monkeypatch):
    _ready(home, stamp="older")
    retired = []
    monkeypatch.setattr(warm_runner, "send_signal", lambda pid, signum: retired.append((pid, signum)))
    assert launch.hand_off(["qalam", "run", "src"]) is None
    assert warm_runner.fallback_reason.startswith("the code, packages or environment changed")
    assert retired == [(os.getpid(), warm_runner.signal.SIGUSR1)]
    assert not (home / warm_runner.INFO_NAME).exists()


@pytest.mark.slow
def test_the_console_script_decides_before_importing_the_app():
    """A hand-off costs no import of spaCy, Prefect, Typer or Rich: only a direct run loads them."""
    code = ("import sys\nimport pipeline.cli.launch\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'prefect', 'typer', 'rich', 'pydantic'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"})
    assert done.stdout.strip() == "[]"
