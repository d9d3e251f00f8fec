"""The CLI's one way to report errors: the message on stderr, taken literally, and the exit code."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli.output import ExitCode, emit, fail, note


def invoke(body):
    app = typer.Typer()
    app.command()(body)
    return CliRunner().invoke(app, [])


@pytest.mark.parametrize("code", list(ExitCode))
def test_fail_prints_the_message_literally_and_exits_with_the_code(code):
    result = invoke(lambda: fail("no [bold]such[/bold] file: a[1].txt", code))
    assert result.exit_code == code
    assert result.stderr == "error: no [bold]such[/bold] file: a[1].txt\n" and result.stdout == ""


def test_note_and_emit_keep_messages_and_data_apart():
    def body() -> None:
        note("skipped", "invalid record [x].json")
        emit('{"id": "[x]"}\n')

    result = invoke(body)
    assert result.exit_code == 0
    assert result.stderr == "skipped: invalid record [x].json\n" and result.stdout == '{"id": "[x]"}\n'


def test_the_codes_are_the_documented_numbers():
    assert [(code.name, int(code)) for code in ExitCode] == [
        ("OK", 0), ("FAILURES", 1), ("USAGE", 2), ("SETUP", 3), ("BUSY", 4), ("INTERRUPTED", 130),
        ("TERMINATED", 143)]
