"""Security: parsing makes no network requests, expands no external entities, runs nothing,
and a run writes records only inside the output folder (record paths and discovery on their
own: tests/run/test_store.py and tests/run/test_discover.py)."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.errors import UnsupportedFormat

SECRET = "SECRET-TOKEN-5150"
BODY = "".join(f"<p>Paragraph {i}: the tenants' union of the district met the housing office again.</p>"
               for i in range(4))


@pytest.fixture
def no_network(monkeypatch):
    """Every connection or name lookup is recorded and refused."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during parsing")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture
def no_exec(monkeypatch):
    """Starting any program is recorded and refused."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("a program was started during parsing")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(os, "system", refuse)
    return attempts


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _pages(secret: Path) -> dict[str, str]:
    url = "http://example.invalid"
    return {
        "remote.html": (f'<!DOCTYPE html SYSTEM "{url}/evil.dtd"><html><head><title>Tenants</title>'
                        f'<link rel="stylesheet" href="{url}/s.css"><script src="{url}/x.js"></script>'
                        f'<script>fetch("{url}/beacon"); document.write("{SECRET}")</script></head><body><article>'
                        f'<img src="{url}/pixel.gif">{BODY}<iframe src="{url}/frame"></iframe>'
                        f'<object data="{url}/o.swf"></object></article></body></html>'),
        "entities.html": (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY secret SYSTEM "file://{secret}">'
                          f'<!ENTITY remote SYSTEM "{url}/e">]><html><body><article>{BODY}'
                          f'<p>Entity: &secret; and &remote; end of the sentence here.</p></article></body></html>'),
        "xinclude.html": (f'<html xmlns:xi="http://www.w3.org/2001/XInclude"><body><article>{BODY}'
                          f'<xi:include href="file://{secret}" parse="text"/><xi:include href="{url}/x.xml"/>'
                          f'</article></body></html>'),
    }


@pytest.mark.parametrize("name", ["remote.html", "entities.html", "xinclude.html"])
def test_html_fetches_nothing_and_expands_no_entities(tmp_path, settings, no_network, secret_file, name):
    path = tmp_path / name
    path.write_text(_pages(secret_file)[name], encoding="utf-8")
    doc = load_document(path, settings=settings.ingest)
    assert "tenants' union" in doc.text
    assert SECRET not in doc.text
    assert no_network == []


@pytest.mark.parametrize(("name", "root"), [("chart.svg", "svg"), ("feed.xml", "r")])
def test_xml_with_external_entities_is_refused_unread(tmp_path, settings, no_network, secret_file, name, root):
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY secret SYSTEM "file://{secret_file}">'
                    f'<!ENTITY % ext SYSTEM "http://example.invalid/x.dtd"> %ext;]>\n'
                    f"<{root}><text>The label reads &secret; on the chart of incomes.</text></{root}>")
    with pytest.raises(UnsupportedFormat, match=f"XML document \\(<{root}>\\)") as caught:
        load_document(path, settings=settings.ingest)
    assert SECRET not in str(caught.value) and no_network == []


def _pdf_with_actions(text: str) -> bytes:
    """A one-page PDF whose catalog runs JavaScript on open and whose page launches a program."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript << /Names "
        b"[(run) 5 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> /AA << /O 7 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /S /JavaScript /JS (app.launchURL\\('http://example.invalid/'\\); this.exportDataObject\\({}\\);) >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c calc) >> >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_actions_are_only_read(tmp_path, settings, no_network, no_exec):
    path = tmp_path / "actions.pdf"
    path.write_bytes(_pdf_with_actions("The cooperative reported its annual accounts to members."))
    doc = load_document(path, settings=settings.ingest)
    assert doc.text == "The cooperative reported its annual accounts to members."
    assert no_network == [] and no_exec == []


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_flow_keeps_every_record_inside_the_output_folder(tmp_path, settings):
    """Input links out of SRC, OUT inside SRC and a link in OUT pointing elsewhere: the run
    finishes, nothing is read from outside SRC, nothing is written outside OUT and OUT is not
    read back as input."""
    from pipeline.run.flows import run_flow

    src, outside, elsewhere = tmp_path / "src", tmp_path / "outside", tmp_path / "elsewhere"
    out = src / "extracted"
    for folder in (src / "trap", outside, elsewhere, out):
        folder.mkdir(parents=True)
    text = "The residents' association of the old quarter asked the council for a new playground."
    (outside / "far.txt").write_text(SECRET + " " + text)
    (src / "near.txt").write_text(text)
    (src / "trap" / "caught.txt").write_text(text)
    (src / "linked.txt").symlink_to(outside / "far.txt")
    (out / "trap").symlink_to(elsewhere, target_is_directory=True)
    summary = run_flow(str(src), str(out), settings.model_dump())
    assert sorted(d["path"] for d in summary["documents"]) == ["near.txt", "trap/caught.txt"]
    assert [f["path"] for f in summary["failures"]] == ["trap/caught.txt"]
    assert "outside" in summary["failures"][0]["reason"]
    assert {s["path"]: s["reason"].split(",")[0] for s in summary["skipped"]} == {
        "extracted": "the output folder of this run", "linked.txt": f"link to {outside / 'far.txt'}"}
    assert not any(SECRET in path.read_text() for path in out.rglob("*.json"))
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in outside.iterdir()) == ["far.txt"]
