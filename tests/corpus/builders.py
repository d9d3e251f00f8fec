"""A small corpus of records built with the pydantic models, on text written for these tests.

A plain module (not a conftest) so tests in any folder can use it, through the ``builders``
fixture of tests/conftest.py.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from pathlib import Path

from pipeline.records import (
    Entity, Figure, Interview, KindReason, LanguageInfo, Mention, Paragraph, PipelineInfo, Quote, Record, Source,
    Turn,
)
from pipeline.run.batch import DocResult
from pipeline.run.manifest import manifest
from pipeline.run.store import MANIFEST_NAME, write_json_atomic, write_record

PIPELINE = PipelineInfo(version="0.1.0", model="en_core_web_sm==3.8.0", rules="test")

INTERVIEW = (
    "Evening classes by the river\n\n"
    "What does the Lakeside Literacy Trust do?\n\n"
    "We teach about 300 adults in Tarnow to read. \"Reading changes how people vote,\" Mara Quell said. "
    "The trust received $25,000 from the Harbor Foundation in 2024.\n\n"
    "Who else helps?\n\n"
    "Volunteers from the Harbor Foundation drive people home."
)
REPORT = (
    "Annual review\n\n"
    "The Harbor Foundation (HF) spent €1.2 million on rural libraries. "
    "Turnout at workshops rose by 12% in Velmora, Jon Berg told the board.\n\n"
    "HF will publish its accounts in June."
)
ARTICLE = (
    "A new reading room opened in Tarnow on Monday. "
    "\"We waited eleven years for this,\" said Mara Quell, who chairs the HF board."
)
GERMAN = "Die Bibliothek in der Altstadt hat wieder geöffnet und bietet Kurse für Erwachsene an."


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``needle`` in ``text``."""
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    return starts[nth], starts[nth] + len(needle)


def paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(start=m.start(), end=m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]


def entity(text: str, label: str, name: str, surfaces: list[str], *, ident: str | None = None,
           aliases: tuple[str, ...] = ()) -> Entity:
    mentions = [Mention(start=m.start(), end=m.end(), text=m.group()) for s in surfaces
                for m in re.finditer(re.escape(s), text)]
    return Entity(id=ident or f"{label.lower()}:{name.lower().replace(' ', '-')}", text=name, label=label,
                  aliases=list(aliases), mentions=mentions, count=len(mentions), source="model")


def figure(text: str, needle: str, kind: str, value: float, **extra) -> Figure:
    start, end = at(text, needle)
    return Figure(start=start, end=end, text=needle, kind=kind, value=value, **extra)


def quote(text: str, needle: str, speaker: str | None, **extra) -> Quote:
    start, end = at(text, needle)
    return Quote(start=start, end=end, text=needle, speaker=speaker, type=extra.pop("type", "direct"),
                 confidence=extra.pop("confidence", 0.9), **extra)


def turn(text: str, question: str, answer: str) -> Turn:
    qs, qe = at(text, question)
    as_, ae = at(text, answer)
    return Turn(question=question, answer=answer, question_start=qs, question_end=qe,
                answer_start=as_, answer_end=ae, speaker="Mara Quell")


def record(source_path: str, text: str, **fields) -> Record:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Record(
        id=digest[:16],
        source=Source(path=source_path, sha256=digest, media_type="text/plain", size=len(text.encode())),
        kind=fields.pop("kind", "article"),
        language=fields.pop("language", LanguageInfo(code="en", probability=0.99)),
        text=text, paragraphs=paragraphs(text), pipeline=PIPELINE, **fields,
    )


def interview_record() -> Record:
    t = INTERVIEW
    first_answer = t.split("\n\n")[2]
    return record(
        "blog/river-classes.txt", t, kind="interview", title="Evening classes by the river",
        kind_reasons=[KindReason(kind="interview", feature="qa_turns", value=2, weight=2, evidence="plain"),
                      KindReason(kind="interview", feature="interview_cue", value=1, weight=1.5, evidence="spoke with")],
        entities=[entity(t, "ORG", "Lakeside Literacy Trust", ["Lakeside Literacy Trust"]),
                  entity(t, "ORG", "Harbor Foundation", ["Harbor Foundation"]),
                  entity(t, "PERSON", "Mara Quell", ["Mara Quell"]),
                  entity(t, "PLACE", "Tarnow", ["Tarnow"], ident="place:tarnow")],
        quotes=[quote(t, "Reading changes how people vote,", "Mara Quell", speaker_entity="person:mara-quell",
                      cue="said")],
        figures=[figure(t, "about 300 adults", "count", 300, qualifier="approximately", of="adults"),
                 figure(t, "$25,000", "money", 25000, unit="USD", subject="Lakeside Literacy Trust", year=2024)],
        interview=Interview(interviewer=None, interviewee="Mara Quell", turns=[
            turn(t, "What does the Lakeside Literacy Trust do?", first_answer),
            turn(t, "Who else helps?", "Volunteers from the Harbor Foundation drive people home."),
        ]),
    )


def report_record() -> Record:
    t = REPORT
    return record(
        "reports/review.txt", t, kind="report", title="Annual review",
        entities=[entity(t, "ORG", "the Harbor Foundation", ["Harbor Foundation", "HF"],
                         ident="org:the-harbor-foundation", aliases=("HF",)),
                  entity(t, "PERSON", "Jon Berg", ["Jon Berg"]),
                  entity(t, "PLACE", "Velmora", ["Velmora"])],
        quotes=[quote(t, "Turnout at workshops rose by 12% in Velmora", "Jon Berg", type="indirect",
                      cue="told")],
        figures=[figure(t, "€1.2 million", "money", 1_200_000, unit="EUR", of="rural libraries"),
                 figure(t, "12%", "percent", 12, of="turnout at workshops")],
    )


def article_record() -> Record:
    t = ARTICLE
    return record(
        "news/reading-room.txt", t, title="A new reading room",
        entities=[entity(t, "PLACE", "Tarnow", ["Tarnow"], ident="place:tarnow"),
                  entity(t, "PERSON", "Mara Quell", ["Mara Quell"]),
                  entity(t, "ORG", "HF", ["HF"], ident="org:hf")],
        quotes=[quote(t, "We waited eleven years for this,", "Mara Quell", cue="said")],
    )


def german_record() -> Record:
    return record("news/altstadt.txt", GERMAN, language=LanguageInfo(code="de", probability=0.99),
                  warnings=["language 'de' is not English: nothing was extracted"])


def write_corpus(root: Path) -> Path:
    """raw/ with the sources, extracted/ with their records and a manifest like `qalam run` writes."""
    raw, out = root / "raw", root / "extracted"
    results = []
    for rec in (interview_record(), report_record(), article_record(), german_record()):
        source = raw / rec.source.path
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(rec.text, encoding="utf-8")
        target = out / Path(rec.source.path).with_suffix(".json")
        write_record(rec, target)
        results.append(DocResult(path=rec.source.path, status="ok", record=str(target.resolve()),
                                 kind=rec.kind, language=rec.language.code, warnings=rec.warnings))
    broken = raw / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    results.append(DocResult(path="broken.pdf", status="failed", reason="PDF has no text layer"))
    summary = manifest(results, src=raw, out=out, started_at=datetime.now(timezone.utc), seconds=1.0)
    write_json_atomic(out / MANIFEST_NAME, summary)
    return root
