"""Prefect flows: thin wrappers that read as the outline of a run.

lock the output → plan (new / changed / unchanged / refused / orphaned) → process batches
(ingest → language → annotate → extract → validate → write) → write the manifest. Tasks are
coarse (a batch of documents each): Prefect costs 3–5 ms and ~20 KB of database per task run,
and the spaCy model is loaded once per worker by ``pipeline.nlp.build.cached_nlp``, never
passed as a task input.

Importing this module imports Prefect, which reads its settings from the environment once:
entry points call ``pipeline.run.prefect_env.configure_prefect`` before they import it.
"""

from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from pipeline.records import PipelineInfo
from pipeline.run import progress
from pipeline.run.batch import DocResult, pipeline_info, process_batch
from pipeline.run.discover import discover
from pipeline.run.manifest import manifest, quarantine, summary_line
from pipeline.run.plan import NEW, UNCHANGED, Plan, plan_run
from pipeline.run.store import MANIFEST_NAME, QUARANTINE_NAME, output_lock, write_json_atomic
from pipeline.settings import Settings, load_settings

# Small runs get small batches so progress moves; large runs get settings.pipeline.task_batch.
BATCHES_PER_WORKER = 4


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch_task(paths: list[str], src_root: str, out_root: str, settings: dict, info: dict,
                       records: dict[str, str]) -> list[dict]:
    """One batch of documents, from files to records on disk."""
    results = process_batch(
        [Path(p) for p in paths],
        src_root=Path(src_root),
        out_root=Path(out_root),
        settings=Settings.model_validate(settings),
        info=PipelineInfo.model_validate(info),
        records={Path(source): Path(record) for source, record in records.items()},
    )
    return [asdict(result) for result in results]


@flow(name="qalam-run", validate_parameters=False)
def run_flow(src: str, out: str, settings: dict | None = None, force: bool = False, prune: bool = False,
             follow_symlinks: bool = False, announce: bool = False) -> dict:
    """Turn every new or changed file under ``src`` into a record under ``out``; return the manifest.

    ``announce`` prints the run's one-line summary on stderr (``serve`` shows it for each run)."""
    started_at, clock = datetime.now(timezone.utc), time.perf_counter()
    active = Settings.model_validate(settings) if settings else load_settings()
    src_path, out_root = Path(src), Path(out)
    src_dir = src_path if src_path.is_dir() else src_path.parent
    with output_lock(out_root):
        info = pipeline_info(active)
        found = discover(src_path, exclude=[out_root], follow_symlinks=follow_symlinks)
        plan = plan_run(found.files, src_dir=src_dir, out_root=out_root, info=info, force=force)
        progress.publish(progress.Planned(todo=len(plan.todo), unchanged=len(plan.unchanged),
                                          skipped=len(found.skipped)))
        results = [_unchanged(path, src_dir, plan) for path in plan.unchanged]
        results += [_failed(path, src_dir, reason) for path, reason in plan.refused]
        changes = {path.relative_to(src_dir).as_posix(): change for path, change in plan.todo}
        for result in _process(plan, src_dir=src_dir, out_root=out_root, settings=active, info=info):
            result.change = changes.get(result.path, result.change)
            results.append(result)
        if prune:
            for orphan in plan.orphans:
                orphan.unlink(missing_ok=True)
        summary = manifest(results, src=src_path, out=out_root, started_at=started_at,
                           seconds=time.perf_counter() - clock, skipped=found.skipped, orphans=plan.orphans,
                           pruned=prune)
        write_json_atomic(out_root / MANIFEST_NAME, summary)
        write_json_atomic(out_root / QUARANTINE_NAME, quarantine(results, src_dir=src_dir))
    if announce:
        print(f"{datetime.now():%Y-%m-%d %H:%M:%S} {summary_line(summary)}", file=sys.stderr, flush=True)
    return summary


def _process(plan: Plan, *, src_dir: Path, out_root: Path, settings: Settings, info: PipelineInfo):
    """Submit the batches to the task runner and yield each document's result as batches finish.

    A batch that fails as a whole (a worker crash, a model that will not load) becomes one
    failed result per document, so the manifest still accounts for every file."""
    paths = [str(path) for path, _ in plan.todo]
    records = {str(path): str(record) for path, record in plan.records.items()}
    workers = settings.pipeline.workers
    size = max(1, min(settings.pipeline.task_batch, math.ceil(len(paths) / (workers * BATCHES_PER_WORKER))))
    batches = [paths[i:i + size] for i in range(0, len(paths), size)]
    with _task_runner(settings) as runner:
        futures = {
            runner.submit(process_batch_task, {"paths": batch, "src_root": str(src_dir), "out_root": str(out_root),
                                               "settings": settings.model_dump(), "info": info.model_dump(),
                                               "records": {path: records[path] for path in batch}}): batch
            for batch in batches
        }
        for future in as_completed(list(futures)):
            try:
                results = [DocResult(**raw) for raw in future.result()]
            except Exception as exc:  # noqa: BLE001 - account for the batch's documents, carry on
                reason = f"the batch failed: {type(exc).__name__}: {exc}"
                results = [_failed(path, src_dir, reason) for path in futures[future]]
            for result in results:
                progress.publish(result)
                yield result


def _task_runner(settings: Settings) -> TaskRunner:
    """One thread for a single worker (tasks run in order); a process pool or Dask for more."""
    if settings.pipeline.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.pipeline.dask_address)
    if settings.pipeline.workers > 1:
        _share_api_url()
        return ProcessPoolTaskRunner(max_workers=settings.pipeline.workers)
    return ThreadPoolTaskRunner(max_workers=1)


def _share_api_url() -> None:
    """Point spawned workers at this process's Prefect API; else each starts its own server."""
    if not os.environ.get("PREFECT_API_URL"):
        from prefect.client.orchestration import get_client

        os.environ["PREFECT_API_URL"] = str(get_client(sync_client=True).api_url)


def _failed(path: Path | str, src_dir: Path, reason: str) -> DocResult:
    return DocResult(path=Path(path).relative_to(src_dir).as_posix(), status="failed", change=NEW, reason=reason)


def _unchanged(path: Path, src_dir: Path, plan: Plan) -> DocResult:
    """A document whose record is current: ok, and nothing to do."""
    return DocResult(path=path.relative_to(src_dir).as_posix(), status="ok", change=UNCHANGED,
                     record=str(plan.records[path]))
