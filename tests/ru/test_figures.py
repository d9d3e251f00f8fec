"""Russian figures (made-up sentences)."""

import pytest


def _figures(ru_nlp, text):
    doc = ru_nlp(text)
    return [(s._.figure["kind"], s._.figure["value"], s._.figure["unit"]) for s in doc.spans["figures"]]


@pytest.mark.parametrize("text, expected", [
    ("В проекте участвовали двадцать три школы района.", [("count", 23, None)]),
    ("Помощь получили пятеро волонтёров и 27 активистов.", [("count", 5, None), ("count", 27, None)]),
    ("Доля выросла до 76,4% за счёт села.", [("percent", 76.4, None)]),
    ("Показатель снизился на 6 п.п. в городах.", [("percent", 6, "pp")]),
    ("Опрошено 2 500 жителей и 35 тыс. семей.", [("count", 2500, None), ("count", 35000, None)]),
    ("Бюджет составил 2,2 трлн руб. в этом году.", [("money", 2.2e12, "RUB")]),
    ("Грант составил полтора миллиона долларов США.", [("money", 1.5e6, "USD")]),
    ("Фонд выделил 5 млн сомони на ремонт.", [("money", 5e6, "TJS")]),
    ("Штраф достигает 10 000 сом в Бишкеке.", [("money", 10000, "KGS")]),
    ("Они заплатили 300 тысяч тенге.", [("money", 300000, "KZT")]),
    ("Зарплата — 900 тысяч сумов в месяц.", [("money", 900000, "UZS")]),
    ("Выставка стоила 40 евро за билет.", [("money", 40, "EUR")]),
    ("Цена снизилась до 15 процентов от исходной.", [("percent", 15, None)]),
    # counts whose noun is elided: "of them", a bracketed enumeration, a dash after a count
    ("В совете 29 членов, 12 из них женщины.", [("count", 29, None), ("count", 12, None)]),
    ("Больше всего жалоб пришло из Оша (64), Нарына (38) и Таласа (17).",
     [("count", 64, None), ("count", 38, None), ("count", 17, None)]),
    ("Из 30 кандидатов 18 — мужчины, 12 — женщины.", [("count", 30, None), ("count", 18, None), ("count", 12, None)]),
    ("Из 40 проверок 25 плановых и 15 внеплановых.", [("count", 40, None), ("count", 25, None), ("count", 15, None)]),
    # "с" is a preposition here, not the page abbreviation "с. 46"
    ("Число учеников выросло с 46 тыс. до 52 тыс. человек.", [("count", 46000, None), ("count", 52000, None)]),
    ("В 1250 (48%) сёлах есть водопровод.", [("count", 1250, None), ("percent", 48, None)]),
    # a range is one figure, its lower bound; the scale and currency after the upper one count for both
    ("Митинги собирают от 300 до 900 человек.", [("count", 300, None)]),
    ("Ремонт обойдётся от 2 до 3 млн сомов.", [("money", 2e6, "KGS")]),
])
def test_reads_figures(ru_nlp, text, expected):
    assert _figures(ru_nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Закон принят в 2022 году после обсуждения.",
    "Встреча прошла 6 марта в столице.",
    "Срок ареста продлили на 4 месяца.",
    "Насилие выросло в два раза за год.",
    "Страна заняла 45-е место в рейтинге.",
    "Актёру исполнилось 56 лет в субботу.",
    "Площадь составила 700 га пастбищ.",
    "Смертность составила 20 на 1000 живорождений.",
    "Эфир начался в 19:04 по местному времени.",
    "Статья 5 закона запрещает это.",
    "Об этом сказано в ст. 12 закона.",
    "Сады растут на высоте от 700 до 1 200 м над уровнем моря.",
])
def test_not_figures(ru_nlp, text):
    assert _figures(ru_nlp, text) == []


def test_a_range_keeps_its_upper_bound(ru_nlp):
    doc = ru_nlp("Ремонт обойдётся от 2 до 3 млн сомов.")
    assert [s._.figure["value_max"] for s in doc.spans["figures"]] == [3e6]


@pytest.mark.parametrize("text, sums", [
    ("Ремонт обойдётся в 500 млн сомов. Депутаты сочли, что 500 млн сомов — слишком много.", 1),
    ("Школе дали 500 млн сомов, а больнице ещё 500 млн сомов.", 2),  # two sums of one sentence
])
def test_a_sum_told_again_is_listed_once(ru_nlp, text, sums):
    assert _figures(ru_nlp, text) == [("money", 5e8, "KGS")] * sums


def test_a_count_of_the_same_noun_told_again_is_listed_once(ru_nlp):
    text = "Задержали 12 человек\n\nВозле рынка задержаны 12 человек. Позже отпустили 12 подростков."
    assert _figures(ru_nlp, text) == [("count", 12, None), ("count", 12, None)]
