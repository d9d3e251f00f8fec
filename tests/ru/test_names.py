"""Russian personal names: forms of one name, and a surname's nominative by its type (made-up names)."""

import pytest

from pipeline.nlp.ru.names import (
    given_name_nominative,
    indeclinable,
    same_name_word,
    surname_gender,
    surname_nominative,
)


@pytest.mark.parametrize("first, second", [
    ("Лавровой", "Лаврова"),     # a woman's surname, genitive and nominative
    ("Лаврову", "Лавровым"),     # a man's, dative and instrumental
    ("Невского", "Невский"),     # adjectival
    ("Береговой", "Береговая"),        # adjectival of another type
    ("Мядзеля", "Мядзель"),            # a soft sign cut with the ending
    ("Сергея", "Сергей"),        # a given name through pymorphy3's lemma
])
def test_forms_of_one_name(first, second):
    assert same_name_word(first, second)


@pytest.mark.parametrize("first, second", [("Лаврова", "Петрова"), ("Анна", "Инна")])
def test_different_names(first, second):
    assert not same_name_word(first, second)


@pytest.mark.parametrize("word, gender, nominative", [
    ("Лавровой", "femn", "Лаврова"),
    ("Лаврова", "masc", "Лавров"),       # a man's genitive
    ("Лаврова", "femn", "Лаврова"),      # a woman's nominative
    ("Лавровой", None, "Лаврова"),       # only a woman's name ends so
    ("Лавровым", None, "Лавров"),        # only a man's
    ("Кудрину", "femn", "Кудрина"),
    ("Невскую", None, "Невская"),
    ("Невского", None, "Невский"),
    ("Кравец", "masc", None),            # not a possessive or adjectival surname
])
def test_surname_nominative_by_type(word, gender, nominative):
    assert surname_nominative(word, gender) == nominative


@pytest.mark.parametrize("word, gender", [("Лавровой", "femn"), ("Невскую", "femn"), ("Лавров", "masc"),
                                          ("Лаврова", None)])
def test_surname_gender_from_endings_only_one_sex_takes(word, gender):
    assert surname_gender(word) == gender


@pytest.mark.parametrize("word, gender, nominative", [
    ("Пётр", None, True), ("Петра", None, False), ("Ирины", "femn", False),
    ("Азиза", "femn", True), ("Азиза", None, False),   # a woman's nominative or a man's genitive
])
def test_given_name_in_the_nominative(word, gender, nominative):
    assert given_name_nominative(word, gender) is nominative


@pytest.mark.parametrize("text, canonical, alias", [
    # a woman's surname in every case is one person, named in the nominative
    ("Юрист Зарема Лаврова выступила в суде. Защиту Заремы Лавровой поддержали коллеги.",
     "Зарема Лаврова", "Заремы Лавровой"),
    # a possessive surname is nominative as written when the given name is
    ("Координатор движения Пётр Кудрин и журналист Олег Носов пришли на встречу.", "Пётр Кудрин", None),
    # an adjectival surname of a woman
    ("Закон депутата Ирины Береговой приняли быстро. Ирина Береговая выступила в Думе.",
     "Ирина Береговая", "Ирины Береговой"),
    # a surname alone joins the full name, in any case
    ("Блогер Антон Мядзель снял фильм. Критики хвалят Мядзеля за смелость.", "Антон Мядзель", "Мядзеля"),
])
def test_declined_names_fold_into_one_nominative_entity(ru_nlp, text, canonical, alias):
    entities = {e["text"]: e for e in ru_nlp(text)._.entities}
    assert canonical in entities, entities.keys()
    assert alias is None or alias in entities[canonical]["aliases"]


@pytest.mark.parametrize("word, fixed", [
    ("Шевченко", True), ("Седых", True), ("Мамедоглы", True), ("Рахимзода", True),
    ("Имоми", True),        # a foreign name pymorphy3 does not know, ending in "и"
    ("Ольги", False),       # a Russian given name's genitive
    ("Кудайбергенову", False),
])
def test_indeclinable_names(word, fixed):
    assert indeclinable(word) is fixed
