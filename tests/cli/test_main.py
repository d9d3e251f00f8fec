"""The ``qalam`` app: every command registered once, and importing it starts nothing heavy."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer
from typer._click import Context
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli.main import app

COMMANDS = ("run", "serve", "schema", "show", "query", "entities", "export", "report", "evaluate")


def test_every_command_is_registered_once():
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert sorted(names) == sorted(COMMANDS)
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and all(name in result.output for name in COMMANDS)


def test_version_and_short_help():
    assert CliRunner().invoke(app, ["--version"]).stdout == f"qalam {__version__}\n"
    for command in (*COMMANDS, None):
        result = CliRunner().invoke(app, [command, "-h"] if command else ["-h"])
        assert result.exit_code == 0 and "Usage: " in result.stdout, command


@pytest.mark.parametrize("args, message", [
    (["run", "--bogus"], "error: No such option: --bogus"),
    (["frobnicate"], "error: No such command 'frobnicate'."),
    (["query", "x", "--label", "FOO"], "error: Invalid value for '--label' / '-l': 'FOO' is not one of 'ORG', "
                                        "'PERSON', 'PLACE'."),
    (["query", "x", "--what", "people"], "error: Invalid value for '--what': 'people' is not one of 'documents', "
                                         "'entities', 'quotes', 'figures', 'turns'."),
    (["evaluate", "gold"], "error: Missing argument 'RECORDS_DIR'."),
    (["run", "--workers", "0"], "error: Invalid value for '--workers' / '-w': Input should be greater than or "
                                "equal to 1"),
])
def test_wrong_usage_is_one_line_with_where_the_help_is(args, message):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(message) and result.stderr.endswith("--help`)\n")
    assert result.stderr.count("\n") == 1


def _parameters():
    command = typer.main.get_command(app)
    for sub in command.commands.values():
        for param in sub.params:
            yield sub, param


def test_one_flag_letter_means_one_thing_across_commands():
    meanings: dict[str, set[str]] = {}
    for _, param in _parameters():
        longest = max(param.opts, key=len)
        for short in (opt for opt in param.opts if len(opt) == 2):
            meanings.setdefault(short, set()).add(longest)
    assert {short: names for short, names in meanings.items() if len(names) > 1} == {}


def test_help_shows_values_in_one_style():
    """A placeholder in capitals (DIR, FILE, N) or the list of choices, never Click's TEXT or PATH."""
    for sub, param in _parameters():
        if getattr(param, "is_flag", False) or param.name == "help":
            continue
        shown = param.get_help_record(Context(sub))[0] if param.param_type_name == "option" else param.metavar
        value = shown.split()[-1]
        assert re.fullmatch(r"[A-Z_=]+|<[A-Za-z0-9|]+>", value), f"{sub.name} {param.name}: {shown}"


@pytest.mark.slow
def test_importing_the_cli_leaves_prefect_unconfigured_and_unimported():
    """Prefect reads its settings when first imported: the commands configure it before that."""
    code = ("import os, sys\nimport pipeline.cli.main\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'prefect'), os.environ.get('PREFECT_HOME'))")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "[] None"
