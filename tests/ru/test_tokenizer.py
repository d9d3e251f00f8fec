import pytest
import spacy

from pipeline.nlp.ru.tokenizer import RazdelTokenizer, words_and_spaces


@pytest.mark.parametrize("text, words", [
    ("Кемпир-Абадское водохранилище", ["Кемпир-Абадское", "водохранилище"]),
    ("рост на 76,4%", ["рост", "на", "76,4", "%"]),
    ("35 тыс. человек", ["35", "тыс", ".", "человек"]),
    ("41-летний актёр", ["41-летний", "актёр"]),
])
def test_razdel_words(text, words):
    assert [w for w in words_and_spaces(text)[0] if not w.isspace()] == words


@pytest.mark.parametrize("text", ["  Привет,  мир!\n\n— Да.  ", "Рост\u00a0— 35 тыс. ", "", "\n"])
def test_doc_text_is_the_input(text):
    nlp = spacy.blank("ru")
    nlp.tokenizer = RazdelTokenizer(nlp.vocab)
    assert nlp(text).text == text
