"""From an entity span to the names it holds: titles and roles, run-on words, cuts (mentions.py)."""

import pytest

from pipeline.nlp.components.entities.mentions import pieces


@pytest.fixture(scope="module")
def words(nlp):
    return nlp.get_pipe("qalam_entities").words


def names(text: str, label: str, words, *, split_lists: bool = False) -> list[tuple[str, str | None]]:
    """(name, role) of each piece of the whole text taken as one span."""
    found = pieces(text, 0, len(text), label=label, words=words, split_lists=split_lists)
    return [(text[p.start:p.end], p.role) for p in found]


@pytest.mark.parametrize(("span", "label", "expected"), [
    # titles and roles inside names: the title becomes the mention's role
    ("President Ana Lima", "PERSON", [("Ana Lima", "President")]),
    ("Justice Ravi Rao", "PERSON", [("Ravi Rao", "Justice")]),
    ("Superintendent Mara Quist", "PERSON", [("Mara Quist", "Superintendent")]),
    ("Prime Minister Tomas Berg", "PERSON", [("Tomas Berg", "Prime Minister")]),
    ("Opposition Leader Kai Moss", "PERSON", [("Kai Moss", "Opposition Leader")]),
    ("Mr. Reeves", "PERSON", [("Reeves", "Mr.")]),
    ("MR. TRAVERS", "ORG", [("TRAVERS", "MR.")]),
    ("Colonel North", "PERSON", [("North", "Colonel")]),
    ("Dina Kral Specialist", "PERSON", [("Dina Kral", "Specialist")]),
    # only a title: no name at all
    ("Foreign Minister", "PERSON", []),
    ("National Security Adviser", "ORG", []),
    ("King of", "PERSON", []),
    # a title of something: the something is the name, without a role
    ("Administrator of Oxfam", "ORG", [("Oxfam", None)]),
    # an office word heading a body stays: the span is the body's name
    ("General Assembly", "ORG", [("General Assembly", None)]),
    ("Justice Dept.", "ORG", [("Justice Dept", None)]),
])
def test_titles_are_set_apart_as_roles(words, span, label, expected):
    assert names(span, label, words) == expected


@pytest.mark.parametrize(("span", "label", "expected"), [
    ("Will Vodafone", "PERSON", ["Vodafone"]),                  # a question's verb
    ("Dear Friend of Press Freedom", "ORG", ["Friend of Press Freedom"]),
    ("FY2026 Harbor Agency", "ORG", ["Harbor Agency"]),         # fiscal-year code
    ("Report R12345", "ORG", ["Report"]),                       # report number
    ("Internal Revenue Code of", "ORG", ["Internal Revenue Code"]),
    ("Lina Moreau of Access", "PERSON", ["Lina Moreau"]),       # a person's affiliation
    ("OSH Enforcement The Ministry of Labor", "ORG", ["Ministry of Labor"]),  # a heading glued on
    ("the Sunrise Network’s", "ORG", ["Sunrise Network"]),
])
def test_run_on_words_are_cut(words, span, label, expected):
    assert [name for name, _ in names(span, label, words)] == expected


@pytest.mark.parametrize(("span", "expected"), [
    ("Parliament’s Joint Committee on Security", ["Parliament", "Joint Committee on Security"]),
    ("Consumer's Union", ["Consumer's Union"]),  # a possessive before one word is part of the name
])
def test_an_inner_possessive_splits_owner_and_owned(words, span, expected):
    assert [name for name, _ in names(span, "ORG", words)] == expected


def test_an_inner_possessive_marks_the_owner(words):
    text = "Iran’s Armed Forces Command"
    owner, owned = pieces(text, 0, len(text), label="ORG", words=words)
    assert owner.owner and not owned.owner


@pytest.mark.parametrize(("span", "expected"), [
    ("United States Government", ["United States"]),
    ("the Trump Administration", ["Trump"]),
])
def test_a_government_description_keeps_the_name_without_its_label(words, span, expected):
    found = pieces(span, 0, len(span), label="ORG", words=words)
    assert [span[p.start:p.end] for p in found] == expected and all(p.owner for p in found)


def test_a_model_span_is_cut_at_commas(words):
    span = "Department of Homeland Security, Health and Human Services"
    assert [n for n, _ in names(span, "ORG", words, split_lists=True)] == [
        "Department of Homeland Security", "Health and Human Services"]
    assert [n for n, _ in names(span, "ORG", words)] == [span]
