"""Name folding and entity ids, shared with corpus inspection and the gazetteer build."""

import pytest

from pipeline.nlp.components.entities.names import ascii_fold, contract_label, entity_id, fold


@pytest.mark.parametrize(("name", "folded"), [
    ("The World Bank", "world bank"),
    ("Peshraft’s", "peshraft"),
    ("Zürich", "zurich"),
    ("K-NET  Youth", "k net youth"),
    ("O`Neill`s", "o neill"),
])
def test_fold(name, folded):
    assert fold(name) == folded


def test_entity_id_and_labels():
    assert entity_id("ORG", "United Nations") == "org:united-nations"
    assert entity_id("GPE", "Душанбе") == "place:душанбе"
    assert entity_id("PERSON", "!!!") == "person:unnamed"
    assert contract_label("LOC") == "PLACE" and contract_label("NORP") == "NORP"
    assert ascii_fold("Zürich") == "Zurich"
