"""Fixtures: the project's gold folder and the records the pipeline makes of raw/ (once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run.batch import process_batch

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "raw"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def raw_records(settings, tmp_path_factory) -> Path:
    """A folder with the records of every sample document in raw/, made without Prefect."""
    out = tmp_path_factory.mktemp("raw-records")
    paths = sorted(p for p in RAW.iterdir() if p.is_file() and not p.name.startswith("."))
    results = process_batch(paths, src_root=RAW, out_root=out, settings=settings)
    failed = [f"{r.path}: {r.reason}" for r in results if r.status != "ok"]
    assert not failed, failed
    return out
