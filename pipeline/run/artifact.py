"""What a run leaves in Prefect's UI: a Markdown report with the counts, the failed documents and
their reasons, and where the manifest is; keyed by source folder, so the Artifacts page keeps
one history per folder."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.run.manifest import CHANGES
from pipeline.run.store import MANIFEST_NAME

ARTIFACT_PREFIX = "qalam"
MAX_LISTED = 50  # failures listed in the report; the manifest has them all


def artifact_key(source: str) -> str:
    """``qalam-inbox`` for ``/data/inbox``: lowercase letters, digits and dashes, as Prefect wants."""
    name = Path(source).resolve().name.lower()
    return "-".join(filter(None, [ARTIFACT_PREFIX, re.sub(r"[^a-z0-9]+", "-", name).strip("-")]))


def run_report(summary: dict) -> str:
    """The run's counts, its failed documents with their reasons, and the manifest's location."""
    counts = summary["counts"]
    manifest = Path(summary["output"]).resolve() / MANIFEST_NAME
    lines = [f"## qalam run of `{summary['source']}`", "",
             f"{counts['ok']} ok, **{counts['failed']} failed** in {summary['seconds']:.1f} s; "
             f"records in `{summary['output']}`; manifest: [{manifest}]({manifest.as_uri()})", "",
             "| " + " | ".join(("ok", *CHANGES, "failed", "skipped", "orphaned")) + " |",
             "|" + "---|" * (len(CHANGES) + 4),
             "| " + " | ".join(str(counts[key]) for key in ("ok", *CHANGES, "failed", "skipped", "orphaned")) + " |"]
    failures = summary["failures"]
    if failures:
        lines += ["", "### Failed documents", "", "| document | reason |", "|---|---|"]
        lines += [f"| {_cell(f['path'])} | {_cell(f['reason'] or '')} |" for f in failures[:MAX_LISTED]]
        if len(failures) > MAX_LISTED:
            lines += ["", f"… and {len(failures) - MAX_LISTED} more in the manifest."]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
