"""Store: one JSON record per document at the mirrored path, written atomically.

Records carry the ``schema_version`` they were written in; whoever reads records checks it
with ``check_schema_version`` before using one.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from pipeline.records import SCHEMA_VERSION, Record

MANIFEST_NAME = "_manifest.json"
QUARANTINE_NAME = "_quarantine.json"
RECORD_SUFFIX = ".json"
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


def record_path(source: Path, src_root: Path, out_root: Path) -> Path:
    """``SRC/a/b.pdf`` → ``OUT/a/b.json`` (``b.html.gz`` → ``b.json``), always inside OUT."""
    relative = source.relative_to(src_root) if source != src_root else Path(source.name)
    name = relative.name
    for suffix in WRAPPER_SUFFIXES:
        name = name.removesuffix(suffix)
    stem = Path(name).stem or name
    target = (out_root / relative.parent / (stem + RECORD_SUFFIX)).resolve()
    if not target.is_relative_to(out_root.resolve()):
        raise UnsafeOutputPath(f"record for {source} would be written outside {out_root}")
    return target


def dump_json(data: Any) -> str:
    """UTF-8 JSON with a stable layout so records diff cleanly."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


LOCK_NAME = ".qalam.lock"


class OutputLocked(RuntimeError):
    """Another run is writing to the same output folder."""


def _locked(holder: str, out_root: Path) -> OutputLocked:
    return OutputLocked(f"another qalam run (pid {holder.strip() or 'unknown'}) is writing to {out_root}; "
                        f"wait for it to finish or choose another --out")


def ensure_unlocked(out_root: Path) -> None:
    """Raise ``OutputLocked`` now if another run holds ``out_root``: the CLI checks before it
    starts Prefect, whose flow-run log would otherwise print the exception's traceback."""
    lock_path = out_root / LOCK_NAME
    if not lock_path.is_file():
        return
    with lock_path.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _locked(handle.read(), out_root) from None
        fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def output_lock(out_root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the whole run (released if the process dies)."""
    out_root.mkdir(parents=True, exist_ok=True)
    lock_path = out_root / LOCK_NAME
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise _locked(handle.read(), out_root) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
