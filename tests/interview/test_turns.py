"""Interview turns in every common layout, on documents written for these tests.

Each layout of issue 12: Q:/A: markers, name and initial labels, capitals with a full stop,
an answer label after a plain question line, bold/italic/heading questions (HTML and
Markdown), dash dialogue (English and Russian), press-briefing and hearing transcripts, plain
question paragraphs, a Q&A after a third-person introduction, labels on their own line, two
interviewees answering one question. Turn texts never keep their labels or dashes.
"""

import re

import pytest


def turns_of(doc) -> list[dict]:
    return doc._.interview["turns"] if doc._.interview else []


def check_offsets(doc) -> None:
    for turn in turns_of(doc):
        assert doc.text[turn["question_start"]:turn["question_end"]] == turn["question"]
        assert doc.text[turn["answer_start"]:turn["answer_end"]] == turn["answer"]


Q_A = """A conversation about rivers

We spoke with Daniel Okafor, the founder of a river clean-up group.

Q: When did you start the group?

A: We started in 2015 with five friends and a borrowed boat.

Q: What is the hardest part of the work?

A: Funding. Every year we have to find new donors.

Q: What comes next?

A: We want to train young people in every district.
"""


def test_q_a_markers_never_stay_in_the_turns(run):
    doc = run(Q_A, authors=["Sara Lind"])
    turns = turns_of(doc)
    assert doc._.kind == "interview"
    assert [t["question"] for t in turns] == ["When did you start the group?", "What is the hardest part of the work?",
                                              "What comes next?"]
    assert turns[1]["answer"] == "Funding. Every year we have to find new donors."
    check_offsets(doc)


CAPITAL_LABELS = """Notes from the harbour strike

HALE: How long has the harbour been closed?

OKONJO: Eleven days now, and the boats are still tied up.

HALE: Who decides when it reopens?

OKONJO: The port board, but it has not met since the strike began.

HALE: Are you hopeful?

OKONJO: I am, because the workers have stayed together.
"""

CAPITALS_WITH_FULL_STOP = """Hearing on the water contracts

The CHAIRMAN. The committee will come to order.

Mr. DUARTE. When did you first see the contract?

Mr. VOSS. In March, when it reached my desk.

Mr. DUARTE. Did you raise any concerns at that time?

Mr. VOSS. I did, in writing, to the board.

Mr. DUARTE. And what did the board reply?

Mr. VOSS. It never replied.
"""


@pytest.mark.parametrize("text, interviewer, interviewee, count", [
    (CAPITAL_LABELS, "Hale", "Okonjo", 3),
    (CAPITALS_WITH_FULL_STOP, "Duarte", "Voss", 3),
])
def test_name_labels(run, text, interviewer, interviewee, count):
    doc = run(text)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert (interview["interviewer"], interview["interviewee"], len(interview["turns"])) == (
        interviewer, interviewee, count)
    assert not any(t["question"].upper().startswith(interviewer.upper()) for t in interview["turns"])
    check_offsets(doc)


ANSWER_LABELS_AFTER_QUESTION_LINES = """Two seasons on the ice

Mira Santos has spent two winters at a research station in the far north.

What surprised you most about the station?

SANTOS: How quiet it is. You hear your own heartbeat at night.

How do you pass the long evenings?

SANTOS: We read, we cook together, and we argue about music.

Would you go back?

SANTOS: Tomorrow, if they let me.
"""


def test_answer_labels_after_plain_question_lines(run):
    doc = run(ANSWER_LABELS_AFTER_QUESTION_LINES)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert [t["question"] for t in interview["turns"]] == [
        "What surprised you most about the station?", "How do you pass the long evenings?", "Would you go back?"]
    assert interview["turns"][2]["answer"] == "Tomorrow, if they let me."
    assert interview["interviewee"] == "Mira Santos"  # the label resolved to the name the text gives
    assert interview["interviewer"] is None
    check_offsets(doc)


BOLD_HTML = """<html><head><title>Teaching by the river</title></head><body><article>
<h1>Teaching by the river</h1>
<p>By Hana Sato</p>
<p>Amir Castell has taught at the village school for twelve years. He told us about parents, budgets and boats.</p>
<p><strong>What brought you to this village?</strong></p>
<p>I came as a young teacher and stayed because the parents asked me to. They built the first classroom themselves.</p>
<p><strong>How do parents take part today?</strong></p>
<p>They vote on the budget every spring, and we publish every expense on the door of the school.</p>
<p><strong>What is next for you?</strong></p>
<p>We want a second school across the river before I retire, and a boat that does not leak.</p>
</article></body></html>
"""

BOLD_MARKDOWN = """---
title: Teaching by the river
author: Hana Sato
---
Amir Castell has taught at the village school for twelve years. He told us about parents and budgets.

**What brought you to this village?**
I came as a young teacher and stayed because the parents asked me to.

**How do parents take part today?**
They vote on the budget every spring, and we publish every expense.

**What is next for you?**
We want a second school across the river before I retire.
"""

ITALIC_MARKDOWN = BOLD_MARKDOWN.replace("**", "*")
HEADING_MARKDOWN = re.sub(r"\*\*(.+\?)\*\*\n", r"### \1\n\n", BOLD_MARKDOWN)
BOLD_LEAD_MARKDOWN = BOLD_MARKDOWN.replace("?**\n", "?** ")


@pytest.mark.parametrize("name, content", [
    ("bold.html", BOLD_HTML),
    ("bold.md", BOLD_MARKDOWN),
    ("italic.md", ITALIC_MARKDOWN),
    ("heading.md", HEADING_MARKDOWN),
    ("lead.md", BOLD_LEAD_MARKDOWN),  # the bold question opens the answer's paragraph
])
def test_emphasised_questions_with_unmarked_answers(run_file, name, content):
    doc = run_file(name, content)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert [t["question"] for t in interview["turns"]] == [
        "What brought you to this village?", "How do parents take part today?", "What is next for you?"]
    assert interview["turns"][0]["answer"].startswith("I came as a young teacher")
    assert (interview["interviewer"], interview["interviewee"]) == ("Hana Sato", "Amir Castell")
    check_offsets(doc)


EM_DASH = """Ambassador on trade and the new border post

NORTHPORT – The ambassador spoke about the trade talks and the new border post in an interview with a local agency.

– How do you assess the results of the talks?

– They went further than we expected. Both sides agreed on a timetable.

– What happens at the border post next year?

– It opens in spring. Trucks will cross in hours instead of days.

The post was built with money from both governments.
"""

RUSSIAN_DASH = """Учительница из горного села

Анна Волкова двадцать лет преподаёт в сельской школе. Мы поговорили с ней о детях и дорогах.

— Анна, когда вы пришли в эту школу?

— Весной, сразу после института. Тогда в школе было всего девять учеников.

— Что изменилось с тех пор?

— Построили новую дорогу, и дети из соседних сёл теперь приезжают к нам.

— О чём вы мечтаете?

— О спортивном зале. Зимой дети играют в коридоре.
"""


@pytest.mark.parametrize("name, text, count, first", [
    ("em.txt", EM_DASH, 2, "How do you assess the results of the talks?"),
    ("ru.txt", RUSSIAN_DASH, 3, "Анна, когда вы пришли в эту школу?"),
    # Markdown reads hyphen dialogue as a list: the bullets are the dialogue's marks
    ("hyphens.md", RUSSIAN_DASH.replace("— ", "- "), 3, "Анна, когда вы пришли в эту школу?"),
])
def test_dash_dialogue(run_file, name, text, count, first):
    doc = run_file(name, text)
    turns = turns_of(doc)
    assert doc._.kind == "interview"
    assert len(turns) == count and turns[0]["question"] == first
    assert not turns[0]["answer"].startswith(("–", "—"))
    assert "The post was built" not in turns[-1]["answer"]  # the closing paragraph is not an answer
    check_offsets(doc)


BOLD_DASH_PROMPTS = """<html><body><article>
<p>Инженер Павел Орлов строит мосты в горах. Мы поговорили с ним о работе.</p>
<p><b>«МОСТ ДОЛЖЕН ПЕРЕЖИТЬ НАС»</b></p>
<p><b>- С чего начался ваш первый мост?</b></p>
<p>- С реки, которую дети переходили вброд. Мы построили его за одно лето.</p>
<p><b>- Говорят, в горах строить вдвое дороже...</b></p>
<p>- Дороже, но дешевле, чем каждый год чинить старый.</p>
<p><b>- Что дальше?</b></p>
<p>- Ещё три моста до зимы.</p>
</article></body></html>
"""


def test_bold_dash_prompts_without_a_question_mark(run_file):
    doc = run_file("bridges.html", BOLD_DASH_PROMPTS)
    assert doc._.kind == "interview"
    assert [t["question"] for t in turns_of(doc)] == [
        "С чего начался ваш первый мост?", "Говорят, в горах строить вдвое дороже...", "Что дальше?"]


PRESS_BRIEFING = """Press briefing on the flood relief

MS. ADLER: Good morning, everyone, and thanks for joining. Our speakers are Deputy Director Paul Reyes and Ambassador Nora Quist. Paul, over to you.

MR. REYES: Thanks, everyone. The first relief convoy reached the valley this morning with food, water and tents for four thousand families.

MS. ADLER: Operator, we are ready for questions.

Q Thank you for doing this. When will the second convoy leave, and will it carry medicine?

MR. REYES: It leaves on Friday, and yes, it will carry medicine for the clinics.

Q Hi. A follow-up on the medicine: whether the clinics have the staff to use it, and for how long.

AMBASSADOR QUIST: Not yet. We are sending two medical teams next week.

MR. REYES: And the regional hospital has offered nurses as well.

Q Yes, that is all. Thank you.

AMBASSADOR QUIST: Thank you.

Q What is the total cost of the operation so far?

MR. REYES: About twelve million, shared by three governments.

MS. ADLER: Thank you all. That concludes today's call.
"""


def test_press_briefing(run):
    doc = run(PRESS_BRIEFING)
    interview = doc._.interview
    assert doc._.kind == "interview"
    # a reporter's "that is all, thank you" is not a question; two officials answer one question
    assert len(interview["turns"]) == 3
    assert interview["interviewer"] is None  # the reporters are not named
    assert interview["interviewee"] == "Paul Reyes; Nora Quist"
    assert interview["turns"][1]["speaker"] == "Nora Quist; Paul Reyes"
    assert "concludes" not in interview["turns"][2]["answer"]  # the moderator ends the answer
    check_offsets(doc)


HEARING = """Hearing on school meals

QUESTION: Were you aware of the complaints before the audit?

MR. PRICE: Only of two, both from the same district.

QUESTION: What did you do about them?

MR. PRICE: I asked the supplier for a written reply.
"""


def test_hearing_question_labels(run):
    doc = run(HEARING)
    interview = doc._.interview
    assert [t["question"] for t in interview["turns"]] == [
        "Were you aware of the complaints before the audit?", "What did you do about them?"]
    assert (interview["interviewer"], interview["interviewee"]) == (None, "Price")


PLAIN_AFTER_INTRO = """Keeping a small library open

The library on Mill Street has been open for ninety years. Last year it almost closed.

Its volunteers raised the money in three months, and the council matched it.

Its director, Ruth Ambler, has run it since 2009. We spoke with her about the campaign.

How did the campaign start?

With a notice on the door. People wrote their names under it, and within a week we had two hundred volunteers.

What did you learn from it?

That people will give time before they give money. The money came once they saw the work.

What would you tell another small library?

Ask early, and ask in person.

The library now opens on Sundays as well.
"""


def test_plain_questions_after_a_third_person_introduction(run):
    doc = run(PLAIN_AFTER_INTRO)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert [t["question"] for t in interview["turns"]] == [
        "How did the campaign start?", "What did you learn from it?", "What would you tell another small library?"]
    assert interview["turns"][-1]["answer"] == "Ask early, and ask in person."
    assert interview["interviewee"] == "Ruth Ambler"
    check_offsets(doc)


TWO_GUESTS = """Three voices from the delta

Newsdesk: How long have you lived here?

Rosa Diaz: All my life. My parents were fishermen too.

Newsdesk: And you, how did you arrive?

Peter Hall: I came in 1990 for a job and never left.

Newsdesk: What worries you most about the floods?

Rosa Diaz: That the young people will leave for good.

Peter Hall: That nobody in the capital listens to us.
"""


def test_two_interviewees_answering_one_question_make_one_turn(run):
    doc = run(TWO_GUESTS)
    interview = doc._.interview
    assert interview["interviewer"] == "Newsdesk"
    assert interview["interviewee"] == "Rosa Diaz; Peter Hall"
    assert [t["speaker"] for t in interview["turns"]] == ["Rosa Diaz", "Peter Hall", "Rosa Diaz; Peter Hall"]


TRANSCRIPT = """The future of small farms

Episode notes: a conversation recorded at the spring fair.

Jo Marsh:

Welcome to the show. Today I am joined by two growers from the hill country.

Jo Marsh:

Let's start with the weather. How bad was this year?

Ana Ruiz:

The worst I remember. We lost most of the early crop to frost.

Jo Marsh:

And if the frost comes back-

Ana Ruiz:

It will.

Jo Marsh:

What will you plant instead?

Ana Ruiz:

Later varieties, and more under cover.

Jo Marsh:

Tom, you have been farming here for forty years.

Tom Becker:

Forty-two. And I have never seen prices like these.

Jo Marsh:

That sounds hard.

Tom Becker:

It is, but the market in town has helped us a great deal.
"""


def test_labels_on_their_own_line_interruptions_and_prompts(run):
    doc = run(TRANSCRIPT)
    interview = doc._.interview
    assert doc._.kind == "interview"
    assert interview["interviewer"] == "Jo Marsh"
    assert interview["interviewee"] == "Ana Ruiz; Tom Becker"
    turns = interview["turns"]
    # the welcome gets no answer; the interrupted question and its follow-up make one turn; a
    # statement addressed to a guest by name is a prompt; a remark the host makes is not
    assert len(turns) == 3
    assert turns[1]["question"].startswith("And if the frost") and turns[1]["question"].endswith("instead?")
    assert turns[2]["question"] == "Tom, you have been farming here for forty years."
    assert "market in town" not in turns[2]["answer"]
    check_offsets(doc)
