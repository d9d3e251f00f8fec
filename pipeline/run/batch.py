"""The main job as plain functions: find files, turn batches of them into records, sum up.

Prefect flows (``pipeline.flows``) are thin wrappers over these, so everything here runs
and is tested without Prefect.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from spacy.language import Language

from pipeline import __version__
from pipeline.nlp.extract import (
    citations_from_doc,
    entities_from_doc,
    figures_from_doc,
    interview_from_doc,
    kind_reasons_from_doc,
    quotes_from_doc,
)
from pipeline.ingest import LoadedDocument, load_document
from pipeline.ingest.errors import IngestError
from pipeline.ingest.contacts import Contact, find_contacts, redact
from pipeline.ingest.language import LanguageGuess, detect_language
from pipeline.nlp.build import PIPELINE_LANGUAGES, RUSSIAN, annotate, cached_nlp, model_version
from pipeline.nlp.fingerprint import rules_fingerprint
from pipeline.nlp.ru.pipeline import packages_version
from pipeline.records import ContactItem, LanguageInfo, Paragraph, PipelineInfo, Record, Source
from pipeline.settings import Settings
from pipeline.run.store import record_path, write_record


@dataclass
class DocResult:
    """What happened to one source file; plain values only (it crosses task boundaries)."""

    path: str
    status: str  # "ok" | "failed"
    change: str | None = None  # "new" | "changed" | "unchanged", set by the planner
    record: str | None = None
    reason: str | None = None
    seconds: float = 0.0
    kind: str | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Pending:
    """A document that was ingested and waits for the spaCy pipeline."""

    path: Path
    loaded: LoadedDocument
    language: LanguageGuess
    contacts: list[Contact]
    started: float


def pipeline_info(settings: Settings) -> PipelineInfo:
    """qalam version, model, rules fingerprint and redaction: what decides whether a record is current.

    ``model`` names the configured (English) model; the Russian pipeline's packages are hashed
    into the rules fingerprint with the rest, so one fingerprint stands for the whole run."""
    model = f"{settings.pipeline.model}=={model_version(settings.pipeline.model)}"
    rules = rules_fingerprint(settings, model=f"{model} {RUSSIAN}: {packages_version()}")
    return PipelineInfo(version=__version__, model=model, rules=rules, redacted=settings.privacy.redact)


def process_batch(paths: Iterable[Path], *, src_root: Path, out_root: Path, settings: Settings,
                  info: PipelineInfo | None = None, records: Mapping[Path, Path] | None = None) -> list[DocResult]:
    """Ingest, annotate, validate and write one batch; a broken document never stops it.

    ``info`` is the run's pipeline fingerprint (computed once per run by the flow); ``records``
    the record file of each source (the planner's names; by default the mirrored path)."""
    info = info or pipeline_info(settings)
    results: list[DocResult] = []
    by_language: dict[str, list[_Pending]] = {language: [] for language in PIPELINE_LANGUAGES}
    finish = partial(_finish, info=info, src_root=src_root, out_root=out_root, records=records or {})
    for path in paths:
        started = time.perf_counter()
        try:
            pending = _ingest(path, settings)
        except IngestError as exc:
            results.append(_failed(path, src_root, str(exc), started))
            continue
        except OSError as exc:
            results.append(_failed(path, src_root, f"cannot read file: {exc.strerror or exc}", started))
            continue
        except Exception as exc:  # noqa: BLE001 - a parser bug on one file must not stop the batch
            results.append(_failed(path, src_root, f"unexpected {type(exc).__name__}: {exc}", started))
            continue
        if pending.language.code in by_language:
            by_language[pending.language.code].append(pending)
        else:
            results.append(finish(pending, None))
    for language, pending_docs in by_language.items():
        if pending_docs:
            nlp = cached_nlp(settings, language)
            for pending, doc in _annotate(nlp, pending_docs, settings=settings):
                results.append(finish(pending, doc))
    return results


def _ingest(path: Path, settings: Settings) -> _Pending:
    started = time.perf_counter()
    loaded = load_document(path, settings=settings.ingest)
    contacts = find_contacts(loaded.text)
    if settings.privacy.redact:
        loaded.text = redact(loaded.text, contacts)
    guess = detect_language(loaded.text, min_chars=settings.language.min_chars, seed=settings.language.seed)
    return _Pending(path=path, loaded=loaded, language=guess, contacts=contacts, started=started)


def _annotate(nlp: Language, pending: list[_Pending], *, settings: Settings) -> Iterator[tuple[_Pending, object]]:
    """Stream Docs through the pipeline (long ones in chunks); if a batch fails, redo it one
    document at a time."""
    options = dict(batch_size=settings.pipeline.batch_size, chunk_chars=settings.pipeline.chunk_chars)
    for chunk_start in range(0, len(pending), options["batch_size"]):
        chunk = pending[chunk_start:chunk_start + options["batch_size"]]
        try:
            docs = list(annotate(nlp, [p.loaded for p in chunk], **options))
        except Exception:  # noqa: BLE001 - isolate the document that breaks the batch
            yield from _annotate_one_by_one(nlp, chunk, options)
            continue
        yield from zip(chunk, docs)


def _annotate_one_by_one(nlp: Language, chunk: list[_Pending], options: dict) -> Iterator[tuple[_Pending, object]]:
    for pending in chunk:
        try:
            [doc] = annotate(nlp, [pending.loaded], **options)
            yield pending, doc
        except Exception as exc:  # noqa: BLE001
            yield pending, exc


def _finish(pending: _Pending, doc, *, info: PipelineInfo, src_root: Path, out_root: Path,
            records: Mapping[Path, Path]) -> DocResult:
    """Build, validate and write the record of one document, or record why not."""
    if isinstance(doc, Exception):
        return _failed(pending.path, src_root, f"annotation failed: {doc}", pending.started)
    try:
        record = build_record(pending, doc, info=info, src_root=src_root)
        target = records.get(pending.path) or record_path(pending.path, src_root, out_root)
        write_record(record, target)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the batch
        return _failed(pending.path, src_root, f"record could not be built: {exc}", pending.started)
    return DocResult(
        path=_relative(pending.path, src_root),
        status="ok",
        record=str(target),
        seconds=round(time.perf_counter() - pending.started, 4),
        kind=record.kind,
        language=record.language.code,
        warnings=record.warnings,
    )


def build_record(pending: _Pending, doc, *, info: PipelineInfo, src_root: Path) -> Record:
    """The validated record of one document; ``doc`` is None when the language has no pipeline."""
    loaded = pending.loaded
    digest = loaded.source_sha256
    warnings = list(loaded.warnings)
    if pending.language.reason:
        warnings.append(f"language '{pending.language.code}' told from its letters and words: {pending.language.reason}")
    fields: dict = {}
    if doc is None:
        warnings.append(
            f"language '{pending.language.code}' has no pipeline: entities, quotes, figures and "
            f"interview structure were not extracted (qalam extracts {' and '.join(PIPELINE_LANGUAGES)})"
        )
    else:
        fields = dict(
            kind=doc._.kind,
            kind_reasons=kind_reasons_from_doc(doc),
            entities=entities_from_doc(doc),
            citations=citations_from_doc(doc),
            quotes=quotes_from_doc(doc),
            figures=figures_from_doc(doc),
            interview=interview_from_doc(doc),
        )
    return Record(
        id=digest[:16],
        source=Source(
            path=_relative(pending.path, src_root),
            sha256=digest,
            media_type=loaded.media_type,
            size=loaded.source_size,
        ),
        kind=fields.pop("kind", None) or "article",
        title=loaded.title,
        authors=loaded.authors,
        published=loaded.published,
        language=LanguageInfo(code=pending.language.code, probability=pending.language.probability),
        text=loaded.text,
        paragraphs=[Paragraph(**p._asdict()) for p in loaded.paragraphs],
        contacts=[ContactItem(kind=c.kind, start=c.start, end=c.end, text=loaded.text[c.start:c.end])
                  for c in pending.contacts],
        pipeline=info,
        warnings=warnings,
        **fields,
    )


def _failed(path: Path, src_root: Path, reason: str, started: float) -> DocResult:
    return DocResult(
        path=_relative(path, src_root),
        status="failed",
        reason=reason,
        seconds=round(time.perf_counter() - started, 4),
    )


def _relative(path: Path, src_root: Path) -> str:
    try:
        return path.relative_to(src_root).as_posix() if path != src_root else path.name
    except ValueError:
        return path.as_posix()
