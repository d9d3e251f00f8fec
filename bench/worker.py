"""Measurement subprocesses of the benchmark: each runs in a fresh interpreter so its imports,
start-up and peak memory (``ru_maxrss``) are its own.

Usage (bench.py starts these; each prints ``@@BENCH <json>`` lines, the rest is noise):
  worker.py serve-bare                 stdin: {"texts": FILE} → seconds of nlp.pipe over the texts
  worker.py serve-flow WORKERS WARMUP  stdin: {"src": DIR, "out": DIR} → seconds of run_flow
  worker.py startup SRC OUT            1-document run split into imports, Prefect start, model load
  worker.py stages SRC WORDS           time of each stage of process_batch on SRC's first WORDS words
  worker.py pdf REPEATS FILE...        pdfplumber extract_text vs qalam's load_document
  worker.py pdfmem FILE                peak memory of load_document on one PDF
  worker.py memory SRC OUT WARMUP      peak memory of run_flow over SRC
  worker.py scaling DIR FACTORS        process_batch and each component on 1×, 10×, 100× one content
  worker.py longdoc FILE OUT SETTINGS  peak memory and record of process_batch on one long document
  worker.py textspeed PATHS ROUNDS DIR bare nlp.pipe vs qalam's pipeline on the same texts
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

MARK = "@@BENCH "
KB = 1024
SCALING_REPEATS = 3


def emit(data: dict) -> None:
    """One result line for the parent; flushed so it is not held in a pipe buffer."""
    sys.stdout.write(MARK + json.dumps(data) + "\n")
    sys.stdout.flush()


def peak_mb() -> dict:
    """Peak RSS of this process and of its largest reaped child (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KB
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / KB
    return {"peak_mb": round(own, 1), "children_peak_mb": round(children, 1)}


def rss_mb() -> float:
    """Current RSS, from /proc (no psutil needed in the measured process)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / KB, 1)
    return 0.0


def settings_for(workers: int = 1):
    from pipeline.settings import load_settings

    settings = load_settings()
    return settings.with_overrides(pipeline={"workers": workers}) if workers != settings.pipeline.workers else settings


def serve_bare() -> None:
    """The floor: the bare model's ``nlp.pipe`` over already-cleaned strings, same batch size."""
    started = time.perf_counter()
    import spacy

    settings = settings_for()
    nlp = spacy.load(settings.pipeline.model, disable=list(settings.pipeline.disable))
    list(nlp.pipe(["Warm up the pipeline once."]))
    emit({"ready": True, "load_seconds": round(time.perf_counter() - started, 3)})
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("exit"):
            break
        texts = json.loads(Path(request["texts"]).read_text(encoding="utf-8"))
        clock = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=settings.pipeline.batch_size):
            pass
        emit({"seconds": time.perf_counter() - clock, "docs": len(texts), **peak_mb()})
    emit(peak_mb())


def serve_flow(workers: int, warmup: str) -> None:
    """The full flow in-process, warmed up once (Prefect started, model loaded) before timing."""
    from pipeline.run.flows import run_flow

    settings = settings_for(workers).model_dump()
    clock = time.perf_counter()
    run_flow(warmup, str(Path(warmup).parent / f"warm-out-{workers}"), settings, force=True)
    emit({"ready": True, "warmup_seconds": round(time.perf_counter() - clock, 3)})
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("exit"):
            break
        clock = time.perf_counter()
        summary = run_flow(request["src"], request["out"], settings, force=True)
        emit({"seconds": time.perf_counter() - clock, "counts": summary["counts"],
              "failures": summary["failures"][:3], **peak_mb()})
    emit(peak_mb())


def startup(src: str, out: str) -> None:
    """Where a 1-document run's time goes: imports, the first flow's Prefect start, model load."""
    marks = {"process_start_to_main": time.time() - float(os.environ.get("BENCH_T0", time.time()))}
    clock = time.perf_counter()
    import spacy  # noqa: F401

    marks["import_spacy"] = time.perf_counter() - clock
    clock = time.perf_counter()
    import prefect  # noqa: F401

    marks["import_prefect"] = time.perf_counter() - clock
    clock = time.perf_counter()
    from pipeline.run.flows import run_flow

    marks["import_pipeline_flows_rest"] = time.perf_counter() - clock
    settings = settings_for().model_dump()
    clock = time.perf_counter()
    summary = run_flow(src, out + "-1", settings, force=True)
    first = time.perf_counter() - clock
    marks["first_flow_wall"] = first
    marks["first_flow_body"] = summary["seconds"]
    marks["first_flow_prefect_overhead"] = first - summary["seconds"]
    marks["document_seconds"] = sum(d["seconds"] for d in summary["documents"])
    from pipeline.nlp.build import build_nlp
    from pipeline.settings import Settings

    clock = time.perf_counter()
    build_nlp(Settings.model_validate(settings))
    marks["model_load_again"] = time.perf_counter() - clock
    clock = time.perf_counter()
    summary = run_flow(src, out + "-2", settings, force=True)
    marks["second_flow_wall"] = time.perf_counter() - clock
    marks["second_flow_body"] = summary["seconds"]
    emit({"marks": {k: round(v, 3) for k, v in marks.items()}, "counts": summary["counts"], **peak_mb()})


# Functions that pipeline.run calls by their module-level name: wrapped to time each stage of
# the real process_batch. The extract functions run inside build_record ("of which" rows).
RUN_STAGES = ("load_document", "find_contacts", "redact", "detect_language", "pipeline_info", "make_doc",
              "build_record", "write_record")
NESTED_STAGES = ("entities_from_doc", "citations_from_doc", "quotes_from_doc", "figures_from_doc",
                 "interview_from_doc", "contacts_from_doc")


class TimedComponent:
    """Stands in for a pipeline component and adds its own time (not its upstream's) to ``times``."""

    def __init__(self, name: str, proc, times: dict[str, float], clock=time.perf_counter) -> None:
        self.name, self.proc, self.times, self.clock = f"component: {name}", proc, times, clock

    def _add(self, seconds: float) -> None:
        self.times[self.name] = self.times.get(self.name, 0.0) + seconds

    def __call__(self, doc):
        clock = self.clock()
        doc = self.proc(doc)
        self._add(self.clock() - clock)
        return doc

    def pipe(self, docs, **kwargs):
        upstream = [0.0]

        def feed():
            for doc in _timed_iter(docs, upstream, self.clock):
                yield doc

        inner = self.proc.pipe(feed(), **kwargs) if hasattr(self.proc, "pipe") else map(self.proc, feed())
        spent = [0.0]
        for doc in _timed_iter(inner, spent, self.clock):
            yield doc
        self._add(spent[0] - upstream[0])


def _timed_iter(items, total: list[float], clock=time.perf_counter):
    """Yield from ``items``, adding the time spent producing each one to ``total[0]``."""
    iterator = iter(items)
    while True:
        started = clock()
        try:
            item = next(iterator)
        except StopIteration:
            total[0] += clock() - started
            return
        total[0] += clock() - started
        yield item


def _wrap(module, name: str, times: dict[str, float], label: str, clock=time.perf_counter) -> None:
    func = getattr(module, name, None)
    if func is None:
        return

    def timed(*args, **kwargs):
        started = clock()
        try:
            return func(*args, **kwargs)
        finally:
            times[label] = times.get(label, 0.0) + clock() - started

    setattr(module, name, timed)


def stages(src: str, words: int) -> None:
    """Seconds spent in each stage of the real ``process_batch`` (module functions and pipeline
    components wrapped with timers), one process, no Prefect."""
    from pipeline.run import batch as run_module
    from pipeline.ingest.language import detect_language
    from pipeline.nlp.build import cached_nlp

    settings = settings_for()
    clock = time.perf_counter()
    nlp = cached_nlp(settings)
    times: dict[str, float] = {}
    load_seconds = time.perf_counter() - clock
    paths, total = [], 0
    for path in sorted(Path(src).iterdir()):
        if total >= words:
            break
        paths.append(path)
        total += _english_words(path, settings, detect_language)
    _instrument(nlp, run_module, times)
    clock = time.perf_counter()
    results = run_module.process_batch(paths, src_root=Path(src), out_root=Path(src).parent / "stages-out",
                                       settings=settings)
    elapsed = time.perf_counter() - clock
    result = {"docs": len(paths), "ok": sum(r.status == "ok" for r in results), "words": total,
              "process_batch": round(elapsed, 3), "load_seconds": round(load_seconds, 3),
              "times": {k: round(v, 3) for k, v in times.items()}}
    emit(result)


def _instrument(nlp, run_module, times: dict[str, float], clock=time.perf_counter) -> None:
    """Timers around pipeline.run's stage functions and each pipeline component, adding to ``times``."""
    for name in RUN_STAGES:
        _wrap(run_module, name, times, name, clock)
    for name in NESTED_STAGES:
        _wrap(run_module, name, times, f"  of which {name}", clock)
    nlp._components = [(name, TimedComponent(name, proc, times, clock)) for name, proc in nlp._components]


def _english_words(path: Path, settings, detect_language) -> int:
    """Words of the cleaned text when the document is English (what the floor counts)."""
    from pipeline.ingest import load_document

    loaded = load_document(path, settings=settings.ingest)
    guess = detect_language(loaded.text, min_chars=settings.language.min_chars, seed=settings.language.seed)
    return len(loaded.text.split()) if guess.code == "en" else 0


def pdf(repeats: int, files: list[str]) -> None:
    """Best-of-``repeats`` seconds per PDF for pdfplumber's extract_text, its extract_words with
    qalam's options (the raw call ingest makes), and qalam's load_document; runs interleaved."""
    clock = time.perf_counter()
    import pdfplumber

    from pipeline.ingest import load_document, pdf_words

    import_seconds = time.perf_counter() - clock
    settings = settings_for()
    rows = []
    for name in files:
        best = {"extract_text": 1e9, "extract_words": 1e9, "load_document": 1e9}
        pages = words = 0
        for _ in range(repeats):
            clock = time.perf_counter()
            with pdfplumber.open(name) as document:
                pages = len(document.pages)
                for page in document.pages:
                    page.extract_text()
                    page.close()
            best["extract_text"] = min(best["extract_text"], time.perf_counter() - clock)
            clock = time.perf_counter()
            with pdfplumber.open(name) as document:
                for page in document.pages:
                    page.extract_words(x_tolerance=pdf_words.WORD_X_TOLERANCE, y_tolerance=pdf_words.ROW_TOLERANCE,
                                       extra_attrs=["fontname", "size"])
                    page.close()
            best["extract_words"] = min(best["extract_words"], time.perf_counter() - clock)
            clock = time.perf_counter()
            loaded = load_document(Path(name), settings=settings.ingest)
            best["load_document"] = min(best["load_document"], time.perf_counter() - clock)
            words = len(loaded.text.split())
        rows.append({"file": Path(name).name, "pages": pages, "words": words,
                     **{k: round(v, 4) for k, v in best.items()}})
    emit({"import_seconds": round(import_seconds, 3), "rows": rows})


def pdfmem(name: str) -> None:
    """Peak RSS of load_document on one PDF, and the RSS before it (after imports)."""
    import pdfplumber  # noqa: F401

    from pipeline.ingest import load_document
    from pipeline.ingest import pdf as _pdf  # noqa: F401 - import its dependencies before the baseline

    settings = settings_for()
    before = rss_mb()
    clock = time.perf_counter()
    loaded = load_document(Path(name), settings=settings.ingest)
    emit({"seconds": round(time.perf_counter() - clock, 3), "pages": loaded.pages, "before_mb": before,
          **peak_mb()})


def memory(src: str, out: str, warmup: str) -> None:
    """Peak RSS of one in-process flow over ``src`` after a 1-document warm-up (model loaded)."""
    from pipeline.run.flows import run_flow

    settings = settings_for().model_dump()
    run_flow(warmup, out + "-warm", settings, force=True)
    before = rss_mb()
    clock = time.perf_counter()
    summary = run_flow(src, out, settings, force=True)
    emit({"seconds": round(time.perf_counter() - clock, 3), "counts": summary["counts"],
          "before_mb": before, "after_mb": rss_mb(), **peak_mb()})


def scaling(folder: str, factors: list[int]) -> None:
    """CPU seconds of ``process_batch`` on one document of each size (``scale-F.txt`` in ``folder``),
    with each stage and component timed: a step whose time grows faster than the text shows
    in its ratio. The smaller sizes take the best of a few runs, the largest runs once."""
    from pipeline.nlp.build import cached_nlp
    from pipeline.run import batch as run_module

    settings = settings_for()
    nlp = cached_nlp(settings)
    times: dict[str, float] = {}
    # CPU seconds of this process: other work on the machine does not count (wall seconds are kept too).
    _instrument(nlp, run_module, times, time.process_time)
    out = Path(folder) / "scaling-out"
    rows = []
    for factor in [factors[0], *factors]:  # the first run warms up lazy loads and is not kept
        path = Path(folder) / f"scale-{factor}.txt"
        best: dict | None = None
        for _ in range(SCALING_REPEATS if factor < max(factors) else 1):
            times.clear()
            clock, cpu = time.perf_counter(), time.process_time()
            [result] = run_module.process_batch([path], src_root=path.parent, out_root=out, settings=settings)
            seconds, wall = time.process_time() - cpu, time.perf_counter() - clock
            if best is None or seconds < best["seconds"]:
                best = {"factor": factor, "seconds": round(seconds, 3), "wall": round(wall, 3), "status": result.status,
                        "reason": result.reason, "times": {k: round(v, 3) for k, v in times.items()},
                        **_record_counts(result)}
        rows.append(best)
    emit({"rows": rows[1:], **peak_mb()})


def _record_counts(result) -> dict:
    """Characters and items of the record ``process_batch`` wrote (validated when it was built)."""
    if result.status != "ok":
        return {}
    record = json.loads(Path(result.record).read_text(encoding="utf-8"))
    counts = {key: len(record[key]) for key in ("entities", "quotes", "citations", "figures")}
    counts["mentions"] = sum(len(entity["mentions"]) for entity in record["entities"])
    return {"chars": len(record["text"]), **counts}


def longdoc(path: str, out: str, overrides: str) -> None:
    """Peak RSS and seconds of ``process_batch`` on one long document (model loaded first)."""
    from pipeline.nlp.build import cached_nlp
    from pipeline.run.batch import process_batch

    settings = settings_for().with_overrides(**json.loads(overrides))
    cached_nlp(settings)
    before = rss_mb()
    clock = time.perf_counter()
    [result] = process_batch([Path(path)], src_root=Path(path).parent, out_root=Path(out), settings=settings)
    seconds = time.perf_counter() - clock
    peak = peak_mb()  # before the record is read back
    emit({"seconds": round(seconds, 3), "status": result.status, "reason": result.reason, "before_mb": before,
          "bytes": Path(path).stat().st_size, **peak, **_record_counts(result)})


def textspeed(paths_file: str, rounds: int, folder: str) -> None:
    """CPU seconds of (a) the bare model's ``nlp.pipe``, (b) qalam's whole pipeline (``annotate``:
    chunks, components), (c) ``process_batch`` from .txt files to records and (d) qalam's
    pipeline with the model's own spaCy AttributeRuler, on the same cleaned texts, interleaved
    over ``rounds`` rounds."""
    import spacy

    from pipeline.ingest import load_document
    from pipeline.nlp.build import annotate, build_nlp, cached_nlp
    from pipeline.run.batch import process_batch

    settings = settings_for()
    options = dict(batch_size=settings.pipeline.batch_size, chunk_chars=settings.pipeline.chunk_chars)
    bare = spacy.load(settings.pipeline.model, disable=list(settings.pipeline.disable))
    nlp = cached_nlp(settings)
    spacy_rules = _with_spacy_attribute_ruler(build_nlp(settings))
    loaded = [load_document(Path(p), settings=settings.ingest) for p in json.loads(Path(paths_file).read_text())]
    texts = [doc.text for doc in loaded]
    src = Path(folder) / "texts"
    src.mkdir(parents=True, exist_ok=True)
    files = []
    for number, text in enumerate(texts):
        files.append(src / f"text-{number:04d}.txt")
        files[-1].write_text(text, encoding="utf-8")
    modes = {
        "bare": lambda: sum(1 for _ in bare.pipe(texts, batch_size=options["batch_size"])),
        "pipeline": lambda: sum(1 for _ in annotate(nlp, loaded, **options)),
        "files": lambda: len(process_batch(files, src_root=src, out_root=Path(folder) / "records", settings=settings)),
        "spacy_rules": lambda: sum(1 for _ in annotate(spacy_rules, loaded, **options)),
    }
    for run in modes.values():  # warm up
        run()
    seconds = {mode: [] for mode in modes}  # CPU seconds of this process: other work does not count
    for number in range(rounds):
        order = list(modes)[number % len(modes):] + list(modes)[:number % len(modes)]
        for mode in order:
            clock = time.process_time()
            modes[mode]()
            seconds[mode].append(round(time.process_time() - clock, 3))
    emit({"docs": len(texts), "words": sum(len(t.split()) for t in texts), "seconds": seconds, **peak_mb()})


def _with_spacy_attribute_ruler(nlp):
    """qalam's pipeline with the model's attribute rules matched by spaCy's own AttributeRuler
    (qalam indexes them: pipeline.nlp.attribute_ruler), as the bare model runs them."""
    from pipeline.nlp.attribute_ruler import ATTRIBUTE_RULER

    patterns = nlp.get_pipe(ATTRIBUTE_RULER).patterns
    nlp.replace_pipe(ATTRIBUTE_RULER, ATTRIBUTE_RULER).add_patterns(patterns)
    return nlp


def main(argv: list[str]) -> None:
    from pipeline.run.prefect_env import configure_prefect

    configure_prefect()  # before any mode imports Prefect, as the qalam command does
    mode, args = argv[0], argv[1:]
    if mode == "serve-bare":
        serve_bare()
    elif mode == "serve-flow":
        serve_flow(int(args[0]), args[1])
    elif mode == "startup":
        startup(args[0], args[1])
    elif mode == "stages":
        stages(args[0], int(args[1]))
    elif mode == "pdf":
        pdf(int(args[0]), args[1:])
    elif mode == "pdfmem":
        pdfmem(args[0])
    elif mode == "memory":
        memory(args[0], args[1], args[2])
    elif mode == "scaling":
        scaling(args[0], [int(f) for f in args[1].split(",")])
    elif mode == "longdoc":
        longdoc(args[0], args[1], args[2])
    elif mode == "textspeed":
        textspeed(args[0], int(args[1]), args[2])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
