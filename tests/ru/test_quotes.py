"""Russian quotations and speakers (made-up text)."""

import pytest


def _quotes(ru_nlp, text):
    doc = ru_nlp(text)
    return [(s.text, s._.quote["speaker"]) for s in doc.spans["quotes"]]


@pytest.mark.parametrize("text, speaker", [
    ("«Мы будем добиваться справедливого решения суда», — сказала Гульнара Каримова.", "Гульнара Каримова"),
    ("«Мы будем добиваться справедливого решения суда» — заявил Бахтиёр Алиев.", "Бахтиёр Алиев"),
    ("Бахтиёр Алиев заявил: «Мы будем добиваться справедливого решения суда».", "Бахтиёр Алиев"),
    ("По словам Бахтиёра Алиева, «суд обязан рассмотреть все жалобы граждан».", "Бахтиёр Алиев"),
])
def test_speaker_cues(ru_nlp, text, speaker):
    assert [s for _, s in _quotes(ru_nlp, text)] == [speaker]


def test_pronoun_resolves_to_the_person_named_before(ru_nlp):
    text = ("Правозащитник Бахтиёр Алиев не согласен с решением.\n\n"
            "«Суд не услышал ни одного нашего довода», — сказал он.")
    assert _quotes(ru_nlp, text) == [("Суд не услышал ни одного нашего довода", "Бахтиёр Алиев")]


@pytest.mark.parametrize("text", [
    "Депутаты обсудили закон «О некоммерческих организациях и фондах» во втором чтении.",
    "Она снималась в сериале «Как я провёл это лето» много лет.",
    "Он работает в организации «Союз молодых юристов Азии» с 2010 года.",
    "Это был «очень странный» поступок.",
])
def test_titles_and_terms_are_not_quotes(ru_nlp, text):
    assert _quotes(ru_nlp, text) == []
