"""The inspection commands: show, query, entities, export, report.

Thin: parse options, call one function of ``pipeline.corpus.query`` or
``pipeline.corpus.report``, print; errors become messages and exit codes through
``pipeline.cli.output``.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Iterable, Optional

import typer
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pipeline.cli.output import INSPECT_EXIT_CODES, ExitCode, display, emit, err, exit_codes, fail, note
from pipeline.corpus import query as insp
from pipeline.corpus.parquet import MissingExtra
from pipeline.records import EntityLabel, FigureKind, Kind, kind_scores
from pipeline.run.store import write_bytes_atomic

ANSWER_PREVIEW = 300
# Columns shown by --format table; the machine formats carry every column.
TABLE_COLUMNS = {
    "documents": ("title", "kind", "language", "entities", "quotes", "figures", "source_path"),
    "entities": ("name", "label", "count", "aliases", "source_path"),
    "quotes": ("speaker", "text", "type", "source_path"),
    "figures": ("text", "kind", "value", "unit", "of", "source_path"),
    "turns": ("index", "speaker", "question", "source_path"),
}
INDEX_COLUMNS = ("id", "name", "label", "documents", "mentions", "aliases")


class What(str, Enum):
    documents = "documents"
    entities = "entities"
    quotes = "quotes"
    figures = "figures"
    turns = "turns"


class RowFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def _load(path: Path) -> insp.Corpus:
    try:
        corpus = insp.load_corpus(path)
    except insp.InspectError as exc:
        fail(exc, ExitCode.USAGE)
    for error in corpus.errors:
        note("skipped", error)
    return corpus


def _exit(corpus: insp.Corpus) -> None:
    raise typer.Exit(ExitCode.FAILURES if corpus.errors else ExitCode.OK)


def _value(value) -> str:
    if isinstance(value, list):
        return insp.LIST_SEPARATOR.join(map(str, value))
    if isinstance(value, float):
        return insp.number(value)
    return "" if value is None else str(value)


def _table(rows: list[dict], columns: Iterable[str], *, title: str | None = None) -> Table:
    columns = tuple(columns)
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(_value(row.get(c))) for c in columns))
    return table


def _print_rows(rows: list[dict], fmt: RowFormat, *, columns: tuple[str, ...], shown: tuple[str, ...],
                title: str) -> None:
    if fmt is RowFormat.table:
        display(_table(rows, shown, title=f"{len(rows)} {title}"))
    else:
        emit(insp.format_rows(rows, fmt.value, columns=columns))


# -- show --------------------------------------------------------------------------------------


def _header(record) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    source = record.source
    for name, value in (
        ("title", record.title or "(no title)"), ("kind", record.kind),
        ("language", f"{record.language.code} ({record.language.probability:.2f})"),
        ("source", f"{source.path} ({source.media_type}, {source.size} bytes)"),
        ("authors", ", ".join(record.authors)), ("published", record.published), ("id", record.id),
    ):
        if value:
            grid.add_row(name, Text(str(value)))
    return grid


def _kind_reasons(record) -> list[RenderableType]:
    """Why the kind was chosen: each kind's score, then the evidence with its weight."""
    if not record.kind_reasons:
        return []
    scores = " · ".join(f"{kind} {score:g}" for kind, score in kind_scores(record.kind_reasons).items())
    rows = [dict(r.model_dump(), weight=f"{r.weight:+g}") for r in record.kind_reasons]
    return [_table(rows, ("kind", "feature", "value", "weight", "evidence"), title=f"why {record.kind}: {scores}")]


def _entities_by_label(record) -> RenderableType:
    lines = Text()
    for label in ("ORG", "PERSON", "PLACE"):
        found = sorted((e for e in record.entities if e.label == label), key=lambda e: (-e.count, e.text))
        if found:
            lines.append(f"{label} ({len(found)}): ", style="bold")
            lines.append(", ".join(f"{e.text} ×{e.count}" for e in found) + "\n")
    return lines or Text("no entities\n")


def _quote_tables(quotes) -> list[RenderableType]:
    """Quotations, then reported speech (indirect quotes) in a table of its own."""
    tables = []
    for kinds, title in ((("direct", "block"), "quotes"), (("indirect",), "reported speech (indirect quotes)")):
        rows = [dict(speaker=q.speaker or "?", quote=q.text, type=q.type, cue=q.cue) for q in quotes if q.type in kinds]
        if rows:
            tables.append(_table(rows, ("speaker", "quote", "type", "cue"), title=f"{title} ({len(rows)})"))
    return tables


def _show_sections(record) -> list[RenderableType]:
    sections: list[RenderableType] = [_header(record), *_kind_reasons(record),
                                      Text("\nEntities", style="bold underline"), _entities_by_label(record)]
    sections.extend(_quote_tables(record.quotes))
    if record.figures:
        figures = [dict(f.model_dump(), value=insp.figure_value(f)) for f in record.figures]
        sections.append(_table(figures, ("text", "kind", "value", "of", "subject", "year"),
                               title=f"figures ({len(figures)})"))
    if record.interview and record.interview.turns:
        sections.append(_turns(record.interview))
    if record.warnings:
        sections.append(Text("\nWarnings", style="bold underline"))
        sections.extend(Text(f"- {w}", style="yellow") for w in record.warnings)
    return sections


def _turns(interview) -> Text:
    text = Text(f"\nInterview: {interview.interviewer or '?'} asks, {interview.interviewee or '?'} answers\n",
                style="bold underline")
    for number, turn in enumerate(interview.turns, 1):
        answer = turn.answer if len(turn.answer) <= ANSWER_PREVIEW else turn.answer[:ANSWER_PREVIEW] + "…"
        text.append(f"Q{number}. ", style="bold cyan")
        text.append(turn.question + "\n", style="cyan")
        text.append(f"A{number}. ", style="bold")
        text.append(f"{turn.speaker + ': ' if turn.speaker else ''}{answer}\n", style="default")
    return text


def show(
    path: Path = typer.Argument(..., metavar="FILE", help="A record (.json), or a source document whose record exists."),
    records: Path = typer.Option(Path("extracted"), "--records", "-r", metavar="DIR",
                                 help="Records folder used to find a source document's record."),
    as_json: bool = typer.Option(False, "--json", help="Print the record itself (JSON)."),
) -> None:
    """Show one document's record: metadata, entities, quotes, figures, interview turns, warnings."""
    try:
        record = insp.load_record(insp.resolve_record(path, records_dir=records))
    except insp.InvalidRecord as exc:
        fail(exc, ExitCode.FAILURES)
    except insp.InspectError as exc:
        fail(exc, ExitCode.USAGE)
    if as_json:
        emit(insp.record_json(record))
    else:
        display(Group(*_show_sections(record)))


# -- query / entities / export / report ---------------------------------------------------------


def query(
    folder: Path = typer.Argument(..., metavar="DIR", help="Folder of records (or one record)."),
    what: Optional[What] = typer.Option(None, "--what", help="What to list (default: see above)."),
    entity: Optional[str] = typer.Option(None, "--entity", "-e", metavar="NAME",
                                         help="Documents mentioning this entity."),
    label: Optional[EntityLabel] = typer.Option(None, "--label", "-l", help="Entity label for --entity / entity rows."),
    speaker: Optional[str] = typer.Option(None, "--speaker", "-s", metavar="NAME",
                                          help="Quotes (or turns) by this speaker."),
    figure: Optional[FigureKind] = typer.Option(None, "--figure", "--figures", "-f", help="Figures of this kind."),
    kind: Optional[Kind] = typer.Option(None, "--kind", "-k", help="Documents of this kind."),
    language: Optional[str] = typer.Option(None, "--language", metavar="CODE",
                                           help="Documents in this language (ISO 639-1)."),
    text: Optional[str] = typer.Option(None, "--text", "-t", metavar="WORDS",
                                       help="Rows whose own text has all these words."),
    fmt: RowFormat = typer.Option(RowFormat.table, "--format", help="Output format."),
) -> None:
    """Search across records and list documents, entities, quotes, figures or interview turns.

    Document filters keep whole documents: --kind, --language and --entity (the document mentions
    an entity whose name or alias contains NAME as whole words, case and accents ignored; --label
    narrows it to ORG, PERSON or PLACE, and alone keeps documents with any such entity). Row
    filters then keep rows of the listed type: --speaker (quotes or turns), --figure KIND
    (figures), --label (entities), --text WORDS (every word in the row's own text: the document,
    the quote, the figure and what it counts, the entity's names, the question and answer).

    What is listed: --what, else quotes when --speaker is given, figures when --figure is given,
    else documents.

    Examples:

    \b
      documents that mention an organization:
        qalam query extracted --entity "Red Cross" --label ORG
      every quote by a person:
        qalam query extracted --speaker "Ada Lovelace"
      all money figures, for a spreadsheet:
        qalam query extracted --figure money --format csv
      interview questions about funding:
        qalam query extracted --what turns --text funding
    """
    corpus = _load(folder)
    spec = insp.Query(what=what and what.value, entity=entity, label=label, speaker=speaker, figure=figure,
                      kind=kind, language=language, text=text)
    try:
        rows = insp.run_query(corpus.records, spec)
    except insp.InspectError as exc:
        fail(exc, ExitCode.USAGE)
    target = spec.target()
    _print_rows(rows, fmt, columns=insp.COLUMNS[target], shown=TABLE_COLUMNS[target], title=target)
    _exit(corpus)


def entities(
    folder: Path = typer.Argument(..., metavar="DIR", help="Folder of records (or one record)."),
    label: Optional[EntityLabel] = typer.Option(None, "--label", "-l", help="Only entities with this label."),
    fmt: RowFormat = typer.Option(RowFormat.table, "--format", help="Output format."),
) -> None:
    """The corpus-wide entity index: one row per entity across documents, with counts and aliases.

    The same entity in different documents is one row: rows share an id (a slug of label and
    canonical name) or a label and a name or alias that match once case, accents, punctuation and
    a leading 'the' are ignored.
    """
    corpus = _load(folder)
    rows = [row for row in insp.entity_index(corpus.records) if not label or row["label"] == label]
    columns = (*INDEX_COLUMNS, "document_ids")
    _print_rows(rows, fmt, columns=columns, shown=INDEX_COLUMNS, title="entities")
    _exit(corpus)


def export(
    folder: Path = typer.Argument(..., metavar="DIR", help="Folder of records (or one record)."),
    table: What = typer.Option(What.documents, "--table", help="Which table to export."),
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format",
                                     help="jsonl, csv, or parquet (with the qalam[parquet] extra; needs --out)."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE",
                                            help="Write here (atomically) instead of stdout."),
) -> None:
    """Export one flat table with document ids, ready for pandas or a spreadsheet.

    Tables: documents (one row per record), entities (per document, with the corpus id of
    `qalam entities`), quotes, figures, turns. Lists are JSON arrays in jsonl, '; '-joined in csv
    and lists in parquet.
    """
    if out_file is not None and out_file.is_dir():
        fail(f"--out {out_file} is a folder; give a file name", ExitCode.USAGE)
    if fmt is ExportFormat.parquet and out_file is None:
        fail("--format parquet writes a binary file: give --out FILE", ExitCode.USAGE)
    corpus = _load(folder)
    with exit_codes({insp.InspectError: ExitCode.USAGE, MissingExtra: ExitCode.SETUP}):
        content = insp.export_table(corpus.records, table=table.value, fmt=fmt.value)
    if out_file is None:
        emit(content)
    else:
        try:
            write_bytes_atomic(out_file, content if isinstance(content, bytes) else content.encode("utf-8"))
        except OSError as exc:
            fail(f"cannot write {out_file}: {exc.strerror or exc}", ExitCode.USAGE)
        err.print(Text(f"wrote {out_file}"))
    _exit(corpus)


def report(
    folder: Path = typer.Argument(..., metavar="DIR", help="Folder of records (with its _manifest.json, if any)."),
    out_dir: Path = typer.Option(Path("site"), "--out", "-o", metavar="DIR",
                                 help="Folder for the static site (replaced)."),
) -> None:
    """Write a static HTML site: index of documents and entities, one page per document.

    Works offline from file:// (no CDN). Each page shows the cleaned text with entities, quotes
    (with speaker), figures (with normalized value) and interview turns marked, and a side list
    linking to each. The folder is replaced atomically; a folder that is not a qalam report is
    never overwritten.
    """
    from pipeline.corpus.report import ReportError, build_report

    corpus = _load(folder)
    try:
        index = build_report(corpus, out_dir=out_dir)
    except ReportError as exc:
        fail(exc, ExitCode.USAGE)
    except OSError as exc:
        fail(f"cannot write the report to {out_dir}: {exc.strerror or exc}", ExitCode.USAGE)
    err.print(Text(f"wrote {len(corpus.records)} document pages → {index}"))
    _exit(corpus)


def register(app: typer.Typer) -> None:
    """Add show, query, entities, export and report to the ``qalam`` app."""
    for command in (show, query, entities, export, report):
        app.command(epilog=INSPECT_EXIT_CODES)(command)
