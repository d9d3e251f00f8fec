"""`qalam serve` on an interval: a dropped-in file gets its record and a summary line, Ctrl-C or
SIGTERM stops everything with a "stopped" line, exit code 0 and no traceback."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

RECORD_TIMEOUT_SECONDS = 150
STOP_TIMEOUT_SECONDS = 45


def _wait_for(condition, timeout: float, process: subprocess.Popen) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.5)
    return False


def _skipped(out: Path) -> list[str]:
    try:
        return [entry["path"] for entry in json.loads((out / "_manifest.json").read_text())["skipped"]]
    except (OSError, ValueError):
        return []  # not written yet, or being replaced


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="uses POSIX signals and process groups")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_picks_up_new_files_and_stops_cleanly(tmp_path, good_article, stop):
    src, out = tmp_path / "inbox", tmp_path / "out"
    src.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    qalam = Path(sys.executable).with_name("qalam")
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([str(qalam), "serve", str(src), "--out", str(out), "--interval", "2"],
                               stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        (src / "late.txt").write_text(good_article, encoding="utf-8")
        appeared = _wait_for((out / "late.json").exists, RECORD_TIMEOUT_SECONDS, process)
        assert appeared, (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
        (src / "outside").symlink_to(tmp_path, target_is_directory=True)  # the boundary holds in serve too
        skipped = _wait_for(lambda: _skipped(out) == ["outside"], RECORD_TIMEOUT_SECONDS, process)
        assert skipped, (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
    finally:
        process.send_signal(stop)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"serve did not stop within {STOP_TIMEOUT_SECONDS} s of Ctrl-C")
        log.close()
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
    shown = (tmp_path / "serve.log").read_text(errors="replace")
    assert process.returncode == 0 and shown.rstrip().endswith("stopped"), shown[-3000:]
    assert re.search(r"^\S+ \S+ 1 ok \(1 new, 0 changed, 0 unchanged\), 0 failed, 0 skipped", shown, re.M), shown[-3000:]
    assert "Traceback" not in shown and "never awaited" not in shown, shown[-3000:]
