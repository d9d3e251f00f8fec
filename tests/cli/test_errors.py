"""Every documented mistake, made through the installed ``qalam`` command as a user would: one
clear line on stderr, no traceback, the documented exit code, no process left behind, and an
answer before Prefect starts (the checks come first).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from pipeline.cli.output import ExitCode
from pipeline.run.store import LOCK_NAME, MANIFEST_NAME, output_lock

QALAM = Path(sys.executable).with_name("qalam")
GOLD = Path(__file__).resolve().parents[1] / "gold"
# An answer that needs no Prefect comes in a few seconds; Prefect's start alone takes 6–16 s.
ANSWER_SECONDS = 12


class Case:
    """One mistake: the arguments (SRC, OUT, RECORDS, FILE and TMP are replaced), extra
    environment, something to set up first, the exit code and words the one line must hold."""

    def __init__(self, args: str, code: ExitCode, *words: str, env: dict | None = None,
                 setup: Callable[[dict[str, Path]], None] | None = None) -> None:
        self.args, self.code, self.words, self.env, self.setup = shlex.split(args), code, words, env or {}, setup

    def __repr__(self) -> str:
        return " ".join(self.args)


def _lock_is_a_folder(where: dict[str, Path]) -> None:
    (where["OUT"] / LOCK_NAME).mkdir(parents=True)


def _source_is_an_output(where: dict[str, Path]) -> None:
    (where["SRC"] / MANIFEST_NAME).write_text("{}")


def _settings_file(text: str) -> Callable[[dict[str, Path]], None]:
    return lambda where: where["FILE"].write_text(text)


CASES = [
    # paths
    Case("run TMP/missing --out OUT", ExitCode.USAGE, "input path does not exist"),
    Case("run SRC --out FILE", ExitCode.USAGE, "is a file, not a folder", setup=_settings_file("x")),
    Case("run SRC --out /proc/qalam-out", ExitCode.USAGE, "cannot create the output folder /proc/qalam-out"),
    Case("run SRC --out OUT", ExitCode.USAGE, ".qalam.lock is a folder", setup=_lock_is_a_folder),
    Case("run SRC --out SRC", ExitCode.USAGE, "is the source folder itself"),
    Case("run SRC --out TMP", ExitCode.USAGE, "contains the source folder"),
    Case("run SRC --out OUT", ExitCode.USAGE, "is a qalam output folder (it holds _manifest.json)",
         setup=_source_is_an_output),
    Case("serve SRC --out SRC --interval 60", ExitCode.USAGE, "is the source folder itself"),
    Case("serve TMP/missing --interval 60", ExitCode.USAGE, "input folder does not exist"),
    Case("export RECORDS --out /proc/qalam.csv", ExitCode.USAGE, "cannot write /proc/qalam.csv"),
    Case("report RECORDS --out /proc/qalam-site", ExitCode.USAGE, "cannot write the report to /proc/qalam-site"),
    # settings
    Case("run SRC --out OUT", ExitCode.SETUP, "QALAM_PIPELINE__BATCH_SIZE = '0'", "greater than or equal to 1",
         env={"QALAM_PIPELINE__BATCH_SIZE": "0"}),
    Case("run SRC --out OUT", ExitCode.SETUP, "QALAM_PIPELINE__BATCH_SIZE = 'abc'", "valid integer",
         env={"QALAM_PIPELINE__BATCH_SIZE": "abc"}),
    Case("run SRC --out OUT", ExitCode.SETUP, "QALAM_PIPELINE__WORKERS = '-3'", env={"QALAM_PIPELINE__WORKERS": "-3"}),
    Case("run SRC --out OUT", ExitCode.SETUP, "QALAM_INGEST__MAX_BYTES = '-1'", env={"QALAM_INGEST__MAX_BYTES": "-1"}),
    Case("run SRC --out OUT", ExitCode.SETUP, "unknown section in QALAM_PIPELINES__MODEL",
         env={"QALAM_PIPELINES__MODEL": "x"}),
    Case("run SRC --out OUT --config TMP/missing.toml", ExitCode.SETUP, "cannot read settings file"),
    Case("run SRC --out OUT --config FILE", ExitCode.SETUP, "unknown key 'pipeline.modle'",
         setup=_settings_file("[pipeline]\nmodle = 'x'\n")),
    Case("run SRC --out OUT --config FILE", ExitCode.SETUP, "is not installed", "pip install",
         setup=_settings_file("[pipeline]\nmodel = 'en_core_web_nonexistent'\n")),
    Case("serve SRC --out OUT --interval 60", ExitCode.SETUP, "QALAM_LANGUAGE__MIN_CHARS = '-5'",
         env={"QALAM_LANGUAGE__MIN_CHARS": "-5"}),
    # services and schedules
    Case("run SRC --out OUT --dask-address tcp://127.0.0.1:1", ExitCode.SETUP, "no Dask scheduler at tcp://127.0.0.1:1"),
    Case("run SRC --out OUT --dask-address localhost", ExitCode.USAGE, "--dask-address wants tcp://HOST:PORT"),
    Case("serve SRC --out OUT --cron 'every tuesday'", ExitCode.USAGE, "is not a cron expression", "MINUTE HOUR"),
    Case("serve SRC --out OUT --cron '61 * * * *'", ExitCode.USAGE, "is not a cron expression"),
    Case("serve SRC --out OUT", ExitCode.USAGE, "exactly one of --cron EXPR or --interval SECONDS"),
    # options
    Case("run SRC --out OUT --workers 0", ExitCode.USAGE, "--workers", "greater than or equal to 1", "--help"),
    Case("run SRC --bogus", ExitCode.USAGE, "No such option: --bogus"),
    Case("frobnicate", ExitCode.USAGE, "No such command 'frobnicate'"),
    Case("query RECORDS --label FOO", ExitCode.USAGE, "'FOO' is not one of 'ORG', 'PERSON', 'PLACE'"),
    Case("export RECORDS --format xml", ExitCode.USAGE, "'xml' is not one of 'jsonl', 'csv', 'parquet'"),
    Case("export RECORDS --format parquet", ExitCode.USAGE, "give --out FILE"),
    Case("evaluate GOLD RECORDS --min foo=0.5", ExitCode.USAGE, "unknown metric 'foo'", "entities.f1", "kind_acc"),
    Case("evaluate GOLD RECORDS --min entities.f1=80", ExitCode.USAGE, "between 0 and 1"),
    Case("show TMP/missing.json", ExitCode.USAGE, "no such file"),
]


def _group_members(group: int) -> list[str]:
    """The processes still alive in a process group (read from /proc)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(stat.parent.name)
    return members


@pytest.fixture
def where(tmp_path, records_dir) -> dict[str, Path]:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("The tenants' association met the housing office on Tuesday.")
    return {"SRC": src, "OUT": tmp_path / "out", "TMP": tmp_path, "FILE": tmp_path / "settings.toml",
            "RECORDS": records_dir, "GOLD": GOLD}


def _invoke(args: list[str], where: dict[str, Path], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float]:
    def fill(arg: str) -> str:
        for name, path in where.items():
            arg = arg.replace(name, str(path))
        return arg

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("QALAM_", "PREFECT_API_URL"))}
    started = time.monotonic()
    process = subprocess.Popen([str(QALAM), *map(fill, args)], env={**environ, **env}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    left = _group_members(process.pid)
    assert left == [], f"processes left behind: {left}"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=repr)
def test_a_mistake_is_answered_in_one_line(case, where):
    if case.setup:
        case.setup(where)
    done, seconds = _invoke(case.args, where, case.env)
    lines = done.stderr.splitlines()
    assert done.returncode == case.code, done.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert all(word in lines[0] for word in case.words), lines[0]
    assert "Traceback" not in done.stderr + done.stdout
    assert seconds < ANSWER_SECONDS, f"answered after {seconds:.0f} s: Prefect started before the checks?"


@pytest.mark.slow
def test_a_second_run_on_a_held_output_is_refused_at_once(where):
    with output_lock(where["OUT"]):  # as a run that is still starting Prefect holds it
        done, seconds = _invoke(["run", "SRC", "--out", "OUT"], where, {})
    assert done.returncode == ExitCode.BUSY and seconds < ANSWER_SECONDS
    assert done.stderr == (f"error: another qalam run (pid {os.getpid()}) is writing to {where['OUT']}; "
                           f"wait for it to finish or choose another --out\n")
