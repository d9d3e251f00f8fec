"""The ``qalam`` command: parse options, call one package function, turn errors into exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from pipeline.settings import Settings, SettingsError, load_settings

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
err = Console(stderr=True, soft_wrap=True)
out = Console()

ConfigOption = typer.Option(None, "--config", "-c", help="TOML settings file overriding models/config.toml.",
                            exists=False, dir_okay=False)


def _settings(config: Optional[Path]) -> Settings:
    try:
        return load_settings(config)
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_SETUP) from None


def _server_log() -> Path:
    from pipeline.run.serve import SERVER_STATE_DIR

    SERVER_STATE_DIR.mkdir(parents=True, exist_ok=True)
    return SERVER_STATE_DIR / "server.log"


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
    redact: bool = typer.Option(False, "--redact", help="Mask e-mail addresses and phone numbers in the text."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display or summary."),
) -> None:
    """Extract every new or changed file under SRC into one JSON record per document under OUT.

    Unchanged documents (same bytes, same pipeline) are skipped; a broken file is recorded
    as failed, with its reason, in OUT/_manifest.json and never stops the batch.
    """
    from pipeline.nlp.build import ModelNotInstalled, ensure_model_installed
    from pipeline.run.store import OutputLocked, ensure_unlocked

    if not src.exists():
        _fail(f"input path does not exist: {src}", EXIT_USAGE)
    settings = _settings(config)
    overrides = {k: v for k, v in {"workers": workers, "dask_address": dask_address}.items() if v is not None}
    settings = settings.with_overrides(pipeline=overrides) if overrides else settings
    if redact:
        settings = settings.with_overrides(privacy={"redact": True})
    try:
        ensure_model_installed(settings.pipeline.model)
    except ModelNotInstalled as exc:
        _fail(str(exc), EXIT_SETUP)
    from pipeline.cli.console import run_with_progress, summary_table

    try:
        ensure_unlocked(out_dir)
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
    from pipeline.records import record_schema

    sys.stdout.write(json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    app()


@app.command(epilog="Stop with Ctrl-C: runs in progress finish or leave no partial records behind.")
def serve(
    src: Path = typer.Argument(..., help="Folder to watch: new and changed files are extracted each run."),
    out_dir: Path = typer.Option(Path("extracted"), "--out", "-o", help="Folder for the JSON records."),
    cron: Optional[str] = typer.Option(None, "--cron", help="Cron schedule, e.g. '0 * * * *' (hourly)."),
    interval: Optional[float] = typer.Option(None, "--interval", min=1, help="Seconds between runs."),
    config: Optional[Path] = ConfigOption,
) -> None:
    """Serve the extraction flow as a Prefect deployment on a schedule.

    Uses the Prefect server at PREFECT_API_URL when set; otherwise starts a local one on
    127.0.0.1 (state in .qalam/prefect-server) and stops it on exit.
    """
    import os

    from pipeline.run.serve import ServerDidNotStart, local_prefect_server, serve_flow

    if (cron is None) == (interval is None):
        _fail("give exactly one of --cron EXPR or --interval SECONDS", EXIT_USAGE)
    if not src.is_dir():
        _fail(f"input folder does not exist: {src}", EXIT_USAGE)
    settings = _settings(config)
    schedule = f"cron '{cron}'" if cron else f"every {interval:g} s"
    try:
        if os.environ.get("PREFECT_API_URL"):
            err.print(f"serving {src} → {out_dir} {schedule} on {os.environ['PREFECT_API_URL']}")
            serve_flow(src, out_dir, settings, cron=cron, interval=interval)
            return
        log_file = _server_log()
        with local_prefect_server(log_file=log_file) as api_url:
            os.environ["PREFECT_API_URL"] = api_url
            err.print(f"serving {src} → {out_dir} {schedule}; local Prefect server at {api_url[:-4]} "
                      f"(log: {log_file}); Ctrl-C stops")
            serve_flow(src, out_dir, settings, cron=cron, interval=interval)
    except ServerDidNotStart as exc:
        _fail(f"{exc}; see {_server_log()}", EXIT_SETUP)
    except KeyboardInterrupt:
        err.print("stopped")


from pipeline.cli.inspect_commands import register  # noqa: E402 - the inspection commands need the app defined above

register(app)
from pipeline.cli.evaluate_command import register as register_evaluate  # noqa: E402
register_evaluate(app)
