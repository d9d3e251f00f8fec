"""Speakers a reader would name, one table per pattern, on sentences written for these tests."""

import pytest

from tests.quotes.test_extractor import quotes


def speakers(nlp, text: str, **inputs) -> list[str | None]:
    return [q["speaker"] for q in quotes(nlp, text, **inputs)]


@pytest.mark.parametrize("text, speaker", [
    # the role and the name beside it, in either order, with or without commas
    ("The UN human rights chief, Jane Roe, said: “We will not accept any more delays in this case.”",
     "Jane Roe"),
    ("Jane Roe, the UN human rights chief, said: “We will not accept any more delays in this case.”",
     "Jane Roe"),
    ("“We will not accept any more delays in this case,” said the UN human rights chief, Jane Roe.",
     "Jane Roe"),
    ("The Ostrava police chief, Karel Dvorak, has asserted that officers “can use whatever force they need.”",
     "Karel Dvorak"),
    ("Harbour county sheriff Tom Aldridge released a statement condemning the “paid agitators and outside "
     "troublemakers” at the camp.", "Tom Aldridge"),
    # a definite role takes the name it stood beside earlier in the paragraph or the one before
    ("The UN human rights chief, Jane Roe, visited the camp on Monday.\n\n"
     "“Nobody here is above the law, and nobody is beneath it,” the chief said.", "Jane Roe"),
    ("Sheriff Tom Aldridge spoke to reporters on Monday.\n\n"
     "Later the sheriff said the protesters were “acting like agitators all week long”.", "Tom Aldridge"),
    # ... however far back the name was given
    ("The regional governor, Pavel Mirov, declared an emergency.\n\nThe army sent boats.\n\n"
     "Schools stayed closed.\n\nThe governor rejected the criticism. “We acted as fast as anyone could,” he said.",
     "Pavel Mirov"),
    # a bare "the group" is the body named before it; "the office" the fuller phrase before it
    ("Human Rights Watch called for an inquiry. “This is a failure of planning, not of nature,” the group said.",
     "Human Rights Watch"),
    ("The weather office expects more rain. “Rivers will keep rising through the weekend,” the office said.",
     "weather office"),
    # the subject of the cue, not a word of the quote the parser took for another subject
    ("Local residents were angry. “Nobody came for two days, nobody at all,” one farmer said.", "farmer"),
    # an indefinite role is somebody else: it stays as written
    ("Sheriff Tom Aldridge spoke to reporters on Monday. "
     "“Nobody was hurt during the night at all,” a spokeswoman said.", "spokeswoman"),
])
def test_a_role_resolves_to_the_name_beside_it(nlp, text, speaker):
    assert speakers(nlp, text) == [speaker]


@pytest.mark.parametrize("text, speaker", [
    ("Amnesty International said: “The trial was a farce from its first day to its last.”",
     "Amnesty International"),
    ("“The trial was a farce from its first day to its last,” according to the report.", "report"),
    ("According to a 2023 Delta Water Fund report, the pumps “do not work for half of every year.”",
     "Delta Water Fund report"),
    ("A 2023 report by the Delta Water Fund found the pumps broken. "
     "The report notes that “half of the pumps do not work in winter.”", "Delta Water Fund"),
    ("The council published a study called “Water for All Valleys” in May. "
     "The report defines access as “a tap within two hundred metres of every home.”", "Water for All Valleys"),
])
def test_organisations_and_reports_speak(nlp, text, speaker):
    assert speakers(nlp, text) == [speaker]


@pytest.mark.parametrize("text, speaker", [
    # a bare source is from whoever the sentence before says issued it
    ("The Harbour Fund issued a statement on Monday. “We have never taken money from the ministry,” "
     "the statement said.", "Harbour Fund"),
    # a written source "reads"
    ("“We have never taken money from the ministry,” the letter reads.", "letter"),
])
def test_a_statement_speaks_for_whoever_issued_it(nlp, text, speaker):
    assert speakers(nlp, text) == [speaker]


@pytest.mark.parametrize("text", [
    "Maria Lopez said, “We will not stop until every village has clean water.”",
    "“We will not stop until every village has clean water,” Maria Lopez said.",
    "“We will not stop until every village has clean water,” said Maria Lopez.",
    "Maria Lopez was clear: “We will not stop until every village has clean water.”",
    "Maria Lopez spoke last.\n\n“We will not stop until every village has clean water.”",
])
def test_quote_before_or_after_its_cue_or_after_a_colon(nlp, text):
    assert speakers(nlp, text) == ["Maria Lopez"]


def test_colon_closing_the_paragraph_before_introduces_the_quote(nlp):
    text = ("Tomas Berg then turned to the budget:\n\n"
            "“Every clinic in the valley has lost a third of its money since the spring.”")
    assert speakers(nlp, text) == ["Tomas Berg"]


def test_a_quote_spanning_paragraphs_is_one_quote_of_one_speaker(nlp):
    text = ("Fatima Noor described the first year:\n\n"
            "“We had no office and no money. We met in kitchens.\n\n"
            "“Then the first grant arrived and everything changed for us.”")
    (quote,) = quotes(nlp, text)
    assert quote["speaker"] == "Fatima Noor" and "first grant" in quote["text"]


def test_follow_on_quotes_keep_their_speaker(nlp):
    text = ("“The river floods every spring now,” said Anna Berglund. “We lose the harvest every time.”\n\n"
            "“Nobody has come to help us in three years,” she added.")
    assert speakers(nlp, text) == ["Anna Berglund"] * 3


def test_another_speaker_in_between_stops_the_follow_on(nlp):
    text = ("One senator praised the “courage of the negotiators in the last round,” while another expressed "
            "relief but called for “a full accounting of what the war achieved.”")
    assert speakers(nlp, text)[1] is None


@pytest.mark.parametrize("text, speaker", [
    # gender shown by an honorific or a gendered noun picks the person, not the nearest name
    ("Ms. Anna Berg met John Smith on Monday. “The budget is far too small for the clinics,” he said.",
     "John Smith"),
    ("John Smith met Ms. Anna Berg on Monday. “The budget is far too small for the clinics,” she said.",
     "Anna Berg"),
    ("Jan Novak, a spokeswoman for the fund, met Omar Idris. “We will open ten new clinics next year,” she said.",
     "Jan Novak"),
    # without gender, the subject of the sentence before wins over a name in its object
    ("Lena Ortiz met Omar Idris in the capital. “The road will be closed until the summer,” she said.",
     "Lena Ortiz"),
    # "he" and "she" are one person: never a plural noun, even as the subject before
    ("The doctors at the clinic examined Omar Idris twice. “I could barely walk up the stairs to my room,” he said.",
     "Omar Idris"),
    # "it" stands for an organisation, not the place next to it
    ("SBM Intel, a research firm in Lagos, says Nigeria is at risk. "
     "“If oil prices fall, a country like Nigeria will suffer first,” it says.", "SBM Intel"),
    # "we" is a body, not the one person named last
    ("The Press Rights Foundation sent a letter to Edward Martin about Elon Musk.\n\n"
     "“There is nothing more central to a free press than this right,” we said in a statement.",
     "Press Rights Foundation"),
])
def test_pronouns_resolve_to_the_nearest_compatible_speaker(nlp, text, speaker):
    assert speakers(nlp, text) == [speaker]


def test_a_pull_quote_in_an_interview_belongs_to_the_participant_who_says_it(nlp):
    text = ("“Cooperatives can own the platforms that now own us.”\n\n"
            "Ela Kagel: I think the platforms are a problem everywhere.\n\n"
            "Stacco Troncoso: Cooperatives can own the platforms that now own us, and they will.")
    starts = [0, text.index("Ela"), text.index("Stacco")]
    paragraphs = [(start, text.find("\n\n", start) % (len(text) + 1)) for start in starts]
    doc = nlp.make_doc(text)
    doc._.paragraphs = [(s, e, None) for s, e in paragraphs]
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "qalam_interview":  # as the interview component reads such a layout
            doc._.kind = "interview"
            doc._.interview = {"interviewer": None, "interviewee": "Ela Kagel; Stacco Troncoso", "turns": [
                {"question": "", "answer": text[s:e], "question_start": s, "question_end": s,
                 "answer_start": s, "answer_end": e, "speaker": text[s:text.index(":", s)]}
                for s, e in paragraphs[1:]]}
    assert [s._.quote["speaker"] for s in doc.spans["quotes"]] == ["Stacco Troncoso"]


@pytest.mark.parametrize("text", [
    # abstract noun phrases near a quote are never its speaker
    "Problematic relationships around closed data are often “sold the car with the hood welded shut.”",
    "The rules include a “requirement to sanitize all data before the disposal of any device,” and records.",
    "The law stated that wages “should rise gradually to meet the cost of living every year.”",
    "The update describes a “new and far stricter approach to every single device we own.”",
])
def test_a_speaker_is_never_an_arbitrary_noun_phrase(nlp, text):
    assert speakers(nlp, text) == [None]


def test_the_named_subject_of_a_sentence_quoting_its_words_is_the_speaker(nlp):
    text = "The Utah Legislature changed its rules to exclude “blogs, independent, or other freelance journalists.”"
    assert speakers(nlp, text) == ["Utah Legislature"]


def test_a_cue_after_a_conjunction_belongs_to_the_next_clause(nlp):
    text = ("The Harbour Council recently changed its rules to exclude “blogs, podcasts, and other small outlets,” "
            "and one reporter alleges the change targets her.")
    assert speakers(nlp, text) == ["Harbour Council"]
    text = "The valley's water crisis is “growing at an alarming rate” and affects every village, Lena Ortiz said."
    assert speakers(nlp, text) == ["Lena Ortiz"]


def test_a_copula_describes_its_subject_and_does_not_quote_it(nlp):
    text = "The Delta Water Fund is “still hard at work on this issue.” Nobody doubts it."
    assert speakers(nlp, text) == [None]


@pytest.mark.parametrize("text, speaker, content", [
    ("Amnesty said that the trial was unfair and politically motivated.",
     "Amnesty", "the trial was unfair and politically motivated"),
    ("The ministry warned the plan would fail within a single year.",
     "ministry", "the plan would fail within a single year"),
    ("The union called for new elections and the release of all detained activists.",
     "union", "new elections and the release of all detained activists"),
    ("Maria Lopez urged the council to open the clinics before the winter.",
     "Maria Lopez", "the council to open the clinics before the winter"),
    ("According to the council, 120 groups applied last year and 45 received support.",
     "council", "120 groups applied last year and 45 received support"),
    ("Prices rose by a third in the valley last year, according to the Delta Water Fund.",
     "Delta Water Fund", "Prices rose by a third in the valley last year"),
    ("Jane Roe met the press. She said that the camp would close before the end of the month.",
     "Jane Roe", "the camp would close before the end of the month"),
])
def test_reported_speech_is_an_indirect_quote_with_its_speaker(nlp, text, speaker, content):
    (quote,) = quotes(nlp, text, reported=True)
    assert (quote["speaker"], quote["text"], quote["type"]) == (speaker, content, "indirect")


@pytest.mark.parametrize("text", [
    "We said that the camp would close before the end of the month.",         # the writer's own words
    "It was announced that the camp would close before the end of the month.",  # nobody to attribute
    "“He told me that the camp would close before the end of the month,” said Jane Roe.",  # inside a quote
    "The weather said that it would rain.",                                    # not a speaker
])
def test_no_indirect_quote_without_someone_else_to_attribute_it_to(nlp, text):
    assert quotes(nlp, text, reported=True) == []


def test_a_direct_quote_is_not_repeated_as_reported_speech(nlp):
    text = "Amnesty said that the trial “was unfair and politically motivated from its very first day.”"
    assert quotes(nlp, text, reported=True) == [] and speakers(nlp, text) == ["Amnesty"]


@pytest.mark.parametrize("text, expected", [
    # a dash and a name on the line after a quoted paragraph sign it
    ("Visitors left notes at the door.\n\n“The show was really great and the staff were friendly to every child.”"
     "\n\n– Lena Ortiz, teacher\n\n“Easy to book and fun for the whole family, we will come back.”\n\n– Omar Idris",
     ["Lena Ortiz", "Omar Idris"]),
    # a source in brackets on the line after
    ("Reviews were mixed.\n\n“The service works well but the catalogue is thin and the price is high.”\n\n"
     "[Daily Harbour]\n\nSome readers disagreed.", ["Daily Harbour"]),
    # a credit in parentheses is no signature, nor a line after a quote inside a sentence
    ("Lena Ortiz spoke last.\n\n“The river will keep rising for another week at least.”\n\n"
     "(Reporting by Omar Idris)", ["Lena Ortiz"]),
    ("The headline read: Valley council “to close every rural clinic by spring”\n\n[Daily Harbour]", [None]),
    # a dash opening a list item is no signature
    ("Our goals for the year:\n\n“Every village should have a clinic within a day's walk of every home.”\n\n"
     "- Access to water for every school", [None]),
])
def test_a_short_line_after_a_quoted_paragraph_signs_it(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_an_embedded_post_is_said_by_the_author_of_its_signature(nlp):
    text = ("The council met on Friday.\n\nObserve a minute of silence in honour of those who died in the floods. "
            "— The Harbour Council (@harbourcouncil) March 9, 2021\n\nThe meeting then moved on.")
    block = (text.index("Observe"), text.index("\n\nThe meeting"))
    assert speakers(nlp, text, quote_blocks=[block]) == ["Harbour Council"]
