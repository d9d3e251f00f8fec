"""One label per entity, decided from the evidence of all its mentions (evidence.py, grouping.py)."""

import pytest

from pipeline.nlp.components.entities.names import fold


def labels(annotate, text: str) -> dict[str, str]:
    """Folded name or alias -> label."""
    found = {}
    for entity in annotate(text)._.entities:
        for form in (entity["text"], *entity["aliases"]):
            found[fold(form)] = entity["label"]
    return found


@pytest.mark.parametrize(("text", "name", "label"), [
    # a given name that is also a town: a title or a speech verb says person
    ("Ms. Florence Nakato opened the clinic. Nakato said it would stay open.", "Florence Nakato", "PERSON"),
    ("Dr. Jordan Lee runs the shelter, and Lee said it is full.", "Jordan Lee", "PERSON"),
    # an organization word or an outlet's suffix says organization
    ("The story ran in the Harbor City Tribune last week.", "Harbor City Tribune", "ORG"),
    ("Velmora Media reported the vote first.", "Velmora Media", "ORG"),
    # kind nouns and roles around the name
    ("Police raided the offices of the news outlet Tarsk Live on Monday.", "Tarsk Live", "ORG"),
    ("She is the editor of Quillon and a poet.", "Quillon", "ORG"),
    ("The verdict against Ruslan Bekten, a poet and activist, was upheld.", "Ruslan Bekten", "PERSON"),
    ("The navy keeps ships at the port city of Marrowby.", "Marrowby", "PLACE"),
])
def test_cues_decide_the_label(annotate, text, name, label):
    assert labels(annotate, text).get(fold(name)) == label


def test_every_mention_carries_the_one_label(annotate):
    doc = annotate("Mr. Delmar Oduya chairs the board. Oduya said the board met. Later Oduya left for Accra.")
    person = next(e for e in doc._.entities if e["text"] == "Delmar Oduya")
    assert person["label"] == "PERSON" and person["count"] == 3
    spans = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
    assert all(spans[(m["start"], m["end"])] == "PERSON" for m in person["mentions"])


def test_neighbours_in_a_list_lend_their_settled_label(annotate):
    found = labels(annotate, "Fellows came from Google, Microsoft and Zentrix over the years.")
    assert found.get("zentrix") == "ORG"


def test_a_person_addressed_by_name_is_a_person(annotate):
    found = labels(annotate, "Laura Mendes: So is it as simple, Stacco, as you say? Stacco Varro: Yes, it is.")
    assert found.get("stacco varro") == "PERSON"


def test_the_title_is_kept_as_the_mention_role(annotate):
    doc = annotate("President Ana Lima met Justice Ravi Rao in Lisbon.")
    by_name = {e["text"]: e for e in doc._.entities}
    assert by_name["Ana Lima"]["mentions"][0]["role"] == "President"
    assert by_name["Ravi Rao"]["mentions"][0]["role"] == "Justice"
    assert "President Ana Lima" not in {e.text for e in doc.ents}


def test_a_title_before_a_name_the_model_missed_makes_a_person(annotate):
    found = labels(annotate, "As I think you have heard Colonel Brandt testify, we did not know.")
    assert found.get("brandt") == "PERSON"
