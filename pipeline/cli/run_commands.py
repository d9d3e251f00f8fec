"""The commands that run the pipeline: run, serve, schema.

Thin: parse options, check everything that can be checked (settings, paths, the Dask
scheduler, the cron expression, the output lock) before Prefect starts, call one package
function, print. Prefect's environment is set here, before the first import of Prefect
(``pipeline.run.flows``), by ``configure_prefect``; in a run of qalam's warm runner
(``pipeline.run.warm_runner``), which imported Prefect earlier, Prefect then rereads it.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import time
from contextlib import ExitStack, contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Iterator, Optional

import typer

from pipeline.cli.output import (
    RUN_EXIT_CODES,
    SERVE_EXIT_CODES,
    ExitCode,
    display,
    emit,
    err,
    exit_codes,
    fail,
    note,
)
from pipeline.paths import state_dir
from pipeline.run import warm_runner
from pipeline.run.preflight import SetupProblem, UsageProblem, check_dask_address, check_folders
from pipeline.run.prefect_env import PREFECT_STATE, configure_prefect, reload_prefect_settings, without_heartbeats
from pipeline.run.prefect_server import ServerDidNotStart, local_api_url, local_prefect_server
from pipeline.run.warm_server import idle_seconds, running_server, use_warm_server
from pipeline.run.store import OutputLocked, UnusableOutput, output_lock, prepare_output
from pipeline.settings import Settings, SettingsError, load_settings

ConfigOption = typer.Option(None, "--config", "-c", metavar="FILE", dir_okay=False,
                            help="TOML settings file overriding the shipped defaults (or set QALAM_CONFIG).")
OutOption = typer.Option(Path("extracted"), "--out", "-o", metavar="DIR", help="Folder for the JSON records.")
FollowSymlinksOption = typer.Option(
    False, "--follow-symlinks",
    help="Also read links whose target lies outside the source folder. Risky on a shared inbox: "
         "anyone who can drop a link there can copy any file qalam can read into the records.")
QuietOption = typer.Option(False, "--quiet", "-q", help="Print only errors.")
VerboseOption = typer.Option(False, "--verbose", "-v", help="Also list unchanged documents and show Prefect's log.")
CHECK_FAILURES = {SettingsError: ExitCode.SETUP, UsageProblem: ExitCode.USAGE, SetupProblem: ExitCode.SETUP,
                  UnusableOutput: ExitCode.USAGE}
STOPPED = "records written so far are whole; the next run does the rest"


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that cleanup (the flow's state, the local Prefect
    server) runs and no code that catches Exception swallows it."""


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises ``Terminated`` in the block: Python's default would exit at once, skip every
    cleanup and leave Prefect's server running without a parent."""
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _restored_mask(mask: set[signal.Signals]) -> Iterator[None]:
    """Put the signal mask back when the block ends (``serve`` may run inside a longer process)."""
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _stopped(exc: BaseException) -> typer.Exit:
    """The one line and exit code of a run stopped by Ctrl-C or SIGTERM."""
    terminated = isinstance(exc, Terminated)
    note("stopped", f"{'terminated' if terminated else 'interrupted'}; {STOPPED}")
    return typer.Exit(ExitCode.TERMINATED if terminated else ExitCode.INTERRUPTED)


def _start_prefect(*, quiet: bool, settings: Settings) -> bool:
    """Prefect's API for the run: the server at PREFECT_API_URL, or Prefect as whoever imported it
    already set it up (a test harness), else qalam's own local server, kept warm between runs, with
    a warm runner for the runs after this one; whether it is qalam's own server."""
    from pipeline.cli.run_display import starting_message

    if os.environ.get("PREFECT_API_URL") or ("prefect" in sys.modules and not warm_runner.serving()):
        if not quiet:
            err.print(starting_message())
        return False
    home = state_dir() / PREFECT_STATE
    if not warm_runner.serving():
        warm_runner.start(home, settings)  # with this environment, before the server's address is in it
    if not quiet and not running_server(home):
        err.print(starting_message(idle=idle_seconds()))
    # before Prefect is first imported: it reads its settings then; the warm runner imported it earlier
    os.environ["PREFECT_API_URL"], _ = use_warm_server(home)
    if warm_runner.serving():
        reload_prefect_settings()
    return True


def _server_until_exit(api_url: str, **options) -> None:
    """Start a local Prefect server that stops when the process exits, after Prefect's own exit
    handlers (registered later, so run earlier) have sent it their last logs and events."""
    server = ExitStack()
    server.enter_context(local_prefect_server(api_url, **options))
    atexit.register(server.close)


def _settings(config: Optional[Path], **pipeline: object) -> Settings:
    """The settings, with the options given on the command line (None: not given) applied."""
    settings = load_settings(config)
    given = {key: value for key, value in pipeline.items() if value is not None}
    return settings.with_overrides(pipeline=given) if given else settings


def run(
    src: Path = typer.Argument(Path("raw"), metavar="SRC", help="Folder (or single file) of documents."),
    out_dir: Path = OutOption,
    config: Optional[Path] = ConfigOption,
    force: bool = typer.Option(False, "--force", help="Re-extract every document, even unchanged ones."),
    prune: bool = typer.Option(False, "--prune", help="Delete records whose source file is gone."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, metavar="N",
                                          help="Local worker processes (one model load each)."),
    dask_address: Optional[str] = typer.Option(None, "--dask-address", metavar="URL",
                                               help="tcp://HOST:PORT of a Dask scheduler to run batches on."),
    redact: bool = typer.Option(False, "--redact", help="Mask e-mail addresses and phone numbers in the text."),
    follow_symlinks: bool = FollowSymlinksOption,
    as_json: bool = typer.Option(False, "--json", help="Print the run's manifest (with wall_seconds) as JSON."),
    quiet: bool = QuietOption,
    verbose: bool = VerboseOption,
) -> None:
    """Extract every new or changed file under SRC into one JSON record per document under OUT.

    Unchanged documents (same bytes, same pipeline) are skipped and count as ok; a broken file
    is recorded as failed, with its reason, in OUT/_manifest.json and never stops the batch.
    Hidden files, qalam's own outputs and links out of SRC are skipped, each listed with its
    reason.
    """
    from pipeline.nlp.build import ModelNotInstalled, ensure_model_installed
    from pipeline.run.job import conclude, prepare

    started = time.perf_counter()
    with exit_codes({**CHECK_FAILURES, ModelNotInstalled: ExitCode.SETUP}):
        settings = _settings(config, workers=workers, dask_address=dask_address)
        if redact:
            settings = settings.with_overrides(privacy={"redact": True})
        check_folders(src, out_dir)
        if settings.pipeline.dask_address:
            check_dask_address(settings.pipeline.dask_address)
        ensure_model_installed(settings.pipeline.model)
    warm_runner.check_fit(settings)
    if verbose:
        _say_where_it_runs()
    failures = {OutputLocked: ExitCode.BUSY, UnusableOutput: ExitCode.USAGE, ServerDidNotStart: ExitCode.SETUP}
    try:
        with _sigterm_raises(), exit_codes(failures):
            with output_lock(out_dir):  # taken before Prefect starts: a second run is refused at once
                job = prepare(src, out_dir, settings, force=force, follow_symlinks=follow_symlinks)
                if job.has_work:
                    summary = _run_flow(src, out_dir, settings, quiet=quiet, as_json=as_json, verbose=verbose,
                                        force=force, prune=prune, follow_symlinks=follow_symlinks)
                else:
                    summary = conclude(job, [], prune=prune)
                    if not quiet:  # on stderr, so --json output stays clean
                        note("nothing to extract", "no document is new or changed; Prefect was not started")
    except (KeyboardInterrupt, Terminated) as exc:
        raise _stopped(exc) from None
    seconds = time.perf_counter() - started
    if as_json:
        emit(json.dumps({**summary, "wall_seconds": round(seconds, 3)}, indent=1, ensure_ascii=False) + "\n")
    elif not quiet:
        from pipeline.cli.run_display import run_summary

        display(run_summary(summary, seconds=seconds, verbose=verbose))
    raise typer.Exit(ExitCode.FAILURES if summary["counts"]["failed"] else ExitCode.OK)


def _run_flow(src: Path, out_dir: Path, settings: Settings, *, quiet: bool, as_json: bool, verbose: bool,
              **options) -> dict:
    """Start Prefect (the model loads meanwhile: in this process, or in the warm workers) and run
    the flow; its manifest."""
    from pipeline.nlp.build import preload
    from pipeline.run.pool import worker_pool

    configure_prefect(verbose=verbose)
    from pipeline.cli.run_display import run_with_progress

    if not settings.pipeline.dask_address:
        if settings.pipeline.workers == 1:
            preload(settings)
        else:
            worker_pool(settings.pipeline.workers, settings.model_dump())
    own_server = _start_prefect(quiet=quiet or as_json, settings=settings)
    with without_heartbeats() if own_server else nullcontext():
        return run_with_progress(src, out_dir, settings, console=err, quiet=quiet or as_json, **options)


def _say_where_it_runs() -> None:
    """With --verbose: whether qalam's warm runner serves this run, or why not."""
    if warm_runner.serving():
        log = state_dir() / PREFECT_STATE / warm_runner.LOG_NAME
        note("warm runner", f"run by qalam's warm runner (pid {os.getppid()}; its log: {log})", style="cyan")
    elif warm_runner.fallback_reason:
        note("direct run", warm_runner.fallback_reason, style="cyan")


def serve(
    src: Path = typer.Argument(..., metavar="SRC", help="Folder to watch: new and changed files are extracted each run."),
    out_dir: Path = OutOption,
    cron: Optional[str] = typer.Option(None, "--cron", metavar="EXPR",
                                       help="Cron schedule, e.g. '0 * * * *' (hourly)."),
    interval: Optional[float] = typer.Option(None, "--interval", min=1, metavar="SECONDS",
                                             help="Seconds between runs."),
    keep_schedule: bool = typer.Option(False, "--keep-schedule",
                                       help="Leave the deployment's schedule active on exit (default: paused, "
                                            "so no late runs pile up while nobody serves it)."),
    config: Optional[Path] = ConfigOption,
    follow_symlinks: bool = FollowSymlinksOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No line per run; only errors."),
    verbose: bool = VerboseOption,
) -> None:
    """Serve the extraction flow as a Prefect deployment on a schedule; one summary line per run.

    Uses the Prefect server at PREFECT_API_URL when set; otherwise starts a local one on
    127.0.0.1 and stops it on exit. Every run applies the rules of `qalam run` (links out of
    SRC skipped, the output folder never read back). Ctrl-C or SIGTERM stops it within seconds:
    no new run starts, a run in progress is cancelled (records written so far are whole) and the
    schedule is paused.
    """
    from pipeline.run.serve import SCHEDULER_ENV, block_interrupts, server_home

    if (cron is None) == (interval is None):
        fail("give exactly one of --cron EXPR or --interval SECONDS", ExitCode.USAGE)
    if not src.is_dir():
        fail(f"input folder does not exist: {src}", ExitCode.USAGE)
    with exit_codes(CHECK_FAILURES):
        settings = _settings(config)
        check_folders(src, out_dir)
        if settings.pipeline.dask_address:
            check_dask_address(settings.pipeline.dask_address)
        prepare_output(out_dir)
    given_server = os.environ.get("PREFECT_API_URL")
    configure_prefect(verbose=verbose)
    # Prefect reads its settings once, when first imported: the server's address is set first.
    os.environ["PREFECT_API_URL"] = api_url = given_server or local_api_url()
    from pipeline.run.serve import ScheduleProblem, check_cron, serve_flow

    with exit_codes({ScheduleProblem: ExitCode.USAGE}):
        if cron:
            check_cron(cron)
    schedule = f"cron '{cron}'" if cron else f"every {interval:g} s"
    serving = partial(serve_flow, src, out_dir, settings, cron=cron, interval=interval,
                      follow_symlinks=follow_symlinks, announce=not quiet, keep_schedule=keep_schedule)
    # after the last check that can fail (importing Prefect starts no thread), before Prefect starts
    # a thread or a process: serve_flow takes Ctrl-C itself
    unblocked = block_interrupts()
    with _sigterm_raises(), _restored_mask(unblocked), exit_codes({ServerDidNotStart: ExitCode.SETUP}):
        try:
            if given_server:
                err.print(f"serving {src} → {out_dir} {schedule} on {api_url}; Ctrl-C stops")
            else:
                home = server_home()
                _server_until_exit(api_url, home=home, services=True, env=SCHEDULER_ENV)
                err.print(f"serving {src} → {out_dir} {schedule}; local Prefect server at {api_url[:-4]} "
                          f"(state and log in {home}); Ctrl-C stops")
        except Terminated:
            err.print("stopped")  # while the server started
            return
        serving()
    paused = "kept" if keep_schedule else "paused"
    err.print(f"stopped; the schedule is {paused}")  # a service stopped on request: exit code 0


def schema() -> None:
    """Print the JSON Schema of a record (generated from the pydantic models)."""
    from pipeline.records import record_schema

    emit(json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    """Add run, serve and schema to the ``qalam`` app."""
    app.command(epilog=RUN_EXIT_CODES)(run)
    app.command(epilog=SERVE_EXIT_CODES)(serve)
    app.command()(schema)
