"""Operations benchmark (issue 14, items 3 and 4): an unchanged rerun, a second one-document run,
and 1 against 2 local workers on a 200-document mixed batch (text, HTML, PDF) made here.

Every measurement is the wall time of the ``qalam`` command as a user runs it, in a subprocess,
with qalam's state in a temporary folder. Run by hand:

    .venv/bin/python bench/operations.py [--documents N] [--repeats R] [--keep]

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


def qalam_run(src: Path, out: Path, env: dict[str, str], *options: str) -> dict:
    """``qalam run SRC --out OUT --json`` as a subprocess: its wall time, its processor time (with
    its worker processes; not the warm server's), the manifest's own time and counts, and whether
    it started Prefect. On a machine shared with other work the processor time shows what the
    command costs; the wall time, what the user waits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = time.perf_counter()
    done = subprocess.run([str(QALAM), "run", str(src), "--out", str(out), "--json", *options], env=env,
                          capture_output=True, text=True, cwd=PROJECT_DIR)
    wall = time.perf_counter() - clock
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"qalam run failed ({done.returncode}): {done.stderr[-800:]}")
    summary = json.loads(done.stdout)
    return {"wall": round(wall, 3), "cpu": round(cpu, 3), "flow_seconds": summary["seconds"], "counts": summary["counts"],
            "prefect_started": "Prefect was not started" not in done.stderr}


def measure(tmp: Path, *, documents: int, repeats: int, seed: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "QALAM_"))}
    env.update(QALAM_HOME=str(tmp / "state"), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    results: dict = {"load_start": os.getloadavg(), "documents": documents}
    src = tmp / "mixed"
    results["kinds"] = mixed_batch(src, documents=documents, seed=seed)
    results["bytes"] = sum(p.stat().st_size for p in src.iterdir())
    one = tmp / "one"
    one.mkdir()
    shutil.copy(PROJECT_DIR / "raw" / "interview-water-committees.html", one)
    results["first_one_document"] = qalam_run(one, tmp / "one-a", env)
    results["second_one_document"] = qalam_run(one, tmp / "one-b", env)
    results["workers"] = {"1": [], "2": []}
    for number in range(repeats):
        for workers in (("1", "2") if number % 2 == 0 else ("2", "1")):
            out = tmp / f"out-{workers}-{number}"
            run = qalam_run(src, out, env, "--workers", workers)
            results["workers"][workers].append(run)
            print(f"{workers} worker(s): {run['wall']:.1f} s wall, {run['flow_seconds']:.1f} s in the flow",
                  file=sys.stderr, flush=True)
    results["rerun"] = [qalam_run(src, out, env) for _ in range(3)]
    results["load_end"] = os.getloadavg()
    return results


def _ratio(runs: dict, key: str) -> float:
    return sum(r[key] for r in runs["1"]) / sum(r[key] for r in runs["2"])


def render(results: dict) -> str:
    """The operations section of RESULTS.md."""
    runs = results["workers"]
    measured = all(runs.values())
    wall, flow = (_ratio(runs, "wall"), _ratio(runs, "flow_seconds")) if measured else (0.0, 0.0)
    rerun = max(r["wall"] for r in results["rerun"])
    second = results["second_one_document"]["wall"]
    kinds = ", ".join(f"{count} {kind}" for kind, count in results["kinds"].items())
    load = "/".join(f"{x:.1f}" for x in results["load_start"]), "/".join(f"{x:.1f}" for x in results["load_end"])
    rows = [
        ("unchanged rerun (no Prefect)", "< 2 s",
         f"{rerun:.2f} s (slowest of 3; processor {max(r['cpu'] for r in results['rerun']):.2f} s)",
         rerun < 2 and not any(r["prefect_started"] for r in results["rerun"])),
        ("second one-document run", "< 3 s",
         f"{second:.2f} s (processor {results['second_one_document']['cpu']:.2f} s; first run "
         f"{results['first_one_document']['wall']:.2f} s, which starts the server)", second < 3),
    ]
    if measured:
        rows.append(("2 workers vs 1, the batch", "≥ 1.70", f"{flow:.2f} (whole command {wall:.2f})", flow >= 1.7))
    lines = [BEGIN, "## Operations: reruns, start-up, workers", "",
             f"`bench/operations.py`: `qalam run` as a user runs it (a subprocess, qalam's state in a temporary "
             f"folder, no PREFECT_API_URL). Batch: {results['documents']} made-up documents ({kinds}; "
             f"{results['bytes'] / 1e6:.1f} MB). Load average at start {load[0]}, at end {load[1]}.", "",
             "| goal | target | measured | met |", "|---|---|---|---|"]
    lines += [f"| {goal} | {target} | {measured} | {'yes' if met else '**no**'} |"
              for goal, target, measured, met in rows]
    lines += ["", "| workers | run | wall s | in the flow s | processor s | ok | failed |",
              "|---|---|---|---|---|---|---|"]
    for workers, measured in runs.items():
        lines += [f"| {workers} | {n + 1} | {r['wall']:.1f} | {r['flow_seconds']:.1f} | {r['cpu']:.1f} | "
                  f"{r['counts']['ok']} | {r['counts']['failed']} |" for n, r in enumerate(measured)]
    lines += ["", "\"In the flow\" is the manifest's time, from planning to the manifest (the batch's work); "
              "the whole command adds imports, Prefect's start and the model loads. Processor time counts qalam and "
              "its workers, not the warm Prefect server.", END]
    return "\n".join(lines) + "\n"


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
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="qalam-ops-bench-"))
    try:
        results = measure(tmp, documents=args.documents, repeats=args.repeats, seed=args.seed)
    finally:
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
