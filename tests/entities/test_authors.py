"""Metadata and byline authors as entities (authors.py)."""

import re

import pytest

from pipeline.nlp.components.entities.authors import author_label, author_mentions


@pytest.fixture(scope="module")
def words(nlp):
    return nlp.get_pipe("qalam_entities").words


@pytest.mark.parametrize(("name", "label"), [
    ("Jane Roe", "PERSON"),
    ("Ana de Souza", "PERSON"),
    ("National Statistics Committee", "ORG"),
    ("Harbor City Tribune", "ORG"),
    ("admin", None),
    ("Staff", None),
    ("2024-05-01", None),
])
def test_author_labels(words, name, label):
    assert author_label(name, words) == label


def test_an_author_written_in_the_text_in_any_case_is_a_mention_there(words):
    text = "The law passed.\n\nLAURIE OAKES IS THE POLITICAL EDITOR"
    (mention,) = author_mentions(text, ["Laurie Oakes"], words)
    assert text[mention.start:mention.end] == "LAURIE OAKES" and mention.source == "rule"


def test_an_author_absent_from_the_text_has_no_offsets(words):
    (mention,) = author_mentions("No byline here.", ["Jane Roe"], words)
    assert mention.source == "metadata" and (mention.start, mention.end) == (0, 0)


def entities_with_authors(nlp, text: str, authors: list[str]) -> dict[str, dict]:
    """Canonical name -> entity of ``text`` whose metadata names ``authors``."""
    doc = nlp.make_doc(text)
    doc._.paragraphs = [(m.start(), m.end(), None) for m in re.finditer(r"\S.*?(?=\n\s*\n|\Z)", text, re.S)]
    doc._.authors, doc._.quote_blocks = authors, []
    return {e["text"]: e for e in nlp(doc)._.entities}


def test_a_metadata_author_becomes_an_entity_without_mentions(nlp):
    author = entities_with_authors(nlp, "The council met on Monday in Lisbon.", ["Jane Roe"])["Jane Roe"]
    assert (author["source"], author["count"], author["label"]) == ("metadata", 0, "PERSON")


def test_an_author_found_by_the_model_lends_the_byline_evidence(nlp):
    text = "Report by the desk.\n\nJennifer Varga wrote this story from Lisbon."
    author = entities_with_authors(nlp, text, ["Jennifer Varga"])["Jennifer Varga"]
    assert author["label"] == "PERSON" and author["count"] == 1
