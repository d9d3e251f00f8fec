"""Paragraph layout cues: speaker labels, markers, dashes, emphasis, asking."""

import pytest

from pipeline.nlp.components.interview.layout import Label, accepted_labels, read_label, read_paragraphs


@pytest.fixture(scope="module")
def cues(nlp):
    return nlp.get_pipe("qalam_interview").cues


def label_of(text: str, cues) -> tuple[str, str, str | None, bool, str] | None:
    label, body = read_label(text, 0, len(text), cues)
    return (label.text, label.name, label.role, label.alone, text[body:]) if label else None


@pytest.mark.parametrize("text, expected", [
    ("Q: Where were you born?", ("Q", "Q", "question", False, "Where were you born?")),
    ("A: In a port town.", ("A", "A", "answer", False, "In a port town.")),
    ("Question: And then?", ("Question", "Question", "question", False, "And then?")),
    ("Q2. What changed?", ("Q", "Q", "question", False, "What changed?")),
    ("Q    Thanks for taking this. Will the office reopen?",
     ("Q", "Q", "question", False, "Thanks for taking this. Will the office reopen?")),
    ("SMITH: We never planned it.", ("SMITH", "SMITH", None, False, "We never planned it.")),
    ("MR. PRICE: Good afternoon.", ("MR. PRICE", "PRICE", None, False, "Good afternoon.")),
    ("Mr. JONES. I disagree with the premise.", ("Mr. JONES", "JONES", None, False, "I disagree with the premise.")),
    ("Ambassador Hale: We will.", ("Ambassador Hale", "Hale", None, False, "We will.")),
    ("Dana Kim, Harbor Radio: Welcome back.", ("Dana Kim, Harbor Radio", "Dana Kim", None, False, "Welcome back.")),
    ("KL: Why this city?", ("KL", "KL", None, False, "Why this city?")),
    ("RFE/RL: What happened next?", ("RFE/RL", "RFE/RL", None, False, "What happened next?")),
    ("Ana de Souza: It was May.", ("Ana de Souza", "Ana de Souza", None, False, "It was May.")),
    ("Laura Brandt:", ("Laura Brandt", "Laura Brandt", None, True, "")),
    ("Иван Петров: - Мы начали весной.", ("Иван Петров", "Иван Петров", None, False, "Мы начали весной.")),
    ("Вопрос: Когда это было?", ("Вопрос", "Вопрос", "question", False, "Когда это было?")),
])
def test_labels(text, expected, cues):
    assert label_of(text, cues) == expected


@pytest.mark.parametrize("text", [
    "Here is the problem: nobody asked.",          # a sentence with a colon
    "a. Freedom of assembly",                      # a lower-case list letter, not an answer marker
    "A new school opened in March.",               # the article "A", not a marker
    "DUSHANBE (4 May 2019): The visit began.",     # a dateline
    "The plan. It failed.",                        # a sentence, not capitals
])
def test_not_labels(text, cues):
    assert label_of(text, cues) is None


def named(key: str) -> Label:
    return Label(key.upper(), key, key.upper(), None, False)


def test_a_name_label_counts_when_it_repeats_or_speaks_inside_the_dialogue():
    host, guest, once, note = named("host"), named("guest"), named("visitor"), named("note")
    labels = [note, host, guest, host, once, host, guest, None, named("source")]
    assert accepted_labels(labels) == [None, host, guest, host, once, host, guest, None, None]


def test_a_short_form_of_a_longer_label_is_the_same_speaker():
    full, short, other = Label("Ana Flores", "ana flores", "Ana Flores", None, False), \
        Label("FLORES", "flores", "FLORES", None, False), named("host")
    assert [label.key for label in accepted_labels([other, full, other, short])] == [
        "host", "ana flores", "host", "ana flores"]


def paragraph_cues(nlp, cues, text: str) -> list[dict]:
    doc = nlp(text)
    return [dict(dash=p.dash, bullet=p.bullet, question=p.question, ends=p.ends_with_question, asks=p.asks(cues),
                 imperative=p.imperative, cut_off=p.cut_off, body=doc.text[p.body:p.end])
            for p in read_paragraphs(doc, cues)]


def test_dashes_questions_requests_and_interruptions(nlp, cues):
    found = paragraph_cues(nlp, cues, "– Where did you grow up?\n\n— Near the river.\n\n"
                                      "Please give an example.\n\nSo if the council agrees-\n\n"
                                      "He said “what now?” and left.\n\nThank you very much.")
    assert [(f["dash"], f["ends"], f["asks"], f["imperative"], f["cut_off"]) for f in found] == [
        (True, True, True, False, False),
        (True, False, False, False, False),
        (False, False, True, True, False),
        (False, False, False, False, True),
        (False, False, False, False, False),   # the question mark is someone else's, in quotes
        (False, False, False, False, False),   # thanks ask nothing
    ]
    assert found[0]["body"] == "Where did you grow up?"


def test_a_second_person_word_asks_without_a_question_mark(nlp, cues):
    found = paragraph_cues(nlp, cues, "You've been travelling a lot lately.\n\nWe travel a lot.")
    assert [f["asks"] for f in found] == [True, False]


def test_emphasis_from_ingest(nlp, cues):
    text = "What drew you here?\n\nThe work.\n\nAR: Why now? Because."
    doc = nlp.make_doc(text)
    doc._.paragraphs = [(0, 19, None, "text", "bold", 19), (21, 30, None, "text", None, None),
                        (32, 52, None, "text", "bold", 35)]
    paras = read_paragraphs(nlp(doc), cues)
    assert [(p.emphasis, p.emphasis_end) for p in paras] == [("bold", 19), (None, 30), (None, 52)]
