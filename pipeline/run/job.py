"""One run's outline without Prefect: prepare (discover, fingerprint, plan) and conclude (prune,
manifest, quarantine list). The Prefect flow runs the batches in between; the CLI prepares first,
under the output lock, and when there is nothing to extract concludes at once without starting
Prefect (an unchanged rerun costs imports and hashing, about a second).
"""

from __future__ import annotations

from time import perf_counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.records import PipelineInfo
from pipeline.run.batch import DocResult, pipeline_info
from pipeline.run.discover import Discovery, discover
from pipeline.run.manifest import manifest, quarantine
from pipeline.run.plan import NEW, UNCHANGED, Plan, plan_run
from pipeline.run.store import MANIFEST_NAME, QUARANTINE_NAME, write_json_atomic
from pipeline.settings import Settings


@dataclass
class Job:
    """A planned run: what was found, what is to be done, and what is already settled."""

    src: Path
    out: Path
    src_dir: Path
    info: PipelineInfo
    found: Discovery
    plan: Plan
    started_at: datetime
    clock: float
    settled: list[DocResult] = field(default_factory=list)  # unchanged and refused documents

    @property
    def has_work(self) -> bool:
        return bool(self.plan.todo)

    def change_of(self, path: str) -> str:
        """NEW or CHANGED for a document of the plan's to-do list (by its path relative to SRC)."""
        return self._changes.get(path, NEW)

    def __post_init__(self) -> None:
        self._changes = {path.relative_to(self.src_dir).as_posix(): change for path, change in self.plan.todo}


def prepare(src: Path, out: Path, settings: Settings, *, force: bool = False, follow_symlinks: bool = False) -> Job:
    """Discover the documents under ``src`` and plan them against the records in ``out`` (call it
    under the output lock)."""
    started_at, clock = datetime.now(timezone.utc), perf_counter()
    src_dir = src if src.is_dir() else src.parent
    info = pipeline_info(settings)
    found = discover(src, exclude=[out], follow_symlinks=follow_symlinks)
    plan = plan_run(found.files, src_dir=src_dir, out_root=out, info=info, force=force)
    job = Job(src=src, out=out, src_dir=src_dir, info=info, found=found, plan=plan, started_at=started_at,
              clock=clock)
    job.settled = [_unchanged(path, job) for path in plan.unchanged]
    job.settled += [failed(path, src_dir, reason) for path, reason in plan.refused]
    return job


def conclude(job: Job, results: list[DocResult], *, prune: bool = False) -> dict:
    """Prune orphaned records when asked, write the manifest and the quarantine list; return the manifest."""
    if prune:
        for orphan in job.plan.orphans:
            orphan.unlink(missing_ok=True)
    everything = job.settled + results
    summary = manifest(everything, src=job.src, out=job.out, started_at=job.started_at,
                       seconds=perf_counter() - job.clock, skipped=job.found.skipped,
                       orphans=job.plan.orphans, pruned=prune)
    write_json_atomic(job.out / MANIFEST_NAME, summary)
    write_json_atomic(job.out / QUARANTINE_NAME, quarantine(everything, src_dir=job.src_dir))
    return summary


def failed(path: Path | str, src_dir: Path, reason: str) -> DocResult:
    return DocResult(path=Path(path).relative_to(src_dir).as_posix(), status="failed", change=NEW, reason=reason)


def _unchanged(path: Path, job: Job) -> DocResult:
    """A document whose record is current: ok, and nothing to do."""
    return DocResult(path=path.relative_to(job.src_dir).as_posix(), status="ok", change=UNCHANGED,
                     record=str(job.plan.records[path]))
