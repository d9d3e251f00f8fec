"""The summary of a run: one row per document, the reason for each failure, the counts in the title."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console

from pipeline.cli.run_display import summary_table
from pipeline.run.batch import DocResult, manifest


def test_summary_table_shows_each_document_and_why_it_failed():
    results = [DocResult(path="a.txt", status="ok", change="new", kind="article", language="en", seconds=0.5),
               DocResult(path="b.pdf", status="failed", change="new", reason="PDF has no text layer")]
    summary = manifest(results, src=Path("src"), out=Path("out"), started_at=datetime.now(timezone.utc), seconds=2)
    console = Console(record=True, width=200)
    console.print(summary_table(summary))
    shown = console.export_text()
    assert "1 new, 0 changed, 0 unchanged, 1 failed, 0 orphaned" in shown
    rows = {line.split("│")[1].strip(): line for line in shown.splitlines() if "│" in line}
    assert "article" in rows["a.txt"] and "new" in rows["a.txt"]
    assert "failed" in rows["b.pdf"] and "PDF has no text layer" in rows["b.pdf"]
