import pytest

from pipeline.ingest.language import detect_language

ENGLISH = ("The association trained forty volunteers in the northern districts last spring, "
           "and most of them now run their own community projects.")
FRENCH = ("L'association a formé quarante bénévoles dans les districts du nord au printemps dernier, "
          "et la plupart dirigent maintenant leurs propres projets.")
GERMAN = ("Der Verein hat im letzten Frühjahr vierzig Freiwillige in den nördlichen Bezirken ausgebildet, "
          "und die meisten leiten jetzt eigene Projekte.")


@pytest.mark.parametrize("text, code", [(ENGLISH, "en"), (FRENCH, "fr"), (GERMAN, "de")])
def test_detects_language_of_paragraphs(text, code):
    guess = detect_language(text)
    assert guess.code == code
    assert 0.5 < guess.probability <= 1.0


@pytest.mark.parametrize("text", ["", "Leave a Comment", "Tajikistan", "12 345"])
def test_short_text_is_undetermined(text):
    assert detect_language(text).code == "und"


def test_repeatable():
    mixed = "Hello world. " + FRENCH[:60]
    assert len({detect_language(mixed) for _ in range(5)}) == 1


def test_short_menu_lines_do_not_outvote_the_body():
    text = "\n".join(["Accueil", "Contact", "Menu"] * 5 + [ENGLISH])
    assert detect_language(text).code == "en"
