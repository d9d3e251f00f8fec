import json
from pathlib import Path

import pytest

from pipeline.run.store import (
    MANIFEST_NAME,
    UnsafeOutputPath,
    is_record_file,
    iter_record_files,
    record_path,
    write_json_atomic,
)


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
