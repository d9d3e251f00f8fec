"""The record format: pydantic models are the single source of truth for the JSON.

The JSON Schema (``qalam schema``) is generated from these models. Any change to them
must bump ``SCHEMA_VERSION``; a test compares the generated schema with a committed copy.
Every item that points into the text carries character offsets, and the record checks
that ``text[start:end]`` is the item's text before it is written.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.4"

Kind = Literal["interview", "report", "article"]
EntityLabel = Literal["ORG", "PERSON", "PLACE"]
EntitySource = Literal["model", "rule", "acronym", "citation", "metadata"]
QuoteType = Literal["direct", "block", "indirect"]
FigureKind = Literal["count", "money", "percent", "measure"]
ParagraphKind = Literal["text", "heading", "item", "quote"]
Emphasis = Literal["bold", "italic"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of the record's text."""

    start: int = Field(ge=0, description="Character offset of the first character in `text`.")
    end: int = Field(ge=0, description="Character offset just past the last character in `text`.")

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Source(_Model):
    path: str = Field(description="Path of the source file, relative to the input folder.")
    sha256: str = Field(description="SHA-256 of the source file's bytes.")
    media_type: str = Field(description="Format detected from the content, e.g. application/pdf.")
    size: int = Field(ge=0, description="Size of the source file in bytes.")


class LanguageInfo(_Model):
    code: str = Field(description="ISO 639-1 code, or 'und' when the text is too short to tell.")
    probability: float = Field(ge=0, le=1, description="langdetect's probability for the code.")


class Paragraph(Span):
    page: int | None = Field(default=None, description="1-based PDF page the paragraph starts on.")
    kind: ParagraphKind = Field(default="text", description="text, heading, item (of a list) or quote "
                                                            "(a block quotation), as the source marks it.")
    emphasis: Emphasis | None = Field(default=None, description="bold or italic: the paragraph opens with "
                                                                "text set so (a question, a speaker label).")
    emphasis_end: int | None = Field(default=None, ge=0, description="Where that emphasised text ends.")


class Mention(Span):
    text: str = Field(description="The mention as written.")
    role: str | None = Field(default=None, description="Title or role written with the name, e.g. 'President'.")


class Entity(_Model):
    id: str = Field(description="Stable id from label and canonical name, e.g. 'org:world-bank'.")
    text: str = Field(description="Canonical name.")
    label: EntityLabel = Field(description="ORG, PERSON or PLACE (countries, regions, cities, sites).")
    aliases: list[str] = Field(default_factory=list, description="Other surface forms in the document.")
    mentions: list[Mention] = Field(default_factory=list, description="Every mention with offsets.")
    count: int = Field(ge=0, description="Number of mentions.")
    source: EntitySource = Field(
        description="Why it is there: model, rule, acronym, citation, or metadata (an author named only "
                    "in the document's metadata: no mentions in the text)."
    )


class Citation(Span):
    text: str = Field(description="The citation as written, e.g. '(Fisher 2013)'.")
    author: str = Field(description="Cited author or organisation.")
    year: int | None = Field(default=None, description="Year of the cited work.")
    page: str | None = Field(default=None, description="Page reference, e.g. '44'.")


class Quote(Span):
    text: str = Field(description="The quoted words without the quote marks.")
    speaker: str | None = Field(default=None, description="Resolved name of who is quoted.")
    speaker_entity: str | None = Field(default=None, description="`id` of the speaker's entity.")
    cue: str | None = Field(default=None, description="The attribution cue, e.g. 'according to', 'He'.")
    type: QuoteType = Field(description="direct, block (set off as its own paragraph) or indirect.")
    confidence: float = Field(ge=0, le=1, description="How sure the extractor is of quote and speaker.")


class Figure(Span):
    text: str = Field(description="The figure as written.")
    kind: FigureKind = Field(description="count, money, percent or measure (a quantity in a unit: 12 km, 40 ha).")
    value: float = Field(description="Normalized number (percent as 0–100).")
    value_max: float | None = Field(default=None, description="Upper end of a range.")
    unit: str | None = Field(default=None, description="ISO 4217 code for money; 'pp' for percentage points; "
                                                       "the unit symbol for a measure (km, ha, t).")
    qualifier: str | None = Field(default=None, description="approximately, more than, up to, ...")
    of: str | None = Field(default=None, description="What is counted or measured.")
    subject: str | None = Field(default=None, description="Who the figure belongs to, when stated.")
    year: int | None = Field(default=None, description="Year the sentence dates the figure to.")
    equivalent_of: int | None = Field(
        default=None, description="Index of the figure this one converts (e.g. a USD equivalent)."
    )


class ContactItem(Span):
    kind: Literal["email", "phone"] = Field(description="What kind of personal contact data it is.")
    text: str = Field(description="As written, or masked with '•' when the run redacted contacts.")


class Turn(_Model):
    question: str = Field(description="The question as written.")
    answer: str = Field(description="The answer as written.")
    question_start: int = Field(ge=0)
    question_end: int = Field(ge=0)
    answer_start: int = Field(ge=0)
    answer_end: int = Field(ge=0)
    speaker: str | None = Field(default=None, description="Who answers.")


class Interview(_Model):
    interviewer: str | None = Field(default=None, description="Who asks the questions.")
    interviewee: str | None = Field(default=None, description="Who answers them.")
    turns: list[Turn] = Field(default_factory=list, description="Question/answer pairs in order.")


class KindReason(_Model):
    """One piece of evidence for a kind: the kind with the highest total weight is chosen."""

    kind: Kind = Field(description="The kind this evidence speaks for.")
    feature: str = Field(description="What was measured, e.g. 'qa_turns', 'byline', 'report_title'.")
    value: float = Field(description="The measurement: a count, a share, or 1 when a cue is present.")
    weight: float = Field(description="What it adds to (or, negative, takes from) the kind's score.")
    evidence: str | None = Field(default=None, description="The text that shows it, e.g. the byline.")


def kind_scores(reasons: list[KindReason]) -> dict[str, float]:
    """Each kind's total weight; the record's kind is the one with the highest."""
    return {kind: round(sum(r.weight for r in reasons if r.kind == kind), 3) for kind in get_args(Kind)}


class PipelineInfo(_Model):
    version: str = Field(description="qalam version.")
    model: str = Field(description="spaCy pipeline name and version.")
    rules: str = Field(description="Fingerprint of the rules: the rule files ingest and the components read, "
                                   "the components' order and settings, and the model components switched off.")
    redacted: bool = Field(default=False, description="Whether contacts were masked in the text.")


class Record(_Model):
    """One document, as extracted."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this format.")
    id: str = Field(description="Content hash of the source file.")
    source: Source
    kind: Kind = Field(description="interview, report or article, from the document's structure.")
    kind_reasons: list[KindReason] = Field(default_factory=list,
                                           description="Why the kind was chosen: weighted evidence per kind.")
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = Field(default=None, description="Publication date as found (ISO 8601).")
    language: LanguageInfo
    text: str = Field(description="The cleaned text; every offset indexes into it.")
    paragraphs: list[Paragraph] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    interview: Interview | None = None
    contacts: list[ContactItem] = Field(
        default_factory=list, description="E-mail addresses and phone numbers (personal data) in the text."
    )
    pipeline: PipelineInfo
    warnings: list[str] = Field(default_factory=list, description="What could not be done, and why.")

    @model_validator(mode="after")
    def _offsets_point_at_text(self) -> "Record":
        for where, start, end, expected in self._anchored_items():
            actual = self.text[start:end]
            if end > len(self.text) or actual != expected:
                raise ValueError(f"{where}: text[{start}:{end}] is {actual!r}, not {expected!r}")
        return self

    def _anchored_items(self):
        for i, mention in ((i, m) for i, e in enumerate(self.entities) for m in e.mentions):
            yield f"entities[{i}] mention", mention.start, mention.end, mention.text
        for name in ("citations", "quotes", "figures", "contacts"):
            for i, item in enumerate(getattr(self, name)):
                yield f"{name}[{i}]", item.start, item.end, item.text
        for i, para in enumerate(self.paragraphs):
            yield f"paragraphs[{i}]", para.start, para.end, self.text[para.start:para.end]
        for i, turn in enumerate(self.interview.turns if self.interview else []):
            yield f"turns[{i}] question", turn.question_start, turn.question_end, turn.question
            yield f"turns[{i}] answer", turn.answer_start, turn.answer_end, turn.answer


def record_schema() -> dict:
    """The JSON Schema of a record, generated from the models."""
    schema = Record.model_json_schema()
    schema["title"] = f"qalam record {SCHEMA_VERSION}"
    return schema
