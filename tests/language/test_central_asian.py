"""Cyrillic Central Asian languages that langdetect lacks, told apart by letters and function
words. The samples are made up: one sentence pair on the same topic in each language."""

import pytest

from pipeline.ingest.language import LanguageGuess, detect_language, refine_cyrillic

SAMPLES = {
    "tg": ("Ҷамъияти шаҳрвандӣ дар Тоҷикистон барои ҳимояи ҳуқуқи занон ва кӯдакон кор мекунад. "
           "Ин созмон ҳар сол ба садҳо нафар кӯмаки ҳуқуқӣ мерасонад ва бо мақомоти маҳаллӣ ҳамкорӣ мекунад."),
    "ky": ("Жарандык коом уюмдары өлкөдө аялдардын жана балдардын укуктарын коргоо үчүн иштешет. "
           "Бул уюм ар жыл сайын жүздөгөн адамдарга юридикалык жардам көрсөтөт жана жергиликтүү бийлик менен кызматташат."),
    "kk": ("Азаматтық қоғам ұйымдары елде әйелдер мен балалардың құқықтарын қорғау үшін жұмыс істейді. "
           "Бұл ұйым жыл сайын жүздеген адамға заң көмегін көрсетеді және жергілікті билікпен бірлесіп жұмыс істейді."),
    "uz": ("Фуқаролик жамияти ташкилотлари мамлакатда аёллар ва болалар ҳуқуқларини ҳимоя қилиш учун ишлайди. "
           "Бу ташкилот ҳар йили юзлаб одамларга ҳуқуқий ёрдам кўрсатади ва маҳаллий ҳокимият билан ҳамкорлик қилади."),
}
RUSSIAN = ("Общественные организации страны работают над защитой прав женщин и детей. Эта организация "
           "каждый год оказывает юридическую помощь сотням людей и сотрудничает с местной властью.")
UKRAINIAN = ("Громадські організації країни працюють над захистом прав жінок і дітей. Ця організація щороку "
             "надає юридичну допомогу сотням людей і співпрацює з місцевою владою, що є важливим.")


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_central_asian_language_is_told_apart(code):
    guess = detect_language(SAMPLES[code])
    assert guess.code == code
    assert guess.reason and "langdetect said" in guess.reason  # the record says why


@pytest.mark.parametrize("text, code", [(RUSSIAN, "ru"), (UKRAINIAN, "uk")])
def test_russian_and_ukrainian_stay(text, code):
    guess = detect_language(text)
    assert (guess.code, guess.reason) == (code, None)


def test_russian_text_naming_central_asian_places_stays_russian():
    text = RUSSIAN + " Встреча прошла в Қарағанды, затем в Хуҷанде и Ўрганче."
    assert refine_cyrillic(text, LanguageGuess("ru", 1.0)).code == "ru"


def test_kyrgyz_is_not_kazakh_without_kazakh_letters():
    """Kyrgyz has ң ө ү only; Kazakh letters absent from a text count against Kazakh."""
    guess = refine_cyrillic(SAMPLES["ky"], LanguageGuess("ru", 0.9))
    assert guess.code == "ky"
    assert "ү" in guess.reason


def test_latin_text_is_left_alone():
    guess = LanguageGuess("en", 0.99)
    assert refine_cyrillic("The association trained forty volunteers.", guess) is guess
