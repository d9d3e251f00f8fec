"""run, serve and schema: exit codes, help, error messages, and Prefect configured before it is used."""

import json
import signal

import pytest
from typer.testing import CliRunner

import pipeline.cli.run_display
import pipeline.nlp.build
import pipeline.run.serve
from pipeline.cli import run_commands
from pipeline.cli.main import app
from pipeline.run import warm_runner

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


@pytest.mark.slow
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
    assert result.stderr.startswith("starting Prefect")  # said at once, while it starts


def test_schema_prints_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"].startswith("qalam record")


FAKE_SUMMARY = {"counts": {"ok": 1, "failed": 0, "new": 1, "changed": 0, "unchanged": 0, "skipped": 0,
                           "orphaned": 0}, "seconds": 0.5, "output": "out", "documents": [], "skipped": [],
                "orphans": {"pruned": False, "records": []}}


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """What the commands did, in order: configuring Prefect, running or serving the flow."""
    done: list[str] = []
    monkeypatch.setattr(run_commands, "configure_prefect", lambda **options: done.append("configure"))
    monkeypatch.setattr(run_commands, "_start_prefect", lambda **options: done.append("start"))
    monkeypatch.setattr(pipeline.nlp.build, "preload", lambda settings: None)

    def run_with_progress(*args, **kwargs) -> dict:
        done.append("run")
        return FAKE_SUMMARY

    monkeypatch.setattr(pipeline.cli.run_display, "run_with_progress", run_with_progress)
    monkeypatch.setattr(pipeline.run.serve, "serve_flow", lambda *args, **kwargs: done.append("serve"))
    monkeypatch.setattr(pipeline.run.serve, "block_interrupts",  # Ctrl-C stays with pytest
                        lambda: signal.pthread_sigmask(signal.SIG_BLOCK, []))
    return done


@pytest.fixture
def inbox(tmp_path, good_article):
    """A source folder with one new document."""
    src = tmp_path / "inbox"
    src.mkdir()
    (src / "article.txt").write_text(good_article, encoding="utf-8")
    return src


def test_run_configures_prefect_before_the_flow(tmp_path, inbox, calls):
    result = runner.invoke(app, ["run", str(inbox), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert calls == ["configure", "start", "run"]


def test_a_run_with_nothing_to_extract_does_not_start_prefect(tmp_path, inbox, calls):
    """Planned before Prefect starts: no new or changed document, no Prefect, and it says so."""
    out = tmp_path / "out"
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["run", str(tmp_path / "empty"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert calls == [] and "Prefect was not started" in result.stderr
    assert result.stdout.startswith("0 ok (0 new, 0 changed, 0 unchanged), 0 failed")
    assert json.loads((out / "_manifest.json").read_text(encoding="utf-8"))["counts"]["total"] == 0


def test_run_json_prints_the_manifest_with_the_wall_time(tmp_path, inbox, calls):
    result = runner.invoke(app, ["run", str(inbox), "--out", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["counts"] == FAKE_SUMMARY["counts"] and printed["wall_seconds"] >= 0


def test_the_summary_gives_the_wall_time_not_the_flows(tmp_path, inbox, calls, monkeypatch):
    clock = iter([100.0, 112.5])
    monkeypatch.setattr(run_commands.time, "perf_counter", lambda: next(clock))
    result = runner.invoke(app, ["run", str(inbox), "--out", str(tmp_path / "out")])
    assert result.stdout.startswith("1 ok (1 new, 0 changed, 0 unchanged), 0 failed, 0 skipped, 0 orphaned in 12.5 s")


def test_serve_configures_prefect_before_serving(tmp_path, calls, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    result = runner.invoke(app, ["serve", str(tmp_path), "--out", str(tmp_path / "out"), "--interval", "60"])
    assert result.exit_code == 0, result.output
    assert calls == ["configure", "serve"]


@pytest.mark.parametrize("args, message", [
    (["--interval", "60", "--cron", "0 * * * *"], "exactly one of"),
    ([], "exactly one of"),
])
def test_serve_wants_one_schedule(tmp_path, calls, args, message):
    result = runner.invoke(app, ["serve", str(tmp_path), *args])
    assert result.exit_code == 2 and message in result.stderr and calls == []


def test_a_serve_refused_for_its_schedule_leaves_ctrl_c_alone(tmp_path):
    """serve blocks SIGINT (its runs must not see the terminal's Ctrl-C) only once it really serves."""
    result = runner.invoke(app, ["serve", str(tmp_path), "--out", str(tmp_path / "out"), "--cron", "61 * * * *"])
    assert result.exit_code == 2
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_verbose_says_why_a_run_is_direct(tmp_path, inbox, calls, monkeypatch):
    monkeypatch.setattr(warm_runner, "fallback_reason", "no warm runner is running")
    result = runner.invoke(app, ["run", str(inbox), "--out", str(tmp_path / "out"), "--verbose"])
    assert result.exit_code == 0 and "direct run: no warm runner is running" in result.stderr


@pytest.fixture
def in_a_warm_runner(monkeypatch, settings):
    """This process taken for a warm runner's run, its models those of ``settings``."""
    from pipeline.run.batch import pipeline_info

    monkeypatch.setattr(warm_runner, "_served", None)
    warm_runner.mark_serving(warm_runner.comparable(pipeline_info(settings).model_dump()))


@pytest.mark.usefixtures("in_a_warm_runner")
def test_a_run_in_the_warm_runner_says_so_with_verbose(tmp_path, inbox, calls):
    result = runner.invoke(app, ["run", str(inbox), "--out", str(tmp_path / "out"), "--verbose"])
    assert result.exit_code == 0 and "warm runner: run by qalam's warm runner" in result.stderr
    assert calls == ["configure", "start", "run"]


@pytest.mark.usefixtures("in_a_warm_runner")
def test_a_run_the_warm_runner_cannot_serve_is_declined_before_it_starts(tmp_path, inbox, calls):
    with pytest.raises(warm_runner.Declined, match="several workers"):
        runner.invoke(app, ["run", str(inbox), "--out", str(tmp_path / "out"), "--workers", "2"])
    assert calls == [] and not (tmp_path / "out").exists()
