"""The command line: exit codes, help and error messages."""

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_help_documents_exit_codes():
    result = runner.invoke(app, ["run", "--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output and "--workers" in result.output


def test_missing_input_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_bad_settings_file_is_a_setup_error(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[pipeline]\nmodle = 'x'\n")
    result = runner.invoke(app, ["run", str(tmp_path), "--config", str(config)])
    assert result.exit_code == 3
    assert "unknown key 'pipeline.modle'" in result.output


def test_missing_model_says_how_to_install_it(tmp_path):
    config = tmp_path / "model.toml"
    config.write_text("[pipeline]\nmodel = 'en_core_web_nonexistent'\n")
    result = runner.invoke(app, ["run", str(tmp_path), "--config", str(config)])
    assert result.exit_code == 3
    assert "is not installed" in result.output and "pip install" in result.output


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
