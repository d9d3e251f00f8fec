"""Readers for the rule data under models/ (curated lists and JSON-lines patterns)."""

from __future__ import annotations

import json
from pathlib import Path


def read_list(path: Path) -> list[str]:
    """Entries of a curated list: one per line, blank lines and ``#`` comments skipped."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_jsonl(path: Path) -> list[dict]:
    """Records of a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
