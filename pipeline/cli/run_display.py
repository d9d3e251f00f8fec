"""Terminal display of a run: a progress bar while it goes, a summary table at the end."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from pipeline.run import progress
from pipeline.run.manifest import summary_line
from pipeline.settings import Settings


def run_with_progress(src: Path, out: Path, settings: Settings, *, console: Console, quiet: bool,
                      force: bool = False, prune: bool = False, follow_symlinks: bool = False) -> dict:
    """Run the Prefect flow, showing files done / total, rate and failures on a terminal unless
    ``quiet``."""
    from pipeline.run.flows import run_flow

    def start() -> dict:
        return run_flow(str(src), str(out), settings.model_dump(), force=force, prune=prune,
                        follow_symlinks=follow_symlinks)

    if quiet or not console.is_terminal:
        return start()
    failures = 0
    columns = (
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TextColumn("[red]{task.fields[failed]}"), TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        job = bar.add_task("planning", total=None, rate="", failed="")

        def advance(event) -> None:
            nonlocal failures
            if isinstance(event, progress.Planned):
                # the clock and the rate count from here, not from Prefect's start
                bar.reset(job, total=event.todo, description="extracting")
                return
            failures += event.status == "failed"
            elapsed = bar.tasks[0].elapsed or 0.0
            done = bar.tasks[0].completed + 1
            rate = f"{done / elapsed:.1f} docs/s" if elapsed else ""
            bar.update(job, advance=1, rate=rate, failed=f"{failures} failed" if failures else "")

        with progress.listening(advance):
            return start()


def starting_message(*, idle: float | None = None) -> str:
    """What the run waits for before its first document: a connection to the server at
    PREFECT_API_URL, the start of qalam's own server, which then stays up for ``idle`` seconds,
    or (``idle`` None) Prefect as this process set it up."""
    where = os.environ.get("PREFECT_API_URL")
    if where:
        return f"connecting to Prefect at {where}"
    if idle is None:
        return "starting Prefect"
    after = f"{idle / 60:g} min" if idle >= 60 else f"{idle:g} s"
    kept = f"it stays up {after} after the last run" if idle else "it stops when the run ends"
    return f"starting qalam's local Prefect server (5–20 s, once; {kept})"


def run_summary(summary: dict, *, seconds: float, verbose: bool = False) -> RenderableType:
    """The summary line (``seconds``: the wall time), then a table of what needs a look."""
    table = summary_table(summary, verbose=verbose)
    line = Text(summary_line(summary, seconds=seconds))
    return Group(line, table) if table.row_count else line


def summary_table(summary: dict, *, verbose: bool = False) -> Table:
    """One row per document that was extracted or failed (with ``verbose`` also the unchanged
    ones), per skipped entry and per orphaned record, with the reason."""
    table = Table()
    for column in ("document", "status", "kind", "lang", "s", "note"):
        table.add_column(column, overflow="fold")
    for doc in summary["documents"]:
        if doc["change"] == "unchanged" and doc["status"] == "ok" and not verbose:
            continue
        note = doc["reason"] or "; ".join(doc["warnings"])
        table.add_row(doc["path"], doc["change"] if doc["status"] == "ok" else doc["status"],
                      doc["kind"] or "", doc["language"] or "", f"{doc['seconds']:.2f}", note,
                      style="red" if doc["status"] == "failed" else None)
    for skipped in summary["skipped"]:
        table.add_row(skipped["path"], "skipped", "", "", "", skipped["reason"], style="yellow")
    orphans = summary["orphans"]
    for record in orphans["records"]:
        table.add_row(record, "pruned" if orphans["pruned"] else "orphaned", "", "", "",
                      "its source file is gone" + ("" if orphans["pruned"] else "; --prune deletes the record"),
                      style="yellow")
    return table
