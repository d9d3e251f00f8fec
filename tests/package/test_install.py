"""qalam installs as a normal package and runs anywhere: a non-editable install into a fresh
virtual environment (pinned versions, the pip cache reused, nothing but the package registry)
extracts raw/ from another working folder, reading the rules it carries and keeping its state
in the per-user folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALL_SECONDS = 900
RUN_SECONDS = 300


def _pip_version() -> str:
    """The pip the Makefile pins (older ones skip a dependency trafilatura needs)."""
    return re.search(r"^PIP_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1)


def _run(*args: str, timeout: float, **options) -> subprocess.CompletedProcess:
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, **options)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
def test_a_plain_install_runs_raw_from_another_folder(tmp_path):
    venv, home, elsewhere = tmp_path / "venv", tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    _run(sys.executable, "-m", "venv", str(venv), timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    _run(*pip, "--upgrade", f"pip=={_pip_version()}", timeout=INSTALL_SECONDS)
    _run(*pip, "--no-deps", "--require-hashes", "-r", str(ROOT / "requirements" / "model.txt"), timeout=INSTALL_SECONDS)
    _run(*pip, "-c", str(ROOT / "requirements" / "constraints.txt"), str(ROOT), timeout=INSTALL_SECONDS)

    site = next((venv / "lib").glob("python*/site-packages"))
    rules = site / "pipeline" / "rules"
    assert not rules.is_symlink() and (rules / "config.toml").is_file(), "the rule data is not in the package"
    assert not (site / "pipeline" / "__init__.py").is_symlink()

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("QALAM_", "PREFECT_", "XDG_"))}
    environ["HOME"] = str(home)
    environ["QALAM_SERVER_IDLE_SECONDS"] = "0"  # no warm server or runner outlives the test
    qalam = str(venv / "bin" / "qalam")
    assert _run(qalam, "--version", timeout=60, env=environ).stdout.startswith("qalam ")
    out = tmp_path / "extracted"
    _run(qalam, "run", str(ROOT / "raw"), "--out", str(out), "--quiet", timeout=RUN_SECONDS, env=environ, cwd=elsewhere)

    manifest = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    sources = sorted(p.name for p in (ROOT / "raw").iterdir() if not p.name.startswith("."))
    assert manifest["counts"]["ok"] == len(sources) and manifest["counts"]["failed"] == 0
    assert (home / ".local" / "state" / "qalam" / "prefect").is_dir(), "state was not kept in the per-user folder"
    assert list(elsewhere.iterdir()) == [], "the run wrote into the working folder"
