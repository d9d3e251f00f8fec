"""A static, self-contained HTML report of a folder of records (works offline, from file://).

Standard library only: every piece of document text goes through ``html.escape`` before it
reaches a page, and overlapping spans (an entity inside a quote, a figure across an entity)
are split and reopened so the markup always nests. The site is built in a temporary folder
beside the target and renamed into place.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.corpus.query import Corpus, Loaded, corpus_ids, entity_index, figure_value
from pipeline.records import Figure, Record

MARKER = ".qalam-report"
SITE_MODE = 0o755
ASSETS = ("report.css", "report.js")
LABELS = ("ORG", "PERSON", "PLACE")
PREVIEW = 90
MAX_MENTION_LINKS = 20
# Outer spans first when two start together: a quote holds entities, an entity may hold a figure.
RANK = {"quote": 0, "cite": 1, "ent": 2, "fig": 3}
CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:"
# A paragraph when the record lists none: text up to the next blank line.
NON_BLANK_RUN = re.compile(r"\S(?:.|\n(?!\s*\n))*")


class ReportError(Exception):
    """The report cannot be written where asked."""


def _e(value: object) -> str:
    """Escape text and attribute values (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


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

    def open_tag(self, *, first: bool, last: bool) -> str:
        attrs = [f'class="{_e(self.classes)}{"" if first else " cont"}"', f'title="{_e(self.title)}"']
        data = (self.lead if first else ()) + (self.tail if last else ())
        if first:
            attrs.insert(0, f'id="{_e(self.anchor)}"')
        attrs.extend(f'data-{name}="{_e(value)}"' for name, value in data)
        return f"<span {' '.join(attrs)}>"


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


def render_span(text: str, start: int, end: int, spans: list[Mark], *, opened: set[Mark]) -> str:
    """Escaped ``text[start:end]`` with the marks that touch it, always well nested.

    At each boundary the open tags are compared with the marks that cover the next piece:
    the common outer part stays open, the rest is closed and (re)opened. A mark cut this way
    carries its id only on its first fragment; ``opened`` remembers those across calls. An
    opening tag is written once its fragment is closed, when it is known whether it is the last.
    """
    inside = sorted((m for m in spans if m.start < end and m.end > start), key=Mark.order)
    bounds = sorted({start, end, *(max(m.start, start) for m in inside), *(min(m.end, end) for m in inside)})
    parts: list[str] = []
    stack: list[tuple[Mark, int, bool]] = []  # open mark, its slot in parts, first fragment or not

    def close(keep: int, at: int) -> None:
        for mark, slot, first in reversed(stack[keep:]):
            parts[slot] = mark.open_tag(first=first, last=at == mark.end)
            parts.append("</span>")
        del stack[keep:]

    for a, b in zip(bounds, bounds[1:]):
        wanted = [m for m in inside if m.start <= a and m.end >= b]
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep][0] is wanted[keep]:
            keep += 1
        close(keep, a)
        for mark in wanted[keep:]:
            stack.append((mark, len(parts), mark not in opened))
            parts.append("")
            opened.add(mark)
        parts.append(_e(text[a:b]))
    close(0, end)
    return "".join(parts)


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


def _text_html(record: Record) -> str:
    found = blocks(record)
    _mark_turns(record, found)
    opened: set[Mark] = set()
    parts, page = [], None
    for block, spans in zip(found, _spans_per_block(marks(record), found)):
        if block.page is not None and block.page != page:
            page = block.page
            parts.append(f'<div class="page" id="page-{page}">page {page}</div>')
        attrs = f' class="{" ".join(["para", *block.classes])}"'
        if block.anchor:
            attrs = f' id="{block.anchor}"{attrs} data-label="{_e(block.label)}"'
        parts.append(f"<p{attrs}>{render_span(record.text, block.start, block.end, spans, opened=opened)}</p>")
    return "\n".join(parts)


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


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[:PREVIEW].rstrip() + "…"


def _side_entities(record: Record, ids: dict[tuple[str, str], str]) -> Iterator[str]:
    for label in LABELS:
        items = [(i, e) for i, e in enumerate(record.entities) if e.label == label]
        if not items:
            continue
        yield f'<h3><span class="swatch ent-{label}"></span>{label} <small>({len(items)})</small></h3><ul>'
        for i, entity in sorted(items, key=lambda item: (-item[1].count, item[1].text.casefold())):
            first = f'<a href="#e{i}-0">{_e(entity.text)}</a>' if entity.mentions else _e(entity.text)
            more = " ".join(f'<a class="more" href="#e{i}-{j}">{j + 1}</a>'
                            for j in range(1, min(len(entity.mentions), MAX_MENTION_LINKS)))
            corpus = ids.get((record.id, entity.id))
            index = (f' <a class="corpus" href="../entities.html#{_e(corpus)}" title="corpus index">↗</a>'
                     if corpus else "")
            aliases = f'<div class="aliases">{_e(", ".join(entity.aliases))}</div>' if entity.aliases else ""
            yield f'<li>{first} <span class="count">×{entity.count}</span>{index} {more}{aliases}</li>'
        yield "</ul>"


def _side_list(title: str, items: list[str], css: str) -> str:
    if not items:
        return ""
    return f'<section class="{css}"><h2>{title} <small>({len(items)})</small></h2><ul>{"".join(items)}</ul></section>'


def _aside(record: Record, ids: dict[tuple[str, str], str]) -> str:
    quotes = [f'<li><a href="#q{i}"><b>{_e(q.speaker or "unattributed")}</b>: “{_e(_preview(q.text))}”</a>'
              f' <small>{_e(q.type)}</small></li>' for i, q in enumerate(record.quotes)]
    figures = [f'<li><a href="#f{i}">{_e(f.text)}</a> → <span class="norm">{_e(figure_value(f))}</span>'
               f'{" <small>" + _e(f.of) + "</small>" if f.of else ""}</li>' for i, f in enumerate(record.figures)]
    turns = record.interview.turns if record.interview else []
    questions = [f'<li><a href="#t{i}">Q{i + 1}: {_e(_preview(t.question))}</a></li>' for i, t in enumerate(turns)]
    citations = [f'<li><a href="#c{i}">{_e(c.text)}</a></li>' for i, c in enumerate(record.citations)]
    warnings = [f"<li>{_e(w)}</li>" for w in record.warnings]
    entities = "".join(_side_entities(record, ids))
    return "".join([
        f'<section class="entities"><h2>Entities <small>({len(record.entities)})</small></h2>{entities}</section>'
        if record.entities else "",
        _side_list("Quotes", quotes, "quotes"), _side_list("Figures", figures, "figures"),
        _side_list("Interview", questions, "turns"), _side_list("Citations", citations, "citations"),
        _side_list("Warnings", warnings, "warnings"),
    ])


def _meta(record: Record) -> str:
    source = record.source
    parts = [record.kind, f"language {record.language.code} ({record.language.probability:.2f})",
             f"{source.path} · {source.media_type}"]
    if record.authors:
        parts.append("by " + ", ".join(record.authors))
    if record.published:
        parts.append(f"published {record.published}")
    interview = record.interview
    if interview and interview.interviewee:
        parts.append(f"interview with {interview.interviewee}"
                     + (f" by {interview.interviewer}" if interview.interviewer else ""))
    return " · ".join(_e(p) for p in parts)


def _legend() -> str:
    toggles = "".join(f'<label><input type="checkbox" data-toggle="{k}" checked> '
                      f'<span class="swatch {c}"></span>{n}</label>'
                      for k, c, n in (("ORG", "ent-ORG", "organisations"), ("PERSON", "ent-PERSON", "people"),
                                      ("PLACE", "ent-PLACE", "places"), ("quote", "quote", "quotes"),
                                      ("fig", "fig", "figures")))
    return f'<div class="legend">{toggles}</div>'


def document_page(record: Record, ids: dict[tuple[str, str], str]) -> str:
    """One document: text with every span marked, and the side list of what was found."""
    title = record.title or record.source.path
    body = (f'<header><nav><a href="../index.html">Documents</a> <a href="../entities.html">Entities</a></nav>'
            f'<h1>{_e(title)}</h1><p class="meta">{_meta(record)}</p>{_legend()}</header>'
            f'<main class="doc"><article id="text" lang="{_e(record.language.code)}">{_text_html(record)}</article>'
            f'<aside id="found">{_aside(record, ids)}</aside></main>')
    return _page(title, body, depth=1)


# -- index pages ---------------------------------------------------------------------------------


def _page(title: str, body: str, *, depth: int) -> str:
    up = "../" * depth
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)} · qalam</title>"
            f'<link rel="stylesheet" href="{up}assets/report.css">'
            f'<script src="{up}assets/report.js" defer></script></head>\n'
            f"<body>{body}</body></html>\n")


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], *, table_id: str) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (f'<input type="search" class="filter" data-filter="{table_id}" placeholder="filter rows" '
            f'aria-label="filter rows"><table id="{table_id}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _section(title: str, headers: tuple[str, ...], rows: list[list[str]], *, table_id: str) -> str:
    """A titled table, or nothing when there are no rows."""
    if not rows:
        return ""
    return f'<h2 id="{table_id}-title">{_e(title)} ({len(rows)})</h2>' + _table(headers, rows, table_id=table_id)


def index_page(corpus: Corpus, pages: dict[int, str]) -> str:
    """Documents with their counts, then the run's failures and any unreadable records."""
    rows = []
    for n, loaded in enumerate(corpus.records):
        r = loaded.record
        turns = len(r.interview.turns) if r.interview else 0
        rows.append([f'<a href="{pages[n]}">{_e(r.title or r.source.path)}</a>', _e(r.kind), _e(r.language.code),
                     str(len(r.entities)), str(len(r.quotes)), str(len(r.figures)), str(turns),
                     str(len(r.warnings)), f"<code>{_e(r.source.path)}</code>"])
    manifest = corpus.manifest or {}
    counts = manifest.get("counts") if isinstance(manifest.get("counts"), dict) else {}
    summary = (f"{counts.get('ok', '?')} ok, {counts.get('failed', '?')} failed in the last run"
               f" ({_e(manifest.get('finished_at', ''))})" if counts else "no run manifest found")
    failures = [[f"<code>{_e(f.get('path'))}</code>", _e(f.get("reason"))]
                for f in manifest.get("failures") or [] if isinstance(f, dict)]
    invalid = [[f"<code>{_e(e.path)}</code>", _e(e.reason)] for e in corpus.errors]
    body = ('<header><nav><a href="index.html">Documents</a> <a href="entities.html">Entities</a></nav>'
            f'<h1>Documents <small>({len(rows)})</small></h1><p class="meta">{summary}</p></header><main>'
            + _table(("title", "kind", "lang", "entities", "quotes", "figures", "turns", "warnings", "source"),
                     rows, table_id="documents")
            + _section("Failures", ("source", "reason"), failures, table_id="failed")
            + _section("Unreadable records", ("record", "reason"), invalid, table_id="invalid")
            + "</main>")
    return _page("Documents", body, depth=0)


def entities_page(corpus: Corpus, pages: dict[int, str], ids: dict[tuple[str, str], str]) -> str:
    """The corpus entity index, each row linking to the entity's first mention in every document."""
    where: dict[str, list[str]] = {}
    for n, loaded in enumerate(corpus.records):
        r = loaded.record
        for i, entity in enumerate(r.entities):
            target = pages[n] + (f"#e{i}-0" if entity.mentions else "")
            link = f'<a href="{target}">{_e(r.title or r.source.path)}</a>'
            links = where.setdefault(ids.get((r.id, entity.id), ""), [])
            if link not in links:
                links.append(link)
    rows = [[f'<span id="{_e(row["id"])}" class="ent ent-{row["label"]}">{_e(row["name"])}</span>',
             _e(row["label"]), str(row["documents"]), str(row["mentions"]), _e(", ".join(row["aliases"])),
             "<br>".join(where.get(row["id"], []))]
            for row in entity_index(corpus.records)]
    body = ('<header><nav><a href="index.html">Documents</a> <a href="entities.html">Entities</a></nav>'
            f"<h1>Entities <small>({len(rows)})</small></h1>"
            '<p class="meta">The same entity across documents is one row.</p></header><main>'
            + _table(("entity", "label", "documents", "mentions", "aliases", "found in"), rows, table_id="entities")
            + "</main>")
    return _page("Entities", body, depth=0)


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
    (folder / MARKER).write_text("written by qalam report; the folder is replaced on the next report\n",
                                 encoding="utf-8")


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"--out {out_dir} is a file; give a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise ReportError(f"refusing to replace {out_dir}: it is not empty and is not a qalam report "
                          f"(no {MARKER} file); choose another --out")


def build_report(corpus: Corpus, *, out_dir: Path) -> Path:
    """Build the site in a temporary folder beside ``out_dir``, then swap it in; return index.html."""
    _check_target(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    staging.chmod(SITE_MODE)  # mkdtemp makes it private; a site is meant to be read
    try:
        write_site(corpus, staging)
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir / "index.html"


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
