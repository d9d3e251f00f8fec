from pipeline.text.date_words import MONTH_ABBREVIATIONS, MONTHS, SEASONS, WEEKDAYS, month_words


def test_calendar_words():
    assert len(MONTHS) == 12 and len(WEEKDAYS) == 7 and "Autumn" in SEASONS
    assert all(any(month.startswith(abbr[:3]) for month in MONTHS) for abbr in MONTH_ABBREVIATIONS)


def test_month_words_are_lower_case_with_and_without_the_full_stop():
    words = month_words()
    assert {"january", "may", "sept", "sept.", "dec."} <= words
    assert "may." not in words and all(w == w.lower() for w in words)
