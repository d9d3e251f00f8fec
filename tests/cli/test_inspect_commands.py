"""show, query, entities, export and report through the real ``qalam`` app: exit codes, formats,
helpful errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.corpus.query import COLUMNS

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def damaged(corpus_root, tmp_path) -> Path:
    """A copy of the records with one record whose figure offsets no longer match its text."""
    folder = tmp_path / "extracted"
    shutil.copytree(corpus_root / "extracted", folder)
    bad = folder / "reports" / "review.json"
    data = json.loads(bad.read_text(encoding="utf-8"))
    data["figures"][0]["start"] += 1
    bad.write_text(json.dumps(data), encoding="utf-8")
    return folder


# -- show -----------------------------------------------------------------------------------------


def test_show_a_record(records_dir):
    result = invoke("show", records_dir / "blog" / "river-classes.json")
    assert result.exit_code == 0
    for expected in ("Evening classes by the river", "interview", "ORG (2)", "Harbor Foundation ×2",
                     "PLACE (1)", "Mara Quell", "Reading changes how people vote", "USD 25,000", "Q1.",
                     "Who else helps?", "why interview: interview 3.5", "interview_cue", "spoke with"):
        assert expected in result.stdout


def test_show_lists_reported_speech_apart_from_quotations(records_dir):
    result = invoke("show", records_dir / "reports" / "review.json")
    assert result.exit_code == 0
    assert "reported speech (indirect quotes) (1)" in result.stdout and "Jon Berg" in result.stdout
    assert "\nquotes (" not in result.stdout


@pytest.mark.parametrize("source", ["raw/reports/review.txt", "raw/news/altstadt.txt"])
def test_show_finds_the_record_of_a_source_document(corpus_root, source):
    result = invoke("show", corpus_root / source, "--records", corpus_root / "extracted")
    assert result.exit_code == 0, result.output
    assert "reports/review.txt" in result.stdout or "language 'de'" in result.stdout


def test_show_finds_a_moved_source_by_its_content(corpus_root, tmp_path):
    moved = tmp_path / "elsewhere.txt"
    shutil.copy(corpus_root / "raw" / "reports" / "review.txt", moved)
    result = invoke("show", moved, "--records", corpus_root / "extracted")
    assert result.exit_code == 0, result.output
    assert "Annual review" in result.stdout


def test_show_json_prints_the_record_itself(records_dir):
    path = records_dir / "news" / "reading-room.json"
    result = invoke("show", path, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(path.read_text(encoding="utf-8"))


def test_show_prints_document_text_literally(tmp_path, records_dir):
    data = json.loads((records_dir / "news" / "reading-room.json").read_text(encoding="utf-8"))
    data["title"] = "Budget [/] and [bold red]risks"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("show", path)
    assert result.exit_code == 0
    assert "Budget [/] and [bold red]risks" in result.stdout


@pytest.mark.parametrize("target, message", [
    ("nowhere.json", "no such file"),
    ("raw", "is a folder"),
    ("extracted/_manifest.json", "run manifest"),
    ("raw/broken.pdf", "no record for"),
])
def test_show_wrong_paths_are_usage_errors(corpus_root, target, message):
    result = invoke("show", corpus_root / target, "--records", corpus_root / "extracted")
    assert result.exit_code == 2
    assert message in result.stderr


def test_show_an_invalid_record_gives_its_path_and_reason(damaged):
    path = damaged / "reports" / "review.json"
    result = invoke("show", path)
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "invalid record" in message and "review.json" in message and "figures[0]" in message


def test_show_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("{not json", encoding="utf-8")
    result = invoke("show", path)
    assert result.exit_code == 1
    assert "notes.json" in result.stderr and "JSON" in result.stderr


# -- query ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("args, expected", [
    (["--entity", "harbor foundation", "--label", "ORG"], ["blog/river-classes.txt", "reports/review.txt"]),
    (["--entity", "Lakeside"], ["blog/river-classes.txt"]),
    (["--entity", "Harbor Foundation", "--label", "PERSON"], []),
    (["--kind", "interview"], ["blog/river-classes.txt"]),
    (["--label", "PLACE"], ["blog/river-classes.txt", "news/reading-room.txt", "reports/review.txt"]),
    (["--language", "DE"], ["news/altstadt.txt"]),
    (["--text", "reading room"], ["news/reading-room.txt"]),
])
def test_query_documents(records_dir, args, expected):
    result = invoke("query", records_dir, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(row["source_path"] for row in json.loads(result.stdout)) == expected


@pytest.mark.parametrize("args, column, expected", [
    (["--speaker", "quell"], "text", ["Reading changes how people vote,", "We waited eleven years for this,"]),
    (["--what", "quotes", "--text", "vote"], "speaker", ["Mara Quell"]),
    (["--figure", "money"], "unit", ["EUR", "USD"]),
    (["--figures", "percent"], "value", [12.0]),
    (["--what", "figures", "--entity", "Velmora"], "text", ["12%", "€1.2 million"]),
    (["--what", "entities", "--label", "PLACE"], "name", ["Tarnow", "Tarnow", "Velmora"]),
    (["--what", "turns", "--text", "helps"], "question", ["Who else helps?"]),
])
def test_query_items(records_dir, args, column, expected):
    result = invoke("query", records_dir, *args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert sorted(row[column] for row in jsonl(result.stdout)) == expected


def test_query_csv_and_table(records_dir):
    result = invoke("query", records_dir, "--figure", "money", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == COLUMNS["figures"] and len(rows) == 2
    table = invoke("query", records_dir, "--speaker", "Jon Berg")
    assert table.exit_code == 0 and "1 quotes" in table.stdout and "Jon Berg" in table.stdout


@pytest.mark.parametrize("args, message", [
    (["--figure", "money", "--what", "quotes"], "--figure filters figures"),
    (["--speaker", "Jon Berg", "--what", "documents"], "--speaker filters quotes"),
])
def test_query_contradictory_options(records_dir, args, message):
    result = invoke("query", records_dir, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_query_help_explains_the_examples():
    result = invoke("query", "--help")
    assert result.exit_code == 0
    for text in ("--entity", "--speaker", "--figure", "--what", "money", "Exit codes"):
        assert text in result.stdout


@pytest.mark.parametrize("make, message", [
    (lambda root: root / "missing", "no such file or folder"),
    (lambda root: root, "no records under"),
])
def test_query_wrong_folders(tmp_path, make, message):
    result = invoke("query", make(tmp_path))
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


def test_invalid_records_are_skipped_and_reported(damaged):
    result = invoke("query", damaged, "--format", "jsonl")
    assert result.exit_code == 1
    assert len(jsonl(result.stdout)) == 3
    message = " ".join(result.stderr.split())
    assert "skipped: invalid record" in message and "review.json" in message and "figures[0]" in message


# -- entities -------------------------------------------------------------------------------------


def test_entities_merge_the_same_entity_across_documents(records_dir):
    result = invoke("entities", records_dir, "--format", "json")
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    foundation = rows["org:harbor-foundation"]
    assert (foundation["name"], foundation["documents"], foundation["mentions"]) == ("Harbor Foundation", 3, 6)
    assert foundation["aliases"] == ["HF"]
    assert rows["person:mara-quell"]["documents"] == 2
    assert len(rows) == 6


def test_entities_table_by_label(records_dir):
    result = invoke("entities", records_dir, "--label", "PERSON")
    assert result.exit_code == 0
    assert "Mara Quell" in result.stdout and "Tarnow" not in result.stdout


def test_tables_keep_their_width_when_piped(records_dir):
    """Piped (not a terminal), a table is not folded into Rich's 80 columns."""
    result = invoke("query", records_dir, "--what", "quotes")
    header = next(line for line in result.stdout.splitlines() if "speaker" in line)
    assert all(name in header for name in ("speaker", "text", "type", "source_path"))
    assert max(map(len, result.stdout.splitlines())) > 80


# -- export ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("table, count", [
    ("documents", 4), ("entities", 10), ("quotes", 3), ("figures", 4), ("turns", 2),
])
def test_export_tables(records_dir, table, count):
    result = invoke("export", records_dir, "--table", table)
    assert result.exit_code == 0
    rows = jsonl(result.stdout)
    assert len(rows) == count
    assert all(tuple(row) == COLUMNS[table] and row["doc_id"] for row in rows)


def test_export_csv_to_a_file(records_dir, tmp_path):
    target = tmp_path / "out" / "entities.csv"
    result = invoke("export", records_dir, "--table", "entities", "--format", "csv", "--out", target)
    assert result.exit_code == 0 and result.stdout == ""
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert {row["corpus_id"] for row in rows if row["name"] == "HF"} == {"org:harbor-foundation"}
    assert [p.name for p in target.parent.iterdir()] == ["entities.csv"]


@pytest.mark.parametrize("table", ["documents", "entities", "quotes", "figures", "turns"])
def test_export_parquet_keeps_every_column_and_row(records_dir, tmp_path, table):
    import pyarrow.parquet as pq

    target = tmp_path / f"{table}.parquet"
    result = invoke("export", records_dir, "--table", table, "--format", "parquet", "--out", target)
    assert result.exit_code == 0, result.output
    parquet = pq.read_table(target).to_pylist()
    expected = jsonl(invoke("export", records_dir, "--table", table).stdout)
    assert parquet == expected


def test_export_parquet_without_pyarrow_says_how_to_install_it(records_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what an install without the extra has
    result = invoke("export", records_dir, "--format", "parquet", "--out", tmp_path / "t.parquet")
    assert result.exit_code == 3
    assert result.stderr == ("error: --format parquet needs pyarrow, which is not installed: "
                             "pip install 'qalam[parquet]'\n")


def test_export_parquet_wants_a_file(records_dir):
    result = invoke("export", records_dir, "--format", "parquet")
    assert result.exit_code == 2 and "give --out FILE" in result.stderr


def test_export_to_an_unwritable_place_is_a_usage_error(records_dir):
    result = invoke("export", records_dir, "--out", "/proc/qalam.csv")
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot write /proc/qalam.csv: ")


def test_export_out_must_be_a_file(records_dir, tmp_path):
    result = invoke("export", records_dir, "--out", tmp_path)
    assert result.exit_code == 2 and "is a folder" in result.stderr


# -- report ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("make, message", [
    (lambda root: (root / "mine").mkdir() or (root / "mine" / "notes.txt").write_text("x") and root / "mine",
     "refusing to replace"),
    (lambda root: (root / "file.html").write_text("x") and root / "file.html", "is a file"),
])
def test_report_never_overwrites_other_things(records_dir, tmp_path, make, message):
    target = make(tmp_path)
    result = invoke("report", records_dir, "--out", target)
    assert result.exit_code == 2
    assert message in result.stderr
    assert target.exists()


def test_report_on_a_missing_folder(tmp_path):
    result = invoke("report", tmp_path / "nothing", "--out", tmp_path / "site")
    assert result.exit_code == 2 and "no such file or folder" in result.stderr
    assert not (tmp_path / "site").exists()


def test_report_lists_unreadable_records_and_exits_1(records_dir, tmp_path):
    folder = tmp_path / "extracted"
    shutil.copytree(records_dir, folder)
    (folder / "news" / "reading-room.json").write_text('{"id": "x"}', encoding="utf-8")
    result = invoke("report", folder, "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert "reading-room.json" in " ".join(result.stderr.split())
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Unreadable records (1)" in index and "reading-room.json" in index
