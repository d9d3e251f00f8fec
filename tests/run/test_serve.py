"""`qalam serve` on an interval: a dropped-in file gets its record, Ctrl-C stops everything."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

RECORD_TIMEOUT_SECONDS = 150
STOP_TIMEOUT_SECONDS = 45


def _wait_for(path: Path, timeout: float, process: subprocess.Popen) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.5)
    return False


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="uses POSIX signals and process groups")
def test_serve_picks_up_new_files_and_stops_cleanly(tmp_path, good_article):
    src, out = tmp_path / "inbox", tmp_path / "out"
    src.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    qalam = Path(sys.executable).with_name("qalam")
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([str(qalam), "serve", str(src), "--out", str(out), "--interval", "2"],
                               stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        (src / "late.txt").write_text(good_article, encoding="utf-8")
        appeared = _wait_for(out / "late.json", RECORD_TIMEOUT_SECONDS, process)
        assert appeared, (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"serve did not stop within {STOP_TIMEOUT_SECONDS} s of Ctrl-C")
        log.close()
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
