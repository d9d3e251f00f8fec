"""The fault suite: good documents mixed with every kind of bad input, through the real flow.

Every good document must get its record; every bad one a failure with a readable reason;
nothing may crash the run or hang it.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import time

import pytest

import pipeline.run.store
from pipeline.corpus.query import load_record
from pipeline.ingest import load_document
from pipeline.ingest.errors import IngestError, TooLarge
from pipeline.run.store import MANIFEST_NAME, iter_record_files, record_path

from .conftest import bad_documents, good_documents, long_line

BIG_LINE_BYTES = 50 * 1024 * 1024
LIMITS = {"max_bytes": 64 * 1024 * 1024, "max_pdf_pages": 3, "timeout_seconds": 60}
# Reasons that mean a bug escaped to the per-document boundary rather than a named refusal.
CRASH_SIGNS = re.compile(r"Traceback|unexpected \w+Error|\bFile \"", re.I)
FLOW_SECONDS = 150


def _unreadable(monkeypatch, path: pathlib.Path) -> None:
    """chmod 000, or (as root, who reads anything) make every open of the file fail the same way."""
    if os.geteuid() != 0:
        path.chmod(0)
        return
    real_open = pathlib.Path.open

    def deny(self, *args, **kwargs):
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", deny)


def _disappearing(monkeypatch, path: pathlib.Path) -> None:
    """Delete ``path`` right after the flow has discovered it."""
    import pipeline.run.job

    found = pipeline.run.job.discover

    def discover_then_delete(*args, **kwargs):
        discovery = found(*args, **kwargs)
        path.unlink()
        return discovery

    monkeypatch.setattr(pipeline.run.job, "discover", discover_then_delete)


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_fault_suite(tmp_path, settings, write_tree, monkeypatch, capsys):
    from pipeline.run.flows import run_flow

    src, out = tmp_path / "src", tmp_path / "out"
    good = good_documents()
    bad = {name: reason for name, (_, reason) in bad_documents(big_line_bytes=BIG_LINE_BYTES).items()}
    write_tree(src, good)
    write_tree(src, {name: data for name, (data, _) in bad_documents(big_line_bytes=BIG_LINE_BYTES).items()})
    # Bad inputs that are states of the file system rather than contents.
    write_tree(src, {"vanishing.txt": b"A file deleted between discovery and reading.",
                     "locked.txt": b"A file nobody may read."})
    # Under the byte limit a 50 MB line must be read in bounded time; it may end as a record
    # or as a failure with a reason (the NLP stage has its own length limit), never a crash.
    write_tree(src, {"one long line.txt": long_line(BIG_LINE_BYTES)})
    bad["vanishing.txt"] = "disappeared|No such file"
    bad["locked.txt"] = "ermission denied"
    (src / "dangling.txt").symlink_to(src / "missing.txt")
    bad["dangling.txt"] = "missing file|No such file"
    (src / "sub dir" / "loop").symlink_to("..", target_is_directory=True)  # a folder link to its parent
    _unreadable(monkeypatch, src / "locked.txt")
    _disappearing(monkeypatch, src / "vanishing.txt")

    started = time.monotonic()
    summary = run_flow(str(src), str(out), settings.with_overrides(ingest=LIMITS).model_dump())
    elapsed = time.monotonic() - started
    monkeypatch.undo()

    reasons = {f["path"]: f["reason"] for f in summary["failures"]}
    crashes = sorted(path for path, reason in reasons.items() if CRASH_SIGNS.search(reason or ""))
    lost = sorted(name for name in good if not _record_ok(src / name, src, out))
    long_line_done = reasons.pop("one long line.txt", None) or _record_ok(src / "one long line.txt", src, out)
    with capsys.disabled():
        print(f"\nfaults: {len(bad) + 1} bad inputs tried, {len(crashes)} crashes, {len(lost)} good documents lost "
              f"({elapsed:.0f} s)")
    assert crashes == [] and lost == [] and long_line_done
    assert set(reasons) == set(bad), "every bad input, and only those, is a failure"
    for name, pattern in bad.items():
        assert re.search(pattern, reasons[name]), f"{name}: {reasons[name]}"
    counts = summary["counts"]
    assert counts["ok"] + counts["failed"] == len(good) + len(bad) + 1 == counts["total"]
    # The folder loop duplicated nothing: one record per good document (and the long line's).
    assert len(list(iter_record_files(out))) == counts["ok"]
    assert json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["counts"] == counts
    assert elapsed < FLOW_SECONDS
    _check_quarantine(out, set(bad))


def _check_quarantine(out: pathlib.Path, bad: set[str]) -> None:
    """OUT/_quarantine.json lists each failed input with its reason."""
    entries = {e["path"]: e for e in json.loads((out / pipeline.run.store.QUARANTINE_NAME).read_text(encoding="utf-8"))}
    assert bad <= set(entries) <= bad | {"one long line.txt"}
    assert all(e["reason"] for e in entries.values())
    assert entries["empty.txt"]["size"] == 0 and len(entries["noise.bin"]["sha256"]) == 64
    assert entries["dangling.txt"]["sha256"] is None and entries["vanishing.txt"]["size"] is None


def _record_ok(source: pathlib.Path, src: pathlib.Path, out: pathlib.Path) -> bool:
    target = record_path(source, src, out)
    return target.is_file() and load_record(target).source.path == source.relative_to(src).as_posix()


def test_long_line_over_the_byte_limit_is_refused_without_reading(tmp_path, settings):
    path = tmp_path / "line.txt"
    path.write_bytes(long_line(BIG_LINE_BYTES))
    started = time.monotonic()
    with pytest.raises(TooLarge, match="max_bytes"):
        load_document(path, settings=settings.with_overrides(ingest={"max_bytes": BIG_LINE_BYTES // 2}).ingest)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("unit", [
    b"x",  # one 2 MB word: regular expressions must not rescan it from every position
    b"a.",  # dots make word boundaries everywhere (the e-mail pattern's worst case)
    b"<div>",  # looks like HTML: the nesting guard refuses it before parsing
])
def test_pathological_text_is_linear(tmp_path, settings, assert_grows_linearly, ingest_in_this_thread, unit):
    def load(size: int) -> None:
        path = tmp_path / "odd.txt"
        path.write_bytes(unit * (size // len(unit)))
        try:
            load_document(path, settings=settings.ingest)
        except IngestError as exc:
            assert "nest" in str(exc)

    assert_grows_linearly(load, 500_000, 2_000_000)


def test_timeout_applies_to_text_and_html(tmp_path, settings):
    """A time budget too small for any work (the settings refuse 0) stops every format at its first
    check, with the setting named."""
    strict = settings.with_overrides(ingest={"timeout_seconds": 1e-9}).ingest
    (tmp_path / "a.txt").write_text("Some words.\n\nMore words here.")
    (tmp_path / "b.html").write_text("<html><body><article><p>Some words here.</p></article></body></html>")
    for name in ("a.txt", "b.html"):
        with pytest.raises(IngestError, match="timeout_seconds"):
            load_document(tmp_path / name, settings=strict)
