"""qalam's benchmark: throughput against the bare model, scaling, start-up, PDF ingest, memory,
and the English and Russian pipelines side by side.

Run by hand (``make bench`` or ``.venv/bin/python bench/bench.py [--quick] [--words N]``), never
as a test. Every measurement runs in its own subprocess (``bench/worker.py``) so imports, start-up
and peak memory are its own; the throughput modes are interleaved chunk by chunk so the load of
other work on the machine falls on all of them alike. Writes bench/RESULTS.md (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import corpus
import languages
import report

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
PYTHON = sys.executable
WORKER = BENCH_DIR / "worker.py"
MARK = "@@BENCH "
DEFAULT_WORDS = 1_000_000
QUICK_WORDS = 100_000
SAMPLE_SECONDS = 0.2
SERVER_WAIT_SECONDS = 90
MODES = ("bare", "flow1", "flow2")
STAGE_WORDS = 60_000
LANGUAGE_WORDS = 30_000  # per language, at most


class Worker:
    """A measurement subprocess: one-shot, or serving requests on stdin (one JSON line each)."""

    def __init__(self, args: list[str], *, env: dict[str, str], log: Path) -> None:
        self.log = log.open("w")
        self.proc = subprocess.Popen([PYTHON, str(WORKER), *args], cwd=PROJECT_DIR, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log)

    def read(self) -> dict:
        """The next result line; the worker's other output is ignored."""
        for line in self.proc.stdout:
            if line.startswith(MARK):
                return json.loads(line[len(MARK):])
        self.proc.wait()
        self.log.flush()
        tail = Path(self.log.name).read_text(errors="replace")[-600:]
        raise RuntimeError(f"worker {' '.join(self.proc.args[2:3])} exited with {self.proc.returncode}: {tail}")

    def request(self, data: dict) -> dict:
        self.proc.stdin.write(json.dumps(data) + "\n")
        self.proc.stdin.flush()
        return self.read()

    def close(self) -> dict:
        """Ask a serving worker to stop; returns its final peak-memory line."""
        final = self.request({"exit": True})
        self.proc.wait(timeout=60)
        self.log.close()
        return final

    def finish(self) -> dict:
        """Result of a one-shot worker."""
        self.proc.stdin.close()
        result = self.read()
        self.proc.wait(timeout=120)
        self.log.close()
        return result


class TreePeak:
    """Samples the summed RSS of a process and all its descendants (psutil) while a block runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_mb, self._stop = pid, 0.0, threading.Event()

    def _sample(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                return
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(SAMPLE_SECONDS)

    @contextmanager
    def watching(self) -> Iterator["TreePeak"]:
        thread = threading.Thread(target=self._sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()


def worker_env(prefect_home: Path | None = None, api_url: str | None = None) -> dict[str, str]:
    """The environment of a measured process: Prefect state in the benchmark's temp folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "QALAM_"))}
    env.update(DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONPATH=str(PROJECT_DIR),
               PYTHONUNBUFFERED="1")
    if prefect_home is not None:
        prefect_home.mkdir(parents=True, exist_ok=True)
        env["PREFECT_HOME"] = str(prefect_home)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def one_shot(args: list[str], *, tmp: Path, name: str, env: dict[str, str]) -> dict:
    """Run a one-shot worker, sampling its process tree's RSS; adds wall seconds and tree peak."""
    env = {**env, "BENCH_T0": repr(time.time())}
    clock = time.perf_counter()
    worker = Worker(args, env=env, log=tmp / f"{name}.log")
    with TreePeak(worker.proc.pid).watching() as peak:
        result = worker.finish()
    return {**result, "wall": round(time.perf_counter() - clock, 3), "tree_peak_mb": round(peak.peak_mb, 1)}


def log(message: str) -> None:
    stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def measure_throughput(chunks: list[corpus.Chunk], *, tmp: Path, warmup: Path) -> dict:
    """bare nlp.pipe, flow with 1 worker and flow with 2, each chunk in rotating order."""
    workers = {
        "bare": Worker(["serve-bare"], env=worker_env(), log=tmp / "bare.log"),
        "flow1": Worker(["serve-flow", "1", str(warmup)], env=worker_env(tmp / "prefect-flow1"),
                        log=tmp / "flow1.log"),
        "flow2": Worker(["serve-flow", "2", str(warmup)], env=worker_env(tmp / "prefect-flow2"),
                        log=tmp / "flow2.log"),
    }
    ready = {mode: worker.read() for mode, worker in workers.items()}
    runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for number, chunk in enumerate(chunks):
        order = MODES[number % 3:] + MODES[:number % 3]
        for mode in order:
            out = tmp / f"out-{mode}-{number}"
            request = {"texts": str(chunk.texts_file)} if mode == "bare" else {"src": str(chunk.folder), "out": str(out)}
            with TreePeak(workers[mode].proc.pid).watching() as peak:
                result = workers[mode].request(request)
            result.update(tree_peak_mb=round(peak.peak_mb, 1), docs=chunk.docs, words=chunk.words)
            runs[mode].append(result)
            shutil.rmtree(out, ignore_errors=True)
            log(f"chunk {number} {mode}: {chunk.words / result['seconds']:,.0f} words/s")
    final = {mode: worker.close() for mode, worker in workers.items()}
    return {"ready": ready, "runs": runs, "final": final}


@contextmanager
def prefect_server(tmp: Path) -> Iterator[tuple[str, float]]:
    """``prefect server start`` on a free loopback port with its own PREFECT_HOME; stopped on exit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = f"http://127.0.0.1:{port}/api"
    prefect = Path(PYTHON).parent / "prefect"
    logfile = (tmp / "prefect-server.log").open("w")
    clock = time.perf_counter()
    server = subprocess.Popen([str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=worker_env(tmp / "prefect-server"), stdout=logfile, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        while True:
            if server.poll() is not None or time.perf_counter() - clock > SERVER_WAIT_SECONDS:
                raise RuntimeError(f"the Prefect server did not start; see {logfile.name}")
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        yield api, time.perf_counter() - clock
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        logfile.close()


def cli_wall(src: Path, out: Path, env: dict[str, str]) -> float:
    """Wall seconds of ``qalam run SRC --out OUT --quiet`` as a subprocess."""
    qalam = Path(PYTHON).parent / "qalam"
    clock = time.perf_counter()
    done = subprocess.run([str(qalam), "run", str(src), "--out", str(out), "--quiet"], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - clock
    if done.returncode != 0:
        raise RuntimeError(f"qalam run failed ({done.returncode}): {done.stderr[-500:]}")
    return round(seconds, 3)


def measure_startup(one_doc: Path, *, tmp: Path, repeats: int) -> dict:
    """1-document runs: split in-process, and the CLI's wall, ephemeral Prefect vs a running server."""
    home = tmp / "prefect-startup"
    result = {
        "fresh": one_shot(["startup", str(one_doc), str(tmp / "st-fresh")], tmp=tmp, name="startup-fresh",
                          env=worker_env(home)),
        "existing": one_shot(["startup", str(one_doc), str(tmp / "st-existing")], tmp=tmp,
                             name="startup-existing", env=worker_env(home)),
    }
    fresh_home = tmp / "prefect-cli-fresh"
    result["cli_fresh_db"] = cli_wall(one_doc, tmp / "cli-fresh", worker_env(fresh_home))
    with prefect_server(tmp) as (api, server_seconds):
        result["server_start_seconds"] = round(server_seconds, 2)
        result["server"] = one_shot(["startup", str(one_doc), str(tmp / "st-server")], tmp=tmp,
                                    name="startup-server", env=worker_env(tmp / "prefect-client", api))
        result["cli_ephemeral"], result["cli_server"] = [], []
        for number in range(repeats):
            result["cli_ephemeral"].append(cli_wall(one_doc, tmp / f"cli-e{number}", worker_env(home)))
            result["cli_server"].append(cli_wall(one_doc, tmp / f"cli-s{number}",
                                                 worker_env(tmp / "prefect-client", api)))
    result["python_bare"] = _python_startup()
    return result


def _python_startup() -> float:
    clock = time.perf_counter()
    subprocess.run([PYTHON, "-c", "pass"], check=True)
    return round(time.perf_counter() - clock, 3)


def measure_pdf(sources: list[corpus.Source], *, tmp: Path, repeats: int, pages: tuple[int, int]) -> dict:
    """Pages/s of qalam's PDF ingest against pdfplumber, and peak memory by page count."""
    pdfs = [str(s.path) for s in sources if s.pages]
    speed = one_shot(["pdf", str(repeats), *pdfs], tmp=tmp, name="pdf", env=worker_env())
    memory = {}
    for count in pages:
        path = tmp / f"synthetic-{count}.pdf"
        corpus.synthetic_pdf(sources, pages=count, seed=count, path=path)
        try:
            memory[count] = one_shot(["pdfmem", str(path)], tmp=tmp, name=f"pdfmem-{count}", env=worker_env())
        except RuntimeError as exc:  # keep the speed figures; say why this one is missing
            memory[count] = {"error": str(exc)[-300:]}
    return {"speed": speed, "memory": memory}


def measure_memory(sources: list[corpus.Source], *, tmp: Path, counts: tuple[int, int], warmup: Path,
                   seed: int) -> dict:
    """Peak RSS of a flow over N small documents, for two N, each in its own process."""
    result = {}
    for count in counts:
        folder = tmp / f"short-{count}"
        words = corpus.short_documents(sources, count=count, seed=seed, folder=folder)
        run = one_shot(["memory", str(folder), str(tmp / f"mem-out-{count}"), str(warmup)], tmp=tmp,
                       name=f"memory-{count}", env=worker_env(tmp / f"prefect-mem-{count}"))
        result[count] = {**run, "words": words}
        shutil.rmtree(tmp / f"mem-out-{count}", ignore_errors=True)
        log(f"memory {count} docs: peak {run['peak_mb']} MB in {run['seconds']} s")
    return result


def measure_languages(sources: list[corpus.Source], *, words: int) -> dict:
    """Words/s of each language's pipeline on its own sample documents (up to ``words`` words
    each), in this process: the English and the Russian pipeline side by side."""
    from pipeline.ingest import load_document
    from pipeline.nlp.build import PIPELINE_LANGUAGES
    from pipeline.settings import load_settings

    ingest = load_settings().ingest
    found = {}
    for language in PIPELINE_LANGUAGES:
        chosen, count = [], 0
        for source in sorted((s for s in sources if s.language == language and s.words), key=lambda s: s.path.name):
            if count >= words:
                break
            chosen.append(load_document(source.path, settings=ingest))
            count += source.words
        if chosen:
            found[language] = languages.throughput(language, chosen)
    return found


def measure_scaling(sources: list[corpus.Source], *, tmp: Path, factors: list[int]) -> dict:
    """One document of 1×, 10×, 100× the same content (entities, quotes, citations, figures)."""
    folder = tmp / "scaling"
    folder.mkdir()
    copies = [corpus.scaling_text(sources, copy=copy) for copy in range(max(factors))]
    for factor in factors:
        (folder / f"scale-{factor}.txt").write_text("\n\n".join(copies[:factor]), encoding="utf-8")
    result = one_shot(["scaling", str(folder), ",".join(map(str, factors))], tmp=tmp, name="scaling",
                      env=worker_env())
    for row in result["rows"]:
        log(f"scaling {row['factor']}×: {row['seconds']} s")
    return result


def measure_long(sources: list[corpus.Source], *, tmp: Path, text_mb: float, pdf_pages: int) -> dict:
    """A text of ``text_mb`` MB and a generated PDF of ``pdf_pages`` pages, each through
    process_batch in its own process, both at once (their peak memory is each one's own)."""
    folder = tmp / "long"
    folder.mkdir()
    text = folder / "long.txt"
    text.write_text(corpus.long_text(sources, chars=int(text_mb * 1_000_000)), encoding="utf-8")
    pdf = folder / "long.pdf"
    clock = time.perf_counter()
    corpus.synthetic_pdf(sources, pages=pdf_pages, seed=pdf_pages, path=pdf)
    log(f"long: {pdf_pages}-page PDF generated in {time.perf_counter() - clock:.0f} s")
    # The shipped page limit stops longer PDFs; this measurement lifts it to the PDF's length.
    overrides = {"ingest": {"max_pdf_pages": max(pdf_pages, 1)}}
    jobs = {"text": text, "pdf": pdf}
    results: dict = {}

    def run(name: str, path: Path) -> None:
        try:
            results[name] = one_shot(["longdoc", str(path), str(tmp / f"long-out-{name}"), json.dumps(overrides)],
                                     tmp=tmp, name=f"long-{name}", env=worker_env())
        except RuntimeError as exc:
            results[name] = {"error": str(exc)[-300:]}

    threads = [threading.Thread(target=run, args=item) for item in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name in jobs:
        log(f"long {name}: {results[name]}")
    return {**results, "text_mb": text_mb, "pdf_pages": pdf_pages}


def measure_text_speed(sources: list[corpus.Source], *, tmp: Path, words: int, rounds: int) -> dict:
    """bare nlp.pipe vs qalam's pipeline vs process_batch on the same English texts (one process)."""
    english = [s for s in sources if s.language == "en" and s.words > 0]
    chosen, total = [], 0
    for source in english:
        if total >= words:
            break
        chosen.append(str(source.path))
        total += source.words
    paths = tmp / "textspeed-paths.json"
    paths.write_text(json.dumps(chosen), encoding="utf-8")
    result = one_shot(["textspeed", str(paths), str(rounds), str(tmp / "textspeed")], tmp=tmp, name="textspeed",
                      env=worker_env())
    log(f"text speed: {result['seconds']}")
    return result


def measure_profile(src: Path, *, count: int, tmp: Path) -> dict:
    """py-spy samples of process_batch over the stages' documents, summed per qalam function."""
    import hotspots

    spy = Path(PYTHON).parent / "py-spy"
    if not spy.exists():
        return {"error": "py-spy is not installed in the venv (pip install py-spy)"}
    raw = BENCH_DIR / "out" / "profile.raw"
    raw.parent.mkdir(exist_ok=True)
    done = subprocess.run([str(spy), "record", "--format", "raw", "--rate", "100", "-o", str(raw), "--",
                           PYTHON, str(BENCH_DIR / "hotspots.py"), str(src), str(count)],
                          cwd=PROJECT_DIR, env=worker_env(), capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": f"py-spy failed: {done.stderr[-300:]}"}
    return {**hotspots.summarize(raw), "raw": str(raw.relative_to(PROJECT_DIR))}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, help=f"corpus size in words (default {DEFAULT_WORDS:,}; "
                                                  f"--quick {QUICK_WORDS:,})")
    parser.add_argument("--quick", action="store_true", help="smoke run: ~100k words, fewer repeats and documents")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "RESULTS.md", help="where to write the results")
    parser.add_argument("--seed", type=int, default=13, help="corpus sampling seed")
    parser.add_argument("--chunks", type=int, help="interleaving rounds for throughput (default 4, quick 2)")
    parser.add_argument("--sections", default="throughput,stages,startup,pdf,memory,languages,scaling,text,long",
                        help="comma-separated subset of: throughput,stages,startup,pdf,memory,languages,scaling,text,long")
    parser.add_argument("--scale", help="size factors of the scaling document (default 1,10,100; quick 1,10)")
    parser.add_argument("--long-mb", type=float, help="size of the long text in MB (default 10; quick 1)")
    parser.add_argument("--long-pages", type=int, help="pages of the long PDF (default 2000; quick 200)")
    parser.add_argument("--text-words", type=int, help="words of the text-only comparison (default 60,000; "
                                                       "quick 15,000)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile process_batch with py-spy (raw stacks in bench/out/)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    quick = args.quick
    words = args.words or (QUICK_WORDS if quick else DEFAULT_WORDS)
    chunks = args.chunks or (2 if quick else 4)
    sections = set(args.sections.split(","))
    scale = [int(f) for f in (args.scale or ("1,10" if quick else "1,10,100")).split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="qalam-bench-"))
    started = time.perf_counter()
    results: dict = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "argv": argv,
                     "load_start": os.getloadavg(), "words_target": words, "chunks": chunks, "quick": quick,
                     "seed": args.seed}
    try:
        log(f"ingesting the sample documents (temp folder {tmp})")
        clock = time.perf_counter()
        sources, rejected = corpus.ingest_sources(corpus.source_paths())
        results["samples"] = report.sample_summary(sources, rejected, seconds=time.perf_counter() - clock)
        warmup = tmp / "warmup" / "one"
        warmup.mkdir(parents=True)
        one_doc = _one_document(sources, warmup)
        if "throughput" in sections or "stages" in sections:
            built = corpus.build_chunks(sources, words=words, chunks=chunks, seed=args.seed, root=tmp / "corpus")
            results["corpus"] = {"docs": sum(c.docs for c in built), "words": sum(c.words for c in built),
                                 "chunks": [{"docs": c.docs, "words": c.words} for c in built]}
        steps = {
            "throughput": lambda: measure_throughput(built, tmp=tmp, warmup=warmup),
            "stages": lambda: one_shot(["stages", str(built[0].folder), str(min(STAGE_WORDS, built[0].words))],
                                       tmp=tmp, name="stages", env=worker_env()),
            "profile": lambda: measure_profile(built[0].folder, count=results["stages"]["docs"], tmp=tmp),
            "startup": lambda: measure_startup(one_doc, tmp=tmp, repeats=2 if quick else 3),
            "pdf": lambda: measure_pdf(sources, tmp=tmp, repeats=1 if quick else 3,
                                       pages=(5, 50) if quick else (10, 100)),
            "memory": lambda: measure_memory(sources, tmp=tmp, counts=(100, 1000) if quick else (1000, 10000),
                                             warmup=warmup, seed=args.seed),
            "languages": lambda: measure_languages(sources, words=LANGUAGE_WORDS // (10 if quick else 1)),
            "scaling": lambda: measure_scaling(sources, tmp=tmp, factors=scale),
            "text": lambda: measure_text_speed(sources, tmp=tmp, words=args.text_words or (15_000 if quick else 60_000),
                                               rounds=2 if quick else 3),
            "long": lambda: measure_long(sources, tmp=tmp, text_mb=args.long_mb or (1 if quick else 10),
                                         pdf_pages=args.long_pages or (200 if quick else 2000)),
        }
        if args.profile and "stages" in sections:
            sections.add("profile")

        def measure(name: str) -> None:
            log(f"{name} …")
            try:
                results[name] = steps[name]()
            except Exception as exc:  # noqa: BLE001 - one failed measurement must not lose the others
                log(f"{name} failed: {exc}")
                results.setdefault("errors", {})[name] = str(exc)
                results.pop(name, None)

        # The long documents take longest and are measured for memory and a valid record, not
        # speed: they run alongside the other sections (which are timed in CPU seconds or as
        # ratios interleaved in one process).
        alongside = threading.Thread(target=measure, args=("long",)) if "long" in sections else None
        if alongside:
            alongside.start()
        for name in steps:
            if name in sections and name != "long":
                measure(name)
        if alongside:
            alongside.join()
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    results["load_end"] = os.getloadavg()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    text = report.render(results, machine=report.machine(), versions=report.versions())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    (BENCH_DIR / "out").mkdir(exist_ok=True)
    (BENCH_DIR / "out" / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(text)
    log(f"done in {results['total_seconds']} s; wrote {args.out}")


def _one_document(sources: list[corpus.Source], folder: Path) -> Path:
    """The 1-document run's input: the project's own HTML sample if present (exercises trafilatura)."""
    english = [s for s in sources if s.language == "en"]
    preferred = [s for s in english if s.path.parent == PROJECT_DIR / "raw" and s.path.suffix == ".html"]
    source = (preferred or sorted(english, key=lambda s: s.words))[0]
    shutil.copyfile(source.path, folder / source.path.name)
    return folder


if __name__ == "__main__":
    main(sys.argv[1:])
