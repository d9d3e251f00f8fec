"""Speakers and entities: fuller names and entity ids, on hand-made entity records."""

from pipeline.nlp.components.quotes.linking import EntityIndex

TEXT = "Jan Novak and the Delta Water Fund spoke; Novak left."
ENTITIES = [
    {"id": "person:jan-novak", "text": "Jan Novak", "label": "PERSON", "aliases": ["Novak"], "source": "model",
     "count": 2, "mentions": [{"start": 0, "end": 9, "text": "Jan Novak"}, {"start": 42, "end": 47, "text": "Novak"}]},
    {"id": "org:delta-water-fund", "text": "Delta Water Fund", "label": "ORG", "aliases": ["DWF"],
     "source": "rule", "count": 1, "mentions": [{"start": 18, "end": 34, "text": "Delta Water Fund"}]},
]


def test_a_mention_takes_the_fuller_name_that_contains_it():
    index = EntityIndex(ENTITIES)
    assert index.canonical("Novak", 42, 47) == "Jan Novak"
    assert index.canonical("DWF", 18, 21) == "DWF"  # no mention there
    assert index.canonical("Someone", 0, 3) == "Someone"
    assert index.canonical("Novak", 60, 65) == "Jan Novak"  # a surname no entity mention covers
    assert index.canonical("Fund", 60, 64) == "Fund"  # a word of a body's name is not the body


def test_entity_id_by_overlapping_mention_then_by_shared_word():
    index = EntityIndex(ENTITIES)
    assert index.entity_id("Delta Water Fund", 18, 34) == "org:delta-water-fund"
    assert index.entity_id("the Fund", 14, 34) == "org:delta-water-fund"
    assert index.entity_id("Mr Novak", None, None) == "person:jan-novak"
    assert index.entity_id("dwf", 100, 104) == "org:delta-water-fund"
    assert index.entity_id("Nobody", None, None) is None
    assert index.entity_id(None, 0, 9) is None


def test_no_entities():
    index = EntityIndex(None)
    assert index.canonical("Novak", 0, 5) == "Novak" and index.entity_id("Novak", 0, 5) is None
