"""Every extension declared once, plain values, payloads that map 1:1 to record items."""

import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc, DocBin

from pipeline.nlp.extensions import DOC_INPUTS, EXTENSIONS, LOCATION, paragraph_ranges
from pipeline.nlp.extract import entities_from_doc, quotes_from_doc
from pipeline.records import Citation, Figure, Quote

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"
TEXT = ("Anna Berg said, “Local councils must open their budgets to the public.” "
        "Grants grew by 12% last year (Novak, 2020).")


def test_extensions_are_declared_in_one_module():
    declaring = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                       if "set_extension(" in p.read_text(encoding="utf-8"))
    assert declaring == ["nlp/extensions.py"]
    assert all(e.on.has_extension(e.name) for e in EXTENSIONS)
    assert set(DOC_INPUTS) == {"doc._.paragraphs", "doc._.title", "doc._.media_type", "doc._.authors",
                               "doc._.quote_blocks"}


@pytest.mark.parametrize(("group", "attribute", "model"), [
    ("citations", "citation", Citation), ("figures", "figure", Figure), ("quotes", "quote", Quote),
])
def test_span_payloads_are_record_items_without_their_place(nlp, group, attribute, model):
    doc = nlp(TEXT)
    spans = list(doc.spans[group])
    assert spans
    for span in spans:
        assert set(getattr(span._, attribute)) | LOCATION == set(model.model_fields)


def test_docs_with_every_extension_serialize(nlp):
    doc = nlp(TEXT)
    again = next(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))
    assert entities_from_doc(again) == entities_from_doc(doc) and again._.kind == doc._.kind
    assert quotes_from_doc(again) == quotes_from_doc(doc)


TWO_PROCESSES = """
from pipeline.nlp.build import build_nlp
from pipeline.settings import load_settings
nlp = build_nlp(load_settings(environ={}))
texts = [TEXT, TEXT.replace("Anna Berg", "Omar Idris")] * 2
docs = list(nlp.pipe(texts, n_process=2, batch_size=1))
print(",".join(d.spans["quotes"][0]._.quote["speaker"] for d in docs))
"""


@pytest.mark.slow
def test_the_pipeline_runs_in_two_processes():
    """In a fresh interpreter: forking the test process would copy the threads of other fixtures."""
    run = subprocess.run([sys.executable, "-W", "error", "-c", f"TEXT = {TEXT!r}\n{TWO_PROCESSES}"],
                         capture_output=True, text=True, timeout=300, cwd=PACKAGE.parent)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "Anna Berg,Omar Idris,Anna Berg,Omar Idris"


def test_paragraphs_from_ingest_or_from_blank_lines(nlp):
    doc = nlp.make_doc("one\n\ntwo")
    assert paragraph_ranges(doc) == [(0, 3), (5, 8)]
    doc._.paragraphs = [(0, 8, 1)]
    assert paragraph_ranges(doc) == [(0, 8)]
    assert isinstance(doc, Doc)
