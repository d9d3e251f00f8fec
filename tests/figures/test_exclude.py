"""What is not a figure: years, dates, ages, durations, references, phones, titles, layout."""

import pytest


NOT_FIGURES = [
    "The law was adopted in 2012 and amended on June 12th.",
    "She joined the movement in 2016, after the elections.",
    "Participants usually stay for 2-3 weeks in the host city.",
    "It has been two weeks since the meeting took place.",
    "The training lasted 10 days and ended with an exam.",
    "He has worked there for several years.",
    "Aged 25, she founded her first group.",
    "The jury praised a 25-year-old activist from the north.",
    "The meeting starts at 10:30 and ends at 5 pm.",
    "See the discussion on p. 44 of the report.",
    "Civic space has shrunk in recent years (Smith, 2020).",
    "As Jones (2022) argues, the trend is clear.",
    "This was the first time the 2nd congress met abroad.",
    "Call the hotline on +992 37 221 45 67 for advice.",
    "Please update to version 2.1.3 of the application.",
    "Read more at www.example.org/report-40-cities or write to info40@example.org.",
    "Their campaign “30 voices for change” was launched in the spring.",
    "The G7 summit and COVID-19 dominated the agenda.",
    "One of the biggest problems is funding.",
    "One NGO refused to sign the declaration.",
    "Less than half of the groups are active.",
    "The Third Periodic Review was published by the committee.",
    "Security Council Resolution 1325 shaped the debate.",
    "Activism grew strongly in the 1990s.",
    "The 2006 survey respondents praised the trainers.",
    "Children aged between 6 and 12 take part in the classes.",
    "The two organisations signed a memorandum.",
    "Chapter 3 describes the method; see Table 2 and Figure 4.",
    "The home side won the deciding set 6-4 after a long rally.",
    "Earlier studies agree [12] with this finding.",
    "Several thousand activists marched through the capital.",
    "She has used an app or two to track the spending.",
    "When I was 25 I moved to the capital.",
    "The court cited the journal (2015; 28: 685-690) in its ruling.",
    "Lee, A. (2019). Civic budgets. Journal of Local Studies, 7(2), 10-29.",
    "Turnout rose sharply in the 2020 elections.",
    "Their 2016 donations were larger than expected.",
    "The pilots logged 90 work-hours on the upgrade.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(figures, text):
    assert figures(text) == []


def test_list_numbering_is_not_a_figure(nlp):
    doc = nlp("Contents\n\n1. Introduction\n\n2. Findings\n\nThe group has 80 members.")
    assert [span.text for span in doc.spans["figures"]] == ["80"]


def test_short_quoted_speech_keeps_its_figure(figures):
    found = figures("The director said: “We trained 300 women this year.”")
    assert [f["value"] for _, f in found] == [300]


def test_layout_numbers_are_not_figures(nlp):
    text = ("Top 10 Challenges for Young Activists\n\nIntroduction ........ 5\nMethods ........ 12\n\n"
            "Page 7 of 40\n\nThe network trained 450 mentors.")
    doc = nlp(text)
    assert [span.text for span in doc.spans["figures"]] == ["450"]


