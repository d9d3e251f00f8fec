"""Checks on the shared benchmark material (skipped when ../shared is absent).

HTML: a sample of the article-extraction benchmark scored with its own metric.
PDF: reading order against docling's reference Markdown, running lines, page counts.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter

import pdfplumber
import pypdfium2 as pdfium
import pytest

from tests.conftest import shared_path
from pipeline.ingest import load_document
from pipeline.ingest.pdf_words import SPACING_DIACRITICS, page_words

HTML_SAMPLE_PAGES = 12
# The full benchmark scores F1 0.962 (181 pages); a small sample varies more.
HTML_SAMPLE_MIN_F1 = 0.9


def _score_module():
    path = shared_path("eval", "score_html.py")
    spec = importlib.util.spec_from_file_location("score_html", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_html_benchmark_sample(settings):
    scorer = _score_module()
    truth = json.loads(shared_path("corpus", "html-zyte", "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted(shared_path("corpus", "html-zyte", "html").glob("*.html.gz"))[:HTML_SAMPLE_PAGES]
    precisions, recalls = [], []
    for page in pages:
        doc = load_document(page, settings=settings.ingest)
        assert doc.media_type == "text/html"
        p, r = scorer.page_scores(truth[page.name.split(".")[0]]["articleBody"], doc.text)
        precisions.append(p)
        recalls.append(r)
    precision, recall = sum(precisions) / len(pages), sum(recalls) / len(pages)
    assert 2 * precision * recall / (precision + recall) >= HTML_SAMPLE_MIN_F1


def _words(text: str) -> str:
    """Lower-case word sequence; drops Markdown escapes and docling's bullet glyph names."""
    text = re.sub(r"SM590000|^- r\b|\\", "", text, flags=re.M)
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


@pytest.mark.parametrize(("name", "min_share"), [
    ("amt_handbook_sample", 0.8),
    ("redp5110_sampled", 0.85),
    ("normal_4pages", 0.75),
])
def test_pdf_paragraphs_contiguous_like_reference(settings, name, min_share):
    reference = shared_path("corpus", "pdf", "docling-reference-md", f"{name}.md").read_text(encoding="utf-8")
    doc = load_document(shared_path("corpus", "pdf", f"{name}.pdf"), settings=settings.ingest)
    ours = _words(doc.text)
    paragraphs = [p for p in reference.split("\n\n")
                  if len(p) >= 80 and not p.lstrip().startswith(("|", "#", "<!--", "!["))]
    found = sum(_words(p) in ours for p in paragraphs)
    assert found / len(paragraphs) >= min_share


def test_federal_register_columns_and_header(settings):
    doc = load_document(shared_path("corpus", "pdf", "federal-register-2020-17221.pdf"), settings=settings.ingest)
    assert doc.pages == 15 and doc.paragraphs[-1].page == 15
    assert "Federal Register/Vol" not in doc.text
    assert not re.search(r"(?m)^\d{5}$", doc.text)  # bare page numbers
    # A sentence that runs down one column of the first page comes out whole.
    assert "The FAA proposes to supersede Airworthiness Directive (AD) 2018–23–51" in doc.text
    # Accents the PDF draws as separate glyphs over their letters are rejoined.
    assert "Agência Nacional de Aviação Civil" in doc.text
    assert not any(char in SPACING_DIACRITICS for char in doc.text)


def test_pdf_words_match_pdfplumbers():
    """pypdfium2's characters grouped by pdfplumber's rules give pdfplumber's words (text,
    left edge and line; the few others are words pdfplumber cuts at a font change)."""
    path = shared_path("corpus", "pdf", "federal-register-2020-17221.pdf")

    def key(word: dict) -> tuple:
        return word["text"], round(word["x0"]), round(word["bottom"] / 3)

    same = total = 0
    with pdfplumber.open(path) as plumbed:
        for ours, theirs in zip(pdfium.PdfDocument(path), plumbed.pages):
            a = Counter(key(w) for w in page_words(ours))
            b = Counter(key(w) for w in theirs.extract_words(x_tolerance=1.5, y_tolerance=3) if w["upright"])
            same, total = same + sum((a & b).values()), total + max(sum(a.values()), sum(b.values()))
    assert same / total >= 0.98


def test_redbook_footers(settings):
    doc = load_document(shared_path("corpus", "pdf", "redp5110_sampled.pdf"), settings=settings.ingest)
    assert "Copyright IBM Corp" not in doc.text
    assert doc.pages == 18


def test_french_minutes(settings):
    doc = load_document(shared_path("corpus", "pdf", "2023-06-20-PV.pdf"), settings=settings.ingest)
    assert doc.pages == 2 and "ATTENDU QUE" in doc.text
    assert {p.page for p in doc.paragraphs} == {1, 2}


def test_markdown_post_with_front_matter_and_inline_html(settings):
    """A blog export: YAML front matter, then Markdown paragraphs with inline HTML."""
    doc = load_document(shared_path("corpus", "dev", "dev_int_cfa_brigade_chicago.md"), settings=settings.ingest)
    assert doc.media_type == "text/markdown"
    assert doc.title and doc.authors and doc.published
    assert not re.search(r"<[a-z/]|layout:|author_login", doc.text)
