"""Ingest: detect a file's format from its content and load its cleaned text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    page: int | None = None


@dataclass
class LoadedDocument:
    text: str
    paragraphs: list[Paragraph]
    media_type: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    quote_blocks: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
