"""Golden files: each sample document in raw/ gives exactly its committed record.

Regenerate on purpose with ``pytest tests/golden --regenerate-golden`` and review the diff.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.run.batch import process_batch

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "raw"
GOLDEN = Path(__file__).resolve().parent / "records"
SAMPLES = sorted(p for p in RAW.iterdir() if p.is_file() and not p.name.startswith("."))


def _comparable(record: dict) -> dict:
    """The record without `pipeline`, whose fingerprint changes with any rule edit."""
    return {key: value for key, value in record.items() if key != "pipeline"}


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_matches_its_golden_record(sample, tmp_path, settings, regenerate):
    (result,) = process_batch([sample], src_root=RAW, out_root=tmp_path, settings=settings)
    assert result.status == "ok", result.reason
    produced = _comparable(json.loads(Path(result.record).read_text(encoding="utf-8")))
    golden = GOLDEN / f"{sample.name}.json"
    if regenerate:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(produced, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden record for {sample.name}: run pytest tests/golden --regenerate-golden"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for key in expected:
        assert produced.get(key) == expected[key], f"{sample.name}: field '{key}' differs from {golden}"
    assert set(produced) == set(expected)


@pytest.mark.slow
def test_regenerating_is_refused_in_ci(tmp_path):
    """The guard itself: a run with the switch and CI set stops before any test runs."""
    env = {**os.environ, "CI": "true"}
    run = subprocess.run([sys.executable, "-m", "pytest", str(Path(__file__).parent), "--regenerate-golden",
                          "--co", "-q", "-p", "no:cacheprovider"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "must not be used in CI" in run.stdout + run.stderr
