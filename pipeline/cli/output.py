"""What the ``qalam`` commands print and the codes they exit with, for every command.

The package raises named exceptions with a reason; only the CLI turns them into a message
on stderr and an exit code, through ``fail``. Machine output (JSON, CSV, a record) goes to
stdout through ``emit``; tables and progress go through the ``out`` and ``err`` consoles.
"""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape


class ExitCode(IntEnum):
    OK = 0
    FAILURES = 1  # the command ran, but some of its inputs failed (documents, records, a floor)
    USAGE = 2  # wrong usage or paths
    SETUP = 3  # invalid settings, a missing model, a Prefect server that did not start
    BUSY = 4  # another run holds the output folder


RUN_EXIT_CODES = (
    "Exit codes: 0 every document has its record; 1 some documents failed (reasons in "
    "OUT/_manifest.json); 2 wrong usage or paths; 3 setup problem (settings, model); "
    "4 another run holds the output folder."
)
SERVE_EXIT_CODES = (
    "Stop with Ctrl-C: runs in progress finish or leave no partial records behind. Exit codes: 0 stopped; "
    "2 wrong usage or paths; 3 setup problem (settings, Prefect server)."
)
INSPECT_EXIT_CODES = (
    "Exit codes: 0 done; 1 some records are invalid (each is reported with its path and the reason, "
    "the others are used); 2 wrong usage or paths."
)
EVALUATE_EXIT_CODES = (
    "Exit codes: 0 scored (and every --min floor reached); 1 a floor was not reached; "
    "2 wrong paths or usage."
)

out = Console()
err = Console(stderr=True, soft_wrap=True)


def fail(message: object, code: ExitCode) -> NoReturn:
    """Print ``error: message`` on stderr (taken literally, never as markup) and exit with ``code``."""
    err.print(f"[red]error:[/red] {escape(str(message))}")
    raise typer.Exit(code)


def note(label: str, message: object, *, style: str = "yellow") -> None:
    """One labelled line on stderr, e.g. ``skipped: invalid record ...``; the message is taken literally."""
    err.print(f"[{style}]{label}:[/{style}] {escape(str(message))}")


def emit(text: str) -> None:
    """Write machine output to stdout; a reader that stops early (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at nothing so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(ExitCode.OK) from None
