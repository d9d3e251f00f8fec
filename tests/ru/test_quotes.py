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


@pytest.mark.parametrize("text, speaker", [
    # a role noun after the dash: the person reported as speaking just before
    ("Выступил директор школы Тимур Назаров, который подчеркнул, что школе нужен ремонт. "
     "«Мы ждём помощи от города уже третий год», — отметил докладчик.", "Тимур Назаров"),
    # a role noun with an organisation after it stands for the person who spoke before it
    ("«Суд не услышал ни одного нашего довода», — сказал Тимур Назаров.\n\n"
     "«Мы будем обжаловать это решение в высшей инстанции», — добавил глава фонда «Право».", "Тимур Назаров"),
    # an impersonal cue: a document is no speaker, the person who spoke before is
    ("Представитель компании Тимур Назаров сообщил, что концерт был частным.\n\n"
     "«Мероприятие было согласовано с организаторами заранее», — говорится в заявлении.", "Тимур Назаров"),
    # the possessive inside "по его словам" is the source
    ("Тимур Назаров выступил на собрании.\n\nПо его словам, «школа не получила ни одного учебника».", "Тимур Назаров"),
    # words quoted inside a sentence about a named person
    ("Главную проблему Тимур Назаров видит в «нежелании чиновников слышать жителей горных сёл».", "Тимур Назаров"),
    # the name in apposition to the role, not the organisation in the genitive
    ("Председатель комитета Иван Петров заявил: «Мы будем работать с каждым районом».", "Иван Петров"),
])
def test_role_nouns_possessives_impersonal_cues_and_subjects(ru_nlp, text, speaker):
    assert [s for _, s in _quotes(ru_nlp, text)][-1] == speaker


def test_a_dash_on_the_next_line_is_a_question_not_a_cue(ru_nlp):
    text = ("Беседа с учительницей Мариной Соколовой\n\n«Детям не хватает учителей и тёплых классов»\n\n"
            "— Объясните, почему школа до сих пор не отремонтирована?\n\n— Денег нет уже пять лет.\n\n"
            "— Сколько у вас учеников?\n\n— Сорок два, и каждый год приходят новые.")
    doc = ru_nlp(text)
    assert doc._.kind == "interview"
    quote = doc.spans["quotes"][0]
    assert quote._.quote["speaker"] == doc._.interview["interviewee"] == "Марина Соколова"


def test_a_quote_opening_its_paragraph_takes_no_cue_from_the_paragraph_before(ru_nlp):
    text = ("Жители сёл призвали власти построить дорогу.\n\n"
            "«Весной мы снова останемся без связи с городом и больницей».")
    assert [s for _, s in _quotes(ru_nlp, text)] == [None]
