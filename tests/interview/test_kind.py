"""The kind from weighted evidence, recorded so a user can see why: interviews and their
look-alikes (an FAQ page, a two-voice speech, a blog with rhetorical questions), articles and
reports."""

import re

import pytest

from pipeline.nlp.components.interview.cues import case_blind
from pipeline.nlp.components.interview.kind import CAPS, FEATURE_KIND, WEIGHTS, choose_kind
from pipeline.records import KindReason, kind_scores


def weights(doc) -> dict[str, float]:
    return {reason["feature"]: reason["weight"] for reason in doc._.kind_reasons}


def reason(kind: str, weight: float, feature: str = "f") -> KindReason:
    return KindReason(kind=kind, feature=feature, value=1, weight=weight)


@pytest.mark.parametrize("reasons, kind", [
    ([reason("interview", 5), reason("article", 2)], "interview"),
    ([reason("interview", 5), reason("interview", -4), reason("article", 2)], "article"),
    ([reason("report", 2.5), reason("article", 2)], "report"),
    ([reason("report", 2), reason("article", 2)], "article"),   # a tie: no evidence of an organisation's voice
    ([], "article"),
])
def test_the_highest_total_wins(reasons, kind):
    assert choose_kind(reasons) == kind


def test_scores_per_kind():
    assert kind_scores([reason("interview", 2), reason("interview", -0.5), reason("report", 1)]) == {
        "interview": 1.5, "report": 1.0, "article": 0.0}


def test_every_feature_has_a_kind_and_a_weight():
    assert set(WEIGHTS) == set(FEATURE_KIND)
    assert set(CAPS) <= set(WEIGHTS)


FAQ = """Frequently asked questions for cities

Am I eligible?

Any city with a population over 50,000 can apply. We look for a leader in city hall who will sponsor the project.

Cost of the programme?

Cities pay a share of the costs, and foundations cover the rest. We can help you find local funders.

Who are the fellows?

Designers, developers and researchers who spend a year working with your staff.

Is the software open source?

Yes. Everything the fellows build is published so that other cities can reuse it.
"""

EXPLAINER = """Why local groups matter

What is a community group?

A community group is any set of neighbours who organise around a shared problem. They are often informal.

Why does it matter for donors?

Because such groups reach people that large charities never meet. Small flexible grants help them most.

How many are there?

Nobody knows exactly. Estimates range from a few hundred to several thousand in each province.
"""

SPEECH = """Holiday message from the mayor and her deputy

THE MAYOR: Good evening, everyone. This year our city opened three new parks and a library.

THE DEPUTY: And none of it would have happened without the volunteers who gave their weekends.

THE MAYOR: So tonight we want to thank you, and to wish you and your families a peaceful holiday.

THE DEPUTY: Look after your neighbours, and we will see you in the new year.
"""

BLOG = """Why I stopped buying new phones

By Carla Mendes

Every two years I used to buy a new phone. Last year I stopped.

What changed?

I read how much of a phone's footprint comes from making it, not using it.

Was it hard?

Not really. My old phone got a new battery and works fine.

So what did I learn?

That the newest model is rarely what I need. I repair, and I wait.
"""


@pytest.mark.parametrize("text, kind, because", [
    (FAQ, "report", "faq_questions"),        # questions in the reader's voice, answered by an organisation
    (EXPLAINER, "report", "faq_questions"),  # questions put to nobody, answered impersonally
    (SPEECH, "article", None),                # labelled speakers, but nobody asks a question
    (BLOG, "article", "byline"),              # rhetorical questions the author answers
])
def test_look_alikes_are_not_interviews(run, text, kind, because):
    doc = run(text, authors=["Carla Mendes"] if text is BLOG else [])
    assert doc._.kind == kind
    assert doc._.interview is None
    if because:
        assert weights(doc)[because] > 0


NEWS = """Flood relief stalls in the north

By Tomas Berg

NORTHPORT — The government said on Monday that relief would arrive within a week. Officials told reporters that roads were still closed.

“We have nothing left to eat,” said Maria Santos, a farmer in the village. She said her family had lost its harvest.

The minister said the army would help. “Every soldier available is being sent north,” he told the press.
"""

REPORT = """Annual Report on Civic Space

In 2019 more than 1,200 associations were registered with the Ministry of Justice, a rise of 15% (Novak, 2020). The Ministry of Justice and the Civic Council approved most of them (Ibrahim and Cole, 2018).

• Rural associations depend on grants from the European Union and the United Nations Development Programme.

• The Civic Council registered 300 groups in the capital and 120 in the provinces (Lund, 2017).
"""


def test_an_article_is_bylined_datelined_reported_speech(run):
    doc = run(NEWS, authors=["Tomas Berg"])
    assert doc._.kind == "article"
    found = weights(doc)
    assert found["byline"] > 0 and found["dateline"] > 0 and found["reported_speech"] > 0
    dateline = next(r for r in doc._.kind_reasons if r["feature"] == "dateline")
    assert dateline["evidence"] == "NORTHPORT —"


def test_a_report_names_its_genre_and_speaks_for_organisations(run):
    doc = run(REPORT)
    assert doc._.kind == "report"
    found = weights(doc)
    assert {"report_title", "citations", "figures", "list_items"} <= set(found)
    title = next(r for r in doc._.kind_reasons if r["feature"] == "report_title")
    assert title["evidence"] == "Report"


def test_an_interview_says_why(run):
    text = ("A conversation about rivers\n\nWe spoke with Daniel Okafor about his clean-up group.\n\n"
            "Q: When did you start?\n\nA: In 2015, with five friends.\n\nQ: What comes next?\n\n"
            "A: We want to train young people in every district.")
    doc = run(text)
    assert doc._.kind == "interview"
    found = weights(doc)
    assert found["qa_turns"] == 2 and found["marked_questions"] > 0 and found["interview_cue"] > 0
    assert all(set(r) == set(KindReason.model_fields) for r in doc._.kind_reasons)


WIRE_STORY = """Harbour workers end strike

The Harbour Workers Union said on Friday that its members would return to work. The Port Authority said talks would resume next month.

“We won what we asked for,” said the union's secretary.

Additional reporting by {author}.
"""


@pytest.mark.parametrize("author", ["Lakeside News Desk", "Northport Herald", "Reuters"])
def test_a_newsroom_as_author_is_a_byline_not_an_organisation_speaking(run, author):
    doc = run(WIRE_STORY.format(author=author), authors=[author])
    assert author in {e["text"] for e in doc._.entities if e["label"] == "ORG"}  # named as an organisation
    found = weights(doc)
    assert found["byline"] > 0 and "organisation_author" not in found
    assert doc._.kind == "article"


MARKET_STORY = """Grain traders cut prices

Shares of Northfield Grain fell 4% on Tuesday after Baltic Mills and Carter Foods cut their orders. Northfield Grain sold 120,000 tonnes in May, against 150,000 a year earlier, and Baltic Mills paid $3.2 million less than it had promised.

Carter Foods said it would buy from Southport Cereals instead. Southport Cereals raised its forecast by 12%, and Baltic Mills expects 3 new contracts with Carter Foods and Southport Cereals. Freight rose 7% in June, 9% in July, 11% in August and 14% in September.
"""


def test_a_bylined_story_about_companies_and_numbers_stays_an_article(run):
    doc = run(MARKET_STORY, authors=["Lena Ortiz"])
    found = weights(doc)
    assert found["institutional"] > 0 and found["figures"] > 0 and found["byline"] > 0
    assert doc._.kind == "article"


def test_meeting_a_goal_is_no_interview_cue(nlp):
    cues = nlp.get_pipe("qalam_interview").cues
    assert not any(cue.search("Last spring the programme met every target.") for cue in cues.interview_cues)
    assert any(cue.search("Last spring we met with the new director.") for cue in cues.interview_cues)


# Letters a case-blind pattern takes for others: dotless ı and dotted İ for i, long ſ and ẞ for
# s and ß, the Kelvin sign for k, final ς for σ.
@pytest.mark.parametrize(("phrase", "written"), [
    ("interviewed", "INTERVIEWED"), ("interviewed", "ınterviewed"), ("interviewed", "İnterviewed"),
    ("spoke with", "ſpoke with"), ("weiß", "WEIẞ"), ("kin", "\u212aIN"), ("λόγος", "ΛΌΓΟΣ"),
])
def test_what_a_case_blind_pattern_matches_case_folds_to_the_phrase(phrase, written):
    assert re.fullmatch(re.escape(phrase), written, re.IGNORECASE)
    assert case_blind(phrase) in case_blind(f"before {written} after")


TWO_TURNS = """Q: How many patients come each week?

A: About forty come every week now.

Q: What do they need most?

A: Clean water and medicine, mostly."""


@pytest.mark.parametrize(("intro", "cue"), [
    ("We SPOKE WITH the director of the clinic.", "SPOKE WITH"),
    ("We ſpoke with the director of the clinic.", "ſpoke with"),
    ("We visited the director of the clinic.", None),
])
def test_the_interview_cue_is_found_in_any_case(run, intro, cue):
    found = {r["feature"]: r["evidence"] for r in run(f"{intro}\n\n{TWO_TURNS}")._.kind_reasons}
    assert found.get("interview_cue") == cue
