"""The Russian pipeline fills the same Doc contract as the English one (made-up text)."""

import pytest

from pipeline.nlp.ru.slovnet_tagger import by_length, one_tree

TEXT = "Нилуфар Рахимова возглавляет Ассоциацию молодых юристов. Она живёт в Худжанде.\n\nЗаголовок"


def test_tokens_get_pos_morph_lemma_and_a_parse(ru_nlp):
    doc = ru_nlp(TEXT)
    verb = next(t for t in doc if t.text == "возглавляет")
    assert verb.pos_ == "VERB" and verb.lemma_ == "возглавлять" and verb.dep_ == "ROOT"
    assert doc[1].morph.get("Case")
    assert [s.text.strip() for s in doc.sents][-1] == "Заголовок"  # a line never runs into the next


def test_entities_use_qalam_labels(ru_nlp):
    doc = ru_nlp(TEXT)
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Нилуфар Рахимова") == "PERSON"
    assert labels.get("Худжанде") == "LOC"


def test_lemmas_are_remembered_and_match_a_fresh_analysis(ru_nlp):
    lemmatizer = ru_nlp.get_pipe("lemmatizer")
    token = next(t for t in ru_nlp("Юристы помогали молодым юристам.") if t.text == "юристам")
    assert (token.orth, token.pos, token.morph.key) in lemmatizer.remembered
    assert lemmatizer._pymorphy_lemmatize(token) == [token.lemma_] == ["юрист"]


def test_sentences_are_tagged_in_their_own_order_when_batched_by_length():
    class Echo:
        def map(self, items):
            return (f"{item}!" for item in items)

    assert by_length(Echo(), ["ccc", "a", "bb"]) == ["ccc!", "a!", "bb!"]


@pytest.mark.parametrize("heads, tree, root_relations", [
    ([1, -1, 1], [1, -1, 1], {1: "ROOT"}),                       # already one tree
    ([1, -1, 1, -1], [1, -1, 1, 1], {1: "ROOT", 3: "parataxis"}),  # a second root hangs on the first
    ([1, 0, 1], [-1, 0, 1], {0: "ROOT"}),                        # a cycle and no root: cut at its first word
    ([-1, 2, 1, 0], [-1, 0, 1, 0], {0: "ROOT"}),                 # a cycle beside the root hangs on it
])
def test_a_parse_is_made_one_tree_per_sentence(heads, tree, root_relations):
    relations = ["dep"] * len(heads)
    assert one_tree(heads, relations) == tree
    assert {i: relations[i] for i in root_relations} == root_relations


def test_imperatives_keep_their_sentences(ru_nlp):
    """The parser's cycles on instructions must not move sentence starts (made-up recipe)."""
    doc = ru_nlp("Налейте масло, мелко нарежьте лук. Нарежьте соломкой курицу, добавьте к луку.")
    assert [s.text for s in doc.sents] == ["Налейте масло, мелко нарежьте лук.",
                                           "Нарежьте соломкой курицу, добавьте к луку."]
    assert not doc._.entities
