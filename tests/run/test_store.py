"""The store: record paths mirror the sources inside OUT, writes are atomic, schema versions are checked."""

import json
from pathlib import Path

import pytest

from pipeline.records import SCHEMA_VERSION
from pipeline.run.store import (
    MANIFEST_NAME,
    IncompatibleRecord,
    UnsafeOutputPath,
    check_schema_version,
    is_record_file,
    iter_record_files,
    record_path,
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
