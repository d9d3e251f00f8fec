"""Finding a run's input files: links followed once, hidden files and the output folder skipped."""

from __future__ import annotations

from pipeline.run.discover import discover
from pipeline.run.store import record_path


def test_links_out_of_the_input_still_write_inside_the_output(tmp_path):
    src, out, outside = tmp_path / "src", tmp_path / "out", tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "far.txt").write_text("A file outside the input folder.")
    src.mkdir()
    (src / "linked dir").symlink_to(outside / "deep", target_is_directory=True)
    (src / "linked.txt").symlink_to(outside / "deep" / "far.txt")
    found = discover(src)
    assert [p.relative_to(src).as_posix() for p in found] == ["linked dir/far.txt", "linked.txt"]
    targets = [record_path(p, src, out) for p in found]
    assert all(t.is_relative_to(out.resolve()) for t in targets)


def test_output_inside_input_is_not_read_back(tmp_path):
    src = tmp_path / "src"
    (src / "extracted").mkdir(parents=True)
    (src / "a.txt").write_text("words")
    (src / "extracted" / "a.json").write_text("{}")
    assert discover(src, exclude=[src / "extracted"]) == [src / "a.txt"]
