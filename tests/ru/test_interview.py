"""The interview component in the Russian pipeline: dash dialogue, the interviewee from the
introduction, and the kind from Russian evidence (made-up texts)."""

INTERVIEW = ("Учитель из горного села\n\n"
             "О том, как живёт сельская школа, нам рассказала учительница Марина Соколова.\n\n"
             "— Сколько у вас учеников?\n\n— Сорок два, и каждый год приходят новые.\n\n"
             "— Что вам нужно больше всего?\n\n— Нам нужны учебники и тёплый класс.")
ARTICLE = ("В городе открылся новый мост\n\n"
           "Мэр города Павел Орлов заявил, что мост построили за два года. "
           "«Это подарок всем жителям города», — сказал он.")


def test_a_dash_dialogue_is_an_interview_with_the_interviewee_from_the_introduction(ru_nlp):
    doc = ru_nlp(INTERVIEW)
    assert doc._.kind == "interview"
    assert doc._.interview["interviewee"] == "Марина Соколова"
    assert [t["question"] for t in doc._.interview["turns"]] == ["Сколько у вас учеников?", "Что вам нужно больше всего?"]
    assert {r["feature"] for r in doc._.kind_reasons} >= {"qa_turns", "marked_questions", "interview_cue"}


def test_reported_speech_makes_a_russian_article(ru_nlp):
    doc = ru_nlp(ARTICLE)
    assert doc._.kind == "article" and doc._.interview is None
    assert any(r["feature"] == "reported_speech" for r in doc._.kind_reasons)


NEWS_ABOUT_PEOPLE = (
    "Жители села собрали деньги на новый мост\n\n"
    "Учитель Тимур Назаров и фермер Олег Рахимов начали сбор денег в марте. "
    "Через месяц к ним присоединились врач Дилноза Каримова и студент Алишер Юсупов. "
    "Назаров и Рахимов собрали 120 тыс. сомони, Каримова добавила ещё 15 тыс. сомони, "
    "а Юсупов привёз из города 40 мешков цемента и 12 досок. "
    "Каримова и Юсупов открыли мост 3 мая вместе с инженером Фаридом Исмаиловым, "
    "и в тот же день по нему прошли 300 жителей.")


def test_news_about_people_is_an_article_despite_its_figures(ru_nlp):
    doc = ru_nlp(NEWS_ABOUT_PEOPLE)
    features = {r["feature"] for r in doc._.kind_reasons}
    assert doc._.kind == "article" and "people" in features and "figures" in features


def test_the_interviewers_credit_line_names_the_interviewer(ru_nlp):
    doc = ru_nlp(INTERVIEW + "\n\nБеседовала Анна Петрова")
    assert doc._.interview["interviewer"] == "Анна Петрова"
    assert doc._.interview["interviewee"] == "Марина Соколова"
