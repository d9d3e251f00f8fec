"""Finding the input files of a run: the source folder is the boundary.

Everything under the source folder is an input except what is skipped, and every skipped
entry is reported with its reason (the run summary counts them, the manifest lists them):
hidden files and folders, qalam's own outputs (a folder holding a run manifest, an output
lock or a report marker, and this run's output folder), links whose target lies outside the
source folder (unless ``follow_symlinks``), folders and files already reached under another
name (link loops, two links to one file), unreadable folders, and entries that are not
regular files (pipes, sockets, devices). On a shared inbox this keeps anyone who can drop a
link from copying files the qalam user can read into records others read.

Real folders are walked before links are followed, so a document reached both directly and
through a link is read under its own name. A link whose target is missing stays an input:
reading it fails with a reason, so it is never lost silently.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pipeline.run.store import OWN_OUTPUT_MARKERS

OUTPUT_FOLDER = "the output folder of this run"


@dataclass(frozen=True)
class Skipped:
    """An entry of the source folder that produced no input, and why."""

    path: str  # relative to the source folder, POSIX separators
    reason: str


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class _Walk:
    """State of one walk: the boundary, what was seen (by device and inode) and what was found."""

    src: Path
    root: Path  # the source folder, resolved
    excluded: set[Path]
    follow_symlinks: bool
    found: Discovery = field(default_factory=Discovery)
    seen: dict[tuple[int, int], str] = field(default_factory=dict)  # identity -> where it was read
    links: list[Path] = field(default_factory=list)

    def skip(self, path: Path, reason: str) -> None:
        self.found.skipped.append(Skipped(self.relative(path), reason))

    def relative(self, path: Path) -> str:
        return path.relative_to(self.src).as_posix()


def discover(src: Path, *, exclude: Iterable[Path] = (), follow_symlinks: bool = False) -> Discovery:
    """The input files under ``src`` (or ``src`` itself, when it is a file) in a stable order,
    and the skipped entries with their reasons. Folders in ``exclude`` (the run's output
    folder) are skipped. Never raises for unreadable folders."""
    src = Path(src)
    if not src.is_dir():
        return Discovery(files=[src] if src.is_file() or src.is_symlink() else [])
    walk = _Walk(src=src, root=src.resolve(), excluded={Path(p).resolve() for p in exclude},
                 follow_symlinks=follow_symlinks)
    _enter(walk, src)
    while walk.links:  # links found while walking may lead to more links
        pending, walk.links = sorted(walk.links), []
        for link in pending:
            _follow(walk, link)
    walk.found.files.sort()
    walk.found.skipped.sort(key=lambda s: s.path)
    return walk.found


def _enter(walk: _Walk, folder: Path) -> None:
    """Walk ``folder`` (already checked) and the real folders below it; links wait in ``walk.links``."""
    try:
        walk.seen[_identity(os.stat(folder))] = walk.relative(folder)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        walk.skip(folder, f"cannot read the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            walk.skip(path, "hidden")
        elif entry.is_symlink():
            walk.links.append(path)
        else:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                walk.skip(path, f"cannot read: {exc.strerror or exc}")
                continue
            _take(walk, path, info)


def _follow(walk: _Walk, link: Path) -> None:
    target = Path(os.path.realpath(link))
    try:
        info = os.stat(link)
    except OSError:
        if target.is_relative_to(walk.root) or walk.follow_symlinks:
            walk.found.files.append(link)  # a broken link: reading it fails with the reason
        else:
            walk.skip(link, f"link to {target}, outside the source folder")
        return
    if not walk.follow_symlinks and not target.is_relative_to(walk.root):
        walk.skip(link, f"link to {target}, outside the source folder (--follow-symlinks reads it)")
        return
    _take(walk, link, info)


def _take(walk: _Walk, path: Path, info: os.stat_result) -> None:
    """Add a file, enter a folder, or skip the entry with the reason."""
    read_as = walk.seen.get(_identity(info))
    if read_as is not None:
        what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
        walk.skip(path, f"the same {what} as {read_as if read_as != '.' else 'the source folder'} "
                        f"(each {what} is read once)")
    elif stat.S_ISDIR(info.st_mode):
        reason = _not_an_input_folder(walk, path)
        if reason:
            walk.skip(path, reason)
        else:
            _enter(walk, path)
    elif stat.S_ISREG(info.st_mode):
        walk.seen[_identity(info)] = walk.relative(path)
        walk.found.files.append(path)
    else:
        walk.skip(path, f"not a regular file ({_file_type(info.st_mode)})")


def _not_an_input_folder(walk: _Walk, folder: Path) -> str | None:
    if folder.resolve() in walk.excluded:
        return OUTPUT_FOLDER
    for marker, what in OWN_OUTPUT_MARKERS.items():
        if (folder / marker).exists():
            return f"{what} (it holds {marker})"
    return None


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _file_type(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
             (stat.S_ISBLK, "block device"))
    return next((name for test, name in kinds if test(mode)), "unknown type")
