"""Prefect flows: thin wrappers that read as the outline of a run.

discover files → process batches (ingest → language → annotate → extract → validate →
write) → write the manifest. Tasks are coarse (a batch of documents each): Prefect costs
3–5 ms and ~20 KB of database per task run, and the spaCy model is loaded once per worker
by ``pipeline.nlp.cached_nlp``, never passed as a task input.
"""

from __future__ import annotations

from .prefect_setup import configure_prefect

configure_prefect()

import time  # noqa: E402
from dataclasses import asdict  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from .run import DocResult, discover, manifest, process_batch  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402
from .store import MANIFEST_NAME, write_json_atomic  # noqa: E402


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch_task(paths: list[str], src_root: str, out_root: str, settings: dict) -> list[dict]:
    """One batch of documents, from files to records on disk."""
    results = process_batch(
        [Path(p) for p in paths],
        src_root=Path(src_root),
        out_root=Path(out_root),
        settings=Settings.model_validate(settings),
    )
    return [asdict(result) for result in results]


@flow(name="qalam-run", validate_parameters=False)
def run_flow(src: str, out: str, settings: dict | None = None) -> dict:
    """Turn every file under ``src`` into a record under ``out``; return the run manifest."""
    started_at, clock = datetime.now(timezone.utc), time.perf_counter()
    active = Settings.model_validate(settings) if settings else load_settings()
    src_root, out_root = Path(src), Path(out)
    src_dir = src_root if src_root.is_dir() else src_root.parent
    paths = [str(p) for p in discover(src_root)]
    results: list[DocResult] = []
    for batch in _chunks(paths, active.pipeline.task_batch):
        results.extend(
            DocResult(**r) for r in process_batch_task(batch, str(src_dir), str(out_root), active.model_dump())
        )
    summary = manifest(results, src=src_root, out=out_root, started_at=started_at,
                       seconds=time.perf_counter() - clock)
    write_json_atomic(out_root / MANIFEST_NAME, summary)
    return summary


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), max(1, size))]
