"""Grouping mentions into entities, on hand-made mentions (no model)."""

from pipeline.nlp.components.entities.grouping import Mention, entity_record, group_mentions, merge_same_name

NAMES = {"org:united-nations-development-programme": "United Nations Development Programme",
         "place:armenia": "Armenia"}


def mention(text: str, doc: str, label: str, source: str = "model", gid: str = "") -> Mention:
    start = doc.index(text)
    return Mention(start, start + len(text), text, label, source, gid)


def records(doc: str, *mentions: Mention):
    return merge_same_name([entity_record(g, NAMES) for g in group_mentions(doc, list(mentions), NAMES)])


def test_acronym_and_long_form_are_one_entity_with_the_gazetteer_id():
    doc = "The United Nations Development Programme (UNDP) works here. UNDP pays."
    (undp,) = records(doc, mention("United Nations Development Programme", doc, "ORG", "rule",
                                   "org:united-nations-development-programme"),
                      mention("UNDP", doc, "ORG"))
    assert undp.id == "org:united-nations-development-programme" and undp.source == "acronym"
    assert "UNDP" in undp.aliases


def test_a_chapter_in_a_known_place_joins_its_organization():
    doc = "Sunrise Network grew. Sunrise Network in Armenia opened."
    first = mention("Sunrise Network", doc, "ORG")
    chapter = Mention(doc.index("Sunrise Network in"), doc.index(" opened"), "Sunrise Network in Armenia", "ORG", "model")
    (network,) = records(doc, first, chapter)
    assert network.count == 2 and network.text == "Sunrise Network"


def test_a_surname_joins_the_one_full_name_ending_with_it():
    doc = "Jan Novak spoke. Later Novak left."
    full = mention("Jan Novak", doc, "PERSON")
    short = Mention(doc.index("Novak left"), doc.index(" left"), "Novak", "PERSON", "model")
    (person,) = records(doc, full, short)
    assert person.text == "Jan Novak" and person.aliases == ["Novak"]


def test_rule_evidence_decides_the_label():
    doc = "Lena Varga said. Lena Varga wrote."
    first = Mention(0, 10, "Lena Varga", "ORG", "model")
    second = Mention(17, 27, "Lena Varga", "PERSON", "rule")
    (entity,) = records(doc, first, second)
    assert entity.label == "PERSON" and [m.start for m in entity.mentions] == [0, 17]
