"""Incremental planning: new, changed and unchanged documents, refused ones, and orphaned records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.records import SCHEMA_VERSION, PipelineInfo
from pipeline.run.plan import CHANGED, NEW, file_sha256, plan_run

INFO = PipelineInfo(version="0.1.0", model="m==1", rules="r")
MAJOR = int(SCHEMA_VERSION.split(".")[0])


def _sources(src: Path, *names: str) -> list[Path]:
    src.mkdir(parents=True, exist_ok=True)
    for name in names:
        (src / name).write_text(f"the text of {name}", encoding="utf-8")
    return [src / name for name in names]


def _record(out: Path, of: Path, **fields) -> Path:
    """The record of source ``of`` as a run leaves it: only the fields the planner reads, and ``fields``."""
    data = {"schema_version": SCHEMA_VERSION, "source": {"sha256": file_sha256(of)},
            "pipeline": INFO.model_dump()} | fields
    target = out / of.with_suffix(".json").name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


def test_sources_are_sorted_by_what_their_record_says(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    new, same, edited, rebuilt = _sources(src, "new.txt", "same.txt", "edited.txt", "rebuilt.txt")
    _record(out, same)
    _record(out, edited, source={"sha256": "0" * 64})
    _record(out, rebuilt, pipeline=INFO.model_dump() | {"rules": "older"})
    orphan = _record(out, _sources(tmp_path / "elsewhere", "gone.txt")[0])
    plan = plan_run([new, same, edited, rebuilt], src_dir=src, out_root=out, info=INFO, force=False)
    assert plan.todo == [(new, NEW), (edited, CHANGED), (rebuilt, CHANGED)]
    assert plan.unchanged == [same] and plan.refused == []
    assert plan.orphans == [orphan]


@pytest.mark.parametrize("version", [f"{MAJOR + 1}.0", f"{MAJOR - 1}.0"])
def test_a_record_of_another_schema_version_is_refused_until_forced(tmp_path, version):
    src, out = tmp_path / "src", tmp_path / "out"
    (source,) = _sources(src, "a.txt")
    _record(out, source, schema_version=version)
    (refused,) = plan_run([source], src_dir=src, out_root=out, info=INFO, force=False).refused
    assert refused[0] == source
    assert f"a.json was not replaced: record schema version {version}" in refused[1] and "--force" in refused[1]
    forced = plan_run([source], src_dir=src, out_root=out, info=INFO, force=True)
    assert forced.todo == [(source, CHANGED)] and forced.refused == []


def test_sources_sharing_a_name_each_get_their_record(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    notes_md, notes_txt, other = _sources(src, "notes.md", "notes.txt", "other.pdf")
    plan = plan_run([notes_md, notes_txt, other], src_dir=src, out_root=out, info=INFO, force=False)
    assert plan.todo == [(notes_md, NEW), (notes_txt, NEW), (other, NEW)] and plan.refused == []
    assert {s.name: r.name for s, r in plan.records.items()} == {
        "notes.md": "notes.md.json", "notes.txt": "notes.txt.json", "other.pdf": "other.json"}


def test_a_whole_name_that_is_another_files_record_name_is_refused(tmp_path):
    """``a.txt`` shares ``a.json`` with ``a.md`` and so becomes ``a.txt.json``, which is also the
    record name of a file called ``a.txt.pdf``: the later one is refused with the reason."""
    src, out = tmp_path / "src", tmp_path / "out"
    a_md, a_txt, a_txt_pdf = _sources(src, "a.md", "a.txt", "a.txt.pdf")
    plan = plan_run([a_md, a_txt, a_txt_pdf], src_dir=src, out_root=out, info=INFO, force=False)
    assert plan.todo == [(a_md, NEW), (a_txt, NEW)]
    assert plan.refused == [(a_txt_pdf, "its record name a.txt.json is already used by a.txt; "
                                        "rename one of the two files")]


def test_unchanged_records_are_found_under_their_whole_name(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    notes_md, notes_txt = _sources(src, "notes.md", "notes.txt")
    for source in (notes_md, notes_txt):
        record = _record(out, source)
        record.rename(out / f"{source.name}.json")
    plan = plan_run([notes_md, notes_txt], src_dir=src, out_root=out, info=INFO, force=False)
    assert plan.unchanged == [notes_md, notes_txt] and plan.orphans == []
