"""Corrections of the tagger's entity spans by rules of Russian writing (made-up text).

The tagger finds most of these names itself; each rule is shown on a document whose spans
are given to it empty (or as the tagger gets them wrong), so the rule alone must find them."""

import pytest
from spacy.tokens import Span

from pipeline.nlp.ru.mentions import (
    RuEntityVocabulary,
    is_compound_abbreviation,
    relabelled,
    with_byline_names,
    with_site_names,
    with_speaker_labels,
    without_common_words,
    without_leading_roles,
)
from pipeline.paths import MODELS_DIR

VOCABULARY = RuEntityVocabulary.from_json(__import__("json").loads(
    (MODELS_DIR / "entities" / "ru" / "vocabulary.json").read_text(encoding="utf-8")))


def _texts(spans):
    return [(s.text, s.label_) for s in spans]


@pytest.mark.parametrize("word, compound", [
    ("Нацстатком", True), ("Минтруда", True), ("Госкомэкологии", True), ("Мосгордума", True),
    ("Минин", False),      # a surname's ending
    ("Москва", False),     # a place
    ("Генри", False),      # a given name
    ("Госдума-2", False),  # not one word
])
def test_compound_abbreviations(word, compound):
    assert is_compound_abbreviation(word, VOCABULARY.compound_prefixes) is compound


def test_compound_abbreviations_and_institutions_are_organisations(ru_nlp):
    doc = ru_nlp("Председатель Минтруда выступил в Кремле.")
    spans = [Span(doc, 1, 2, label="PERSON"), Span(doc, 4, 5, label="LOC")]
    assert _texts(relabelled(spans, VOCABULARY)) == [("Минтруда", "ORG"), ("Кремле", "ORG")]


def test_a_body_read_with_its_officer_is_split(ru_nlp):
    doc = ru_nlp("Выступил Нацстаткома Бакыт Исаев.")
    assert _texts(relabelled([Span(doc, 1, 4, label="PERSON")], VOCABULARY)) == [
        ("Нацстаткома", "ORG"), ("Бакыт Исаев", "PERSON")]


def test_common_acronyms_and_initials_alone_are_dropped(ru_nlp):
    doc = ru_nlp("Его перевели в СИЗО, сказал В. П. Петров.")
    spans = [Span(doc, 3, 4, label="ORG"), Span(doc, 7, 10, label="PERSON"), Span(doc, 10, 11, label="PERSON")]
    assert _texts(without_common_words(spans, VOCABULARY)) == [("Петров", "PERSON")]


def test_a_credit_line_names_a_person(ru_nlp):
    doc = ru_nlp("Экономика слабая.\n\nРис. Алина КОЗЛОВА.")
    assert _texts(with_byline_names(doc, [])) == [("Алина КОЗЛОВА", "PERSON")]


def test_speaker_labels_repeated_on_two_lines_name_a_person(ru_nlp):
    doc = ru_nlp("Громов: Добрый вечер.\n\nСултанова: Здравствуйте.\n\nГромов: Как вы оцениваете итоги года?\n\n"
                 "Вопрос: что дальше?\n\nВопрос: когда?")
    assert _texts(with_speaker_labels(doc, doc.text, [])) == [("Громов", "PERSON"), ("Громов", "PERSON")]


@pytest.mark.parametrize("text, sites", [
    ("Петицию разместили на сайте petitions.org в среду.", ["petitions.org"]),
    ("Подробнее на сайте www.stat.example.kg и по адресу info@mail.ru.", []),  # a link and an address
    ("Текст: https://news.example.com/a", []),
])
def test_sites_named_by_their_domain(ru_nlp, text, sites):
    doc = ru_nlp(text)
    assert [s.text for s in with_site_names(doc, doc.text, [])] == sites


def test_a_place_starts_after_a_role_the_tagger_took_in(ru_nlp):
    doc = ru_nlp("Заявление Чрезвычайного и Полномочного Посла Республики Молдова вызвало споры.")
    assert _texts(without_leading_roles([Span(doc, 1, 7, label="LOC")])) == [("Республики Молдова", "LOC")]


def test_a_sentences_first_word_that_is_no_noun_is_no_part_of_a_name(ru_nlp):
    doc = ru_nlp("Сегодня Абдыкадырова собирает данные.")
    assert _texts(without_leading_roles([Span(doc, 0, 2, label="ORG")])) == [("Абдыкадырова", "ORG")]


def test_a_country_in_a_currencys_name_is_no_place(ru_nlp):
    doc = ru_nlp("Доход ниже 2 долларов США в день получают жители Канады.")
    spans = [Span(doc, 4, 5, label="LOC"), Span(doc, 9, 10, label="LOC")]
    assert _texts(without_common_words(spans, VOCABULARY)) == [("Канады", "LOC")]
