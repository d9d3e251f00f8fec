"""qalam_entity_shapes: organization name shapes and person cues."""

import pytest
from spacy.matcher import Matcher

from pipeline.nlp.components.entities.shapes import RULE_ID, SHAPES_KEY


@pytest.mark.parametrize(("text", "name"), [
    ("Complaints went to the Ministry of Education last week.", "Ministry of Education"),
    ("The League of Rural Teachers met in the capital.", "League of Rural Teachers"),
    ("Members of the Farmers Union protested.", "Farmers Union"),
    ("The Coalition Against Hunger and Poverty published a letter.", "Coalition Against Hunger and Poverty"),
    ("The Public Council for Water Reform meets monthly.", "Public Council for Water Reform"),
    ("An NGO called Bright Futures trains nurses.", "Bright Futures"),
    ("One local partner, Nurafshon, runs shelters.", None),
    ("One NGO partner, Nurafshon, runs shelters.", "Nurafshon"),
    ("Volunteers at the Sunrise Youth Network cooked dinner.", "Sunrise Youth Network"),
])
def test_org_shapes(label_of, text, name):
    if name is None:
        assert label_of(text, "Nurafshon") != "ORG"
    else:
        assert label_of(text, name) == "ORG"


@pytest.mark.parametrize(("text", "name"), [
    ("Reforms stalled, according to Rakhimova.", "Rakhimova"),
    ("As Davletov observed, the courts were slow.", "Davletov"),
    ("Written by: Zarina Nazarova", "Zarina Nazarova"),
    ("Interview conducted by Zarina Nazarova", "Zarina Nazarova"),
    ("I spoke with a brave activist, Gulnora, the founder of a shelter.", "Gulnora"),
])
def test_person_shapes(label_of, text, name):
    assert label_of(text, name) == "PERSON"


@pytest.mark.parametrize(("text", "name", "label"), [
    ("Officials said the law changed.", "Officials", None),
    ("Residents told reporters the water was bad.", "Residents", None),
    ("Last week I had an interview with Firuza Olimova about her clinic.", "Firuza Olimova", "PERSON"),
])
def test_person_cues_need_proper_nouns(label_of, text, name, label):
    assert label_of(text, name) == label


@pytest.mark.parametrize(("text", "name"), [
    ("The Public Foundation “Nasli Navras” trains girls.", "Nasli Navras"),
    ("Funding went to Nurafshon, a local NGO working with migrants.", "Nurafshon"),
])
def test_registered_and_appositive_org_names(annotate, text, name):
    names = {e["text"]: e["label"] for e in annotate(text)._.entities}
    assert names.get(name) == "ORG" and "Public Foundation" not in names


def test_shapes_split_roles_and_coordinations(annotate):
    doc = annotate("She was the Steering Committee President. The Ministry of Health and Ministry of Finance met.")
    shapes = [(s.text, s.id_) for s in doc.spans[SHAPES_KEY]]
    assert ("Steering Committee", RULE_ID) not in shapes
    assert ("Ministry of Health", RULE_ID) in shapes and ("Ministry of Finance", RULE_ID) in shapes


def test_hyphenated_prefix_joins_the_name(annotate):
    doc = annotate("She joined the K-NET Youth Network in 2019.")
    assert "K-NET Youth Network" in [s.text for s in doc.spans[SHAPES_KEY]]


@pytest.mark.parametrize(("text", "name", "label"), [
    # a body named for a place, not the place itself
    ("She wrote about Code for Portugal and its volunteers.", "Code for Portugal", "ORG"),
    ("He worked at the City of Lisbon for five years.", "City of Lisbon", "ORG"),
    # a person "of" a country is a person and a place, not a body
    ("In the final, Tomasz Wilk of Poland beat Daniel Mensah of Ghana.", "Tomasz Wilk", "PERSON"),
    ("In the final, Tomasz Wilk of Poland beat Daniel Mensah of Ghana.", "Ghana", "PLACE"),
    # an outlet's or a company's suffix closes its name
    ("The Salt Harbor Tribune ran the story.", "Salt Harbor Tribune", "ORG"),
    # a mission named with its city
    ("Referrals go through the U.S. Embassy Kabul this year.", "U.S. Embassy Kabul", "ORG"),
    # a lead's list of fields is one name when a comma stands before "and"
    ("Aid came under the Bureau of Population, Refugees, and Migration.",
     "Bureau of Population, Refugees, and Migration", "ORG"),
    # kinds before "such as"
    ("Data is withheld from organisations such as the KESTRA and local councils.", "KESTRA", "ORG"),
])
def test_more_org_shapes(label_of, text, name, label):
    assert label_of(text, name) == label


def test_a_capitalised_verb_in_a_name_is_no_speech_cue(annotate):
    doc = annotate("The Norvia-United States Free Trade Agreement came into force.")
    assert not any(s.label_ == "PERSON" for s in doc.spans[SHAPES_KEY])


def test_a_place_head_closes_a_place_name(label_of):
    assert label_of("Fishing boats cross the Velmar Strait every day.", "Velmar Strait") == "PLACE"


def _required_words(spec: dict) -> set[str] | None:
    """The words one of which a token must be, as written, to match ``spec`` (None: any word)."""
    orth = spec.get("ORTH")
    if isinstance(orth, str):
        return {orth}
    return set(orth["IN"]) if isinstance(orth, dict) and "IN" in orth else None


def test_every_word_set_a_rule_needs_is_one_its_pattern_requires(nlp):
    shapes = nlp.get_pipe("qalam_entity_shapes").shapes.values()
    assert {rule.name for rule in shapes if rule.needs} >= {"org_lead", "org_called", "org_seat", "person_byline"}
    for rule in shapes:
        if rule.needs:
            required = [_required_words(spec) for spec in rule.pattern if spec.get("OP") in (None, "+")]
            assert any(words is not None and words <= rule.needs for words in required), rule.name


@pytest.mark.parametrize("text", [
    "Written by Dana Kim. The Ministry of Water and an NGO called Clean Wells met, according to Ravshan Aliev.",
    "Reforms stalled, according to Rakhimova, as the Farmers Union and the Water Users Association said.",
    "No capitalised words follow here at all.",
])
def test_rules_left_out_for_a_doc_change_no_match(nlp, text):
    shapes = nlp.get_pipe("qalam_entity_shapes")
    every_rule = Matcher(nlp.vocab)
    for key, rule in shapes.shapes.items():
        every_rule.add(key, [rule.pattern], greedy="LONGEST")
    doc = nlp(text)
    assert shapes.matcher_for(doc)(doc) == every_rule(doc)
