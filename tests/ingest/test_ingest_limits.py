"""Limits and guards: nesting estimate, XML refusal, non-regular files, rule lists, linear time."""

from __future__ import annotations

import os
import time

import pytest

from pipeline.ingest.clean import CALL_TO_ACTION, MINOR_WORDS, NAME_PARTICLES, rule_list
from pipeline.ingest import load_document
from pipeline.ingest.errors import IngestError, IngestTimeout, NoMainText, UnsupportedFormat
from pipeline.ingest.limits import Deadline, html_depth
from pipeline.ingest.pdf import HYPHEN_PREFIXES


@pytest.mark.parametrize(("markup", "depth"), [
    (b"<html><body><p>a<p>b<br><img src=x></body></html>", 2),  # p, br, img do not nest
    (b"<div><div><span>x</span></div></div>", 3),
    (b"<div><div/><section><svg/></section></div>", 2),  # self-closing tags
    (b"<ul><li>a<li>b</ul>", 1),
    (b"</div></div><div>", 1),  # stray closers never go below zero
    (b"<div>" * 300, 300),
])
def test_html_depth(markup, depth):
    assert html_depth(markup) == depth


def test_deep_html_is_refused_by_name(load_bytes):
    with pytest.raises(UnsupportedFormat, match="nests elements about 20,00"):
        load_bytes("deep.html", b"<html><body>" + b"<div>" * 20_000 + b"<p>Words here.</p></body></html>")


def test_html_below_the_parser_depth_says_why_it_is_empty(load_bytes):
    body = b"<p>The committee of the tenants met on Monday to discuss the rent rise.</p>"
    with pytest.raises(NoMainText, match="nest about 1,00.*255"):
        load_bytes("deep.html", b"<html><body>" + b"<div>" * 1000 + body + b"</div>" * 1000 + b"</body></html>")


@pytest.mark.parametrize(("text", "root"), [
    ('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</title></channel></rss>', "rss"),
    ('<?xml version="1.0"?>\n<!DOCTYPE svg><svg><text>Chart</text></svg>', "svg"),
])
def test_xml_is_refused(load_bytes, text, root):
    with pytest.raises(UnsupportedFormat, match=f"XML document \\(<{root}>\\)"):
        load_bytes("data.xml", text.encode())


def test_xhtml_is_still_html(load_bytes):
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><article>'
            + "<p>The youth council of the district planted trees along the river on Saturday.</p>" * 3
            + "</article></body></html>")
    assert load_bytes("page.xhtml", page.encode()).media_type == "text/html"


def test_pipe_is_refused_without_blocking(tmp_path, settings):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(UnsupportedFormat, match="not a regular file"):
        load_document(fifo, settings=settings.ingest)


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.symlink_to(p.with_name("gone.txt")), "link to a missing file"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: None, "disappeared"),
])
def test_unreadable_paths_say_why(tmp_path, settings, make, message):
    path = tmp_path / "doc.txt"
    make(path)
    with pytest.raises(IngestError, match=message):
        load_document(path, settings=settings.ingest)


def test_loaded_document_carries_the_source_hash(load_bytes):
    import hashlib

    data = b"A short note about the village library and its new reading room."
    doc = load_bytes("note.txt", data)
    assert (doc.source_sha256, doc.source_size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_deadline():
    assert Deadline.start(10).remaining() > 9
    with pytest.raises(IngestTimeout, match="2.5 s.*after decoding"):
        Deadline(seconds=2.5, at=time.monotonic() - 1).check("decoding")


@pytest.mark.parametrize(("unit", "count", "end"), [
    ("**a ", 6_250, ""),  # unclosed bold markers
    ("[a](", 6_250, ""),  # unclosed links
    ("<a ", 12_500, ""),  # unclosed tags
    ("x", 200_000, "@"),  # no e-mail, one huge word
])
def test_markdown_and_cleaning_are_linear(load_bytes, assert_grows_linearly, ingest_in_this_thread, unit, count, end):
    # Not a speed measurement (that is bench/'s): a catastrophic backtrack grows far faster.
    def load(line: str) -> None:
        load_bytes("long.md", line.encode())

    assert_grows_linearly(load, unit * count + end, unit * 4 * count + end)


def test_rule_lists_load_from_models():
    assert "subscribe" in rule_list("call_to_action.txt") and CALL_TO_ACTION.search("Please Subscribe now")
    assert {"of", "the"} <= MINOR_WORDS and "van" in NAME_PARTICLES and "self" in HYPHEN_PREFIXES
    assert not any(entry.startswith("#") for entry in rule_list("hyphen_prefixes.txt"))


def test_watchdog_abandons_a_stuck_parser(tmp_path, settings, monkeypatch):
    """A parser stuck inside one call (no deadline check reached) still cannot hold the run."""
    import pipeline.ingest as ingest

    monkeypatch.setattr(ingest, "decode", lambda data: time.sleep(30))
    (tmp_path / "stuck.txt").write_text("Words that will never be decoded.")
    started = time.monotonic()
    with pytest.raises(IngestTimeout, match="abandoned") as caught:
        load_document(tmp_path / "stuck.txt", settings=settings.with_overrides(ingest={"timeout_seconds": 0.5}).ingest)
    assert time.monotonic() - started < 5 and "stuck.txt" in str(caught.value)


def test_watchdog_passes_results_and_errors_through():
    from pipeline.ingest.limits import run_with_time_limit

    assert run_with_time_limit(lambda: 42, seconds=1, path="x") == 42
    with pytest.raises(ZeroDivisionError):
        run_with_time_limit(lambda: 1 / 0, seconds=1, path="x")
