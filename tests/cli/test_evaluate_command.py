"""``qalam evaluate``: table, JSON, floors and exit codes (via Typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app

runner = CliRunner()
GOLD = {
    "doc": "river-report.txt", "kind": "report", "language": "en",
    "entities": [{"text": "River Guild", "label": "ORG", "aliases": []},
                 {"text": "Lena Ortiz", "label": "PERSON", "aliases": []}],
    "quotes": [{"text": "the water came back clean this year", "speaker": "Lena Ortiz"}],
    "figures": [{"text": "40%", "value": 40, "unit": None, "kind": "percent"}],
    "interview": None,
}
RECORD = {
    "kind": "report", "language": {"code": "en"},
    "entities": [{"text": "River Guild", "label": "ORG"}, {"text": "Ortiz Lena Fund", "label": "ORG"}],
    "quotes": [{"text": "the water came back clean this year", "speaker": "Lena Ortiz", "type": "direct"}],
    "figures": [{"text": "40%", "value": 40, "kind": "percent"}],
}


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    gold, records = tmp_path / "gold", tmp_path / "records"
    gold.mkdir()
    records.mkdir()
    (gold / "river-report.json").write_text(json.dumps(GOLD))
    (records / "river-report.json").write_text(json.dumps(RECORD))
    return gold, records


def invoke(*args: str | Path):
    return runner.invoke(app, ["evaluate", *map(str, args)])


def test_table_with_a_row_per_document_and_micro_totals(folders):
    result = invoke(*folders)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:5] == ["document", "ent", "F1", "quo", "F1"]
    assert lines[1].startswith("river-report.txt") and lines[1].split()[1:5] == ["0.50", "1.00", "1.00", "1.00"]
    assert lines[-1].startswith("ALL (micro)") and "found 1/1" in lines[-1] and "kind 1.00" in lines[-1]


def test_details_list_misses_and_false_positives(folders):
    result = invoke(*folders, "--details")
    assert "entities missed: Lena Ortiz [PERSON]" in result.output
    assert "entities false_positives: Ortiz Lena Fund [ORG]" in result.output


def test_json_has_documents_and_summary(folders):
    result = invoke(*folders, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["summary"]["entities"]["f1"] == 0.5 and data["documents"][0]["doc"] == "river-report.txt"


@pytest.mark.parametrize("floors, code", [
    (["entities.f1=0.5"], 0),
    (["entities.f1=0.5", "quotes+speaker.f1=1", "kind_acc=1.0"], 0),
    (["entities.f1=0.6"], 1),
    (["interview_acc=0.5"], 1),  # not scored here, so not reached
])
def test_min_floors_decide_the_exit_code(folders, floors, code):
    result = invoke(*folders, *[arg for floor in floors for arg in ("--min", floor)])
    assert result.exit_code == code, result.output
    assert ("below the floor" in result.output) == bool(code)


def test_unmet_floor_names_metric_and_value(folders):
    result = invoke(*folders, "--json", "--min", "entities.f1=0.9")
    assert result.exit_code == 1 and "entities.f1=0.5 < 0.9" in result.stderr
    assert json.loads(result.stdout)["summary"]["found"] == "1/1"


@pytest.mark.parametrize("spec", ["entities.f1", "entities.f1=high", "=0.5"])
def test_malformed_floor_is_a_usage_error(folders, spec):
    result = invoke(*folders, "--min", spec)
    assert result.exit_code == 2 and "METRIC=NUMBER" in result.output


@pytest.mark.parametrize("spec, message", [
    ("foo=0.5", "--min foo=0.5: unknown metric 'foo'; valid metrics: entities.p, entities.r, entities.f1, "),
    ("entities=0.5", "--min entities=0.5: unknown metric 'entities'"),
    ("entities.F1=0.5", "--min entities.F1=0.5: unknown metric 'entities.F1'"),
    ("entities.f1=80", "--min entities.f1=80: scores lie between 0 and 1"),
])
def test_a_floor_on_an_unknown_metric_is_a_usage_error_not_a_failed_gate(folders, spec, message):
    result = invoke(*folders, "--min", spec)
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {message}") and result.stdout == ""
    assert result.stderr.count("\n") == 1


def test_wrong_paths_are_usage_errors(folders, tmp_path):
    gold, records = folders
    assert invoke(tmp_path / "nowhere", records).exit_code == 2
    result = invoke(gold, tmp_path / "nowhere")
    assert result.exit_code == 2 and "records folder does not exist" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(empty, records)
    assert result.exit_code == 2 and "no gold files" in result.output


def test_missing_record_is_scored_as_empty(folders):
    gold, records = folders
    (records / "river-report.json").unlink()
    result = invoke(gold, records)
    assert result.exit_code == 0 and "(no record)" in result.output and "found 0/1" in result.output


def test_help_documents_exit_codes():
    result = runner.invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0 and "Exit codes" in result.output and "--min" in result.output
