"""Grouping mentions into entities and deciding one label per entity, on hand-made mentions (no model)."""

from collections import Counter

from pipeline.nlp.components.entities.evidence import source_votes
from pipeline.nlp.components.entities.grouping import decide_label, entity_record, group_mentions, merge_same_name
from pipeline.nlp.components.entities.mentions import Mention

NAMES = {"org:united-nations-development-programme": "United Nations Development Programme",
         "place:armenia": "Armenia"}


def mention(text: str, doc: str, label: str, source: str = "model", gid: str = "", *, at: int = 0,
            votes: Counter | None = None) -> Mention:
    start = doc.index(text, at)
    return Mention(start, start + len(text), text, label, source, gid,
                   votes=votes if votes is not None else source_votes(label, source, gid))


def records(doc: str, *mentions: Mention):
    groups = group_mentions(doc, list(mentions), NAMES)
    return merge_same_name([entity_record(g, decide_label(g), NAMES) for g in groups])


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
    chapter = mention("Sunrise Network in Armenia", doc, "ORG")
    (network,) = records(doc, first, chapter)
    assert network.count == 2 and network.text == "Sunrise Network"


def test_a_surname_joins_the_one_full_name_ending_with_it():
    doc = "Jan Novak spoke. Later Novak left."
    (person,) = records(doc, mention("Jan Novak", doc, "PERSON"), mention("Novak", doc, "PERSON", at=10))
    assert person.text == "Jan Novak" and person.aliases == ["Novak"]


def test_a_first_name_joins_the_full_name_and_the_model_label_of_a_lone_surname_counts_half():
    doc = "Tony Abbott spoke. A letter to Abbott, then Abbott left. Tony laughed."
    full = mention("Tony Abbott", doc, "PERSON")
    lone = [mention("Abbott", doc, "PLACE", at=doc.index("to Abbott")), mention("Abbott", doc, "PLACE", at=40)]
    (person,) = records(doc, full, *lone, mention("Tony", doc, "PERSON", at=50))
    assert person.label == "PERSON" and person.count == 4


def test_one_label_from_all_mentions_and_every_mention_carries_it():
    doc = "Lena Varga said. Lena Varga wrote."
    first = mention("Lena Varga", doc, "ORG")
    second = mention("Lena Varga", doc, "PERSON", "rule", at=10)
    (entity,) = records(doc, first, second)
    assert entity.label == "PERSON" and [m.start for m in entity.mentions] == [0, 17]


def test_a_gazetteer_place_and_a_titled_mention_of_the_same_name():
    doc = "Florence said hello. Mrs Florence left."
    place = mention("Florence", doc, "PLACE", "rule", "place:florence")
    titled = mention("Florence", doc, "PERSON", at=25, votes=Counter({"PERSON": 5.0}))
    (entity,) = records(doc, place, titled)
    assert entity.label == "PERSON"


def test_mentions_keep_their_role():
    doc = "President Ana Lima spoke."
    lima = Mention(10, 18, "Ana Lima", "PERSON", "model", role="President", votes=Counter({"PERSON": 5.0}))
    (entity,) = records(doc, lima)
    assert entity.mentions[0].role == "President" and entity.text == "Ana Lima"


def test_a_metadata_author_is_an_entity_without_mentions():
    doc = "No byline in the text."
    author = Mention(0, 0, "Jane Roe", "PERSON", "metadata", votes=Counter({"PERSON": 2.0}))
    (entity,) = records(doc, author)
    assert entity.source == "metadata" and entity.count == 0 and entity.mentions == []
