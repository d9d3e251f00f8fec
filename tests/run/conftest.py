"""A real local Prefect server for the end-to-end tests of serve and deployments: on a free
loopback port, with its scheduler, its database in a temporary folder; nothing leaves the machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PREFECT = Path(sys.executable).with_name("prefect")
QALAM = Path(sys.executable).with_name("qalam")


class Api:
    """A few calls to the Prefect server's REST API (JSON in, JSON out)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def post(self, path: str, body: dict | None = None) -> dict | list:
        request = urllib.request.Request(f"{self.url}/{path}", data=json.dumps(body or {}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def get(self, path: str) -> dict | list:
        with urllib.request.urlopen(f"{self.url}/{path}", timeout=30) as response:
            return json.loads(response.read())

    def delete(self, path: str) -> None:
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/{path}", method="DELETE"), timeout=30).close()

    def forget_everything(self) -> None:
        """Delete every deployment and flow run, so a test sees only its own."""
        for deployment in self.post("deployments/filter", {"limit": 200}):
            self.delete(f"deployments/{deployment['id']}")
        for run in self.flow_runs():
            self.delete(f"flow_runs/{run['id']}")

    def flow_runs(self) -> list[dict]:
        return self.post("flow_runs/filter", {"sort": "EXPECTED_START_TIME_ASC", "limit": 200})

    def deployment(self, name: str) -> dict:
        (found,) = [d for d in self.post("deployments/filter", {"limit": 50}) if d["name"] == name]
        return found


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory) -> Api:
    from pipeline.run.prefect_server import local_api_url, local_prefect_server
    from pipeline.run.serve import SCHEDULER_ENV

    api_url = local_api_url()
    with local_prefect_server(api_url, home=tmp_path_factory.mktemp("prefect-server"), services=True,
                              env={**SCHEDULER_ENV, "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5"}):
        yield Api(api_url)


@pytest.fixture
def prefect_env(prefect_server, tmp_path) -> dict[str, str]:
    """The environment of a process that talks to the test server (its own PREFECT_HOME); the
    server starts the test with no deployment and no flow run."""
    prefect_server.forget_everything()
    home = tmp_path / "prefect-home"
    home.mkdir()
    return {**os.environ, "PREFECT_API_URL": prefect_server.url, "PREFECT_HOME": str(home),
            "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def wait_for(condition, timeout: float, *processes: subprocess.Popen, every: float = 0.5) -> bool:
    """Poll ``condition`` until it holds (True), ``timeout`` passes or a process exits (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if any(process.poll() is not None for process in processes):
            return False
        time.sleep(every)
    return False


def alive(pid: int) -> bool:
    """The process runs (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def pgrep(*args: str) -> set[int]:
    return {int(pid) for pid in subprocess.run(["pgrep", *args], capture_output=True, text=True).stdout.split()}
