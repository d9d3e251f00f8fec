"""Builders for the fault suite: good documents and bad inputs, all made by the tests."""

from __future__ import annotations

import gzip
import io
import random
import sys
from pathlib import Path
from typing import Callable

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen.canvas import Canvas

QALAM = Path(sys.executable).with_name("qalam")


def pdf_bytes(pages: int = 1, *, text: bool = True, **canvas_options) -> bytes:
    """A small PDF written with reportlab: ``pages`` pages of sentences (or a filled box)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, **canvas_options)
    for page in range(pages):
        if text:
            for line in range(25):
                canvas.drawString(72, 750 - 20 * line,
                                  f"Page {page + 1}, line {line}: the village council reviewed its water budget.")
        else:
            canvas.rect(72, 72, 400, 600, fill=1)  # what a scan without OCR looks like to a reader
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    return pdf_bytes(encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))


def random_bytes(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{body}</article></body></html>")


def article(topic: str, city: str) -> str:
    """A few sentences of plain English news text, different per topic."""
    return (f"Volunteers Rebuild the {topic} in {city}\n\n"
            f"The residents of {city} spent the weekend repairing the {topic.lower()} that the spring "
            f"floods had damaged. The local youth association organised the work and collected "
            f"donations from 85 households.\n\n"
            f"\"We wanted to show that the neighbourhood can fix things itself,\" said the association's "
            f"coordinator. The city council promised to cover 40% of the material costs next year.\n")


def good_documents() -> dict[str, bytes]:
    """Good inputs of every format, several with spaces, quotes and non-Latin letters in the name."""
    return {
        "article.txt": article("Library", "Ghent").encode(),
        "sub dir/report «final» 'v2'.txt": article("Bridge", "Tartu").encode(),
        'notes "draft".md': ("# Notes on the Clinic in Braga\n\n" + article("Clinic", "Braga")).encode(),
        "отчёт о работе.txt": article("School", "Kaunas").encode(),
        "دليل المنظمات.html": html_page("Community Garden in Aarhus",
                                        article("Garden", "Aarhus").split("\n\n")[1:]).encode(),
        "page.html": html_page("Volunteers in Lisbon", [
            "The volunteers of the Red Cross in Lisbon helped 300 families this winter.",
            "They delivered food parcels and blankets to older people living alone.",
        ]).encode(),
        "two pages.pdf": pdf_bytes(2),
        "日本語 レポート.txt.gz": gzip.compress(article("Harbour", "Bergen").encode(), mtime=0),
    }


def deep_html(depth: int) -> bytes:
    text = "<p>The council of the town met again on Tuesday to plan the winter shelter.</p>"
    return ("<html><head><title>Deep</title></head><body>" + "<div>" * depth + text + "</div>" * depth
            + "</body></html>").encode()


def bad_documents(*, big_line_bytes: int) -> dict[str, tuple[bytes, str]]:
    """Bad inputs: name → (bytes, a regular expression the failure reason must match)."""
    full = pdf_bytes(1)
    return {
        "empty.txt": (b"", "empty"),
        "blank lines.md": (b"\n \n\t\n", "empty"),
        "noise.bin": (random_bytes(64 * 1024), "binary"),
        "photo.txt": (b"\x89PNG\r\n\x1a\n" + random_bytes(500), "PNG image"),
        "truncated.pdf": (full[: len(full) // 2], "damaged or truncated"),
        "encrypted.pdf": (encrypted_pdf(), "encrypted"),
        "scanned.pdf": (pdf_bytes(2, text=False), "no text layer|OCR"),
        "too many pages.pdf": (pdf_bytes(5), "5 pages.*max_pdf_pages"),
        "no body.html": (b"<!DOCTYPE html><html><head><title>Nothing here</title></head></html>", "no main text"),
        "deep.html": (deep_html(100_000), "nest"),
        "undecodable.txt": (random_bytes(4096, seed=3).translate(bytes(range(128, 256)) * 2), "encoding"),
        "gzip bomb.txt.gz": (gzip.compress(b"a" * 80_000_000, mtime=0), "unpacks"),
    }


def long_line(size: int) -> bytes:
    """One line of words and no newline."""
    return (b"The volunteers met again. " * (size // 26 + 1))[:size]


@pytest.fixture
def write_tree() -> Callable[[Path, dict[str, bytes]], None]:
    def write(root: Path, files: dict[str, bytes]) -> None:
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    return write
