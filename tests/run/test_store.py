"""The store: record paths mirror the sources inside OUT (the naming rule), writes are atomic and
honour the umask, schema versions are checked, the output lock is exclusive between runs."""

import json
import os
import stat
from pathlib import Path

import pytest

from pipeline.records import SCHEMA_VERSION
from pipeline.run.store import (
    LOCK_NAME,
    MANIFEST_NAME,
    IncompatibleRecord,
    OutputLocked,
    UnsafeOutputPath,
    UnusableOutput,
    check_schema_version,
    is_record_file,
    iter_record_files,
    output_lock,
    record_path,
    record_paths,
    write_json_atomic,
)

MAJOR, MINOR = map(int, SCHEMA_VERSION.split("."))


@pytest.mark.parametrize(
    "relative, expected",
    [
        ("a/b.pdf", "a/b.json"),
        ("page.html.gz", "page.json"),
        ("notes", "notes.json"),
        ("dir with space/ünï «q».txt", "dir with space/ünï «q».json"),
    ],
)
def test_record_path_mirrors_source(tmp_path, relative, expected):
    src, out = tmp_path / "src", tmp_path / "out"
    assert record_path(src / relative, src, out) == (out / expected).resolve()


@pytest.mark.parametrize("names, expected", [
    (["budget.txt", "budget.md", "notes.pdf"], ["budget.txt.json", "budget.md.json", "notes.json"]),
    (["x.pdf", "x.html"], ["x.pdf.json", "x.html.json"]),
    (["page.html.gz", "page.html"], ["page.html.gz.json", "page.html.json"]),
    (["notes", "notes.txt"], ["notes.json", "notes.txt.json"]),
    (["a/report.pdf", "b/report.html"], ["a/report.json", "b/report.json"]),  # other folders: no clash
])
def test_sources_that_would_share_a_record_keep_their_whole_names(tmp_path, names, expected):
    src, out = tmp_path / "src", tmp_path / "out"
    paths = record_paths([src / name for name in names], src, out)
    assert [p.relative_to(out.resolve()).as_posix() for p in paths.values()] == expected


def test_record_paths_reports_a_source_that_would_leave_output(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    paths = record_paths([src / "a.txt", src / ".." / ".." / "evil.txt"], src, out)
    assert paths[src / "a.txt"] == (out / "a.json").resolve()
    assert isinstance(paths[src / ".." / ".." / "evil.txt"], UnsafeOutputPath)


def test_record_path_never_leaves_output(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    with pytest.raises(UnsafeOutputPath):
        record_path(src / ".." / ".." / "evil.txt", src, out)


@pytest.mark.parametrize("relative", ["../escape.txt", "a/../../escape.txt", "a/../../../etc/passwd"])
def test_record_paths_cannot_climb_out(tmp_path, relative):
    src, out = tmp_path / "src", tmp_path / "out"
    with pytest.raises((UnsafeOutputPath, ValueError)):
        record_path(src / relative, src, out)


@pytest.mark.parametrize("name", ["..hidden-not.txt", "a..b.txt", "...txt", "x..", "..json"])
def test_dotted_names_stay_inside(tmp_path, name):
    src, out = tmp_path / "src", tmp_path / "out"
    target = record_path(src / name, src, out)
    assert target.is_relative_to(out.resolve())


def test_output_folder_link_pointing_outside_is_refused(tmp_path):
    src, out, elsewhere = tmp_path / "src", tmp_path / "out", tmp_path / "elsewhere"
    (src / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    out.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafeOutputPath):
        record_path(src / "sub" / "a.txt", src, out)


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "deep" / "rec.json"
    write_json_atomic(target, {"a": 1})
    write_json_atomic(target, {"a": "é"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"a": "é"}
    assert [p.name for p in target.parent.iterdir()] == ["rec.json"]


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "rec.json"
    write_json_atomic(target, {"ok": True})
    with pytest.raises(TypeError):
        write_json_atomic(target, {"bad": object()})
    assert json.loads(target.read_text()) == {"ok": True}
    assert [p.name for p in tmp_path.iterdir()] == ["rec.json"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_files_honour_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        write_json_atomic(tmp_path / "rec.json", {"a": 1})
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "rec.json").stat().st_mode) == mode


def test_bookkeeping_files_are_not_records(tmp_path):
    for name in ("a.json", MANIFEST_NAME, ".a.json.123.tmp", "b.txt"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in iter_record_files(tmp_path)] == ["a.json"]
    assert not is_record_file(Path(MANIFEST_NAME))


@pytest.mark.parametrize("version, readable", [
    (SCHEMA_VERSION, True),
    (f"{MAJOR}.0", True),  # an older minor version only lacks optional fields
    (None, True),  # no version: validation decides
    (f"{MAJOR}.{MINOR + 1}", False),
    (f"{MAJOR + 1}.0", False),
    (f"{MAJOR - 1}.0", False),
    (f"{MAJOR}", True),
    ("1.x", False),
    (MAJOR + 1, False),  # not even a string
])
def test_check_schema_version(version, readable):
    if readable:
        check_schema_version(version)
    else:
        with pytest.raises(IncompatibleRecord, match="--force"):
            check_schema_version(version)


def test_a_second_holder_of_the_output_lock_is_refused_but_the_same_process_may_reenter(tmp_path):
    out = tmp_path / "out"
    with output_lock(out):
        with output_lock(out):  # the CLI holds it, and the flow it runs takes it again
            pass
        assert (out / LOCK_NAME).read_text() == str(os.getpid())
        pid = os.fork()
        if pid == 0:  # another process: refused at once
            try:
                with output_lock(out):
                    os._exit(0)
            except OutputLocked:
                os._exit(4)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 4


@pytest.mark.parametrize("make, reason", [
    (lambda out: out.parent.mkdir() or out.write_text("a file"), "is a file, not a folder"),
    (lambda out: (out / LOCK_NAME).mkdir(parents=True), "is a folder; qalam keeps its lock file there"),
    (lambda out: out.parent.write_text("a file"), "cannot create the output folder"),
])
def test_an_output_folder_that_cannot_be_used_is_refused_with_the_reason(tmp_path, make, reason):
    out = tmp_path / "parent" / "out"
    make(out)
    with pytest.raises(UnusableOutput, match=reason):
        with output_lock(out):
            pass
