"""Incremental runs: which documents need (re-)extraction, which records are current or orphaned.

A record is current when its source bytes (SHA-256) and the pipeline fingerprint (qalam
version, model name and version, rules hash) are the same as now. A record in a schema
version this qalam does not read is never overwritten silently: its document is refused with
the reason until the run is forced. Records are the state:
they are written atomically, so a run killed part-way leaves only whole, current records
and the next run completes exactly what is missing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.records import PipelineInfo
from pipeline.run.store import (
    IncompatibleRecord,
    UnsafeOutputPath,
    check_schema_version,
    iter_record_files,
    record_paths,
)

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


@dataclass
class Plan:
    todo: list[tuple[Path, str]] = field(default_factory=list)  # (source, NEW | CHANGED)
    unchanged: list[Path] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)  # records whose source file is gone
    refused: list[tuple[Path, str]] = field(default_factory=list)  # (source, reason): reported as failed
    records: dict[Path, Path] = field(default_factory=dict)  # source -> its record file (todo and unchanged)


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def plan_run(paths: list[Path], *, src_dir: Path, out_root: Path, info: PipelineInfo, force: bool) -> Plan:
    """Sort sources into new, changed and unchanged, and find orphaned records."""
    plan = Plan()
    owners: dict[Path, Path] = {}  # record file -> the source that owns it
    for path, target in record_paths(paths, src_dir, out_root).items():
        if isinstance(target, UnsafeOutputPath):
            plan.refused.append((path, str(target)))
            continue
        if target in owners:  # only when a whole name equals another file's record name
            owner = owners[target].relative_to(src_dir).as_posix()
            plan.refused.append((path, f"its record name {target.name} is already used by {owner}; "
                                       f"rename one of the two files"))
            continue
        owners[target], plan.records[path] = path, target
        try:
            state = _state(path, target, info, force=force)
        except IncompatibleRecord as exc:
            plan.refused.append((path, f"its record {target.name} was not replaced: {exc}"))
            continue
        if state == UNCHANGED:
            plan.unchanged.append(path)
        else:
            plan.todo.append((path, state))
    if out_root.is_dir():
        plan.orphans = [p for p in iter_record_files(out_root) if p.resolve() not in owners]
    return plan


def _state(path: Path, target: Path, info: PipelineInfo, *, force: bool) -> str:
    if not target.exists():
        return NEW
    if force:
        return CHANGED
    try:
        record = json.loads(target.read_text(encoding="utf-8"))
        check_schema_version(record.get("schema_version"))
        same_source = record["source"]["sha256"] == file_sha256(path)
        same_pipeline = record["pipeline"] == info.model_dump()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return CHANGED  # unreadable or foreign record, or the source vanished: redo it
    return UNCHANGED if same_source and same_pipeline else CHANGED
