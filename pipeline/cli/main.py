"""The ``qalam`` application: the Typer app with every command registered on it.

Command modules define plain functions and a ``register(app)``; they never import this
module, so the app is assembled in one direction.
"""

from __future__ import annotations

import typer

from pipeline.cli import evaluate_command, inspect_commands, run_commands

app = typer.Typer(
    help="qalam: turn interviews and reports into validated JSON records.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
for commands in (run_commands, inspect_commands, evaluate_command):
    commands.register(app)


def main() -> None:
    app()
