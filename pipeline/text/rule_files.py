"""Readers for rule data (curated lists, JSON-lines patterns, tab-separated tables).

The parsers take the file's text, so a component can keep the text it read and save it
with the pipeline; the ``read_*`` helpers read a file first.
"""

from __future__ import annotations

import json
from pathlib import Path


def list_entries(text: str) -> list[str]:
    """Entries of a curated list: one per line, blank lines and ``#`` comments skipped."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def jsonl_records(text: str) -> list[dict]:
    """Records of a JSON-lines text."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def tsv_pairs(text: str) -> dict[str, str]:
    """Key -> value of a two-column tab-separated text (the value may be empty)."""
    pairs = {}
    for line in text.splitlines():
        key, _, value = line.partition("\t")
        pairs[key] = value
    return pairs


def read_list(path: Path) -> list[str]:
    """Entries of a curated list file (see ``list_entries``)."""
    return list_entries(path.read_text(encoding="utf-8"))


def read_jsonl(path: Path) -> list[dict]:
    """Records of a JSON-lines file."""
    return jsonl_records(path.read_text(encoding="utf-8"))
