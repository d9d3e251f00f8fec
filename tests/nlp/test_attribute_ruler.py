"""The model's attribute rules matched by array lookups: spaCy's matches, spaCy's annotations."""

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from pipeline.nlp.attribute_ruler import IndexedAttributeRuler

MODEL_STEPS = ("tok2vec", "tagger", "parser")  # what the model's attribute ruler reads


def test_the_english_pipeline_matches_its_attribute_rules_as_spacy_does(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, IndexedAttributeRuler) and ruler.rules
    doc = nlp.make_doc("I couldn't say whether they'd have been there. The Vale Trust has 2 offices, hasn't it?\n\nNo.")
    for step in MODEL_STEPS:
        doc = nlp.get_pipe(step)(doc)
    matches = ruler.match(doc)
    assert matches and matches == AttributeRuler.match(ruler, doc)


# Made-up rules of every kind the index reads: a word, a flag, sets, a regex, two tokens, an
# index from the end, any token; and one with an operator, which leaves it to spaCy's Matcher.
RULES = [
    {"patterns": [[{"LOWER": "the"}]], "attrs": {"POS": "DET"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "TAG": "_SP"}},
    {"patterns": [[{"TEXT": {"IN": ["Vale", "Trust"]}}]], "attrs": {"POS": "PROPN"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["the", "vale"]}, "IS_ALPHA": True}]], "attrs": {"MORPH": "Case=Nom"}},
    {"patterns": [[{"TEXT": {"REGEX": r"^\d+$"}}]], "attrs": {"POS": "NUM", "LEMMA": "number"}},
    {"patterns": [[{"LOWER": "vale"}, {"LOWER": "trust"}]], "attrs": {"MORPH": "Number=Sing"}, "index": -1},
    {"patterns": [[{}, {"TEXT": "."}]], "attrs": {"TAG": "NN"}},
    {"patterns": [[{"LOWER": "the"}], [{"LOWER": "the"}]], "attrs": {"LEMMA": "the"}},
]
OPERATOR_RULE = {"patterns": [[{"IS_ALPHA": True, "OP": "+"}]], "attrs": {"LEMMA": "word"}}
TEXT = "The Vale Trust sent 12 trucks.\n\nthe trust  waited 3 days."


def _annotated(ruler: AttributeRuler, nlp) -> list[tuple]:
    doc = ruler(nlp.make_doc(TEXT))
    return [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in doc]


@pytest.mark.parametrize(("rules", "indexed"), [(RULES, True), ([*RULES, OPERATOR_RULE], False)])
def test_made_up_rules_give_spacys_matches_and_annotations(rules, indexed):
    nlp = spacy.blank("en")
    spacys, ours = AttributeRuler(nlp.vocab), IndexedAttributeRuler(nlp.vocab)
    spacys.add_patterns(rules)
    ours.add_patterns(rules)
    assert (ours.rules is not None) == indexed
    doc = nlp.make_doc(TEXT)
    assert ours.match(doc) == spacys.match(doc) != []
    assert _annotated(ours, nlp) == _annotated(spacys, nlp)


def test_cleared_rules_index_again():
    nlp = spacy.blank("en")
    ruler = IndexedAttributeRuler(nlp.vocab)
    ruler.add_patterns([OPERATOR_RULE])
    ruler.initialize(lambda: [], patterns=RULES)
    assert ruler.rules is not None and len(ruler.rules) == len(RULES) + 1
