"""The Russian pipeline fills the same Doc contract as the English one (made-up text)."""

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
