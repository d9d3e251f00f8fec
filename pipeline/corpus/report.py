"""A static, self-contained HTML report of a folder of records (works offline, from file://).

The pages are Jinja2 templates (``report_templates/``, package data like the stylesheet and
script in ``report_assets/``) rendered with autoescape, so every piece of document text is
escaped on its way into a page; this module prepares what they show. Overlapping spans (an
entity inside a quote, a figure across an entity) are split and reopened so the markup always
nests. The site is built in a temporary folder beside the target and renamed into place.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline.corpus.query import Corpus, Loaded, corpus_ids, entity_index, figure_value
from pipeline.records import Entity, Figure, Record, kind_scores
from pipeline.run.store import REPORT_MARKER

SITE_MODE = 0o777  # less the umask
ASSETS = ("report.css", "report.js")
LABELS = ("ORG", "PERSON", "PLACE")
PREVIEW = 90
MAX_MENTION_LINKS = 20
# Outer spans first when two start together: a quote holds entities, an entity may hold a figure.
RANK = {"quote": 0, "cite": 1, "ent": 2, "fig": 3}
# A paragraph when the record lists none: text up to the next blank line.
NON_BLANK_RUN = re.compile(r"\S(?:.|\n(?!\s*\n))*")


class ReportError(Exception):
    """The report cannot be written where asked."""


@lru_cache(maxsize=1)
def templates() -> Environment:
    """The report's templates; autoescape is on for all of them, and an unknown name is an error."""
    return Environment(loader=PackageLoader(__package__, "report_templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


# -- marks: spans of text that get a tag --------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A span to wrap: ``kind`` picks the class family, ``anchor`` is the id of its first fragment.

    ``lead`` data attributes go on the first fragment (the speaker label shown before a quote),
    ``tail`` ones on the last (the normalized value shown after a figure).
    """

    start: int
    end: int
    kind: str
    classes: str
    anchor: str
    title: str
    lead: tuple[tuple[str, str], ...] = ()
    tail: tuple[tuple[str, str], ...] = ()

    def order(self) -> tuple[int, int, int]:
        return self.start, -self.end, RANK[self.kind]


@dataclass
class Piece:
    """One piece of marked-up text: a run of text, or where a fragment of a mark opens or closes.

    An opening knows whether it is the mark's first fragment (it carries the id) and, once the
    fragment is closed, whether it was the last.
    """

    text: str = ""
    mark: Mark | None = None
    closing: bool = False
    first: bool = False
    last: bool = False

    @property
    def data(self) -> tuple[tuple[str, str], ...]:
        """The ``data-*`` attributes of an opening."""
        return (self.mark.lead if self.first else ()) + (self.mark.tail if self.last else ())


def _figure_title(figure: Figure) -> str:
    details = [f"{figure.kind}: {figure_value(figure)}"]
    details += [f"{name} {value}" for name, value in
                (("of", figure.of), ("subject", figure.subject), ("year", figure.year)) if value is not None]
    return " · ".join(details)


def marks(record: Record) -> list[Mark]:
    """Every inline span of a record with its anchor id (e{i}-{j}, q{i}, f{i}, c{i})."""
    found = []
    for i, entity in enumerate(record.entities):
        for j, m in enumerate(entity.mentions):
            found.append(Mark(m.start, m.end, "ent", f"ent ent-{entity.label}", f"e{i}-{j}",
                              f"{entity.label} · {entity.text}", lead=(("entity", entity.id),)))
    for i, q in enumerate(record.quotes):
        speaker = q.speaker or "unattributed"
        title = f"{q.type} quote · {speaker}" + (f" · cue “{q.cue}”" if q.cue else "") + f" · {q.confidence:.2f}"
        found.append(Mark(q.start, q.end, "quote", f"quote quote-{q.type}", f"q{i}", title,
                          lead=(("speaker", speaker),)))
    for i, f in enumerate(record.figures):
        found.append(Mark(f.start, f.end, "fig", f"fig fig-{f.kind}", f"f{i}", _figure_title(f),
                          tail=(("norm", figure_value(f)),)))
    for i, c in enumerate(record.citations):
        title = ", ".join(str(p) for p in (c.author, c.year, c.page and f"p. {c.page}") if p)
        found.append(Mark(c.start, c.end, "cite", "cite", f"c{i}", title))
    return [m for m in found if m.end > m.start]


def pieces(text: str, start: int, end: int, spans: list[Mark], *, opened: set[Mark]) -> list[Piece]:
    """``text[start:end]`` cut into text runs and the openings and closings of the marks touching it.

    At each boundary the open marks are compared with the marks that cover the next run: the
    common outer part stays open, the rest is closed and (re)opened, so the markup always nests.
    A mark cut this way carries its id only on its first fragment; ``opened`` remembers those
    across calls (a mark may span paragraphs).
    """
    inside = sorted((m for m in spans if m.start < end and m.end > start), key=Mark.order)
    bounds = sorted({start, end, *(max(m.start, start) for m in inside), *(min(m.end, end) for m in inside)})
    found: list[Piece] = []
    stack: list[Piece] = []  # the openings not closed yet, outermost first

    def close(keep: int, at: int) -> None:
        for opening in reversed(stack[keep:]):
            opening.last = at == opening.mark.end
            found.append(Piece(mark=opening.mark, closing=True))
        del stack[keep:]

    for a, b in zip(bounds, bounds[1:]):
        wanted = [m for m in inside if m.start <= a and m.end >= b]
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep].mark is wanted[keep]:
            keep += 1
        close(keep, a)
        for mark in wanted[keep:]:
            stack.append(Piece(mark=mark, first=mark not in opened))
            found.append(stack[-1])
            opened.add(mark)
        found.append(Piece(text=text[a:b]))
    close(0, end)
    return found


def render_span(text: str, start: int, end: int, spans: list[Mark], *, opened: set[Mark]) -> Markup:
    """Escaped ``text[start:end]`` with the marks that touch it, always well nested."""
    return templates().get_template("macros.html").module.marked(pieces(text, start, end, spans, opened=opened))


# -- document page ------------------------------------------------------------------------------


@dataclass
class Block:
    """A paragraph-sized stretch of text, with its role in an interview."""

    start: int
    end: int
    page: int | None = None
    classes: list[str] = field(default_factory=list)
    anchor: str | None = None
    label: str | None = None


def blocks(record: Record) -> list[Block]:
    """The record's paragraphs, plus any non-blank text between them, so every span has a home."""
    paras = sorted(record.paragraphs, key=lambda p: p.start)
    if not paras or any(b.start < a.end for a, b in zip(paras, paras[1:])):
        return [Block(m.start(), m.start() + len(m.group().rstrip())) for m in NON_BLANK_RUN.finditer(record.text)]
    found: list[Block] = []
    cursor = 0
    for para in paras:
        found.extend(_stray(record.text, cursor, para.start))
        found.append(Block(para.start, para.end, para.page))
        cursor = para.end
    found.extend(_stray(record.text, cursor, len(record.text)))
    return [b for b in found if b.end > b.start]


def _stray(text: str, start: int, end: int) -> list[Block]:
    """Text outside every paragraph (normally only blank lines), trimmed, as its own block."""
    gap = text[start:end]
    if not gap.strip():
        return []
    return [Block(start + len(gap) - len(gap.lstrip()), end - (len(gap) - len(gap.rstrip())))]


def _mark_turns(record: Record, found: list[Block]) -> None:
    """Questions and answers become classes on their blocks; the first block of each gets the anchor."""
    turns = record.interview.turns if record.interview else []
    for i, turn in enumerate(turns):
        for role, start, end, label in (("q", turn.question_start, turn.question_end, f"Q{i + 1}"),
                                        ("a", turn.answer_start, turn.answer_end, turn.speaker or "A")):
            first = True
            for block in found:
                if block.start < end and block.end > start and not block.classes:
                    block.classes.append(f"turn-{role}")
                    if first:
                        block.anchor = f"t{i}" if role == "q" else f"t{i}a"
                        block.label = label
                        first = False


@dataclass(frozen=True)
class Paragraph:
    """One block of the document as the page shows it; ``new_page`` when a PDF page starts here."""

    block: Block
    html: Markup
    new_page: int | None = None


def paragraphs(record: Record) -> list[Paragraph]:
    """The document's text, block by block, with every span marked and interview turns labelled."""
    found = blocks(record)
    _mark_turns(record, found)
    opened: set[Mark] = set()
    shown, page = [], None
    for block, spans in zip(found, _spans_per_block(marks(record), found)):
        new_page = block.page if block.page is not None and block.page != page else None
        page = block.page if new_page is not None else page
        html = render_span(record.text, block.start, block.end, spans, opened=opened)
        shown.append(Paragraph(block, html, new_page))
    return shown


def _spans_per_block(spans: list[Mark], found: list[Block]) -> Iterator[list[Mark]]:
    """The marks that may touch each block, in one pass (long reports have thousands of both)."""
    waiting = sorted(spans, key=Mark.order)
    live: list[Mark] = []
    cursor = 0
    for block in found:
        while cursor < len(waiting) and waiting[cursor].start < block.end:
            live.append(waiting[cursor])
            cursor += 1
        live = [m for m in live if m.end > block.start]
        yield live


def preview(text: str) -> str:
    """The text on one line, cut to ``PREVIEW`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[:PREVIEW].rstrip() + "…"


@dataclass(frozen=True)
class EntityItem:
    """An entity in the side list: its position in the record (the anchors use it) and corpus id."""

    index: int
    entity: Entity
    corpus_id: str | None


def entities_by_label(record: Record, ids: dict[tuple[str, str], str]) -> list[tuple[str, list[EntityItem]]]:
    """The side list's entity groups: ORG, PERSON, PLACE, each by mentions, then by name."""
    groups = []
    for label in LABELS:
        items = [EntityItem(i, e, ids.get((record.id, e.id))) for i, e in enumerate(record.entities) if e.label == label]
        if items:
            groups.append((label, sorted(items, key=lambda item: (-item.entity.count, item.entity.text.casefold()))))
    return groups


def meta_line(record: Record) -> list[str]:
    """What the header says about the document: kind, language, source, authors, date, interview."""
    source = record.source
    scores = ", ".join(f"{kind} {score:g}" for kind, score in kind_scores(record.kind_reasons).items())
    parts = [f"{record.kind} ({scores})" if record.kind_reasons else record.kind,
             f"language {record.language.code} ({record.language.probability:.2f})",
             f"{source.path} · {source.media_type}"]
    if record.authors:
        parts.append("by " + ", ".join(record.authors))
    if record.published:
        parts.append(f"published {record.published}")
    interview = record.interview
    if interview and interview.interviewee:
        parts.append(f"interview with {interview.interviewee}"
                     + (f" by {interview.interviewer}" if interview.interviewer else ""))
    return parts


def title_of(record: Record) -> str:
    return record.title or record.source.path


def document_page(record: Record, ids: dict[tuple[str, str], str]) -> str:
    """One document: text with every span marked, and the side list of what was found."""
    return templates().get_template("document.html").render(
        title=title_of(record), record=record, meta=meta_line(record), paragraphs=paragraphs(record),
        entity_groups=entities_by_label(record, ids), turns=record.interview.turns if record.interview else [],
        preview=preview, figure_value=figure_value, max_mention_links=MAX_MENTION_LINKS, up="../")


# -- index pages ---------------------------------------------------------------------------------


def index_page(corpus: Corpus, pages: dict[int, str]) -> str:
    """Documents with their counts, then the run's failures and any unreadable records."""
    manifest = corpus.manifest or {}
    counts = manifest.get("counts") if isinstance(manifest.get("counts"), dict) else {}
    summary = (f"{counts.get('ok', '?')} ok, {counts.get('failed', '?')} failed in the last run"
               f" ({manifest.get('finished_at', '')})" if counts else "no run manifest found")
    failures = [(f.get("path"), f.get("reason")) for f in manifest.get("failures") or [] if isinstance(f, dict)]
    return templates().get_template("index.html").render(
        title="Documents", documents=[(pages[n], loaded.record) for n, loaded in enumerate(corpus.records)],
        summary=summary, failures=failures, invalid=[(e.path, e.reason) for e in corpus.errors],
        title_of=title_of, up="")


def entities_page(corpus: Corpus, pages: dict[int, str], ids: dict[tuple[str, str], str]) -> str:
    """The corpus entity index, each row linking to the entity's first mention in every document."""
    found_in: dict[str, list[tuple[str, str]]] = {}
    for n, loaded in enumerate(corpus.records):
        r = loaded.record
        for i, entity in enumerate(r.entities):
            link = (pages[n] + (f"#e{i}-0" if entity.mentions else ""), title_of(r))
            links = found_in.setdefault(ids.get((r.id, entity.id), ""), [])
            if link not in links:
                links.append(link)
    return templates().get_template("entities.html").render(
        title="Entities", rows=entity_index(corpus.records), found_in=found_in, up="")


# -- writing -------------------------------------------------------------------------------------


def page_names(records: list[Loaded]) -> dict[int, str]:
    """Record position → ``docs/<id>.html``, unique even when two files had the same content."""
    names: dict[int, str] = {}
    used: set[str] = set()
    for n, loaded in enumerate(records):
        base = re.sub(r"[^A-Za-z0-9_-]", "_", loaded.record.id) or "doc"
        name, suffix = base, 1
        while name in used:
            suffix += 1
            name = f"{base}-{suffix}"
        used.add(name)
        names[n] = f"docs/{name}.html"
    return names


def write_site(corpus: Corpus, folder: Path) -> None:
    """Write every page and asset of the report into ``folder`` (which must exist)."""
    pages = page_names(corpus.records)
    ids = corpus_ids(corpus.records)
    (folder / "docs").mkdir()
    (folder / "assets").mkdir()
    assets = resources.files(__package__).joinpath("report_assets")
    for name in ASSETS:
        (folder / "assets" / name).write_bytes(assets.joinpath(name).read_bytes())
    (folder / "index.html").write_text(index_page(corpus, pages), encoding="utf-8")
    (folder / "entities.html").write_text(entities_page(corpus, pages, ids), encoding="utf-8")
    for n, loaded in enumerate(corpus.records):
        (folder / pages[n]).write_text(document_page(loaded.record, ids), encoding="utf-8")
    (folder / REPORT_MARKER).write_text("written by qalam report; the folder is replaced on the next report\n",
                                 encoding="utf-8")


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"--out {out_dir} is a file; give a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / REPORT_MARKER).exists():
        raise ReportError(f"refusing to replace {out_dir}: it is not empty and is not a qalam report "
                          f"(no {REPORT_MARKER} file); choose another --out")


def build_report(corpus: Corpus, *, out_dir: Path) -> Path:
    """Build the site in a temporary folder beside ``out_dir``, then swap it in; return index.html."""
    _check_target(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = _new_folder_beside(out_dir)
    try:
        write_site(corpus, staging)
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir / "index.html"


def _new_folder_beside(out_dir: Path) -> Path:
    """An empty folder next to ``out_dir``, with the umask's permissions (``mkdtemp`` would make it
    private, and a site is meant to be read)."""
    while True:
        staging = out_dir.with_name(f".{out_dir.name}.{secrets.token_hex(4)}")
        try:
            staging.mkdir(mode=SITE_MODE)
            return staging
        except FileExistsError:
            continue


def _swap(staging: Path, out_dir: Path) -> None:
    """Rename the new site over the old one; the old one is removed only once the new one is there."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
