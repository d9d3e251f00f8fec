"""qalam_entity_overlap: the policy that settles doc.ents from the model and the rules."""

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span
from spacy.util import registry

from pipeline.nlp.components.entities.overlap import resolve_overlaps
from pipeline.nlp.components.entities.shapes import RULE_ID


@pytest.fixture(scope="module")
def words(nlp):
    return nlp.get_pipe("qalam_entity_overlap").words


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def spans(doc, *items):
    return [Span(doc, start, end, label=label, span_id=span_id) for start, end, label, span_id in items]


def test_the_policy_is_registered():
    assert registry.misc.get("qalam.entity_overlap.v1")() is resolve_overlaps


def test_longest_rule_wins_and_gazetteer_beats_shapes_on_ties(blank, words):
    doc = blank("the Aral Sea Basin Trust and Oxfam")
    gazetteer = spans(doc, (1, 3, "LOC", "place:aral-sea"), (6, 7, "ORG", "org:oxfam"))
    shapes = spans(doc, (1, 5, "ORG", RULE_ID), (6, 7, "ORG", RULE_ID))
    result = [(s.text, s.id_) for s in resolve_overlaps([], gazetteer, shapes, words=words)]
    assert result == [("Aral Sea Basin Trust", RULE_ID), ("Oxfam", "org:oxfam")]


def test_a_longer_model_name_keeps_the_place_inside_it(blank, words):
    doc = blank("students of Zürich University")
    model = spans(doc, (2, 4, "ORG", ""))
    gazetteer = spans(doc, (2, 3, "GPE", "place:zurich"))
    assert [s.text for s in resolve_overlaps(model, gazetteer, [], words=words)] == ["Zürich University"]


def test_a_model_entity_over_two_rule_names_is_a_coordination(blank, words):
    doc = blank("UNICEF and UNDP met")
    model = spans(doc, (0, 3, "ORG", ""))
    gazetteer = spans(doc, (0, 1, "ORG", "org:unicef"), (2, 3, "ORG", "org:undp"))
    assert [s.text for s in resolve_overlaps(model, gazetteer, [], words=words)] == ["UNICEF", "UNDP"]


def test_a_person_cue_keeps_a_place_surname(blank, words):
    doc = blank("Mr Batken said")
    model = spans(doc, (1, 2, "PERSON", ""))
    gazetteer = spans(doc, (1, 2, "GPE", "place:batken"))
    assert [s.label_ for s in resolve_overlaps(model, gazetteer, [], words=words)] == ["PERSON"]


def test_person_shape_loses_to_a_multi_word_model_org(blank, words):
    doc = blank("according to Human Rights Watch")
    model = spans(doc, (2, 5, "ORG", ""))
    shapes = spans(doc, (2, 4, "PERSON", RULE_ID))
    assert [(s.text, s.label_) for s in resolve_overlaps(model, [], shapes, words=words)] == \
        [("Human Rights Watch", "ORG")]


def test_overlap_gazetteer_beats_model_and_shapes_win_when_longer(annotate):
    doc = annotate("Activists in Zürich met the Ministry of Health of Armenia.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Zürich") == "GPE"
    assert labels.get("Ministry of Health of Armenia") == "ORG"


def test_model_entities_outside_rules_are_kept(annotate):
    doc = annotate("Barack Obama visited Berlin in 2009.")
    assert {e.label_ for e in doc.ents} >= {"PERSON", "GPE", "DATE"}


def test_many_matches_stay_linear(blank, words, assert_grows_linearly):
    def resolve(doc) -> list:
        gazetteer = [Span(doc, i, i + 1, label="ORG", span_id="org:x") for i in range(0, len(doc), 4)]
        shapes = [Span(doc, i, i + 3, label="ORG", span_id=RULE_ID) for i in range(0, len(doc) - 3, 4)]
        model = [Span(doc, i, i + 1, label="ORG") for i in range(2, len(doc), 4)]
        return resolve_overlaps(model, gazetteer, shapes, words=words)

    small, large = blank("Oxfam and UNICEF . " * 1000), blank("Oxfam and UNICEF . " * 4000)
    assert len(resolve(large)) == 4000
    assert_grows_linearly(resolve, small, large)


@registry.misc("qalam_test.model_only.v1")
def model_only_v1():
    return lambda model_ents, gazetteer, shapes, *, words: model_ents


def test_the_policy_is_swapped_by_name(blank, words):
    nlp = spacy.blank("en")
    overlap = nlp.add_pipe("qalam_entity_overlap", config={"policy": {"@misc": "qalam_test.model_only.v1"}})
    overlap.initialize(rules_dir=Path(__file__).resolve().parents[2] / "models")
    doc = nlp.make_doc("Oxfam met UNICEF")
    doc.ents = spans(doc, (0, 1, "ORG", ""))
    doc.spans["entity_gazetteer"] = spans(doc, (2, 3, "ORG", "org:unicef"))
    assert [e.text for e in overlap(doc).ents] == ["Oxfam"]
