"""Prefect flows: thin wrappers that read as the outline of a run.

lock the output → plan (new / changed / unchanged / refused / orphaned) → process batches
(ingest → language → annotate → extract → validate → write) → write the manifest. Tasks are
coarse (a batch of documents each): Prefect costs 3–5 ms and ~20 KB of database per task run,
and the spaCy model is loaded once per worker by ``pipeline.nlp.build.cached_nlp``, never
passed as a task input.

A run reads well in Prefect's UI: it is named after its source folder and start time, each
task after its batch, and it leaves a Markdown artifact with the counts, the failed documents
with their reasons and the manifest's path; a run in which documents failed ends in the state
"Completed with failures", with a message that says how many.

Prefect loads this file as a script for ``prefect deploy`` (``prefect.yaml``), so its imports
are absolute. Importing it imports Prefect, which reads its settings from the environment once:
the ``qalam`` commands call ``pipeline.run.prefect_env.configure_prefect`` before they import it.
"""

from __future__ import annotations

import math
import sys
from datetime import datetime
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.states import Completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from pipeline.run import progress
from pipeline.run.batch import DocResult
from pipeline.run.job import Job, conclude, failed, prepare
from pipeline.run.manifest import summary_line
from pipeline.run.pool import batch_in_worker, spread, worker_pool
from pipeline.run.artifact import artifact_key, run_report
from pipeline.run.store import MANIFEST_NAME, output_lock
from pipeline.settings import Settings, load_settings

# Small runs get small batches so progress moves and the last batch of a run with several workers
# is short (workers take batches from a queue, so one that ends late idles the others); large runs
# get settings.pipeline.task_batch.
BATCHES_PER_WORKER = 16


def _run_name() -> str:
    """``inbox 2026-11-27 10:55:03``: the source folder and the local start time."""
    src = Path(flow_run.parameters.get("src") or ".")
    return f"{src.name or src.resolve().name} {datetime.now():%Y-%m-%d %H:%M:%S}"


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch_task(paths: list[str], src_root: str, out_root: str, settings: dict, info: dict,
                       records: dict[str, str]) -> list[dict]:
    """One batch of documents, from files to records on disk: in a warm worker process when the
    run has several, else here."""
    batch = dict(paths=paths, src_root=src_root, out_root=out_root, settings=settings, info=info, records=records)
    workers = settings["pipeline"]["workers"]
    if workers > 1 and not settings["pipeline"]["dask_address"]:
        return worker_pool(workers, settings).run(**batch)
    return batch_in_worker(**batch)


@flow(name="qalam-run", flow_run_name=_run_name, validate_parameters=False)
def run_flow(src: str, out: str, settings: dict | None = None, force: bool = False, prune: bool = False,
             follow_symlinks: bool = False, announce: bool = False):
    """Turn every new or changed file under ``src`` into a record under ``out``; return the manifest.

    ``announce`` prints the run's one-line summary on stderr (``serve`` shows it for each run)."""
    active = Settings.model_validate(settings) if settings else load_settings()
    out_root = Path(out)
    with output_lock(out_root):
        job = prepare(Path(src), out_root, active, force=force, follow_symlinks=follow_symlinks)
        progress.publish(progress.Planned(todo=len(job.plan.todo), unchanged=len(job.plan.unchanged),
                                          skipped=len(job.found.skipped)))
        results = []
        for result in _process(job, settings=active):
            result.change = job.change_of(result.path)
            results.append(result)
        summary = conclude(job, results, prune=prune)
    create_markdown_artifact(run_report(summary), key=artifact_key(summary["source"]),
                             description=summary_line(summary))
    if announce:
        print(f"{datetime.now():%Y-%m-%d %H:%M:%S} {summary_line(summary)}", file=sys.stderr, flush=True)
    failures = summary["counts"]["failed"]
    if failures:
        return Completed(name="Completed with failures", data=summary,
                         message=f"{failures} of {summary['counts']['total']} documents failed; the reasons are "
                                 f"in the artifact and in {out_root.resolve() / MANIFEST_NAME}")
    return Completed(data=summary, message=summary_line(summary))


def _process(job: Job, *, settings: Settings):
    """Submit the batches to the task runner and yield each document's result as batches finish.

    A batch that fails as a whole (a worker crash, a model that will not load) becomes one
    failed result per document, so the manifest still accounts for every file."""
    paths = [path for path, _ in job.plan.todo]
    size = batch_size(len(paths), workers=settings.pipeline.workers, task_batch=settings.pipeline.task_batch)
    batches = spread(paths, batches=math.ceil(len(paths) / size))
    with _task_runner(settings) as runner:
        futures = {
            runner.submit(process_batch_task.with_options(task_run_name=_batch_name(number, batches, job.src_dir)),
                          {"paths": [str(p) for p in batch], "src_root": str(job.src_dir), "out_root": str(job.out),
                           "settings": settings.model_dump(), "info": job.info.model_dump(),
                           "records": {str(p): str(job.plan.records[p]) for p in batch}}): batch
            for number, batch in enumerate(batches, 1)
        }
        for future in as_completed(list(futures)):
            try:
                results = [DocResult(**raw) for raw in future.result()]
            except Exception as exc:  # noqa: BLE001 - account for the batch's documents, carry on
                reason = f"the batch failed: {type(exc).__name__}: {exc}"
                results = [failed(path, job.src_dir, reason) for path in futures[future]]
            for result in results:
                progress.publish(result)
                yield result


def batch_size(documents: int, *, workers: int, task_batch: int) -> int:
    """Documents per batch: about ``BATCHES_PER_WORKER`` batches for each worker, at most ``task_batch``."""
    return max(1, min(task_batch, math.ceil(documents / (workers * BATCHES_PER_WORKER))))


def _batch_name(number: int, batches: list[list[Path]], src_dir: Path) -> str:
    """``batch 2/5: 12 documents from notes/a.txt`` (the batch's first document)."""
    batch = batches[number - 1]
    first = batch[0].relative_to(src_dir).as_posix()
    documents = "1 document" if len(batch) == 1 else f"{len(batch)} documents from"
    return f"batch {number}/{len(batches)}: {documents} {first}"


def _task_runner(settings: Settings) -> TaskRunner:
    """Threads whose tasks hand their batch to the warm worker pool, two per worker so that a worker
    finds its next batch queued while Prefect records the last one; one thread that runs the
    batches itself when there is one worker; Dask when set."""
    if settings.pipeline.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.pipeline.dask_address)
    workers = settings.pipeline.workers
    return ThreadPoolTaskRunner(max_workers=1 if workers == 1 else 2 * workers)
