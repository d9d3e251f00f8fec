"""Who asks and who answers: labels resolved to names, bylines, "interviewed by", the
introduction's cue, a title; null when the text names nobody."""

import pytest

from pipeline.nlp.components.interview.layout import Label
from pipeline.nlp.components.interview.participants import People


@pytest.fixture(scope="module")
def cues(nlp):
    return nlp.get_pipe("qalam_interview").cues


def label(name: str, role: str | None = None) -> Label:
    return Label(name, name.casefold(), name, role, False)


NAMES = ["Kim Berg", "Lena Ortiz", "Noor Haddad", "Paul Reyes", "Reyes"]


@pytest.mark.parametrize("written, authors, expected", [
    ("KB", [], "Kim Berg"),                  # initials
    ("LO", [], "Lena Ortiz"),
    ("Noor", [], "Noor Haddad"),             # a first name: the fullest name that has it
    ("REYES", [], "Paul Reyes"),             # a surname in capitals
    ("DUARTE", [], "Duarte"),                # nobody fuller: capitals become a name's case
    ("Me", ["Eli Stone"], "Eli Stone"),      # the writer, named as author
    ("Me", [], None),
    ("XY", [], "XY"),                        # initials of nobody the text names
])
def test_labels_resolve_to_the_names_the_document_gives(written, authors, expected, cues):
    assert People(tuple(NAMES), tuple(authors), cues).name_of(label(written)) == expected


def test_a_question_marker_names_nobody(cues):
    assert People(tuple(NAMES), ("Ana Diaz",), cues).name_of(label("Q", "question")) is None


INITIALS = """A talk about city software

Lena Ortiz sat down with Kim Berg, who buys software for a mid-sized city, to ask what should change.

LO: Why are you working on city software?

KB: Because cities buy the wrong things. Nobody asks the clerks what they need.

LO: What would you change first?

KB: Short contracts, so a bad choice can be undone in a year.
"""


def test_initials_resolve_to_the_names_of_the_introduction(run):
    interview = run(INITIALS)._.interview
    assert (interview["interviewer"], interview["interviewee"]) == ("Lena Ortiz", "Kim Berg")


ME_LABEL = """Mapping the city

Noor Haddad leads the mapping team at city hall, which has two people and a lot of requests.

Me: What is the best part of your job?

Noor: The range of work. No two days are alike.

Me: What would you change?

Noor: I would hire a third person tomorrow.
"""


def test_me_is_the_author_and_a_first_name_the_fullest_name(run):
    interview = run(ME_LABEL, authors=["Lena Park"])._.interview
    assert (interview["interviewer"], interview["interviewee"]) == ("Lena Park", "Noor Haddad")


PLAIN = """Saving the old mill

Marta Kovacs runs the trust that bought the old mill.

What did the mill need when you took it over?

A roof. The rain had been coming in for years, and I could see the sky from the office.

What is it used for now?

We hold classes there, and I run a bakery on the ground floor.

Would you do it again?

Yes, but I would ask for help sooner.
"""


@pytest.mark.parametrize("text, inputs, interviewer", [
    (PLAIN, {}, None),                                                 # nobody named
    (PLAIN, {"authors": ["Eli Stone"]}, "Eli Stone"),                  # the metadata's author
    (PLAIN + "\nBy Eli Stone\n", {}, "Eli Stone"),                     # a byline paragraph
    (PLAIN + "\nMarta Kovacs was interviewed by Eli Stone in May.\n", {}, "Eli Stone"),
])
def test_interviewer_from_metadata_byline_or_interviewed_by(run, text, inputs, interviewer):
    doc = run(text, **inputs)
    assert doc._.kind == "interview"
    assert doc._.interview["interviewer"] == interviewer
    assert doc._.interview["interviewee"] == "Marta Kovacs"


SEVERAL = """A new website

Our old site was slow and hard to read.

Recently I had the chance to talk with three members of the design team, Ava Lund, designer; Omar Reyes, developer; and Kim Ito, writer.

Q: Why did you take on this job?

A: Because we believe in the project and we had the time.

Q: What was the hardest part?

A: Cutting pages. Everyone wanted their page on the front.
"""


def test_several_interviewees_named_after_the_cue(run):
    assert run(SEVERAL)._.interview["interviewee"] == "Ava Lund; Omar Reyes; Kim Ito"


def test_interviewee_from_a_title_outside_the_text(run):
    text = PLAIN.replace("Marta Kovacs runs the trust that bought the old mill.", "The trust bought the old mill.")
    doc = run(text, title="A conversation with Marta Kovacs")
    assert doc._.interview["interviewee"] == "Marta Kovacs"
