"""The ``qalam evaluate`` command: score a records folder against gold, optionally as a gate.

Thin: parse options, call ``pipeline.corpus.evaluate.evaluate``, print a table or JSON;
unmet floors and wrong paths become exit codes through ``pipeline.cli.output``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli.output import EVALUATE_EXIT_CODES, ExitCode, emit, fail, note
from pipeline.corpus.evaluate import COUNTED_METRICS, FLOOR_METRICS, EvaluationInputError, evaluate, unmet_floors

DOC_WIDTH = 34
COLUMN_TITLES = {"entities": "ent F1", "quotes": "quo F1", "quotes+speaker": "q+spk", "figures": "fig F1"}
DETAIL_LISTS = {"entities": ("missed", "false_positives", "wrong_label"), "quotes": ("missed", "false_positives"),
                "quotes+speaker": ("wrong_speaker",), "figures": ("missed", "false_positives")}
SUMMARY_ACCURACIES = ("kind_acc", "is_interview_acc", "language_acc", "interview_acc")


def parse_floors(specs: list[str]) -> dict[str, float]:
    """``["entities.f1=0.8", ...]`` → ``{"entities.f1": 0.8}``; ValueError names a bad spec
    (an unknown metric with the list of valid ones: a typo must not pass for a failed gate)."""
    floors = {}
    for spec in specs:
        metric, _, value = (part.strip() for part in spec.partition("="))
        try:
            floor = float(value)
        except ValueError:
            floor = None
        if floor is None or not metric:
            raise ValueError(f"--min wants METRIC=NUMBER, e.g. entities.f1=0.8; got {spec!r}")
        if metric not in FLOOR_METRICS:
            raise ValueError(f"--min {spec}: unknown metric {metric!r}; valid metrics: {', '.join(FLOOR_METRICS)}")
        if not 0 <= floor <= 1:
            raise ValueError(f"--min {spec}: scores lie between 0 and 1")
        floors[metric] = floor
    return floors


def _f1(part: dict | None) -> str:
    return f"{part['f1']:7.2f}" if part else f"{'-':>7}"


def _check(flag: bool | None) -> str:
    return "-" if flag is None else ("ok" if flag else "--")


def _detail_lines(result: dict) -> list[str]:
    # Folded onto one line: a predicted name may span a paragraph break.
    lines = [f"    {metric} {what}: {' '.join(str(item).split())}"
             for metric, lists in DETAIL_LISTS.items()
             for what in lists
             for item in (result.get(metric) or {}).get(what, [])]
    if "interview" in result:
        lines.append(f"    interview: {result['interview']}")
    return lines


def format_table(evaluation: dict, *, details: bool = False) -> str:
    """One row per gold document and a micro-averaged total, like score.py prints."""
    header = f"{'document':{DOC_WIDTH}} " + " ".join(f"{COLUMN_TITLES[m]:>7}" for m in COUNTED_METRICS)
    lines = [header + "  kind lang"]
    for result in evaluation["documents"]:
        row = f"{result['doc'][:DOC_WIDTH]:{DOC_WIDTH}} " + " ".join(_f1(result.get(m)) for m in COUNTED_METRICS)
        row += f"  {_check(result.get('kind_ok')):4} {_check(result.get('language_ok'))}"
        lines.append(row + ("" if result["found"] else "   (no record)"))
        if details:
            lines.extend(_detail_lines(result))
    summary = evaluation["summary"]
    accuracies = " ".join(f"{name.removesuffix('_acc')} {summary[name]:.2f}"
                          for name in SUMMARY_ACCURACIES if summary.get(name) is not None)
    lines.append(f"{'ALL (micro)':{DOC_WIDTH}} " + " ".join(_f1(summary[m]) for m in COUNTED_METRICS)
                 + f"  {accuracies} found {summary['found']}")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``qalam evaluate`` to the application."""
    app.command("evaluate", epilog=EVALUATE_EXIT_CODES)(evaluate_command)


def evaluate_command(
    gold_dir: Path = typer.Argument(..., metavar="GOLD_DIR", help="Folder of gold annotations (one JSON per document)."),
    records_dir: Path = typer.Argument(..., metavar="RECORDS_DIR",
                                       help="Folder of extracted records (searched recursively)."),
    details: bool = typer.Option(False, "--details", help="List misses, false positives and wrong speakers."),
    as_json: bool = typer.Option(False, "--json", help="Print every check and the summary as JSON."),
    floors: Optional[List[str]] = typer.Option(
        None, "--min", metavar="METRIC=VALUE",
        help="Fail (exit 1) unless METRIC reaches VALUE (0 to 1), e.g. entities.f1=0.8. METRIC: entities, "
             "quotes, quotes+speaker or figures with .p, .r or .f1; kind_acc, is_interview_acc, language_acc, "
             "interview_acc. Repeatable."),
) -> None:
    """Score the records under RECORDS_DIR against the gold under GOLD_DIR, as ../shared/eval/score.py does.

    Entities, quotes, quotes with speaker and figures get precision, recall and F1 (micro
    totals over documents); kind, language and interview structure get accuracies.
    """
    try:
        wanted = parse_floors(floors or [])
        evaluation = evaluate(gold_dir, records_dir)
    except (ValueError, EvaluationInputError) as exc:
        fail(exc, ExitCode.USAGE)
    if as_json:
        emit(json.dumps(evaluation, indent=1, ensure_ascii=False) + "\n")
    else:
        emit(format_table(evaluation, details=details) + "\n")
    unmet = unmet_floors(evaluation["summary"], wanted)
    if unmet:
        note("below the floor", "; ".join(unmet), style="red")
        raise typer.Exit(ExitCode.FAILURES)
