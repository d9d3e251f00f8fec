"""The report site: marked-up text always well nested and escaped, ids only on a span's first
fragment; the pages it writes, their links, and how it replaces an old report."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from pipeline.corpus.query import load_corpus
from pipeline.corpus.report import Mark, blocks, build_report, figure_value, marks, render_span
from pipeline.run.store import REPORT_MARKER
from pipeline.records import Figure

VOID = {"br", "img", "input", "meta", "link"}


class Checker(HTMLParser):
    """Collects text, ids and tags, and fails on any closing tag that does not match."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.ids.extend(value for name, value in attrs if name == "id")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check(markup: str) -> Checker:
    checker = Checker()
    checker.feed(markup)
    checker.close()
    assert not checker.stack, f"left open: {checker.stack}"
    return checker


def mark(start: int, end: int, kind: str = "ent", anchor: str = "m") -> Mark:
    return Mark(start, end, kind, kind, anchor, "title")


TEXT = "Ana met <Bo> & Cy at the old mill."


@pytest.mark.parametrize("spans, anchors", [
    ([], []),
    ([mark(0, 3, anchor="a")], ["a"]),
    ([mark(0, 18, "quote", "q"), mark(8, 12, "ent", "e")], ["q", "e"]),          # nested
    ([mark(4, 12, "ent", "e"), mark(8, 18, "fig", "f")], ["e", "f"]),            # crossing
    ([mark(8, 12, "ent", "e"), mark(8, 12, "fig", "f"), mark(8, 12, "quote", "q")], ["q", "e", "f"]),  # same span
    ([mark(0, 34, "quote", "q"), mark(2, 10, "ent", "a"), mark(6, 20, "fig", "b"), mark(15, 30, "ent", "c")],
     ["q", "a", "b", "c"]),
])
def test_render_is_well_nested_and_keeps_the_text(spans, anchors):
    checker = check(render_span(TEXT, 0, len(TEXT), spans, opened=set()))
    assert "".join(checker.text) == TEXT
    assert checker.ids == anchors
    assert "script" not in checker.tags and "bo" not in checker.tags


def test_a_span_cut_by_a_block_keeps_its_id_on_the_first_fragment():
    spans = [mark(4, 20, "quote", "q")]
    opened: set[Mark] = set()
    first = render_span(TEXT, 0, 10, spans, opened=opened)
    second = render_span(TEXT, 10, len(TEXT), spans, opened=opened)
    assert 'id="q"' in first and "id=" not in second and "cont" in second


def test_lead_data_goes_on_the_first_fragment_and_tail_data_on_the_last():
    ent = mark(4, 12, "ent", "e")
    fig = Mark(8, 18, "fig", "fig", "f", "title", lead=(("speaker", "S"),), tail=(("norm", "N"),))
    markup = render_span(TEXT, 0, len(TEXT), [ent, fig], opened=set())
    first, last = markup.index('id="f"'), markup.index('data-norm="N"')
    assert markup.index('data-speaker="S"') < markup.index("</span>", first) < last
    assert markup.count("data-norm") == 1 and markup.count("data-speaker") == 1


def test_blocks_cover_text_outside_paragraphs(builders):
    text = "Intro line\n\nStray text\n\nLast"
    rec = builders.record("a.txt", text).model_copy(update={"paragraphs": [
        builders.Paragraph(start=0, end=10), builders.Paragraph(start=24, end=28)]})
    assert [text[b.start:b.end] for b in blocks(rec)] == ["Intro line", "Stray text", "Last"]


def test_blocks_without_paragraphs_split_on_blank_lines(builders):
    text = "First line\nsame paragraph\n\n  \nSecond\n"
    rec = builders.record("a.txt", text).model_copy(update={"paragraphs": []})
    assert [text[b.start:b.end] for b in blocks(rec)] == ["First line\nsame paragraph", "Second"]


def test_marks_cover_every_anchored_item(builders):
    rec = builders.report_record()
    anchors = {m.anchor for m in marks(rec)}
    assert {"e0-0", "e0-1", "e0-2", "q0", "f0", "f1"} <= anchors


@pytest.mark.parametrize("fields, shown", [
    ({"kind": "money", "value": 1_500_000, "unit": "USD"}, "USD 1,500,000"),
    ({"kind": "percent", "value": 12.5, "qualifier": "about"}, "about 12.5%"),
    ({"kind": "percent", "value": 3, "unit": "pp"}, "3 pp"),
    ({"kind": "count", "value": 10, "value_max": 12}, "10–12"),
])
def test_figure_value(fields, shown):
    assert figure_value(Figure(start=0, end=1, text="x", **fields)) == shown


# -- the site ------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Ids, links, script sources and classes of one page."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.classes: list[str] = []
        self.tags: set[str] = set()
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "script":
            self.scripts.append(attrs.get("src") or "inline")
        self.classes.extend((attrs.get("class") or "").split())


def pages(site: Path) -> dict[Path, Page]:
    return {path: Page(path) for path in site.rglob("*.html")}


def test_site_layout(site):
    assert (site / "index.html").is_file() and (site / "entities.html").is_file() and (site / REPORT_MARKER).is_file()
    assert len(list((site / "docs").glob("*.html"))) == 5
    assert {p.name for p in (site / "assets").iterdir()} == {"report.css", "report.js"}


def test_every_link_resolves(site):
    parsed = pages(site)
    checked = 0
    for path, page in parsed.items():
        for href in page.links:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, f"{path.name} links outside the site: {href}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target in parsed, f"{path.name}: broken link {href}"
            if parts.fragment:
                assert unquote(parts.fragment) in parsed[target].ids, f"{path.name}: no anchor for {href}"
            checked += 1
        assert page.scripts == ["../assets/report.js"] or page.scripts == ["assets/report.js"]
    assert checked > 50


def test_index_lists_documents_and_run_failures(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for text in ("Evening classes by the river", "Annual review", "broken.pdf", "PDF has no text layer",
                 "4 ok, 1 failed"):
        assert text in index


def test_document_page_marks_everything(site):
    page = next(p for p in (site / "docs").glob("*.html") if "Evening classes" in p.read_text(encoding="utf-8"))
    parsed = Page(page)
    for cls in ("ent-ORG", "ent-PERSON", "ent-PLACE", "quote", "fig", "turn-q", "turn-a"):
        assert cls in parsed.classes
    assert {"q0", "f0", "f1", "t0", "t1", "e0-0"} <= parsed.ids
    html = page.read_text(encoding="utf-8")
    assert 'data-speaker="Mara Quell"' in html and 'data-norm="USD 25,000"' in html
    assert "interview (interview 3.5, report 0, article 0)" in html  # the kind's scores, then its reasons
    assert "kind-reasons" in parsed.classes and "+1.5 interview_cue" in html and "spoke with" in html


def test_reported_speech_is_marked_as_such(site):
    page = next(p for p in (site / "docs").glob("*.html") if "Annual review" in p.read_text(encoding="utf-8"))
    assert "quote-indirect" in Page(page).classes
    assert "<b>Jon Berg</b> <i>(reported speech)</i>: Turnout" in page.read_text(encoding="utf-8")


def test_document_text_cannot_inject_markup(site):
    page = next(p for p in (site / "docs").glob("*.html") if "hostile" in p.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    parsed = Page(page)
    assert parsed.scripts == ["../assets/report.js"]
    assert "img" not in parsed.tags and "<b>Bold" not in html
    assert "&lt;script&gt;" in html or "&lt;<span" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; title &amp; more" in html
    assert 'data-speaker="Ilse &lt;Varga&gt;"' in html


def test_report_replaces_its_previous_output(records_dir, tmp_path):
    out = tmp_path / "site"
    corpus = load_corpus(records_dir)
    assert build_report(corpus, out_dir=out) == out / "index.html"
    (out / "docs" / "stale.html").write_text("old", encoding="utf-8")
    build_report(corpus, out_dir=out)
    assert not (out / "docs" / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
