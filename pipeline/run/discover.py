"""Finding the input files of a run.

Directory links are followed (a linked folder of documents is part of the input) but each
real directory is entered once, so a link to a parent cannot loop. Links to missing files
are listed: ingest then reports them as failures with a reason instead of losing them
silently. Hidden files and folders, and the output folder when it lies inside the input,
are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable


def discover(src: Path, *, exclude: Iterable[Path] = ()) -> list[Path]:
    """Every regular file (or link to a missing file) under ``src``, or ``src`` itself, in a stable order;
    hidden entries and folders in ``exclude`` skipped. Never raises for unreadable folders."""
    src = Path(src)
    if not src.is_dir():
        return [src] if src.is_file() or _dangling(src) else []
    skip = {_identity(path) for path in exclude if Path(path).is_dir()}
    seen: set[tuple[int, int]] = set()
    found: list[Path] = []
    for root, dirs, files in os.walk(src, followlinks=True, onerror=None):
        here = Path(root)
        identity = _identity(here)
        if identity is None or identity in seen or identity in skip:
            dirs[:] = []  # a link back to a folder already walked, or the output folder
            continue
        seen.add(identity)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = here / name
            if not name.startswith(".") and (path.is_file() or _dangling(path)):
                found.append(path)
    return sorted(found)


def _dangling(path: Path) -> bool:
    """A link whose target is missing (links to pipes or devices are not documents)."""
    return path.is_symlink() and not path.exists()


def _identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of the real directory behind ``path``; None when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
