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


def test_a_quote_the_authors_words_interrupt_is_two_quotes_of_one_speaker(ru_nlp):
    text = ("«Я не могу поддержать этот проект, который отнимает у жителей парк, — написал Тимур Назаров. — "
            "Возможно, позже я изменю своё мнение. Но пока нет».")
    assert _quotes(ru_nlp, text) == [
        ("Я не могу поддержать этот проект, который отнимает у жителей парк", "Тимур Назаров"),
        ("Возможно, позже я изменю своё мнение. Но пока нет", "Тимур Назаров")]


@pytest.mark.parametrize("text, quote", [
    # a short verbless quote with a dash and a speech verb after it is speech, not a name
    ("«Но эти шансы слабые», — признал Тимур Назаров.", "Но эти шансы слабые"),
    ("«Марина Соколова — молодец. Браво», — заявил Тимур Назаров.", "Марина Соколова — молодец. Браво"),
])
def test_an_attributed_short_quote_is_speech(ru_nlp, text, quote):
    assert _quotes(ru_nlp, text) == [(quote, "Тимур Назаров")]


@pytest.mark.parametrize("text", [
    # titles listed after one title noun, and a title with its original name in brackets
    "Он играл в сериалах «Доктор из маленького города» (Small Town Doctor) и «Как мы прожили это лето».",
    "Она снялась в картине «Когда мы снова встретимся в горах» (When We Meet Again) в прошлом году.",
])
def test_titles_listed_together_or_with_their_original_name(ru_nlp, text):
    assert _quotes(ru_nlp, text) == []


def test_the_name_in_apposition_to_the_subject_says_the_quoted_words(ru_nlp):
    text = "Задачей-минимум Сидоренко видит отмену «штрафов за неправильную парковку во дворах»."
    assert [s for _, s in _quotes(ru_nlp, text)] == ["Сидоренко"]


def test_a_pronoun_stands_for_the_subject_of_the_sentence_before(ru_nlp):
    """Not for a person named in a clause of reported speech inside that sentence."""
    text = ("«Мы разные. Он может говорить что хочет», - сказал Тимур Назаров.\n\n"
            "Министр признал, что Сидоренко не раз звал его на эфир. «Рано или поздно я приду к нему "
            "в студию», - заключил он.")
    assert [s for _, s in _quotes(ru_nlp, text)][-1] == "Тимур Назаров"


def test_a_name_and_a_colon_before_the_quote(ru_nlp):
    text = "Новости дня\n\nТимур Назаров: «Мы построим новую школу в каждом районе»\n\nТекст статьи."
    assert _quotes(ru_nlp, text) == [("Мы построим новую школу в каждом районе", "Тимур Назаров")]


def test_a_headline_quote_before_a_colon_and_a_name(ru_nlp):
    text = "«Люди устали от обещаний»: Тимур Назаров о том, что будет с ценами\n\nТекст статьи."
    assert _quotes(ru_nlp, text) == [("Люди устали от обещаний", "Тимур Назаров")]


def test_a_quote_opening_its_paragraph_after_one_person_reported_speaking(ru_nlp):
    text = ("Министр культуры Тимур Назаров выступил на заседании правительства.\n\n"
            "В конце доклада министр объяснил свою позицию журналистам.\n\n"
            "«Нас часто спрашивают, почему музеи закрыты по понедельникам».")
    assert [s for _, s in _quotes(ru_nlp, text)] == ["Тимур Назаров"]


@pytest.mark.parametrize("text, speaker", [
    # an impersonal plural names the office that speaks
    ("«Всех задержанных доставили в отдел», — сказали в УПСМ.", "УПСМ"),
    # the office named only by its kind: the one an earlier report named
    ("Об этом сообщили в пресс-службе Министерства юстиции КР.\n\n"
     "«Документы передали в суд», - пояснили в пресс-службе.", "Министерство юстиции КР"),
])
def test_an_office_speaks_through_an_impersonal_plural(ru_nlp, text, speaker):
    assert [s for _, s in _quotes(ru_nlp, text)] == [speaker]
