"""Finding the input files of a run."""

from __future__ import annotations

from pathlib import Path


def discover(src: Path) -> list[Path]:
    """Every regular file under ``src`` (or ``src`` itself), in a stable order; hidden files skipped."""
    if src.is_file():
        return [src]
    return sorted(p for p in src.rglob("*") if p.is_file() and not _hidden(p.relative_to(src)))


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
