"""The commands that run the pipeline: run, serve, schema.

Thin: parse options, call one package function, print. Prefect's environment is set here,
before the first import of Prefect (``pipeline.run.flows``), by ``configure_prefect``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.output import RUN_EXIT_CODES, SERVE_EXIT_CODES, ExitCode, emit, err, fail, out
from pipeline.run.prefect_env import configure_prefect
from pipeline.settings import Settings, SettingsError, load_settings

ConfigOption = typer.Option(None, "--config", "-c", help="TOML settings file overriding models/config.toml.",
                            exists=False, dir_okay=False)


def _settings(config: Optional[Path]) -> Settings:
    try:
        return load_settings(config)
    except SettingsError as exc:
        fail(exc, ExitCode.SETUP)


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
        fail(f"input path does not exist: {src}", ExitCode.USAGE)
    settings = _settings(config)
    overrides = {k: v for k, v in {"workers": workers, "dask_address": dask_address}.items() if v is not None}
    settings = settings.with_overrides(pipeline=overrides) if overrides else settings
    if redact:
        settings = settings.with_overrides(privacy={"redact": True})
    try:
        ensure_model_installed(settings.pipeline.model)
    except ModelNotInstalled as exc:
        fail(exc, ExitCode.SETUP)
    configure_prefect()
    from pipeline.cli.run_display import run_with_progress, summary_table

    try:
        ensure_unlocked(out_dir)
        summary = run_with_progress(src, out_dir, settings, console=err, force=force, prune=prune,
                                    quiet=quiet or not err.is_terminal)
    except OutputLocked as exc:
        fail(exc, ExitCode.BUSY)
    if not quiet:
        out.print(summary_table(summary))
    raise typer.Exit(ExitCode.FAILURES if summary["counts"]["failed"] else ExitCode.OK)


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
    from pipeline.run.serve import SERVER_LOG, ServerDidNotStart, local_prefect_server

    if (cron is None) == (interval is None):
        fail("give exactly one of --cron EXPR or --interval SECONDS", ExitCode.USAGE)
    if not src.is_dir():
        fail(f"input folder does not exist: {src}", ExitCode.USAGE)
    settings = _settings(config)
    schedule = f"cron '{cron}'" if cron else f"every {interval:g} s"
    try:
        if os.environ.get("PREFECT_API_URL"):
            err.print(f"serving {src} → {out_dir} {schedule} on {os.environ['PREFECT_API_URL']}")
            _serve(src, out_dir, settings, cron=cron, interval=interval)
            return
        with local_prefect_server(log_file=SERVER_LOG) as api_url:
            os.environ["PREFECT_API_URL"] = api_url
            err.print(f"serving {src} → {out_dir} {schedule}; local Prefect server at {api_url[:-4]} "
                      f"(log: {SERVER_LOG}); Ctrl-C stops")
            _serve(src, out_dir, settings, cron=cron, interval=interval)
    except ServerDidNotStart as exc:
        fail(f"{exc}; see {SERVER_LOG}", ExitCode.SETUP)
    except KeyboardInterrupt:
        err.print("stopped")


def _serve(src: Path, out_dir: Path, settings: Settings, *, cron: str | None, interval: float | None) -> None:
    """Serve once PREFECT_API_URL names the server: Prefect is configured, then first imported."""
    configure_prefect()
    from pipeline.run.serve import serve_flow

    serve_flow(src, out_dir, settings, cron=cron, interval=interval)


def schema() -> None:
    """Print the JSON Schema of a record (generated from the pydantic models)."""
    from pipeline.records import record_schema

    emit(json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    """Add run, serve and schema to the ``qalam`` app."""
    app.command(epilog=RUN_EXIT_CODES)(run)
    app.command(epilog=SERVE_EXIT_CODES)(serve)
    app.command()(schema)
