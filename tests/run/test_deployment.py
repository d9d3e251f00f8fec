"""The repository's own prefect.yaml deploys: against a real local Prefect server, `prefect deploy
--all` registers the scheduled deployment on a process work pool, a `prefect worker` runs a
triggered run, and the run leaves records, a readable name, an artifact with its counts and
failures, and a final state that says documents failed."""

import os
import signal
import subprocess
from pathlib import Path

import pytest

from pipeline.corpus.query import load_record

from .conftest import PREFECT, wait_for

pytestmark = pytest.mark.slow
PROJECT_DIR = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_SECONDS = 180


def _prefect(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([str(PREFECT), *args], env=env, cwd=PROJECT_DIR, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_prefect_deploy_all_registers_a_deployment_that_a_worker_runs(tmp_path, good_article, prefect_server,
                                                                      prefect_env):
    src, out = tmp_path / "team inbox", tmp_path / "records"
    src.mkdir()
    (src / "article.txt").write_text(good_article, encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    env = {**prefect_env, "QALAM_SRC": str(src), "QALAM_OUT": str(out)}
    _prefect("work-pool", "create", "qalam-pool", "--type", "process", "--overwrite", env=env)
    _prefect("deploy", "--all", env=env)
    deployment = prefect_server.deployment("qalam-hourly")
    assert [s["schedule"].get("cron") for s in deployment["schedules"]] == ["0 * * * *"]
    assert deployment["work_pool_name"] == "qalam-pool"

    log = tmp_path / "worker.log"
    worker = subprocess.Popen([str(PREFECT), "worker", "start", "--pool", "qalam-pool"], env=env, cwd=tmp_path,
                              stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _prefect("deployment", "run", "qalam-run/qalam-hourly", env=env)
        finished = wait_for(lambda: any(run["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED")
                                        for run in prefect_server.flow_runs()), RUN_TIMEOUT_SECONDS, worker)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    assert finished, log.read_text(errors="replace")[-3000:]

    assert load_record(out / "article.json").language.code == "en"
    (run,) = [run for run in prefect_server.flow_runs()
              if run["deployment_id"] == deployment["id"] and run["state"]["type"] != "SCHEDULED"]
    assert run["name"].startswith("team inbox 20"), run["name"]
    assert run["state"]["type"] == "COMPLETED" and run["state"]["name"] == "Completed with failures"
    assert run["state"]["message"].startswith("1 of 2 documents failed") and "_manifest.json" in run["state"]["message"]
    (artifact,) = prefect_server.post("artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}})
    assert artifact["key"] == "qalam-team-inbox" and artifact["type"] == "markdown"
    assert "| 1 | 1 | 0 | 0 | 1 | 0 | 0 |" in artifact["data"]  # ok, new, changed, unchanged, failed, ...
    assert "| empty.txt |" in artifact["data"] and str(out / "_manifest.json") in artifact["data"]
    tasks = prefect_server.post("task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}})
    assert sorted(task["name"] for task in tasks) == ["batch 1/2: 1 document article.txt",
                                                      "batch 2/2: 1 document empty.txt"]
