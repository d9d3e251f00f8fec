"""The ``qalam`` application: the Typer app with every command registered on it.

Command modules define plain functions and a ``register(app)``; they never import this
module, so the app is assembled in one direction.
"""

from __future__ import annotations

import typer
from typer._click import Context
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # Typer 0.29 vendors Click
from typer.core import TyperGroup

from pipeline import __version__
from pipeline.cli import evaluate_command, inspect_commands, run_commands
from pipeline.cli.output import usage_error


class QalamGroup(TyperGroup):
    """The command group: wrong usage anywhere (qalam's own options or a command's) is answered
    in one line and exit code 2, instead of Click's usage block."""

    def make_context(self, info_name, args, parent=None, **extra) -> Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise  # `qalam` alone prints the help
        except UsageError as exc:
            usage_error(exc)

    def invoke(self, ctx: Context):
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            usage_error(exc)


app = typer.Typer(
    cls=QalamGroup,
    help="qalam: turn interviews and reports into validated JSON records.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"qalam {__version__}")
        raise typer.Exit()


@app.callback()
def qalam(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print qalam's version and exit."),
) -> None:
    """qalam: turn interviews and reports into validated JSON records."""


for commands in (run_commands, inspect_commands, evaluate_command):
    commands.register(app)


def main() -> None:
    app()
