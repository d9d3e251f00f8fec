"""The ``qalam`` command: parse options, call one package function, turn errors into exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .settings import Settings, SettingsError, load_settings

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_SETUP, EXIT_BUSY = 0, 1, 2, 3, 4
EXIT_CODES_HELP = (
    "Exit codes: 0 every document has its record; 1 some documents failed (reasons in "
    "OUT/_manifest.json); 2 wrong usage or paths; 3 setup problem (settings, model); "
    "4 another run holds the output folder."
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
    force: bool = typer.Option(False, "--force", help="Re-extract every document, even unchanged ones."),
    prune: bool = typer.Option(False, "--prune", help="Delete records whose source file is gone."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1,
                                          help="Local worker processes (one model load each)."),
    dask_address: Optional[str] = typer.Option(None, "--dask-address",
                                               help="tcp://HOST:PORT of a Dask scheduler to run batches on."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display or summary."),
) -> None:
    """Extract every new or changed file under SRC into one JSON record per document under OUT.

    Unchanged documents (same bytes, same pipeline) are skipped; a broken file is recorded
    as failed, with its reason, in OUT/_manifest.json and never stops the batch.
    """
    from .nlp import ModelNotInstalled, ensure_model_installed
    from .store import OutputLocked

    if not src.exists():
        _fail(f"input path does not exist: {src}", EXIT_USAGE)
    settings = _settings(config)
    overrides = {k: v for k, v in {"workers": workers, "dask_address": dask_address}.items() if v is not None}
    settings = settings.with_overrides(pipeline=overrides) if overrides else settings
    try:
        ensure_model_installed(settings.pipeline.model)
    except ModelNotInstalled as exc:
        _fail(str(exc), EXIT_SETUP)
    from .console import run_with_progress, summary_table

    try:
        summary = run_with_progress(src, out_dir, settings, console=err, force=force, prune=prune,
                                    quiet=quiet or not err.is_terminal)
    except OutputLocked as exc:
        _fail(str(exc), EXIT_BUSY)
    if not quiet:
        out.print(summary_table(summary))
    raise typer.Exit(EXIT_FAILURES if summary["counts"]["failed"] else EXIT_OK)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record (generated from the pydantic models)."""
    from .records import record_schema

    sys.stdout.write(json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    app()
