"""`qalam serve` on an interval stops like a service: a dropped-in file gets its record and a
summary line; Ctrl-C (to the whole process group, as a terminal sends it) or SIGTERM stops it
within seconds with a "stopped" line, exit code 0 and no traceback; no flow run ends Crashed and
no run starts after the signal; the schedule is paused unless --keep-schedule."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import QALAM, wait_for

RECORD_TIMEOUT_SECONDS = 150
STOP_SECONDS = 5.0  # on a quiet machine; more when other work keeps every core busy (see _stop_limit)


def _skipped(out: Path) -> list[str]:
    try:
        return [entry["path"] for entry in json.loads((out / "_manifest.json").read_text())["skipped"]]
    except (OSError, ValueError):
        return []  # not written yet, or being replaced


def _serve(src: Path, out: Path, log: Path, env: dict[str, str], *extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(QALAM), "serve", str(src), "--out", str(out), "--interval", "2", *extra],
                            stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env, start_new_session=True)


CANCEL_SECONDS = 15.0  # a run in progress: Prefect cancels it once its current batch is done (7.7 s measured)


def _stop_limit(seconds: float = STOP_SECONDS) -> float:
    """``seconds``, stretched by how overloaded the machine is (load average per core above 1)."""
    return seconds * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def _stop(process: subprocess.Popen, stop: signal.Signals) -> float:
    """Send ``stop`` as a terminal would (Ctrl-C to the group, SIGTERM to the process); seconds to exit."""
    started = time.monotonic()
    if stop == signal.SIGINT:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(stop)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("serve did not stop within 60 s of the signal")
    return time.monotonic() - started


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="uses POSIX signals and process groups")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_picks_up_new_files_and_stops_like_a_service(tmp_path, good_article, prefect_server, prefect_env,
                                                            stop):
    src, out, log = tmp_path / "inbox", tmp_path / "out", tmp_path / "serve.log"
    src.mkdir()
    process = _serve(src, out, log, prefect_env)
    try:
        (src / "late.txt").write_text(good_article, encoding="utf-8")
        appeared = wait_for((out / "late.json").exists, RECORD_TIMEOUT_SECONDS, process)
        assert appeared, log.read_text(errors="replace")[-3000:]
        (src / "outside").symlink_to(tmp_path, target_is_directory=True)  # the boundary holds in serve too
        skipped = wait_for(lambda: _skipped(out) == ["outside"], RECORD_TIMEOUT_SECONDS, process)
        assert skipped, log.read_text(errors="replace")[-3000:]
    finally:
        seconds = _stop(process, stop)
    shown = log.read_text(errors="replace")
    assert process.returncode == 0 and shown.rstrip().endswith("stopped; the schedule is paused"), shown[-3000:]
    assert seconds < _stop_limit(), f"stopping took {seconds:.1f} s (load {os.getloadavg()[0]:.1f})"
    assert re.search(r"^\S+ \S+ 1 ok \(1 new, 0 changed, 0 unchanged\), 0 failed, 0 skipped", shown, re.M), shown[-3000:]
    assert "Traceback" not in shown and "never awaited" not in shown, shown[-3000:]
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
    deployment = prefect_server.deployment("qalam-scheduled")
    assert deployment["paused"], "the schedule was left active"
    time.sleep(3)  # longer than the interval: a run that would start after the signal would show now
    states = [run["state"]["type"] for run in prefect_server.flow_runs() if run["deployment_id"] == deployment["id"]]
    assert "CRASHED" not in states and "RUNNING" not in states and "PENDING" not in states, states


def _write_many(src: Path, text: str, count: int) -> None:
    src.mkdir()
    for index in range(count):
        (src / f"doc {index:02d}.txt").write_text(text.replace("Lyon", f"Town {index}") * 3, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="uses POSIX signals and process groups")
def test_ctrl_c_during_a_run_cancels_it_and_keeps_the_schedule_when_asked(tmp_path, good_article, prefect_server,
                                                                          prefect_env):
    src, out, log = tmp_path / "inbox", tmp_path / "out", tmp_path / "serve.log"
    _write_many(src, good_article, 60)
    process = _serve(src, out, log, prefect_env, "--keep-schedule")
    started = wait_for(lambda: out.is_dir() and any(out.glob("doc*.json")), RECORD_TIMEOUT_SECONDS, process,
                       every=0.1)
    seconds = _stop(process, signal.SIGINT)
    shown = log.read_text(errors="replace")
    assert started, shown[-3000:]
    assert process.returncode == 0 and shown.rstrip().endswith("stopped; the schedule is kept"), shown[-3000:]
    assert seconds < _stop_limit(CANCEL_SECONDS), f"stopping took {seconds:.1f} s (load {os.getloadavg()[0]:.1f})"
    assert "Traceback" not in shown, shown[-3000:]
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
    deployment = prefect_server.deployment("qalam-scheduled")
    assert not deployment["paused"]
    runs = [run for run in prefect_server.flow_runs() if run["deployment_id"] == deployment["id"]
            and run["state"]["type"] not in ("SCHEDULED",)]
    assert [run["state"]["type"] for run in runs] == ["CANCELLED"], [run["state"] for run in runs]
