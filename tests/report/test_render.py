"""Marked-up text: always well nested, always escaped, ids only on a span's first fragment."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from pipeline.records import Figure
from pipeline.corpus.report import Mark, blocks, figure_value, marks, render_span

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
