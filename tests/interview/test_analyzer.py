"""qalam_interview as a component, on documents written for these tests: what it sets on the
Doc, how the quotes component reads it, and Docs built without ingest's layout.
(Layouts: test_turns.py; names: test_participants.py; kinds: test_kind.py.)"""

import re

import spacy

from pipeline.paths import MODELS_DIR
from pipeline.records import Interview, KindReason

DASH_BULLET = """“Every girl in my town should finish school”

Last spring I had the chance to interview Leila Haddad, a young lawyer from a mountain town.

What is a legal clinic anyway?

A legal clinic is a small office where people get free advice. Many towns have none, and the nearest court is often hours away.

-How did you start working on legal aid?

  • My mother could not read her own contract. I promised myself that nobody in my family would sign something they did not understand.

– What is the hardest part of your work?

  • Convincing families that the law is on their side. It takes time and patience.

“Nobody should sign a paper they cannot read, and nobody should be ashamed to ask.”

Photo of the clinic at night

-What would you tell a young woman who wants to study law?

  • Start now, read everything, and never let anyone tell you it is not for you.

Leila now trains volunteers in three villages.

“The first time a client won her case, I cried with her in the corridor.”

Written by: Omar Khalil
"""

def test_dash_questions_bullet_answers(run):
    doc = run(DASH_BULLET)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert interview["interviewee"] == "Leila Haddad"
    assert interview["interviewer"] == "Omar Khalil"
    turns = interview["turns"]
    assert len(turns) == 3  # the intro heading answered by the author is not a turn
    assert turns[0]["question"] == "How did you start working on legal aid?"
    assert turns[0]["answer"].startswith("My mother")  # the bullet is layout, not the answer
    assert "Photo of the clinic" not in turns[1]["answer"]  # captions are left out
    assert "Leila now trains" not in turns[2]["answer"]
    for turn in turns:
        assert doc.text[turn["question_start"]:turn["question_end"]] == turn["question"]
        assert doc.text[turn["answer_start"]:turn["answer_end"]] == turn["answer"]
        assert turn["speaker"] == "Leila Haddad"


def test_interview_pull_quotes_go_to_the_interviewee_and_answers_are_not_quotes(run):
    doc = run(DASH_BULLET)
    found = [(s.text, s._.quote["speaker"]) for s in doc.spans["quotes"]]
    assert found == [
        ("Every girl in my town should finish school", "Leila Haddad"),
        ("Nobody should sign a paper they cannot read, and nobody should be ashamed to ask.", "Leila Haddad"),
        ("The first time a client won her case, I cried with her in the corridor.", "Leila Haddad"),
    ]


def test_plain_question_heading_answered_by_the_author_is_not_a_turn(run):
    unmarked = re.sub(r"(?m)^[ \t]*[-–•][ \t]*", "", DASH_BULLET)
    doc = run(unmarked)
    assert doc._.kind == "interview"
    assert [t["question"][:14] for t in doc._.interview["turns"]] == [
        "How did you st", "What is the ha", "What would you"]


def test_the_interview_and_the_kind_reasons_are_record_items(run):
    doc = run(DASH_BULLET)
    interview = Interview.model_validate(doc._.interview)
    assert interview.turns[0].question == "How did you start working on legal aid?"
    reasons = [KindReason.model_validate(reason) for reason in doc._.kind_reasons]
    assert {r.kind for r in reasons} >= {"interview"} and all(r.weight for r in reasons)


def test_a_byline_paragraph_names_the_interviewers_when_metadata_does_not(run):
    text = DASH_BULLET.replace("Written by: Omar Khalil", "Interview by Ana de Souza and Sam Roe")
    assert run(text)._.interview["interviewer"] == "Ana de Souza; Sam Roe"


def test_paragraphs_without_layout_read_as_plain_text(run):
    text = "Q: When did you start?\n\nA: In 2015.\n\nQ: Why?\n\nA: Because the river was dying."
    starts = [m.start() for m in re.finditer(r"[QA]:", text)]
    ends = starts[1:] + [len(text)]
    paragraphs = [(start, end - 2 if end < len(text) else end, None) for start, end in zip(starts, ends)]
    doc = run(text, paragraphs=paragraphs)  # (start, end, page), as a Doc made without ingest has them
    assert [t["question"] for t in doc._.interview["turns"]] == ["When did you start?", "Why?"]


def test_a_pipeline_without_parse_or_entities_still_finds_the_dialogue():
    """Layout needs no statistical model: a blank Russian pipeline finds the turns."""
    nlp = spacy.blank("ru")
    nlp.add_pipe("qalam_interview").initialize(rules_dir=MODELS_DIR)
    doc = nlp("Разговор о школе\n\n— Когда вы пришли в школу?\n\n— Весной, после института.\n\n"
              "— Что изменилось с тех пор?\n\n— Построили новую дорогу.")
    assert doc._.kind == "interview"
    assert [t["question"] for t in doc._.interview["turns"]] == ["Когда вы пришли в школу?", "Что изменилось с тех пор?"]
