"""Terminal display of a run: a progress bar while it goes, a summary table at the end."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.run import progress
from pipeline.run.discover import discover
from pipeline.nlp.build import preload
from pipeline.settings import Settings


def run_with_progress(src: Path, out: Path, settings: Settings, *, console: Console, quiet: bool,
                      force: bool = False, prune: bool = False) -> dict:
    """Run the Prefect flow, showing files done / total, rate and failures unless ``quiet``."""
    from pipeline.run.flows import run_flow

    def start() -> dict:
        if settings.pipeline.workers == 1 and not settings.pipeline.dask_address:
            preload(settings)  # the model loads while Prefect starts (both take seconds)
        return run_flow(str(src), str(out), settings.model_dump(), force=force, prune=prune)

    if quiet:
        return start()
    total = len(discover(src, exclude=[out]))
    failures = 0
    columns = (
        TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TextColumn("[red]{task.fields[failed]}"), TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        job = bar.add_task("run", total=total, rate="", failed="")

        def advance(result) -> None:
            nonlocal failures
            failures += result.status == "failed"
            elapsed = bar.tasks[0].elapsed or 0.0
            done = bar.tasks[0].completed + 1
            rate = f"{done / elapsed:.1f} docs/s" if elapsed else ""
            bar.update(job, advance=1, rate=rate, failed=f"{failures} failed" if failures else "")

        with progress.listening(advance):
            return start()


def summary_table(summary: dict) -> Table:
    """One row per document: status, kind, language, seconds, and the reason for failures."""
    counts = summary["counts"]
    table = Table(title=f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, "
                        f"{counts['failed']} failed, {counts['orphaned']} orphaned in {summary['seconds']:.1f} s "
                        f"→ {summary['output']}")
    for column in ("document", "status", "kind", "lang", "s", "note"):
        table.add_column(column, overflow="fold")
    for doc in summary["documents"]:
        style = "red" if doc["status"] == "failed" else None
        note = doc["reason"] or "; ".join(doc["warnings"])
        table.add_row(doc["path"], doc["change"] if doc["status"] == "ok" else doc["status"],
                      doc["kind"] or "", doc["language"] or "",
                      f"{doc['seconds']:.2f}", note, style=style)
    return table
