"""Operations benchmark (issue 14, items 3 and 4): an unchanged rerun, a second one-document run
(through qalam's warm runner, and direct for comparison, with where a direct run's time goes),
and 1 against 2 local workers on a 200-document mixed batch (text, HTML, PDF) made here.

Every measurement is the wall time of the ``qalam`` command as a user runs it, in a subprocess,
with qalam's state in a temporary folder. Run by hand:

    .venv/bin/python bench/operations.py [--documents N] [--repeats R] [--second-runs S] [--keep]

It replaces the section between the ``operations`` markers of bench/RESULTS.md (the rest of the
file is bench.py's) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
QALAM = Path(sys.executable).with_name("qalam")
RESULTS = BENCH_DIR / "RESULTS.md"
BEGIN, END = "<!-- operations: bench/operations.py -->", "<!-- /operations -->"
KINDS = ("txt", "html", "pdf")
WORDS = (150, 2500)  # the range of a generated document's length
PEOPLE = ("Amina Rahimova", "Daniel Okafor", "Lena Ortiz", "Marc Dubois", "Sara Lindqvist", "Tomas Novak")
PLACES = ("Lyon", "Tartu", "Porto", "Ghent", "Kaunas", "Braga", "Utrecht", "Graz")
GROUPS = ("the Federation of Tenant Unions", "the Regional Water Council", "the Youth Budget Committee",
          "the Legal Aid Network", "the Association of Rural Schools")
FONT, FONT_SIZE, MARGIN = "Helvetica", 10, 50


def _sentence(rng: random.Random) -> str:
    """One made-up news sentence with a person, a place, an organisation and a figure."""
    person, place, group = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(GROUPS)
    number = rng.randrange(3, 900)
    return rng.choice((
        f"In {place}, {group} counted {number} households that asked for support this year.",
        f'"We need {number} more volunteers before the winter," said {person}, who works with {group}.',
        f"{person} told the council in {place} that the budget grew by {number % 40 + 2}% since the last round.",
        f"According to {group}, about {number} people attended the meetings held in {place}.",
    ))


def _paragraphs(rng: random.Random, words: int, seeds: list[str]) -> list[str]:
    """About ``words`` words of paragraphs: made-up sentences mixed with paragraphs of raw/."""
    paragraphs, total = [], 0
    while total < words:
        if seeds and rng.random() < 0.3:
            paragraph = rng.choice(seeds)
        else:
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randrange(3, 7)))
        paragraphs.append(paragraph)
        total += len(paragraph.split())
    return paragraphs


def _raw_paragraphs() -> list[str]:
    """The English paragraphs of the project's own text samples (raw/*.txt, *.md)."""
    found = []
    for path in sorted((PROJECT_DIR / "raw").glob("*")):
        if path.suffix in (".txt", ".md"):
            found += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 20]
    return [p for p in found if p.isascii()]


def _write_pdf(path: Path, title: str, paragraphs: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 60
    lines = [title, ""]
    for paragraph in paragraphs:
        line: list[str] = []
        for word in paragraph.split():
            if line and stringWidth(" ".join(line + [word]), FONT, FONT_SIZE) > width - 2 * MARGIN:
                lines.append(" ".join(line))
                line = []
            line.append(word)
        lines += [" ".join(line), ""]
    pdf.setFont(FONT, FONT_SIZE)
    for text in lines:
        if y < 60:
            pdf.showPage()
            pdf.setFont(FONT, FONT_SIZE)
            y = height - 60
        pdf.drawString(MARGIN, y, text)
        y -= 14
    pdf.save()


def mixed_batch(folder: Path, *, documents: int, seed: int) -> dict[str, int]:
    """``documents`` made-up documents in ``folder``, text, HTML and PDF in turn, of varied length;
    the count of each kind."""
    rng, seeds = random.Random(seed), _raw_paragraphs()
    folder.mkdir(parents=True)
    counts = dict.fromkeys(KINDS, 0)
    for number in range(documents):
        kind = KINDS[number % len(KINDS)]
        words = int(min(WORDS[1], max(WORDS[0], rng.lognormvariate(6.4, 0.7))))
        title = f"Report {number}: {rng.choice(GROUPS).removeprefix('the ').title()} in {rng.choice(PLACES)}"
        paragraphs = _paragraphs(rng, words, seeds)
        path = folder / f"doc-{number:03d}.{kind}"
        if kind == "txt":
            path.write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
        elif kind == "html":
            body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
            path.write_text(f"<html><head><title>{escape(title)}</title></head><body><article>"
                            f"<h1>{escape(title)}</h1>{body}</article></body></html>", encoding="utf-8")
        else:
            _write_pdf(path, title, paragraphs)
        counts[kind] += 1
    return counts


class Runner:
    """qalam's warm runner in the state folder ``home``: the processor time of the runs it served
    (its reaped children's) and how many it has served, read from /proc and its log."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def pid(self) -> int | None:
        try:
            info = json.loads((self.home / "runner.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return info["pid"] if info.get("ready") else None

    def runs(self) -> tuple[int, int]:
        """Runs started and ended, from its log."""
        try:
            log = (self.home / "runner.log").read_text(encoding="utf-8")
        except OSError:
            return 0, 0
        return log.count(": qalam run "), log.count(" ended with exit code ")

    def children_cpu(self) -> float:
        pid = self.pid()
        if pid is None:
            return 0.0
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime + cstime

    def wait_until_ready(self, timeout: float = 180) -> float | None:
        """Seconds waited until the runner is ready, None if it was not ready in ``timeout``."""
        clock = time.perf_counter()
        while time.perf_counter() - clock < timeout:
            if self.pid():
                return round(time.perf_counter() - clock, 2)
            time.sleep(0.1)
        return None


def qalam_run(src: Path, out: Path, env: dict[str, str], *options: str, runner: Runner | None = None) -> dict:
    """``qalam run SRC --out OUT --json`` as a subprocess: its wall time, its processor time (with
    its worker processes, and its run in the warm runner when it went there; not the warm server's),
    the manifest's own time and counts, whether it started Prefect and whether the runner ran it. On
    a machine shared with other work the processor time shows what the command costs; the wall
    time, what the user waits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    runs_before, runner_cpu = (runner.runs()[0], runner.children_cpu()) if runner else (0, 0.0)
    clock = time.perf_counter()
    done = subprocess.run([str(QALAM), "run", str(src), "--out", str(out), "--json", *options], env=env,
                          capture_output=True, text=True, cwd=PROJECT_DIR)
    wall = time.perf_counter() - clock
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"qalam run failed ({done.returncode}): {done.stderr[-800:]}")
    in_runner = bool(runner) and runner.runs()[0] > runs_before
    if in_runner:  # the run's process ends just after it reported its exit code; then the runner reaps it
        deadline = time.perf_counter() + 5
        while runner.runs()[1] < runner.runs()[0] and time.perf_counter() < deadline:
            time.sleep(0.05)
        cpu += runner.children_cpu() - runner_cpu
    summary = json.loads(done.stdout)
    return {"wall": round(wall, 3), "cpu": round(cpu, 3), "flow_seconds": summary["seconds"],
            "counts": summary["counts"], "prefect_started": "Prefect was not started" not in done.stderr,
            "in_runner": in_runner}


def probe(src: Path, out: Path) -> dict:
    """Where a direct one-document run's time goes, in this process (run by ``measure`` as a
    subprocess against the warm server): each step's wall and processor seconds, in order; a flow
    run's step also gives the manifest's time (the extraction: plan, ingest, model, records)."""
    steps: list[dict] = []
    clock, processor = time.perf_counter(), time.process_time()

    def step(name: str, **extra: float) -> None:
        nonlocal clock, processor
        steps.append({"step": name, "wall": round(time.perf_counter() - clock, 3),
                      "cpu": round(time.process_time() - processor, 3), **extra})
        clock, processor = time.perf_counter(), time.process_time()

    import pipeline.cli.main  # noqa: F401 - what `qalam` imports before it parses the command line
    step("import the command line (Typer, Rich, spaCy, the pipeline)")
    from pipeline.paths import state_dir
    from pipeline.run.job import prepare
    from pipeline.run.prefect_env import PREFECT_STATE, configure_prefect, without_heartbeats
    from pipeline.run.store import output_lock
    from pipeline.run.warm_server import use_warm_server
    from pipeline.settings import load_settings

    settings = load_settings()
    with output_lock(out):
        prepare(src, out, settings)
    step("settings, discovery and plan (hashes, fingerprint)")
    configure_prefect()
    os.environ["PREFECT_API_URL"], _ = use_warm_server(state_dir() / PREFECT_STATE)
    from pipeline.run.flows import run_flow
    step("import Prefect, find the warm server")
    from pipeline.nlp.build import cached_nlp

    cached_nlp(settings)
    step("load the English model")
    summary = run_flow(str(src), str(out), settings.model_dump())
    step("flow run, the first in its process, with heartbeats", extraction=summary["seconds"])
    with without_heartbeats():
        later = run_flow(str(src), str(out.with_name(out.name + "-later")), settings.model_dump())
    step("a later flow run in the same process, without heartbeats", extraction=later["seconds"])
    return {"steps": steps}


def measure(tmp: Path, *, documents: int, repeats: int, seed: int, second_runs: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "QALAM_"))}
    env.update(QALAM_HOME=str(tmp / "state"), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    # A PREFECT_* variable of the user's: qalam runs the command itself, as before the warm runner.
    direct_env = {**env, "PREFECT_LOGGING_LEVEL": "ERROR"}
    runner = Runner(tmp / "state" / "prefect")
    results: dict = {"load_start": os.getloadavg(), "documents": documents}
    src = tmp / "mixed"
    results["kinds"] = mixed_batch(src, documents=documents, seed=seed)
    results["bytes"] = sum(p.stat().st_size for p in src.iterdir())
    one = tmp / "one"
    one.mkdir()
    shutil.copy(PROJECT_DIR / "raw" / "interview-water-committees.html", one)
    results["first_one_document"] = qalam_run(one, tmp / "one-first", env)
    results["runner_wait"] = runner.wait_until_ready()
    results["load_second"] = os.getloadavg()
    results["second_one_document"] = [qalam_run(one, tmp / f"one-{n}", env, runner=runner)
                                      for n in range(second_runs)]
    results["second_one_document_direct"] = [qalam_run(one, tmp / f"one-direct-{n}", direct_env)
                                             for n in range(max(1, second_runs // 2))]
    probed = subprocess.run([sys.executable, __file__, "--probe", str(one), str(tmp / "one-probe")], env=env,
                            capture_output=True, text=True, cwd=PROJECT_DIR)
    if probed.returncode:
        raise RuntimeError(f"the probe failed: {probed.stderr[-800:]}")
    results["breakdown"] = json.loads(probed.stdout.splitlines()[-1])
    print(f"second one-document runs: {[r['wall'] for r in results['second_one_document']]} s",
          file=sys.stderr, flush=True)
    results["workers"] = {"1": [], "2": []}
    for number in range(repeats):
        for workers in (("1", "2") if number % 2 == 0 else ("2", "1")):
            out = tmp / f"out-{workers}-{number}"
            run = qalam_run(src, out, env, "--workers", workers, runner=runner)  # 1 worker: in the runner
            results["workers"][workers].append(run)
            print(f"{workers} worker(s): {run['wall']:.1f} s wall, {run['flow_seconds']:.1f} s in the flow",
                  file=sys.stderr, flush=True)
    rerun = tmp / "out-1-0"
    if not repeats:
        qalam_run(src, rerun, env, runner=runner)
    results["rerun"] = [qalam_run(src, rerun, env, runner=runner) for _ in range(3)]
    results["load_end"] = os.getloadavg()
    return results


def _ratio(runs: dict, key: str) -> float:
    return sum(r[key] for r in runs["1"]) / sum(r[key] for r in runs["2"])


def _load(values: list[float]) -> str:
    return "/".join(f"{x:.1f}" for x in values)


def render(results: dict) -> str:
    """The operations section of RESULTS.md."""
    runs = results["workers"]
    measured = all(runs.values())
    wall, flow = (_ratio(runs, "wall"), _ratio(runs, "flow_seconds")) if measured else (0.0, 0.0)
    rerun = max(r["wall"] for r in results["rerun"])
    second, direct = results["second_one_document"], results["second_one_document_direct"]
    walls = [r["wall"] for r in second]
    kinds = ", ".join(f"{count} {kind}" for kind, count in results["kinds"].items())
    rows = [
        ("unchanged rerun (no Prefect)", "< 2 s",
         f"{rerun:.2f} s (slowest of 3; processor {max(r['cpu'] for r in results['rerun']):.2f} s)",
         rerun < 2 and not any(r["prefect_started"] for r in results["rerun"])),
        ("second one-document run", "< 3 s",
         f"{statistics.median(walls):.2f} s (median of {len(walls)} through the warm runner, slowest "
         f"{max(walls):.2f} s, processor {statistics.median(r['cpu'] for r in second):.2f} s; direct "
         f"{statistics.median(r['wall'] for r in direct):.2f} s)",
         max(walls) < 3 and all(r["in_runner"] for r in second)),
    ]
    if measured:
        rows.append(("2 workers vs 1, the batch", "≥ 1.70", f"{flow:.2f} (whole command {wall:.2f})", flow >= 1.7))
    lines = [BEGIN, "## Operations: reruns, start-up, workers", "",
             f"`bench/operations.py`: `qalam run` as a user runs it (a subprocess, qalam's state in a temporary "
             f"folder, no PREFECT_API_URL). Batch: {results['documents']} made-up documents ({kinds}; "
             f"{results['bytes'] / 1e6:.1f} MB). Load average at start {_load(results['load_start'])}, at the "
             f"second runs {_load(results['load_second'])}, at end {_load(results['load_end'])}.", "",
             "| goal | target | measured | met |", "|---|---|---|---|"]
    lines += [f"| {goal} | {target} | {measured} | {'yes' if met else '**no**'} |"
              for goal, target, measured, met in rows]
    waited = results["runner_wait"]
    lines += ["", f"One-document runs (`raw/interview-water-committees.html`). The first run "
              f"({results['first_one_document']['wall']:.2f} s) starts qalam's warm Prefect server and its warm "
              f"runner; the runner was ready {'after another ' + format(waited, '.1f') + ' s' if waited else 'at once'}"
              f". \"Direct\" runs have a PREFECT_* variable of the user's set, so qalam runs them itself, as "
              "before the runner. Processor time counts the command and its run in the runner.", "",
              "| run | wall s | processor s | in the flow s | through the runner |", "|---|---|---|---|---|"]
    for label, measured_runs in (("second", second), ("direct", direct)):
        lines += [f"| {label} {n + 1} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['flow_seconds']:.2f} | "
                  f"{'yes' if r['in_runner'] else 'no'} |" for n, r in enumerate(measured_runs)]
    lines += ["", "Where a direct one-document run's time goes: the same steps in one process against the warm "
              "server (`--probe`), after imports that the interpreter's own start (about 0.1 s) precedes:", "",
              "| step | wall s | processor s | of which extraction s |", "|---|---|---|---|"]
    lines += [f"| {step['step']} | {step['wall']:.2f} | {step['cpu']:.2f} | "
              f"{format(step['extraction'], '.2f') if 'extraction' in step else ''} |"
              for step in results["breakdown"]["steps"]]
    lines += ["", "| workers | run | wall s | in the flow s | processor s | ok | failed |",
              "|---|---|---|---|---|---|---|"]
    for workers, measured_runs in runs.items():
        lines += [f"| {workers} | {n + 1} | {r['wall']:.1f} | {r['flow_seconds']:.1f} | {r['cpu']:.1f} | "
                  f"{r['counts']['ok']} | {r['counts']['failed']} |" for n, r in enumerate(measured_runs)]
    lines += ["", "\"In the flow\" is the manifest's time, from planning to the manifest (the batch's work); "
              "the whole command adds imports, Prefect's start and the model loads (a 1-worker run goes through the "
              "warm runner, which has them; 2 workers run directly and start their worker processes). Processor time "
              "counts qalam, its run in the runner and its workers, not the warm Prefect server.", END]
    return "\n".join(lines) + "\n"


def stop_warm_processes(home: Path) -> None:
    """SIGTERM qalam's warm runner and warm server's keeper in ``home`` (they would wait out their idle time)."""
    for name in ("runner.json", "server.json"):
        try:
            os.kill(json.loads((home / name).read_text(encoding="utf-8"))["pid"], signal.SIGTERM)
        except (OSError, ValueError, KeyError):
            pass


def update_results(section: str, path: Path = RESULTS) -> None:
    """Put ``section`` in place of the old one in RESULTS.md (appended when there is none)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2,
                        help="runs of each worker count, interleaved (0: no worker comparison)")
    parser.add_argument("--second-runs", type=int, default=6, help="one-document runs after the first")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    parser.add_argument("--probe", nargs=2, metavar=("SRC", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(Path(args.probe[0]), Path(args.probe[1]))))
        return
    # short: the warm runner's Unix socket lives in it
    tmp = Path(tempfile.mkdtemp(prefix="qalam-ops-", dir="/tmp" if os.path.isdir("/tmp") else None))
    try:
        results = measure(tmp, documents=args.documents, repeats=args.repeats, seed=args.seed,
                          second_runs=args.second_runs)
    finally:
        stop_warm_processes(tmp / "state" / "prefect")
        print(f"temporary folder {tmp}" + (" kept" if args.keep else " removed"), file=sys.stderr)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    (BENCH_DIR / "out").mkdir(exist_ok=True)
    (BENCH_DIR / "out" / "operations.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    section = render(results)
    update_results(section)
    print(section)


if __name__ == "__main__":
    main(sys.argv[1:])
