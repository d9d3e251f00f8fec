"""Golden files: each sample document in raw/ gives exactly its committed record.

Regenerate on purpose with ``QALAM_REGENERATE_GOLDEN=1 make test`` and review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from pipeline.run.batch import process_batch

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "raw"
GOLDEN = Path(__file__).resolve().parent / "records"
REGENERATE = os.environ.get("QALAM_REGENERATE_GOLDEN") == "1"
SAMPLES = sorted(p for p in RAW.iterdir() if p.is_file() and not p.name.startswith("."))


def test_regenerate_switch_is_off_in_ci():
    assert not (REGENERATE and os.environ.get("CI")), "QALAM_REGENERATE_GOLDEN must not be set in CI"


def _comparable(record: dict) -> dict:
    """The record without `pipeline`, whose rules hash changes with any edit under models/."""
    return {key: value for key, value in record.items() if key != "pipeline"}


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_matches_its_golden_record(sample, tmp_path, settings):
    (result,) = process_batch([sample], src_root=RAW, out_root=tmp_path, settings=settings)
    assert result.status == "ok", result.reason
    produced = _comparable(json.loads(Path(result.record).read_text(encoding="utf-8")))
    golden = GOLDEN / f"{sample.name}.json"
    if REGENERATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(produced, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden record for {sample.name}: run with QALAM_REGENERATE_GOLDEN=1"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for key in expected:
        assert produced.get(key) == expected[key], f"{sample.name}: field '{key}' differs from {golden}"
    assert set(produced) == set(expected)
