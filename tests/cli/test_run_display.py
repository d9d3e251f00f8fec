"""The summary of a run: the counts and wall time in one line, then a row for every document
that needs a look (extracted, failed, skipped, orphaned) with the reason."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from rich.console import Console

from pipeline.cli.run_display import run_summary
from pipeline.run.batch import DocResult
from pipeline.run.discover import Skipped
from pipeline.run.manifest import manifest


@pytest.fixture
def summary() -> dict:
    results = [DocResult(path="a.txt", status="ok", change="new", kind="article", language="en", seconds=0.5),
               DocResult(path="b.pdf", status="failed", change="new", reason="PDF has no text layer"),
               DocResult(path="c.md", status="ok", change="unchanged", record="out/c.json")]
    return manifest(results, src=Path("src"), out=Path("out"), started_at=datetime.now(timezone.utc), seconds=2,
                    skipped=[Skipped("link.txt", "link to /etc/passwd, outside the source folder")],
                    orphans=[Path("out/gone.json")])


def _shown(summary: dict, **options) -> tuple[str, dict[str, str]]:
    console = Console(record=True, width=300)
    console.print(run_summary(summary, seconds=12.34, **options))
    shown = console.export_text()
    rows = {line.split("│")[1].strip(): line for line in shown.splitlines() if "│" in line}
    return shown, rows


def test_the_line_counts_unchanged_documents_as_ok_and_gives_the_wall_time(summary):
    shown, _ = _shown(summary)
    assert shown.splitlines()[0] == ("2 ok (1 new, 0 changed, 1 unchanged), 1 failed, 1 skipped, 1 orphaned "
                                     "in 12.3 s → out")


def test_rows_say_what_happened_and_why(summary):
    _, rows = _shown(summary)
    assert "article" in rows["a.txt"] and "new" in rows["a.txt"]
    assert "failed" in rows["b.pdf"] and "PDF has no text layer" in rows["b.pdf"]
    assert "skipped" in rows["link.txt"] and "outside the source folder" in rows["link.txt"]
    assert "orphaned" in rows["out/gone.json"] and "--prune" in rows["out/gone.json"]
    assert "c.md" not in rows


def test_verbose_lists_unchanged_documents_too(summary):
    _, rows = _shown(summary, verbose=True)
    assert "unchanged" in rows["c.md"]


def test_a_run_with_nothing_to_show_is_one_line():
    results = [DocResult(path="c.md", status="ok", change="unchanged")]
    quiet = manifest(results, src=Path("src"), out=Path("out"), started_at=datetime.now(timezone.utc), seconds=1)
    shown, rows = _shown(quiet)
    assert rows == {} and shown.strip().startswith("1 ok (0 new, 0 changed, 1 unchanged)")
