"""The ``qalam`` command: parse options, call one package function, turn errors into exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .settings import Settings, SettingsError, load_settings

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_SETUP = 0, 1, 2, 3
EXIT_CODES_HELP = (
    "Exit codes: 0 every document got its record; 1 some documents failed (see the manifest); "
    "2 wrong usage or paths; 3 setup problem (settings, model)."
)

app = typer.Typer(
    help="qalam: turn interviews and reports into validated JSON records.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True)
out = Console()

ConfigOption = typer.Option(None, "--config", "-c", help="TOML settings file overriding models/config.toml.",
                            exists=False, dir_okay=False)


def _settings(config: Optional[Path]) -> Settings:
    try:
        return load_settings(config)
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_SETUP) from None


def _fail(message: str, code: int) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


@app.command(epilog=EXIT_CODES_HELP)
def run(
    src: Path = typer.Argument(Path("raw"), help="Folder (or single file) of documents."),
    out_dir: Path = typer.Option(Path("extracted"), "--out", "-o", help="Folder for the JSON records."),
    config: Optional[Path] = ConfigOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display or summary."),
) -> None:
    """Run the extraction flow on every file under SRC, writing one record per document to OUT."""
    from .nlp import ModelNotInstalled, ensure_model_installed

    if not src.exists():
        _fail(f"input path does not exist: {src}", EXIT_USAGE)
    settings = _settings(config)
    try:
        ensure_model_installed(settings.pipeline.model)
    except ModelNotInstalled as exc:
        _fail(str(exc), EXIT_SETUP)
    from .console import run_with_progress

    summary = run_with_progress(src, out_dir, settings, console=err, quiet=quiet or not err.is_terminal)
    if not quiet:
        from .console import summary_table

        out.print(summary_table(summary))
    raise typer.Exit(EXIT_FAILURES if summary["counts"]["failed"] else EXIT_OK)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record (generated from the pydantic models)."""
    from .records import record_schema

    sys.stdout.write(json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    app()
