"""The ``qalam`` app: every command registered once, and importing it starts nothing heavy."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app

COMMANDS = ("run", "serve", "schema", "show", "query", "entities", "export", "report", "evaluate")


def test_every_command_is_registered_once():
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert sorted(names) == sorted(COMMANDS)
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and all(name in result.output for name in COMMANDS)


@pytest.mark.slow
def test_importing_the_cli_leaves_prefect_unconfigured_and_unimported():
    """Prefect reads its settings when first imported: the commands configure it before that."""
    code = ("import os, sys\nimport pipeline.cli.main\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'prefect'), os.environ.get('PREFECT_HOME'))")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "[] None"
