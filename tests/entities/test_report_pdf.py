"""Golden test: the entities of a generated two-page report PDF (make_report_pdf.py), against
annotations written by hand from its text (conventions of ../shared/gold/GUIDELINES.md).

The report has what trips entity rules in real reports: a running header with page numbers,
headings ("Overview", "Background"), a form label ("P.O. Box 4471"), a ruled table with a
header row, a law and its short form, titled names, a name broken across two lines, a report
reference and an author's role line.
"""

import importlib.util
from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.nlp.build import make_doc

BUILDER = Path(__file__).resolve().parent / "make_report_pdf.py"

# (label, canonical name, aliases): every entity of the report, and nothing else.
EXPECTED = {
    ("PLACE", "Morocco", ("Kingdom of Morocco",)),
    ("PLACE", "Portugal", ()),
    ("PLACE", "Lisbon", ()),
    ("PLACE", "Tangier", ()),
    ("PLACE", "Spain", ()),
    ("PLACE", "Casablanca", ()),
    ("PERSON", "Ana Lima", ("Lima",)),
    ("PERSON", "Tomas Berg", ()),
    ("PERSON", "Ravi Rao", ("Rao",)),
    ("PERSON", "Maria Fernandes", ()),
    ("PERSON", "Dina Kral", ()),
    ("ORG", "Coastal Farmers League", ("CFL",)),
    ("ORG", "World Bank", ()),
    ("ORG", "Supreme Court", ()),
    ("ORG", "University of Porto", ()),
}
ROLES = {"Ana Lima": ["President", None], "Tomas Berg": ["Prime Minister"], "Ravi Rao": ["Justice", "Mr."]}


@pytest.fixture(scope="module")
def report(tmp_path_factory, nlp, settings):
    spec = importlib.util.spec_from_file_location("make_report_pdf", BUILDER)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    pdf = builder.build(tmp_path_factory.mktemp("report") / "report.pdf")
    loaded = load_document(pdf, settings=settings.ingest)
    return nlp(make_doc(nlp, loaded))


def test_the_report_gives_exactly_its_entities(report):
    found = {(e["label"], e["text"], tuple(e["aliases"])) for e in report._.entities}
    assert found == EXPECTED


def test_titles_are_roles_of_the_mentions(report):
    roles = {e["text"]: [m["role"] for m in e["mentions"]] for e in report._.entities}
    assert {name: roles[name] for name in ROLES} == ROLES


def test_every_mention_points_into_the_text(report):
    for entity in report._.entities:
        for mention in entity["mentions"]:
            assert report.text[mention["start"]:mention["end"]] == mention["text"]
