"""Acronyms and compound abbreviations of Russian names (made-up and general names)."""

import pytest

from pipeline.nlp.ru.abbreviations import is_acronym_of, is_compound_of


@pytest.mark.parametrize("short, name, shortens", [
    ("НС", "Новая Сила", True),
    ("СНВ", "Союз независимых водителей", True),
    ("ЛДП", "Либерально-демократическая партия", True),        # hyphenated words count twice
    ("ФПР", "Фонд поддержки регионов", True),
    ("ЦИК", "Центральная избирательная комиссия Кыргызской Республики", True),  # a capitalised name after it
    ("ЦИ", "Центральная избирательная комиссия", False),      # the rest is no name
    ("МО", "Министерство обороны и спорта", False),
    ("НСВ", "Новая Сила", False),
])
def test_acronyms(short, name, shortens):
    assert is_acronym_of(short, name.split()) is shortens


@pytest.mark.parametrize("short, name, shortens", [
    ("Минтруд", "Министерство труда", True),
    ("Минтруда", "Министерства труда", True),                # any case of either
    ("Госсовет", "Государственный совет", True),
    ("Мособлсуд", "Московский областной суд", True),
    ("Минобрнауки", "Министерство образования и науки", True),  # a conjunction left out
    ("Нацбанк", "Национальный банк Республики Таджикистан", True),
    ("Минтруд", "Министерство транспорта", False),
    ("Госсовет", "Государственный", False),                   # one word is no compound
    ("ГОССОВЕТ", "Государственный совет", False),             # capitals are an acronym's
])
def test_compound_abbreviations(short, name, shortens):
    assert is_compound_of(short, name.split()) is shortens
