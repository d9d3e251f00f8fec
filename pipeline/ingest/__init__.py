"""Ingest: detect a file's format from its content and load its cleaned text."""

from __future__ import annotations

import hashlib
import os
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pipeline.ingest import sniff
from pipeline.ingest.clean import BULLET, Block, assemble, authors_from_blocks, normalize_blocks, remove_boilerplate
from pipeline.ingest.errors import EmptyDocument, IngestError, TooLarge, UnsupportedFormat
from pipeline.ingest.front_matter import FrontMatter, split_front_matter
from pipeline.ingest.limits import Deadline, run_with_time_limit
from pipeline.ingest.markdown import markdown_blocks
from pipeline.ingest.metadata import clean_authors, dateline_date, opening_title
from pipeline.ingest.text import decode, text_blocks
from pipeline.settings import IngestSettings

MEDIA_TYPES = {
    sniff.PDF: "application/pdf",
    sniff.HTML: "text/html",
    sniff.MARKDOWN: "text/markdown",
    sniff.TEXT: "text/plain",
}


class Paragraph(NamedTuple):
    """A paragraph's place in the text and its layout: ``kind`` is text, heading, item or
    quote; ``emphasis`` (bold or italic) is the style of the text it opens with, up to
    ``emphasis_end`` (a question set in bold, a speaker label). A plain tuple, so the Doc
    carries it as it is (``doc._.paragraphs``)."""

    start: int
    end: int
    page: int | None = None
    kind: str = "text"
    emphasis: str | None = None
    emphasis_end: int | None = None


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
    pages: int | None = None
    # Of the bytes as read (one read: the record's hash always matches the text it came from).
    source_sha256: str = ""
    source_size: int = 0


def load_document(path: Path, *, settings: IngestSettings) -> LoadedDocument:
    """Read ``path``, detect its format from the content and return its cleaned text.

    Raises an ``IngestError`` subclass naming the reason when the file cannot be used, and
    ``IngestTimeout`` when it takes longer than ``settings.timeout_seconds``.
    """
    path = Path(path)
    return run_with_time_limit(lambda: _load_named(path, settings), seconds=settings.timeout_seconds,
                               path=str(path))


def _load_named(path: Path, settings: IngestSettings) -> LoadedDocument:
    """Load, turning every way a file can be unusable into an ``IngestError`` with a reason."""
    try:
        loaded, data = _load(path, settings=settings)
    except IngestError as exc:
        if exc.path is None:
            raise type(exc)(str(exc), path=str(path)) from None
        raise
    except FileNotFoundError:
        reason = ("cannot read the file: it is a symbolic link to a missing file" if path.is_symlink()
                  else "cannot read the file: it disappeared (deleted or moved during the run)")
        raise IngestError(reason, path=str(path)) from None
    except PermissionError:
        raise IngestError("cannot read the file: permission denied", path=str(path)) from None
    except IsADirectoryError:
        raise IngestError("cannot read the file: it is a directory", path=str(path)) from None
    except OSError as exc:
        raise IngestError(f"cannot read the file: {exc.strerror or exc}", path=str(path)) from None
    except MemoryError:
        raise TooLarge("the document does not fit in memory", path=str(path)) from None
    except RecursionError:
        raise UnsupportedFormat("the document is nested too deeply to parse", path=str(path)) from None
    loaded.source_sha256, loaded.source_size = hashlib.sha256(data).hexdigest(), len(data)
    return loaded


def _load(path: Path, *, settings: IngestSettings) -> tuple[LoadedDocument, bytes]:
    deadline = Deadline.start(settings.timeout_seconds)
    data = raw = _read_limited(path, limit=settings.max_bytes)
    if not data.strip():
        raise EmptyDocument("the file is empty")
    kind = sniff.sniff_bytes(data)
    if kind == sniff.GZIP:
        data = _gunzip(data, limit=settings.max_bytes)
        kind = sniff.sniff_bytes(data)
        if kind == sniff.GZIP:
            raise UnsupportedFormat("the file is gzip inside gzip; unpack it first")
    if kind == sniff.PDF:
        from pipeline.ingest.pdf import read_pdf  # pdfplumber is slow to import; only PDFs need it

        result = read_pdf(data, max_pages=settings.max_pdf_pages, deadline=deadline.at)
        loaded = _build(result.blocks, media_type=MEDIA_TYPES[kind], title=result.title, authors=[],
                        published=dateline_date(result.blocks))
        loaded.pages = result.pages
        loaded.warnings.extend(result.warnings)
        return loaded, raw
    return _load_text_like(data, suffix=_inner_suffix(path), settings=settings, deadline=deadline), raw


def _read_limited(path: Path, *, limit: int) -> bytes:
    """The file's bytes, refusing more than ``limit``: the size is checked first, then the read
    itself stops at the limit (a file that grows after the check cannot slip past it)."""
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
        raise UnsupportedFormat("not a regular file (a pipe, socket or device)")
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:
        size = max(size, len(data))
        raise TooLarge(f"the file has {size:,} bytes, over the limit of {limit:,} (ingest.max_bytes)")
    return data


def _gunzip(data: bytes, *, limit: int) -> bytes:
    """Decompress, refusing damaged archives and output over the byte limit (zip bombs)."""
    decompressor = zlib.decompressobj(wbits=31)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as exc:
        raise UnsupportedFormat(f"the gzip data is damaged: {exc}") from None
    if len(out) > limit:
        raise TooLarge(f"the file unpacks to more than {limit:,} bytes (ingest.max_bytes)")
    if not decompressor.eof:
        raise UnsupportedFormat("the gzip data is truncated")
    if not out.strip():
        raise EmptyDocument("the gzip file contains nothing")
    return out


def _inner_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _load_text_like(data: bytes, *, suffix: str, settings: IngestSettings, deadline: Deadline) -> LoadedDocument:
    what = sniff.binary_kind(data)
    if what or sniff.looks_binary(data):
        raise UnsupportedFormat(f"the content is {what or 'binary data'}, not text, HTML or PDF")
    text = decode(data)
    deadline.check("decoding")
    front, body = split_front_matter(text)
    kind = sniff.sniff_text(body, suffix=suffix, front_matter=front is not None)
    if kind == sniff.XML:
        raise UnsupportedFormat(f"the content is an XML document (<{sniff.xml_root(body)}>), not text, HTML or PDF")
    if kind == sniff.HTML:
        loaded = _load_html(body, settings=settings, deadline=deadline)
    else:
        blocks = markdown_blocks(body) if kind == sniff.MARKDOWN else text_blocks(body)
        deadline.check("splitting paragraphs")
        blocks = remove_boilerplate(normalize_blocks(blocks))
        deadline.check("cleaning")
        loaded = _build(blocks, media_type=MEDIA_TYPES[kind],
                        title=opening_title(blocks),
                        authors=authors_from_blocks(blocks), published=dateline_date(blocks))
    return _with_front_matter(loaded, front) if front else loaded


def _load_html(page: str, *, settings: IngestSettings, deadline: Deadline) -> LoadedDocument:
    from pipeline.ingest.html import extract_html, locate_quotes  # trafilatura loads lxml and its data lazily

    result = extract_html(page, include_comments=settings.html_include_comments, deadline=deadline)
    loaded = _build(result.blocks, media_type=MEDIA_TYPES[sniff.HTML], title=result.title,
                    authors=result.authors + authors_from_blocks(result.blocks),
                    published=result.published or dateline_date(result.blocks))
    loaded.quote_blocks = locate_quotes(loaded.text, result.inline_quotes, loaded.quote_blocks)
    loaded.warnings.extend(result.warnings)
    return loaded


def _with_front_matter(loaded: LoadedDocument, front: FrontMatter) -> LoadedDocument:
    """The front matter's title, authors and date come first: the author wrote them as metadata."""
    loaded.title = front.title or loaded.title
    loaded.authors = clean_authors(front.authors + loaded.authors)
    loaded.published = front.published or loaded.published
    loaded.warnings.extend(front.warnings)
    return loaded


def _build(blocks: list[Block], *, media_type: str, title: str | None, authors: list[str],
           published: str | None = None) -> LoadedDocument:
    """Assemble blocks into the final text; paragraphs are computed here, last."""
    if not blocks:
        raise EmptyDocument("no text is left once the file is decoded and cleaned")
    text, paragraphs, quotes = assemble(blocks)
    return LoadedDocument(
        text=text,
        paragraphs=[_paragraph(block, start, end, page) for block, (start, end, page) in zip(blocks, paragraphs)],
        media_type=media_type,
        title=title,
        authors=clean_authors(authors),
        published=published,
        quote_blocks=quotes,
    )


def _paragraph(block: Block, start: int, end: int, page: int | None) -> Paragraph:
    """A block's paragraph; its emphasis is kept when the emphasised text opens it (after a
    list bullet, if any)."""
    text, lead = block.text, block.emphasized
    bullet = f"{BULLET} "
    at = 0 if text.startswith(lead) else len(bullet) if text.startswith(bullet + lead) else None
    if not lead or not block.emphasis or at is None:
        return Paragraph(start, end, page, kind=block.kind)
    return Paragraph(start, end, page, kind=block.kind, emphasis=block.emphasis,
                     emphasis_end=start + at + len(lead))
