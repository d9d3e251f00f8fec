"""Store: one JSON record per document at the mirrored path, written atomically.

Naming rule: ``SRC/a/b.pdf`` → ``OUT/a/b.json`` (a ``.gz`` wrapper is dropped first:
``b.html.gz`` → ``b.json``). When several files of one folder would get the same record name
(``budget.txt`` and ``budget.md``, ``x.pdf`` and ``x.html``), each of them keeps its whole
name instead: ``budget.txt.json`` and ``budget.md.json``.

Records carry the ``schema_version`` they were written in; whoever reads records checks it
with ``check_schema_version`` before using one. Files are created with mode 0666 less the
umask, like any file the user creates, so teammates and web servers can read them when the
umask allows it.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from pipeline.records import SCHEMA_VERSION, Record

MANIFEST_NAME = "_manifest.json"
QUARANTINE_NAME = "_quarantine.json"
LOCK_NAME = ".qalam.lock"
REPORT_MARKER = ".qalam-report"
# A folder holding one of these was written by qalam: discovery never reads it as input.
OWN_OUTPUT_MARKERS = {
    MANIFEST_NAME: "a qalam output folder",
    LOCK_NAME: "a qalam output folder",
    REPORT_MARKER: "a qalam report site",
}
RECORD_SUFFIX = ".json"
NEW_FILE_MODE = 0o666  # less the umask, as open() creates files
# Suffixes that wrap the real format and are dropped before mapping to a record name.
WRAPPER_SUFFIXES = (".gz",)


class UnsafeOutputPath(ValueError):
    """A record path would land outside the output folder."""


class IncompatibleRecord(Exception):
    """A record written in a schema version this qalam does not read; the message says what to do."""


def _major_minor(version: str) -> tuple[int, int] | None:
    major, _, minor = version.partition(".")
    return (int(major), int(minor or 0)) if major.isdigit() and (minor or "0").isdigit() else None


def check_schema_version(version: object) -> None:
    """Raise ``IncompatibleRecord`` unless this qalam reads records of schema ``version``.

    Readable: the same major version and a minor version no newer than ``SCHEMA_VERSION``
    (minor versions only add optional fields). A record without a version is left to validation.
    """
    if version is None:
        return
    found, current = _major_minor(str(version)), _major_minor(SCHEMA_VERSION)
    if found is not None and found[0] == current[0] and found[1] <= current[1]:
        return
    again = "extract the document again with `qalam run SRC --out DIR --force`"
    if found is None:
        raise IncompatibleRecord(f"record schema version {version!r} is not one this qalam reads "
                                 f"({SCHEMA_VERSION}): {again}")
    if found < current:
        raise IncompatibleRecord(f"record schema version {version} is older than the {SCHEMA_VERSION} this qalam "
                                 f"reads: {again}")
    raise IncompatibleRecord(f"record schema version {version} is newer than the {SCHEMA_VERSION} this qalam "
                             f"reads: upgrade qalam, or {again}")


def record_path(source: Path, src_root: Path, out_root: Path, *, whole_name: bool = False) -> Path:
    """``SRC/a/b.pdf`` → ``OUT/a/b.json`` (``b.html.gz`` → ``b.json``; with ``whole_name``,
    ``b.pdf.json``), always inside OUT."""
    relative = source.relative_to(src_root) if source != src_root else Path(source.name)
    name = relative.name
    if not whole_name:
        for suffix in WRAPPER_SUFFIXES:
            name = name.removesuffix(suffix)
        name = Path(name).stem or name
    target = (out_root / relative.parent / (name + RECORD_SUFFIX)).resolve()
    if not target.is_relative_to(out_root.resolve()):
        raise UnsafeOutputPath(f"record for {source} would be written outside {out_root}")
    return target


def record_paths(sources: list[Path], src_root: Path, out_root: Path) -> dict[Path, Path | UnsafeOutputPath]:
    """Each source's record path by the naming rule (sources that would share one keep their
    whole names), in the order given; a source whose record would land outside OUT maps to the error."""
    sharing: dict[Path, list[Path]] = defaultdict(list)
    paths: dict[Path, Path | UnsafeOutputPath] = {}
    for source in sources:
        try:
            sharing[record_path(source, src_root, out_root)].append(source)
        except UnsafeOutputPath as exc:
            paths[source] = exc
    for target, group in sharing.items():
        for source in group:
            paths[source] = target if len(group) == 1 else record_path(source, src_root, out_root, whole_name=True)
    return {source: paths[source] for source in sources}


def dump_json(data: Any) -> str:
    """UTF-8 JSON with a stable layout so records diff cleanly."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _new_temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def _new_temporary(path: Path) -> tuple[int, Path]:
    """A new, open temporary file beside ``path``. Unlike ``mkstemp`` (always 0600) its mode is
    0666 less the umask, which the rename then gives the final file."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE), tmp
        except FileExistsError:
            continue


def write_json_atomic(path: Path, data: Any) -> None:
    write_text_atomic(path, dump_json(data))


def write_record(record: Record, path: Path) -> None:
    write_json_atomic(path, record.model_dump(mode="json"))


def is_record_file(path: Path) -> bool:
    """Records are the .json files that are not run bookkeeping (``_manifest.json``, temp files)."""
    return path.suffix == RECORD_SUFFIX and not path.name.startswith(("_", "."))


def iter_record_files(out_root: Path) -> Iterator[Path]:
    for path in sorted(out_root.rglob("*" + RECORD_SUFFIX)):
        if is_record_file(path):
            yield path


class OutputLocked(RuntimeError):
    """Another run is writing to the same output folder."""


class UnusableOutput(ValueError):
    """The output folder cannot be created or written; the message says why."""


# (process, output folder) -> how often the lock was entered; a forked child holds nothing.
_held_locks: dict[tuple[int, Path], int] = {}


def _locked(holder: str, out_root: Path) -> OutputLocked:
    return OutputLocked(f"another qalam run (pid {holder.strip() or 'unknown'}) is writing to {out_root}; "
                        f"wait for it to finish or choose another --out")


def prepare_output(out_root: Path) -> None:
    """Create the output folder, or raise ``UnusableOutput`` saying why it cannot be used."""
    if out_root.exists() and not out_root.is_dir():
        raise UnusableOutput(f"--out {out_root} is a file, not a folder")
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UnusableOutput(f"cannot create the output folder {out_root}: {exc.strerror or exc}") from None
    if (out_root / LOCK_NAME).is_dir():
        raise UnusableOutput(f"{out_root / LOCK_NAME} is a folder; qalam keeps its lock file there: remove it")


@contextmanager
def output_lock(out_root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the whole run (released if the process dies).

    Re-entrant within a process: the CLI takes the lock before Prefect starts (so a second run
    is refused at once, in one line), and the flow it runs enters it again."""
    key = (os.getpid(), out_root.resolve())
    if key in _held_locks:
        _held_locks[key] += 1
        try:
            yield
        finally:
            _held_locks[key] -= 1
        return
    prepare_output(out_root)
    try:
        handle = (out_root / LOCK_NAME).open("a+")
    except OSError as exc:
        raise UnusableOutput(f"cannot write to the output folder {out_root}: {exc.strerror or exc}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise _locked(handle.read(), out_root) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _held_locks[key] = 1
        try:
            yield
        finally:
            del _held_locks[key]
            fcntl.flock(handle, fcntl.LOCK_UN)
