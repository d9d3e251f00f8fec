"""The Russian pipeline fills the same Doc contract as the English one (made-up text)."""

from pipeline.nlp.ru.slovnet_tagger import by_length

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
