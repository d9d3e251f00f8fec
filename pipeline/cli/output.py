"""What the ``qalam`` commands print and the codes they exit with, for every command.

The package raises named exceptions with a reason; only the CLI turns them into one line on
stderr and an exit code, through ``fail`` (or ``exit_codes``, which maps exception types to
codes; wrong usage that Click detects is answered the same way by ``usage_error``). Machine
output (JSON, CSV, a record) goes to stdout through ``emit``; tables through ``display``;
progress and notes through the ``err`` console.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from enum import IntEnum
from typing import Iterator, Mapping, NoReturn

import typer
from typer._click.exceptions import UsageError  # Typer 0.29 vendors Click
from rich.console import Console, RenderableType
from rich.markup import escape


class ExitCode(IntEnum):
    OK = 0
    FAILURES = 1  # the command ran, but some of its inputs failed (documents, records, a floor)
    USAGE = 2  # wrong usage or paths
    SETUP = 3  # invalid settings, a missing model or extra, a service that does not answer
    BUSY = 4  # another run holds the output folder
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    TERMINATED = 143  # SIGTERM (128 + SIGTERM)


RUN_EXIT_CODES = (
    "Exit codes: 0 every document has its record; 1 some documents failed (reasons in "
    "OUT/_manifest.json); 2 wrong usage or paths; 3 setup problem (settings, model, Dask scheduler); "
    "4 another run holds the output folder; 130 or 143 stopped by Ctrl-C or SIGTERM (records written "
    "so far are whole; the next run does the rest)."
)
SERVE_EXIT_CODES = (
    "Stop with Ctrl-C or SIGTERM: runs in progress finish or leave no partial records behind. Exit codes: "
    "0 stopped; 2 wrong usage or paths; 3 setup problem (settings, Prefect server)."
)
INSPECT_EXIT_CODES = (
    "Exit codes: 0 done; 1 some records are invalid (each is reported with its path and the reason, "
    "the others are used); 2 wrong usage or paths; 3 a missing optional package (pyarrow for parquet)."
)
EVALUATE_EXIT_CODES = (
    "Exit codes: 0 scored (and every --min floor reached); 1 a floor was not reached; "
    "2 wrong paths or usage."
)

# Piped into a file or another program, a table keeps its natural width instead of Rich's
# 80 columns (which fold headers and cells into unreadable stubs).
PIPED_WIDTH = 10_000

out = Console()
err = Console(stderr=True, soft_wrap=True)


def display(renderable: RenderableType) -> None:
    """Print a table (or any Rich renderable) on stdout: fitted to a terminal, unwrapped when piped."""
    (out if out.is_terminal else Console(width=PIPED_WIDTH)).print(renderable)


def fail(message: object, code: ExitCode) -> NoReturn:
    """Print ``error: message`` on stderr (taken literally, never as markup) and exit with ``code``."""
    err.print(f"[red]error:[/red] {escape(str(message))}")
    raise typer.Exit(code)


@contextmanager
def exit_codes(codes: Mapping[type[BaseException], ExitCode]) -> Iterator[None]:
    """Turn the named exceptions raised in the block into ``fail(message, code)``."""
    try:
        yield
    except tuple(codes) as exc:
        fail(exc, next(code for kind, code in codes.items() if isinstance(exc, kind)))


def usage_error(exc: UsageError) -> NoReturn:
    """Wrong usage detected by Click (an unknown option, a missing argument, a value not among
    the choices, which it lists), answered in one line that says where the help is."""
    command = exc.ctx.command_path if exc.ctx else "qalam"
    # Typer checks choices with pydantic, whose message starts "Value error, ": noise here.
    message = " ".join(exc.format_message().replace("Value error, ", "").split())
    fail(f"{message} (see `{command} --help`)", ExitCode.USAGE)


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
