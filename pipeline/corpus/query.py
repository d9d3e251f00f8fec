"""Read what qalam extracted: load records, find a document's record, query, index, export.

Plain functions over validated ``Record`` objects: no printing, no exit codes (the CLI in
``pipeline.cli`` decides those). An invalid record, or one in a schema version this qalam does
not read, never raises out of a folder load: it is collected as an ``InvalidRecord`` with its
path and the reason.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import ValidationError

from pipeline.corpus.parquet import parquet_bytes
from pipeline.nlp.components.entities.names import entity_id, fold
from pipeline.records import Entity, Figure, Record
from pipeline.run.store import (
    MANIFEST_NAME,
    RECORD_SUFFIX,
    IncompatibleRecord,
    check_schema_version,
    dump_json,
    is_record_file,
    iter_record_files,
    record_path,
)

WHAT_CHOICES = ("documents", "entities", "quotes", "figures", "turns")
LIST_SEPARATOR = "; "
MAX_REASONS = 3


class InspectError(Exception):
    """A path or option that cannot be used; the message says what to do instead."""


class InvalidRecord(InspectError):
    """A record file that is not a valid record."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"invalid record {path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Loaded:
    """A record and the file it was read from."""

    path: Path
    record: Record


@dataclass
class Corpus:
    """Every valid record under a folder, the invalid ones with reasons, and the run manifest."""

    root: Path
    records: list[Loaded] = field(default_factory=list)
    errors: list[InvalidRecord] = field(default_factory=list)
    manifest: dict | None = None


# -- loading -----------------------------------------------------------------------------------


def validation_reason(exc: Exception) -> str:
    """A one-line reason: the first few pydantic errors with their location, no traceback."""
    if not isinstance(exc, ValidationError):
        return str(exc)
    parts = []
    for error in exc.errors()[:MAX_REASONS]:
        where = ".".join(str(part) for part in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else error["msg"])
    extra = exc.error_count() - MAX_REASONS
    return "; ".join(parts) + (f" (and {extra} more)" if extra > 0 else "")


def load_record(path: Path) -> Record:
    """Read one record file, check its schema version and validate it; ``InvalidRecord`` says why not."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise InvalidRecord(path, f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise InvalidRecord(path, f"not valid JSON: {exc}") from None
    try:
        check_schema_version(data.get("schema_version") if isinstance(data, dict) else None)
        return Record.model_validate(data)
    except IncompatibleRecord as exc:
        raise InvalidRecord(path, str(exc)) from None
    except ValidationError as exc:
        raise InvalidRecord(path, validation_reason(exc)) from None


def load_manifest(folder: Path) -> dict | None:
    """The run manifest in ``folder``, or None when there is none or it is unreadable."""
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load_corpus(path: Path) -> Corpus:
    """Every record under ``path`` (a folder of records, or one record file)."""
    if not path.exists():
        raise InspectError(f"no such file or folder: {path}")
    if path.is_file():
        if not _is_record_name(path):
            raise InspectError(f"{path} is not a record file (records are .json files written by `qalam run`)")
        files, root = [path], path.parent
    else:
        files, root = list(iter_record_files(path)), path
    if not files:
        raise InspectError(f"no records under {path} (run `qalam run SRC --out {path}` first)")
    corpus = Corpus(root=root, manifest=load_manifest(root))
    for file in files:
        try:
            corpus.records.append(Loaded(file, load_record(file)))
        except InvalidRecord as exc:
            corpus.errors.append(exc)
    return corpus


def _is_record_name(path: Path) -> bool:
    return path.suffix == RECORD_SUFFIX and is_record_file(path)


# -- finding a document's record ---------------------------------------------------------------


def resolve_record(path: Path, *, records_dir: Path) -> Path:
    """The record file for ``path``: the path itself if it is a record, else the record of that source.

    A source document is found through the run manifest, then the mirrored path, then the
    records' ``source.sha256`` / ``source.path``, so it works after files were moved.
    """
    if not path.exists():
        raise InspectError(f"no such file: {path}")
    if path.is_dir():
        raise InspectError(f"{path} is a folder: `show` takes one record or document (use `query` for folders)")
    if path.name == MANIFEST_NAME:
        raise InspectError(f"{path} is the run manifest, not a record")
    if path.suffix == RECORD_SUFFIX and _looks_like_record(path):
        return path
    if not records_dir.is_dir():
        raise InspectError(f"{path} is not a record and the records folder {records_dir} does not exist "
                           f"(pass --records DIR)")
    found = _from_manifest(path, records_dir) or _by_content(path, records_dir)
    if found is None:
        raise InspectError(f"no record for {path} under {records_dir} (looked in the manifest, the mirrored "
                           f"path and every record's source); run `qalam run` or pass --records DIR")
    return found


def _looks_like_record(path: Path) -> bool:
    """A .json file is taken as a record when it has the record's top-level keys."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True  # let load_record report why it cannot be read
    return isinstance(data, dict) and {"source", "text"} <= data.keys()


def _from_manifest(source: Path, records_dir: Path) -> Path | None:
    manifest = load_manifest(records_dir)
    if not manifest or not manifest.get("source"):
        return None
    src_root = Path(manifest["source"])
    target = source.resolve()
    for doc in manifest.get("documents", []):
        where = src_root if src_root.is_file() else src_root / doc.get("path", "")
        if where.resolve() == target and doc.get("record") and Path(doc["record"]).is_file():
            return Path(doc["record"])
    if src_root.is_dir() and target.is_relative_to(src_root.resolve()):
        # the naming rule: the name without its extension, or the whole name when files shared it
        mirrored = (record_path(target, src_root.resolve(), records_dir, whole_name=whole) for whole in (False, True))
        return next((path for path in mirrored if path.is_file()), None)
    return None


def _by_content(source: Path, records_dir: Path) -> Path | None:
    """A record whose source hash matches the file, else one whose source path ends the given path."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    by_path = None
    given = source.resolve().as_posix()
    for file in iter_record_files(records_dir):
        try:
            info = json.loads(file.read_text(encoding="utf-8")).get("source") or {}
        except (OSError, ValueError, AttributeError):
            continue
        if info.get("sha256") == digest:
            return file
        recorded = str(info.get("path") or "")
        if by_path is None and recorded and (given == recorded or given.endswith("/" + recorded)):
            by_path = file
    return by_path


# -- names ------------------------------------------------------------------------------------


def name_matches(query: str, names: Iterable[str]) -> bool:
    """Whether the folded query is one of the names, or a run of whole words inside one."""
    wanted = fold(query)
    if not wanted:
        return False
    return any(f" {wanted} " in f" {fold(name)} " for name in names)


def words_match(words: str, *texts: str | None) -> bool:
    """Every folded word of ``words`` appears in the folded texts."""
    haystack = " " + " ".join(fold(t) for t in texts if t) + " "
    return all(f" {word} " in haystack for word in fold(words).split())


def figure_value(figure: Figure) -> str:
    """The normalized value as a reader wants it: 'USD 1,500,000', 'about 40%', '10–12 pp'."""
    value = number(figure.value)
    if figure.value_max is not None:
        value += f"–{number(figure.value_max)}"
    if figure.kind == "percent":
        value += " pp" if figure.unit == "pp" else "%"
    elif figure.kind == "money":
        value = f"{figure.unit or '?'} {value}"
    elif figure.unit:
        value += f" {figure.unit}"
    return f"{figure.qualifier} {value}" if figure.qualifier else value


def number(value: float) -> str:
    """1200000.0 → '1,200,000', 0.125 → '0.125'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4f}".rstrip("0").rstrip(".")


# -- corpus entity index ------------------------------------------------------------------------


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _entity_keys(entity: Entity) -> set[tuple[str, str]]:
    keys = {("id", entity.id)}
    for name in (entity.text, *entity.aliases):
        if fold(name):
            keys.add((entity.label, fold(name)))
    return keys


def entity_groups(records: list[Loaded]) -> list[list[tuple[Loaded, Entity]]]:
    """Entity occurrences grouped across documents: same id, or same label and folded name/alias."""
    occurrences = [(loaded, entity) for loaded in records for entity in loaded.record.entities]
    sets = _UnionFind()
    owner: dict[tuple[str, str], int] = {}
    for index, (_, entity) in enumerate(occurrences):
        sets.find(index)
        for key in _entity_keys(entity):
            if key in owner:
                sets.union(index, owner[key])
            else:
                owner[key] = index
    groups: dict[int, list[tuple[Loaded, Entity]]] = {}
    for index, occurrence in enumerate(occurrences):
        groups.setdefault(sets.find(index), []).append(occurrence)
    return list(groups.values())


def _canonical(group: list[tuple[Loaded, Entity]]) -> tuple[str, str]:
    """The group's label and name: the folded name most documents use (then most mentions), written
    the way most documents write it (then the shortest way, so 'Red Cross' beats 'the Red Cross')."""
    tally: dict[tuple[str, str], list[int]] = {}
    spellings: dict[tuple[str, str], dict[str, int]] = {}
    for _, entity in group:
        key = (entity.label, fold(entity.text))
        score = tally.setdefault(key, [0, 0])
        score[0] += 1
        score[1] += entity.count
        forms = spellings.setdefault(key, {})
        forms[entity.text] = forms.get(entity.text, 0) + 1
    key = max(tally, key=lambda k: (tally[k][0], tally[k][1], len(k[1])))
    forms = spellings[key]
    return key[0], min(forms, key=lambda form: (-forms[form], len(form), form))


def entity_index(records: list[Loaded]) -> list[dict]:
    """One row per corpus entity: id, name, label, documents, mentions, aliases, document ids."""
    rows = []
    for group in entity_groups(records):
        label, name = _canonical(group)
        aliases: dict[str, str] = {}
        for _, entity in group:
            for alias in (entity.text, *entity.aliases):
                if fold(alias) != fold(name):
                    aliases.setdefault(fold(alias), alias)
        doc_ids = list(dict.fromkeys(loaded.record.id for loaded, _ in group))
        rows.append({
            "id": entity_id(label, name),
            "name": name,
            "label": label,
            "documents": len(doc_ids),
            "mentions": sum(e.count for _, e in group),
            "aliases": sorted(aliases.values(), key=str.casefold),
            "document_ids": doc_ids,
        })
    rows.sort(key=lambda row: (-row["documents"], -row["mentions"], row["name"].casefold()))
    return rows


def corpus_ids(records: list[Loaded]) -> dict[tuple[str, str], str]:
    """(document id, entity id in that record) → corpus entity id, to join the tables."""
    mapping = {}
    for group in entity_groups(records):
        corpus_id = entity_id(*_canonical(group))
        for loaded, entity in group:
            mapping[(loaded.record.id, entity.id)] = corpus_id
    return mapping


# -- flat tables -------------------------------------------------------------------------------

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "source_path", "media_type", "kind", "title", "authors", "published", "language",
                  "language_probability", "chars", "paragraphs", "entities", "quotes", "figures", "turns",
                  "citations", "warnings", "record_path"),
    "entities": ("doc_id", "source_path", "entity_id", "corpus_id", "name", "label", "count", "aliases",
                 "source", "first_start"),
    "quotes": ("doc_id", "source_path", "index", "text", "speaker", "speaker_entity", "cue", "type",
               "confidence", "start", "end"),
    "figures": ("doc_id", "source_path", "index", "text", "kind", "value", "value_max", "unit", "qualifier",
                "of", "subject", "year", "equivalent_of", "start", "end"),
    "turns": ("doc_id", "source_path", "index", "interviewer", "interviewee", "speaker", "question", "answer",
              "question_start", "question_end", "answer_start", "answer_end"),
}


def _document_row(loaded: Loaded) -> dict:
    r = loaded.record
    return {
        "doc_id": r.id, "source_path": r.source.path, "media_type": r.source.media_type, "kind": r.kind,
        "title": r.title, "authors": r.authors, "published": r.published, "language": r.language.code,
        "language_probability": r.language.probability, "chars": len(r.text), "paragraphs": len(r.paragraphs),
        "entities": len(r.entities), "quotes": len(r.quotes), "figures": len(r.figures),
        "turns": len(r.interview.turns) if r.interview else 0, "citations": len(r.citations),
        "warnings": r.warnings, "record_path": str(loaded.path),
    }


def _entity_rows(loaded: Loaded, ids: dict[tuple[str, str], str]) -> Iterator[dict]:
    r = loaded.record
    for e in r.entities:
        yield {"doc_id": r.id, "source_path": r.source.path, "entity_id": e.id, "corpus_id": ids.get((r.id, e.id)),
               "name": e.text, "label": e.label, "count": e.count, "aliases": e.aliases, "source": e.source,
               "first_start": min((m.start for m in e.mentions), default=None)}


def _quote_rows(loaded: Loaded) -> Iterator[dict]:
    r = loaded.record
    for i, q in enumerate(r.quotes):
        yield {"doc_id": r.id, "source_path": r.source.path, "index": i, **q.model_dump(
            include={"text", "speaker", "speaker_entity", "cue", "type", "confidence", "start", "end"})}


def _figure_rows(loaded: Loaded) -> Iterator[dict]:
    r = loaded.record
    for i, f in enumerate(r.figures):
        yield {"doc_id": r.id, "source_path": r.source.path, "index": i, **f.model_dump()}


def _turn_rows(loaded: Loaded) -> Iterator[dict]:
    r = loaded.record
    if not r.interview:
        return
    for i, t in enumerate(r.interview.turns):
        yield {"doc_id": r.id, "source_path": r.source.path, "index": i, "interviewer": r.interview.interviewer,
               "interviewee": r.interview.interviewee, **t.model_dump()}


def table_rows(records: list[Loaded], table: str) -> list[dict]:
    """The flat rows of one table, every row keyed by the table's ``COLUMNS`` in order."""
    if table not in COLUMNS:
        raise InspectError(f"unknown table {table!r}: choose one of {', '.join(COLUMNS)}")
    ids = corpus_ids(records) if table == "entities" else {}
    makers = {"documents": lambda l: [_document_row(l)], "entities": lambda l: _entity_rows(l, ids),
              "quotes": _quote_rows, "figures": _figure_rows, "turns": _turn_rows}
    return [{c: row.get(c) for c in COLUMNS[table]} for loaded in records for row in makers[table](loaded)]


# -- query -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """What to list and how to filter it; see ``qalam query --help`` for the meaning of each."""

    what: str | None = None
    entity: str | None = None
    label: str | None = None
    speaker: str | None = None
    figure: str | None = None
    kind: str | None = None
    language: str | None = None
    text: str | None = None

    def target(self) -> str:
        """The row type: as asked, else quotes for --speaker, figures for --figure, else documents."""
        if self.what:
            return self.what
        if self.speaker:
            return "quotes"
        return "figures" if self.figure else "documents"


def _document_selected(record: Record, q: Query) -> bool:
    if q.kind and record.kind != q.kind:
        return False
    if q.language and record.language.code.casefold() != q.language.casefold():
        return False
    entities = [e for e in record.entities if not q.label or e.label == q.label]
    if q.entity:
        return any(name_matches(q.entity, [e.text, *e.aliases]) for e in entities)
    return not q.label or bool(entities)


def _row_selected(row: dict, target: str, record: Record, q: Query) -> bool:
    if target == "documents":
        return not q.text or words_match(q.text, record.title, record.text)
    if target == "entities":
        if q.label and row["label"] != q.label:
            return False
        if q.entity and not name_matches(q.entity, [row["name"], *row["aliases"]]):
            return False
        return not q.text or words_match(q.text, row["name"], *row["aliases"])
    if target == "quotes":
        if q.speaker and not (row["speaker"] and name_matches(q.speaker, [row["speaker"]])):
            return False
        return not q.text or words_match(q.text, row["text"])
    if target == "figures":
        if q.figure and row["kind"] != q.figure:
            return False
        return not q.text or words_match(q.text, row["text"], row["of"], row["subject"])
    if q.speaker and not (row["speaker"] and name_matches(q.speaker, [row["speaker"]])):
        return False
    return not q.text or words_match(q.text, row["question"], row["answer"])


def run_query(records: list[Loaded], query: Query) -> list[dict]:
    """Rows of the target table from the documents the document filters keep, filtered per row."""
    target = query.target()
    if target not in WHAT_CHOICES:
        raise InspectError(f"unknown --what {target!r}: choose one of {', '.join(WHAT_CHOICES)}")
    if query.figure and target != "figures":
        raise InspectError("--figure filters figures: drop --what or use --what figures")
    if query.speaker and target not in ("quotes", "turns"):
        raise InspectError("--speaker filters quotes or interview turns: use --what quotes or --what turns")
    rows = []
    for loaded in records:
        if not _document_selected(loaded.record, query):
            continue
        rows.extend(row for row in table_rows([loaded], target) if _row_selected(row, target, loaded.record, query))
    return rows


# -- output ------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else value


def format_rows(rows: list[dict], fmt: str, *, columns: tuple[str, ...]) -> str:
    """Rows as json (one array), jsonl (one object a line) or csv (header always present)."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
        return buffer.getvalue()
    raise InspectError(f"unknown format {fmt!r}")


def export_table(records: list[Loaded], *, table: str, fmt: str) -> str | bytes:
    """One flat table of the corpus, serialized: text for jsonl and csv, bytes for parquet
    (``MissingExtra`` says how to install pyarrow when it is missing)."""
    rows = table_rows(records, table)
    if fmt == "parquet":
        return parquet_bytes(rows, columns=COLUMNS[table])
    return format_rows(rows, fmt, columns=COLUMNS[table])


def record_json(record: Record) -> str:
    """The record exactly as ``qalam run`` writes it."""
    return dump_json(record.model_dump(mode="json"))
