"""A run's bookkeeping: the manifest (``OUT/_manifest.json``), the quarantine list
(``OUT/_quarantine.json``) and the one-line summary both the CLI and ``serve`` print."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from pipeline import __version__
from pipeline.run.batch import DocResult
from pipeline.run.discover import Skipped

CHANGES = ("new", "changed", "unchanged")


def manifest(results: list[DocResult], *, src: Path, out: Path, started_at: datetime, seconds: float,
             skipped: list[Skipped] = (), orphans: list[Path] = (), pruned: bool = False) -> dict:
    """Counts, per-document status and timing, failures with reasons, what discovery skipped and why,
    and the orphaned records. A document whose record is current counts as ok."""
    failed = [r for r in results if r.status == "failed"]
    counts = {"total": len(results), "ok": len(results) - len(failed), "failed": len(failed)}
    for change in CHANGES:
        counts[change] = sum(r.change == change and r.status != "failed" for r in results)
    counts["skipped"] = len(skipped)
    counts["orphaned"] = len(orphans)
    return {
        "qalam_version": __version__,
        "source": str(src),
        "output": str(out),
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "counts": counts,
        "failures": [{"path": r.path, "reason": r.reason} for r in failed],
        "skipped": [asdict(s) for s in skipped],
        "orphans": {"pruned": pruned, "records": [str(p) for p in orphans]},
        "documents": [asdict(r) for r in results],
    }


def summary_line(summary: dict, *, seconds: float | None = None) -> str:
    """``3 ok (1 new, 0 changed, 2 unchanged), 1 failed, 2 skipped, 0 orphaned in 4.2 s → out``."""
    counts = summary["counts"]
    changes = ", ".join(f"{counts[change]} {change}" for change in CHANGES)
    took = summary["seconds"] if seconds is None else seconds
    return (f"{counts['ok']} ok ({changes}), {counts['failed']} failed, {counts['skipped']} skipped, "
            f"{counts['orphaned']} orphaned in {took:.1f} s → {summary['output']}")


def quarantine(results: list[DocResult], *, src_dir: Path) -> list[dict]:
    """The inputs that failed, to inspect or set aside: path, reason, and size and SHA-256 when
    the file is still a readable regular file."""
    entries = []
    for result in results:
        if result.status != "failed":
            continue
        entry = {"path": result.path, "reason": result.reason, "size": None, "sha256": None}
        path = src_dir / result.path
        try:
            if stat.S_ISREG(path.stat().st_mode):  # never open a pipe or device
                entry["size"] = path.stat().st_size
                with path.open("rb") as handle:
                    entry["sha256"] = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            pass  # gone, unreadable or a broken link: the reason says so
        entries.append(entry)
    return entries
