"""`qalam report`: the pages it writes, their links, escaping, and how it replaces an old report."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.corpus.report import MARKER

runner = CliRunner()


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


def test_site_layout(site, records_dir):
    assert (site / "index.html").is_file() and (site / "entities.html").is_file() and (site / MARKER).is_file()
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
    assert runner.invoke(app, ["report", str(records_dir), "--out", str(out)]).exit_code == 0
    (out / "docs" / "stale.html").write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["report", str(records_dir), "--out", str(out)])
    assert result.exit_code == 0
    assert not (out / "docs" / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("make, message", [
    (lambda root: (root / "mine").mkdir() or (root / "mine" / "notes.txt").write_text("x") and root / "mine",
     "refusing to replace"),
    (lambda root: (root / "file.html").write_text("x") and root / "file.html", "is a file"),
])
def test_report_never_overwrites_other_things(records_dir, tmp_path, make, message):
    target = make(tmp_path)
    result = runner.invoke(app, ["report", str(records_dir), "--out", str(target)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert target.exists()


def test_report_on_a_missing_folder(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "nothing"), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2 and "no such file or folder" in result.stderr
    assert not (tmp_path / "site").exists()


def test_report_lists_unreadable_records_and_exits_1(records_dir, tmp_path):
    folder = tmp_path / "extracted"
    shutil.copytree(records_dir, folder)
    (folder / "news" / "reading-room.json").write_text('{"id": "x"}', encoding="utf-8")
    result = runner.invoke(app, ["report", str(folder), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "reading-room.json" in " ".join(result.stderr.split())
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Unreadable records (1)" in index and "reading-room.json" in index
