"""qalam_interview on documents written for these tests: layouts, participants, kind."""

import re

import pytest

from pipeline.records import Interview

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

QA_MARKERS = """A conversation about rivers

We spoke with Daniel Okafor, the founder of a river clean-up group.

Q: When did you start the group?

A: We started in 2015 with five friends and a borrowed boat.

Q: What is the hardest part of the work?

A: Funding. Every year we have to find new donors.

Q: What comes next?

A: We want to train young people in every district.
"""

NAME_PREFIXES = """Three voices from the delta

Newsdesk: How long have you lived here?

Rosa Diaz: All my life. My parents were fishermen too.

Newsdesk: And you, how did you arrive?

Peter Hall: I came in 1990 for a job and never left.

Newsdesk: What worries you most about the floods?

Rosa Diaz: That the young people will leave for good.

Peter Hall: That nobody in the capital listens to us.
"""

BOLD_QUESTIONS = """Building schools with parents

By Hana Sato

**What brought you to this village?**

I came as a teacher in 2010 and stayed because the parents asked me to.

**How do parents take part?**

They vote on the budget every spring and we publish every expense.

**What is next for you?**

We want a second school across the river before my retirement.
"""

EXPLAINER = """Why local groups matter

What is a community group?

A community group is any set of neighbours who organise around a shared problem. They are often informal.

Why does it matter for donors?

Because such groups reach people that large charities never meet. Small flexible grants help them most.

How many are there?

Nobody knows exactly. Estimates range from a few hundred to several thousand in each province.
"""

NEWS = """Flood relief stalls in the north

The government said on Monday that relief would arrive within a week. Officials told reporters that roads were still closed.

“We have nothing left to eat,” said Maria Santos, a farmer in the village. She said her family had lost its harvest.

The minister said the army would help. “Every soldier available is being sent north,” he told the press.
"""

REPORT = """Civic space in the region

In 2019 more than 1,200 associations were registered, a rise of 15% (Novak, 2020). Most work on education and health (Ibrahim and Cole, 2018).

We found that rural groups depend on foreign grants, as earlier studies suggested (Lund, 2017).
"""


def run(nlp, text: str, **inputs):
    doc = nlp.make_doc(text)
    for name, value in inputs.items():
        setattr(doc._, name, value)
    return nlp(doc)


def test_dash_questions_bullet_answers(nlp):
    doc = run(nlp, DASH_BULLET)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert interview["interviewee"] == "Leila Haddad"
    assert interview["interviewer"] == "Omar Khalil"
    turns = interview["turns"]
    assert len(turns) == 3  # the intro heading answered by the author is not a turn
    assert turns[0]["question"].startswith("-How did you start")
    assert "Photo of the clinic" not in turns[1]["answer"]  # captions are left out
    assert "Leila now trains" not in turns[2]["answer"]
    for turn in turns:
        assert doc.text[turn["question_start"]:turn["question_end"]] == turn["question"]
        assert doc.text[turn["answer_start"]:turn["answer_end"]] == turn["answer"]
        assert turn["speaker"] == "Leila Haddad"


def test_interview_pull_quotes_go_to_the_interviewee_and_answers_are_not_quotes(nlp):
    doc = run(nlp, DASH_BULLET)
    found = [(s.text, s._.quote["speaker"]) for s in doc.spans["quotes"]]
    assert found == [
        ("Every girl in my town should finish school", "Leila Haddad"),
        ("Nobody should sign a paper they cannot read, and nobody should be ashamed to ask.", "Leila Haddad"),
        ("The first time a client won her case, I cried with her in the corridor.", "Leila Haddad"),
    ]


def test_q_a_markers(nlp):
    doc = run(nlp, QA_MARKERS, authors=["Sara Lind"])
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert len(interview["turns"]) == 3
    assert interview["interviewee"] == "Daniel Okafor"
    assert interview["interviewer"] == "Sara Lind"
    assert interview["turns"][1]["answer"] == "A: Funding. Every year we have to find new donors."


def test_name_prefixes_and_several_interviewees(nlp):
    doc = run(nlp, NAME_PREFIXES)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert interview["interviewer"] == "Newsdesk"
    assert interview["interviewee"] == "Rosa Diaz and Peter Hall"
    assert [t["speaker"] for t in interview["turns"]] == ["Rosa Diaz", "Peter Hall", "Rosa Diaz and Peter Hall"]


@pytest.mark.parametrize("text, kind", [
    (EXPLAINER, "report"),
    (NEWS, "article"),
    (REPORT, "report"),
])
def test_kind_of_documents_that_are_not_interviews(nlp, text, kind):
    doc = run(nlp, text)
    assert doc._.kind == kind
    assert doc._.interview is None


def test_bold_questions_and_a_by_line(nlp):
    doc = run(nlp, BOLD_QUESTIONS)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert len(interview["turns"]) == 3
    assert interview["interviewer"] == "Hana Sato"


def test_plain_question_heading_answered_by_the_author_is_not_a_turn(nlp):
    unmarked = re.sub(r"(?m)^[ \t]*[-–•][ \t]*", "", DASH_BULLET)
    doc = run(nlp, unmarked)
    assert doc._.kind == "interview"
    assert [t["question"][:14] for t in doc._.interview["turns"]] == [
        "How did you st", "What is the ha", "What would you"]


def test_the_interview_is_a_record_item(nlp):
    interview = Interview.model_validate(run(nlp, QA_MARKERS)._.interview)
    assert [t.question for t in interview.turns][0] == "Q: When did you start the group?"


def test_a_byline_paragraph_names_the_interviewer_when_metadata_does_not(nlp):
    text = QA_MARKERS + "\nInterview by Ana de Souza and Sam Roe\n"
    assert run(nlp, text)._.interview["interviewer"] == "Ana de Souza and Sam Roe"


def test_interviewee_from_a_title_outside_the_text(nlp):
    text = BOLD_QUESTIONS.split("\n", 1)[1]
    doc = run(nlp, text, title="An interview with Mira Chen about schools")
    assert doc._.interview["interviewee"] == "Mira Chen"
