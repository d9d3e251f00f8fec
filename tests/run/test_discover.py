"""Finding a run's input files: the source folder is the boundary. Links out of it, hidden
entries, qalam's own outputs and non-files are skipped and listed with the reason; links inside
it are followed once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.run.discover import OUTPUT_FOLDER, discover
from pipeline.run.store import LOCK_NAME, MANIFEST_NAME, REPORT_MARKER

TEXT = "The tenants' association met the housing office."


@pytest.fixture
def tree(tmp_path) -> tuple[Path, Path]:
    """SRC with one document, and a folder OUTSIDE it holding a secret and a folder of documents."""
    src, outside = tmp_path / "src", tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text("password")
    (outside / "deep" / "far.txt").write_text(TEXT)
    src.mkdir()
    (src / "a.txt").write_text(TEXT)
    return src, outside


def _found(src: Path, **options) -> tuple[list[str], dict[str, str]]:
    found = discover(src, **options)
    return ([p.relative_to(src).as_posix() for p in found.files],
            {s.path: s.reason for s in found.skipped})


def test_links_out_of_the_source_folder_are_skipped_with_the_reason(tree):
    src, outside = tree
    (src / "passwd.txt").symlink_to(outside / "secret.txt")
    (src / "etc").symlink_to(outside / "deep", target_is_directory=True)
    files, skipped = _found(src)
    assert files == ["a.txt"]
    assert skipped["passwd.txt"] == f"link to {outside / 'secret.txt'}, outside the source folder " \
                                    f"(--follow-symlinks reads it)"
    assert "outside the source folder" in skipped["etc"] and set(skipped) == {"passwd.txt", "etc"}


def test_follow_symlinks_reads_links_out_of_the_folder(tree):
    src, outside = tree
    (src / "passwd.txt").symlink_to(outside / "secret.txt")
    (src / "etc").symlink_to(outside / "deep", target_is_directory=True)
    files, skipped = _found(src, follow_symlinks=True)
    assert files == ["a.txt", "etc/far.txt", "passwd.txt"] and skipped == {}


def test_links_inside_the_folder_are_followed_once(tree):
    src, _ = tree
    (src / "docs").mkdir()
    (src / "docs" / "b.txt").write_text(TEXT)
    (src / "alias.txt").symlink_to(src / "docs" / "b.txt")  # sorts before the real file
    (src / "docs" / "again").symlink_to(src / "docs", target_is_directory=True)  # a loop
    (src / "docs" / "up").symlink_to("..", target_is_directory=True)  # a loop to the top
    (src / "mirror").symlink_to("docs", target_is_directory=True)  # a second name for a folder
    files, skipped = _found(src)
    assert files == ["a.txt", "docs/b.txt"]  # each document read once, under its real name
    assert skipped == {
        "alias.txt": "the same file as docs/b.txt (each file is read once)",
        "docs/again": "the same folder as docs (each folder is read once)",
        "docs/up": "the same folder as the source folder (each folder is read once)",
        "mirror": "the same folder as docs (each folder is read once)",
    }


def test_a_link_into_a_linked_folder_outside_is_still_judged_by_its_target(tree):
    """With --follow-symlinks a folder outside is walked; its own links are followed too, once."""
    src, outside = tree
    (outside / "deep" / "back").symlink_to(src, target_is_directory=True)
    (src / "far").symlink_to(outside / "deep", target_is_directory=True)
    files, skipped = _found(src, follow_symlinks=True)
    assert files == ["a.txt", "far/far.txt"]
    assert skipped == {"far/back": "the same folder as the source folder (each folder is read once)"}


def test_a_broken_link_inside_stays_an_input_so_its_failure_is_reported(tree):
    src, outside = tree
    (src / "gone.txt").symlink_to(src / "missing.txt")
    (src / "gone outside.txt").symlink_to(outside / "missing.txt")
    files, skipped = _found(src)
    assert files == ["a.txt", "gone.txt"]
    assert skipped == {"gone outside.txt": f"link to {outside / 'missing.txt'}, outside the source folder"}


@pytest.mark.parametrize("marker, what", [
    (MANIFEST_NAME, "a qalam output folder"),
    (LOCK_NAME, "a qalam output folder"),
    (REPORT_MARKER, "a qalam report site"),
])
def test_qalam_outputs_inside_the_source_are_skipped(tree, marker, what):
    src, _ = tree
    (src / "site" / "assets").mkdir(parents=True)
    (src / "site" / "assets" / "report.css").write_text("body { color: black }")
    (src / "site" / marker).write_text("{}")
    files, skipped = _found(src)
    assert files == ["a.txt"] and skipped == {"site": f"{what} (it holds {marker})"}


def test_the_runs_output_folder_inside_the_source_is_skipped(tree):
    src, _ = tree
    (src / "extracted").mkdir()
    (src / "extracted" / "a.json").write_text("{}")
    files, skipped = _found(src, exclude=[src / "extracted"])
    assert files == ["a.txt"] and skipped == {"extracted": OUTPUT_FOLDER}


def test_hidden_entries_and_non_files_are_skipped(tree):
    src, _ = tree
    (src / ".git").mkdir()
    (src / ".git" / "config").write_text("[core]")
    (src / ".DS_Store").write_bytes(b"\0")
    os.mkfifo(src / "pipe")
    files, skipped = _found(src)
    assert files == ["a.txt"]
    assert skipped == {".git": "hidden", ".DS_Store": "hidden", "pipe": "not a regular file (named pipe)"}


def test_an_unreadable_folder_is_skipped_with_the_reason(tree, monkeypatch):
    src, _ = tree
    (src / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):  # chmod 000 does not stop root, so the refusal is made here
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, skipped = _found(src)
    assert files == ["a.txt"] and skipped == {"locked": "cannot read the folder: Permission denied"}


def test_a_single_file_is_its_own_input(tree):
    src, _ = tree
    found = discover(src / "a.txt")
    assert found.files == [src / "a.txt"] and found.skipped == []
