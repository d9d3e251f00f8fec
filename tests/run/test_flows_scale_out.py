"""Worker processes and a Dask cluster give the same records as one process."""

from pathlib import Path

import pytest

from pipeline.run.store import iter_record_files

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
RAW = Path(__file__).resolve().parents[2] / "raw"


def _records(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in iter_record_files(out)}


@pytest.fixture(scope="module")
def single_process(tmp_path_factory, settings):
    from pipeline.run.flows import run_flow

    out = tmp_path_factory.mktemp("single")
    run_flow(str(RAW), str(out), settings.model_dump())
    return _records(out)


def test_two_worker_processes_match_one(tmp_path, settings, single_process):
    from pipeline.run.flows import run_flow

    summary = run_flow(str(RAW), str(tmp_path), settings.with_overrides(pipeline={"workers": 2}).model_dump())
    assert summary["counts"]["failed"] == 0
    assert _records(tmp_path) == single_process


def test_dask_cluster_matches_one_process(tmp_path, settings, single_process):
    distributed = pytest.importorskip("distributed")
    from pipeline.run.flows import run_flow

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dask_settings = settings.with_overrides(pipeline={"dask_address": cluster.scheduler_address})
        summary = run_flow(str(RAW), str(tmp_path), dask_settings.model_dump())
    assert summary["counts"]["failed"] == 0
    assert _records(tmp_path) == single_process
