"""The Prefect flow end to end: records land, bad files are recorded, reruns are incremental."""

import json
import os
import subprocess
import sys

import pytest

from pipeline.corpus.query import load_record
from pipeline.run.store import MANIFEST_NAME, OutputLocked, output_lock

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

BAD_FILES = {
    "empty.txt": b"",
    "garbage.bin": bytes(range(256)) * 40,
    "truncated.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty",
    "undecodable.txt": b"caf\xe9 \xff\xfe\x00\x81\x8d\x8f\x90\x9d" * 50 + bytes(range(128, 256)) * 4,
}


@pytest.fixture
def run(settings):
    from pipeline.run.flows import run_flow

    def _run(src, out, **options):
        return run_flow(str(src), str(out), settings.model_dump(), **options)

    return _run


def _write_corpus(src, good_article):
    src.mkdir()
    (src / "article.txt").write_text(good_article, encoding="utf-8")
    (src / "sub dir").mkdir()
    (src / "sub dir" / "page «1».pdf").write_text(  # HTML with the wrong extension
        "<html><head><title>Volunteers</title></head><body><article><h1>Volunteers</h1>"
        + "<p>The volunteers of the Red Cross in Lisbon helped 300 families this winter.</p>" * 3
        + "</article></body></html>", encoding="utf-8")
    for name, data in BAD_FILES.items():
        (src / name).write_bytes(data)


def test_good_documents_land_and_bad_ones_are_recorded(tmp_path, run, good_article):
    src, out = tmp_path / "src", tmp_path / "out"
    _write_corpus(src, good_article)
    summary = run(src, out)
    assert summary["counts"]["ok"] == 2
    assert summary["counts"]["failed"] == len(BAD_FILES)
    reasons = {f["path"]: f["reason"] for f in summary["failures"]}
    assert set(reasons) == set(BAD_FILES)
    assert all(reason and "Traceback" not in reason for reason in reasons.values())
    article = load_record(out / "article.json")
    assert article.source.media_type == "text/plain"
    assert article.language.code == "en"
    assert load_record(out / "sub dir" / "page «1».json").source.media_type == "text/html"
    on_disk = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert on_disk["counts"] == summary["counts"]


def test_rerun_skips_unchanged_and_redoes_changed(tmp_path, run, good_article):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(good_article, encoding="utf-8")
    (src / "b.txt").write_text(good_article.replace("Lyon", "Porto"), encoding="utf-8")
    assert run(src, out)["counts"]["new"] == 2
    before = (out / "a.json").stat().st_mtime_ns
    second = run(src, out)
    assert (second["counts"]["unchanged"], second["counts"]["new"], second["counts"]["changed"]) == (2, 0, 0)
    assert (second["counts"]["ok"], second["counts"]["failed"]) == (2, 0)  # unchanged records are ok
    assert (out / "a.json").stat().st_mtime_ns == before
    (src / "b.txt").write_text(good_article.replace("Lyon", "Turin"), encoding="utf-8")
    assert run(src, out)["counts"]["changed"] == 1
    assert run(src, out, force=True)["counts"]["changed"] == 2


def test_removed_sources_are_orphans_until_pruned(tmp_path, run, good_article):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(good_article, encoding="utf-8")
    run(src, out)
    os.remove(src / "a.txt")
    kept = run(src, out)
    assert kept["counts"]["orphaned"] == 1 and (out / "a.json").exists()
    pruned = run(src, out, prune=True)
    assert pruned["orphans"]["pruned"] and not (out / "a.json").exists()


def test_a_second_run_on_the_same_output_is_refused(tmp_path, run, good_article):
    """Another process holds the lock (this one may re-enter its own: the CLI holds it for the flow)."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(good_article, encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from pipeline.run.store import output_lock\n"
                               f"with output_lock(Path({str(out)!r})):\n print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(OutputLocked, match=f"another qalam run \\(pid {holder.pid}\\)"):
            run(src, out)
    finally:
        holder.communicate("")
    with output_lock(out):
        assert run(src, out)["counts"]["new"] == 1


def test_redaction_masks_contacts_and_reruns_unredacted_records(tmp_path, run, settings, good_article):
    from pipeline.run.flows import run_flow

    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    sentence = ("\nGroups that want to apply can write to lena.ortiz@example.org or call the federation "
                "on +33 4 72 10 30 30 before the end of the month to ask about the grants.\n")
    (src / "a.txt").write_text(good_article + sentence, encoding="utf-8")
    plain = run(src, out)
    record = load_record(out / "a.json")
    assert [c.kind for c in record.contacts] == ["email", "phone"] and plain["counts"]["new"] == 1
    redacted = settings.with_overrides(privacy={"redact": True})
    summary = run_flow(str(src), str(out), redacted.model_dump())
    assert summary["counts"]["changed"] == 1
    record = load_record(out / "a.json")
    assert "lena.ortiz" not in record.text and "72 10" not in record.text
    assert record.pipeline.redacted


def test_sources_sharing_a_name_each_get_their_record(tmp_path, run, good_article):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "notes.txt").write_text(good_article, encoding="utf-8")
    (src / "notes.md").write_text(good_article.replace("Lyon", "Porto"), encoding="utf-8")
    summary = run(src, out)
    assert summary["counts"]["ok"] == 2 and summary["failures"] == []
    assert load_record(out / "notes.txt.json").source.path == "notes.txt"
    assert load_record(out / "notes.md.json").source.path == "notes.md"
    assert run(src, out)["counts"]["unchanged"] == 2


def test_links_out_of_the_source_are_skipped_unless_followed(tmp_path, run, good_article):
    src, out, outside = tmp_path / "src", tmp_path / "out", tmp_path / "outside"
    (outside / "docs").mkdir(parents=True)
    (outside / "docs" / "far.txt").write_text(good_article.replace("Lyon", "Turin"), encoding="utf-8")
    src.mkdir()
    (src / "a.txt").write_text(good_article, encoding="utf-8")
    (src / "docs").symlink_to(outside / "docs", target_is_directory=True)
    summary = run(src, out)
    assert [d["path"] for d in summary["documents"]] == ["a.txt"] and summary["counts"]["skipped"] == 1
    assert summary["skipped"][0]["path"] == "docs" and not (out / "docs").exists()
    followed = run(src, out, follow_symlinks=True)
    assert followed["counts"]["new"] == 1 and (out / "docs" / "far.json").is_file()


def test_a_batch_that_fails_as_a_whole_still_accounts_for_its_documents(tmp_path, run, good_article,
                                                                          monkeypatch):
    import pipeline.run.flows

    def broken(*args, **kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(pipeline.run.flows, "batch_in_worker", broken)
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(good_article, encoding="utf-8")
    summary = run(src, out)
    assert summary["failures"] == [{"path": "a.txt", "reason": "the batch failed: RuntimeError: worker lost"}]
    assert json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["counts"]["failed"] == 1
