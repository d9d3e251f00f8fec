"""The command line: exit codes, help and error messages."""

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app

runner = CliRunner()


def test_help_documents_exit_codes():
    result = runner.invoke(app, ["run", "--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output and "--workers" in result.output


def test_missing_input_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.parametrize("toml, messages", [
    ("[pipeline]\nmodle = 'x'\n", ["unknown key 'pipeline.modle'"]),
    ("[pipeline]\nmodel = 'en_core_web_nonexistent'\n", ["is not installed", "pip install"]),
])
def test_setup_problems_exit_3_with_the_fix(tmp_path, toml, messages):
    config = tmp_path / "settings.toml"
    config.write_text(toml)
    result = runner.invoke(app, ["run", str(tmp_path), "--config", str(config)])
    assert result.exit_code == 3
    assert all(message in result.output for message in messages)


@pytest.mark.usefixtures("prefect_harness")
def test_run_exit_code_says_whether_documents_failed(tmp_path, good_article):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "good.txt").write_text(good_article, encoding="utf-8")
    assert runner.invoke(app, ["run", str(src), "--out", str(out), "--quiet"]).exit_code == 0
    (src / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["run", str(src), "--out", str(out)])
    assert result.exit_code == 1
    assert "empty" in result.output


def test_schema_prints_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"].startswith("qalam record")
