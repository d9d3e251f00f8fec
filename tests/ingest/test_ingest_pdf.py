"""PDF: the sample report (columns, running lines, hyphenation, pages) and damaged inputs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen.canvas import Canvas

from pipeline.ingest import load_document
from pipeline.ingest.errors import CorruptPdf, EncryptedPdf, NoTextLayer, TooLarge
from pipeline.ingest.pdf import _keeps_hyphen

PROJECT_DIR = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT_DIR / "raw" / "report-community-monitoring.pdf"
SCRIPT = PROJECT_DIR / "scripts" / "make_sample_pdf.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_sample_pdf", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _some_text(canvas: Canvas) -> None:
    for i in range(30):
        canvas.drawString(72, 750 - 20 * i, f"Line {i} of a short test document about a village council.")


@pytest.fixture(scope="module")
def sample(settings):
    return load_document(SAMPLE, settings=settings.ingest)


def test_sample_pdf_is_reproducible(tmp_path):
    out = _script().build(tmp_path / "report.pdf")
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_sample_pages_and_title(sample, texts, offsets_ok):
    assert sample.media_type == "application/pdf" and sample.pages == 3
    assert sample.title == "Community Monitoring of Public Services in the Fergana Region"
    assert {p.page for p in sample.paragraphs} == {1, 2, 3}
    headings = {"Summary": 1, "Methods": 2, "Findings": 2, "Recommendations": 3}
    for paragraph in sample.paragraphs:
        text = sample.text[paragraph.start:paragraph.end]
        if text in headings:
            assert paragraph.page == headings.pop(text)
    assert not headings
    offsets_ok(sample)


def test_sample_running_lines_removed(sample):
    assert "Annual Report 2023" not in sample.text
    assert "Page 2 of 3" not in sample.text
    assert sample.text.count("Civic Oversight Alliance") == 1  # the body mention, not the footer


def test_sample_columns_read_in_order(sample, texts):
    paras = texts(sample)
    # The left column ends with "Findings"; the right column's paragraphs follow it whole.
    findings = paras.index("Findings")
    assert paras[findings + 1].startswith("Clinics showed the largest change.")
    assert paras[findings + 1].endswith("during the winter visits.")
    assert paras[findings - 1].startswith("Visits were unannounced.")


def test_sample_hyphenation_joined(sample):
    # The generator breaks long lowercase words with "-" at line ends; none may survive.
    assert "- " not in sample.text.replace(" - ", "")
    for word in ("administrations", "organisations", "neighbourhood"):
        assert word in sample.text


@pytest.mark.parametrize(("left", "line", "vocabulary", "keeps"), [
    ("organi", "sation of the meeting", set(), False),
    ("non", "formal education", set(), True),
    ("self", "help groups", set(), True),
    ("UN", "Habitat programme", set(), True),
    ("pre", "election period", {"preelection"}, False),
    ("grass", "roots groups", {"grass-roots"}, True),
    ("com", "munity", set(), False),
])
def test_keeps_hyphen(left, line, vocabulary, keeps):
    assert _keeps_hyphen(left, line, vocabulary) is keeps


def test_page_limit(settings):
    limited = settings.with_overrides(ingest={"max_pdf_pages": 2}).ingest
    with pytest.raises(TooLarge, match="3 pages.*max_pdf_pages"):
        load_document(SAMPLE, settings=limited)


def test_truncated_pdf(load_bytes, make_pdf):
    data = make_pdf(_some_text)
    with pytest.raises(CorruptPdf, match="damaged or truncated"):
        load_bytes("cut.pdf", data[: len(data) // 3])


def test_encrypted_pdf(load_bytes, make_pdf):
    data = make_pdf(_some_text, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(EncryptedPdf, match="encrypted"):
        load_bytes("locked.pdf", data)


def test_scanned_pdf(load_bytes, make_pdf):
    data = make_pdf(lambda c: c.rect(72, 72, 400, 600, fill=1))
    with pytest.raises(NoTextLayer, match="no text layer|OCR"):
        load_bytes("scan.pdf", data)


def test_single_page_text(load_bytes, make_pdf, offsets_ok):
    doc = load_bytes("one.pdf", make_pdf(_some_text))
    assert doc.text.startswith("Line 0 of a short test document")
    offsets_ok(doc)


def test_blank_page_is_a_warning(load_bytes, make_pdf):
    doc = load_bytes("mixed.pdf", make_pdf(_some_text, lambda canvas: canvas.rect(72, 72, 200, 200)))
    assert doc.pages == 2 and {p.page for p in doc.paragraphs} == {1}
    assert doc.warnings == ["pages without a text layer (scanned?): 2"]


def test_words_running_past_the_page_edge_are_read(load_bytes, make_pdf):
    def overflowing(canvas: Canvas) -> None:
        for i in range(30):
            canvas.drawString(10, 380 - 12 * i, "a line of words that runs on past the right edge of the page " * 2)

    doc = load_bytes("edge.pdf", make_pdf(overflowing, pagesize=(300, 400)))
    assert "runs on past the right edge" in doc.text
