"""Crash safety with real processes: SIGKILL part-way leaves only whole records and the next
run completes exactly what is missing; Ctrl-C and SIGTERM stop a run in one line and leave no
process behind; a second run on the same output folder is refused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.corpus.query import load_record
from pipeline.run.store import LOCK_NAME, is_record_file, iter_record_files

from .conftest import QALAM

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

CITIES = ["Ghent", "Tartu", "Braga", "Kaunas", "Aarhus", "Bergen", "Porto", "Utrecht", "Graz", "Lund",
          "Turku", "Split", "Bruges", "Ljubljana", "Gdansk", "Brno"]
START_SECONDS = 120  # each process starts Prefect and loads the model
EXIT_FAILURES, EXIT_BUSY = 1, 4


def _document(index: int, paragraphs: int) -> str:
    city = CITIES[index % len(CITIES)]
    body = "\n\n".join(
        f"In {city}, the housing cooperative number {index} held its meeting {n} on a Tuesday evening. "
        f"About {20 + n} members discussed the repair of the roof and the cost of heating, which rose "
        f"by {5 + n}% last winter. The treasurer explained that the association had saved money for years."
        for n in range(paragraphs))
    return f"Cooperative Meeting in {city}\n\n{body}\n"


def _corpus(src: Path, *, documents: int, paragraphs: int) -> None:
    src.mkdir(parents=True)
    for index in range(documents):
        (src / f"doc {index:02d}.txt").write_text(_document(index, paragraphs), encoding="utf-8")


def _start(src: Path, out: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    # qalam's state of its own (a warm runner left by another run would hold the lock, not this process);
    # the warm Prefect server and runner stop 1 s after the run
    env.update(QALAM_HOME=str(src.parent / "state"), QALAM_SERVER_IDLE_SECONDS="1")
    return subprocess.Popen([str(QALAM), "run", str(src), "--out", str(out), "--quiet"],
                            env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _wait_for(condition, process: subprocess.Popen, *, what: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"qalam exited ({process.returncode}) before {what}: {process.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_sigkill_leaves_whole_records_and_the_next_run_completes(tmp_path, settings):
    from pipeline.run.flows import run_flow

    src, out = tmp_path / "src", tmp_path / "out"
    _corpus(src, documents=12, paragraphs=40)
    process = _start(src, out)
    _wait_for(lambda: out.is_dir() and any(iter_record_files(out)), process, what="the first record")
    started = _children(process.pid)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert _alive(started) == set(), "the local Prefect server outlived qalam and its idle time"

    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # whole JSON, never truncated
    written = [path for path in out.rglob("*") if path.is_file() and is_record_file(path)]
    for path in written:
        assert path.suffix == ".json" and load_record(path).text  # valid records only; temp files excluded
    assert 1 <= len(written) <= 12

    summary = run_flow(str(src), str(out), settings.model_dump())
    counts = summary["counts"]
    assert (counts["new"], counts["unchanged"], counts["failed"]) == (12 - len(written), len(written), 0)
    assert len(list(iter_record_files(out))) == 12


def test_a_second_process_on_the_same_output_exits_4(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _corpus(src, documents=40, paragraphs=30)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")  # one failure: exit code 1
    first = _start(src, out)
    lock = out / LOCK_NAME
    _wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), first, what="the lock")
    second = _start(src, out)
    try:
        _, second_err = second.communicate(timeout=START_SECONDS)
        first_out, first_err = first.communicate(timeout=START_SECONDS)
    finally:
        for process in (first, second):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    assert second.returncode == EXIT_BUSY, second_err[-2000:]
    assert second_err.startswith("error: another qalam run") and second_err.count("\n") == 1, second_err
    assert first.returncode == EXIT_FAILURES, first_err[-2000:]
    assert "Traceback" not in first_err
    assert len(list(iter_record_files(out))) == 40
    assert "Traceback" not in second_err


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pids: set[int], *, within: float = 20) -> set[int]:
    """Those of ``pids`` still running after waiting up to ``within`` seconds for them to end."""
    def running() -> set[int]:
        return {pid for pid in pids if _state(pid) not in ("gone", "Z")}

    deadline = time.monotonic() + within
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    return running()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


@pytest.mark.parametrize("stop, to_group, code, word", [
    (signal.SIGTERM, False, 143, "terminated"),
    (signal.SIGINT, True, 130, "interrupted"),  # Ctrl-C in a terminal reaches the whole group
])
def test_a_stopped_run_says_so_in_one_line_and_leaves_no_process(tmp_path, stop, to_group, code, word):
    src, out = tmp_path / "src", tmp_path / "out"
    _corpus(src, documents=12, paragraphs=40)
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "QALAM_HOME")}
    env.update(QALAM_HOME=str(tmp_path / "state"), QALAM_SERVER_IDLE_SECONDS="1")
    process = subprocess.Popen([str(QALAM), "run", str(src), "--out", str(out)], env=env, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: out.is_dir() and any(iter_record_files(out)), process, what="the first record")
    started = _children(process.pid)  # the local Prefect server among them, in its own session
    (os.killpg if to_group else os.kill)(process.pid, stop)
    _, stderr = process.communicate(timeout=START_SECONDS)
    assert process.returncode == code, stderr[-2000:]
    lines = [line for line in stderr.splitlines() if "Crash detected" not in line]  # Prefect's own log line
    assert lines[-1].startswith(f"stopped: {word}; records written so far are whole"), stderr[-2000:]
    assert "Traceback" not in stderr and "Error logging to API" not in stderr, stderr[-2000:]
    assert started and _alive(started) == set(), "processes left behind"
    assert not list(out.rglob("*.tmp"))
