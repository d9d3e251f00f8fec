"""qalam_figures on sentences written for these tests: forms that are figures, forms that are not."""

from __future__ import annotations

import pytest

from pipeline.nlp.components.figures.finder import iso_date
from pipeline.nlp.components.figures.parse import load_lexicon, parse_digits, parse_words


def figures(nlp, text: str) -> list[tuple[str, dict]]:
    doc = nlp(text)
    return [(span.text, span._.figure) for span in doc.spans["figures"]]


def only_figure(nlp, text: str) -> dict:
    found = figures(nlp, text)
    assert len(found) == 1, found
    return found[0][1]


COUNTS = [
    ("Last year the network had 14,000 volunteers across the region.", 14000),
    ("The census found 14 000 households without clean water.", 14000),
    ("Fourteen organisations signed the open letter.", 14),
    ("Police detained a dozen activists outside the court.", 12),
    ("Half a million people signed the petition within a month.", 500000),
    ("The union now has 1.2 million members nationwide.", 1200000),
    ("Organisers counted 3 mln visitors at the fair.", 3000000),
    ("Six regional councils rejected the proposal.", 6),
    ("The registry lists 2,350 charities and 412 foundations.", 2350),
]


@pytest.mark.parametrize(("text", "value"), COUNTS)
def test_counts(nlp, text, value):
    figure = figures(nlp, text)[0][1]
    assert figure["kind"] == "count"
    assert figure["value"] == pytest.approx(value)
    assert figure["unit"] is None


MONEY = [
    ("The fund disbursed 3.5 million euros to its partners.", 3.5e6, "EUR"),
    ("The ministry allocated $100,000 for the shelters.", 1e5, "USD"),
    ("The annual budget reached €2.5m this year.", 2.5e6, "EUR"),
    ("The state company lost 3 bn rubles in a year.", 3e9, "RUB"),
    ("The city council awarded grants worth 500,000 tenge.", 5e5, "KZT"),
    ("Donors pledged 2 million som for rural schools.", 2e6, "KGS"),
    ("The volunteers collected 40,000 somoni for the clinic.", 4e4, "TJS"),
    ("The initiative received 15,000 lari from the city.", 1.5e4, "GEL"),
    ("The shelter needs 900,000 drams a year to operate.", 9e5, "AMD"),
    ("The municipality spent 12,000 manat on the playground.", 1.2e4, "AZN"),
    ("The programme costs US$ 5 million over three years.", 5e6, "USD"),
    ("A British trust gave £250,000 to the coalition.", 2.5e5, "GBP"),
    ("The embassy contributed 7 million yuan to the campaign.", 7e6, "CNY"),
    ("The agency budgeted 30 million yen for the exchange.", 3e7, "JPY"),
    ("The foundation donated C$40,000 to the library.", 4e4, "CAD"),
    ("The audit covered USD 2.4 million in grants.", 2.4e6, "USD"),
    ("They raised 20,000 US dollars for legal aid.", 2e4, "USD"),
    ("Wages reached 1.5 million Uzbek sum a month.", 1.5e6, "UZS"),
    ("The trust spent Rs. 5 crore on the hostels.", 5e7, "INR"),
    ("Each village received 100 000 somoni for repairs.", 1e5, "TJS"),
    ("The agency paid KZT 3 bln to contractors.", 3e9, "KZT"),
]


@pytest.mark.parametrize(("text", "value", "unit"), MONEY)
def test_money(nlp, text, value, unit):
    figure = only_figure(nlp, text)
    assert (figure["kind"], figure["unit"]) == ("money", unit)
    assert figure["value"] == pytest.approx(value)


def test_manat_follows_the_country_named(nlp):
    figure = only_figure(nlp, "In Turkmenistan the fee was raised to 300 manat for each applicant.")
    assert figure["unit"] == "TMT"


PERCENTS = [
    ("Membership grew by 17% in the first quarter.", 17, None, None),
    ("Turnout among young voters was about 10 percent.", 10, "about", None),
    ("Only 5 per cent of the budget goes to civil society.", 5, None, None),
    ("The survey showed a 3 percentage-point rise in trust.", 3, None, "pp"),
    ("Two-thirds of respondents agreed with the statement.", 200 / 3, None, None),
    ("One in five women reported workplace harassment.", 20, None, None),
    ("Nearly 40% of the schools lack heating.", 40, "nearly", None),
    ("Trust in the courts fell by 2 p.p. over the year.", 2, None, "pp"),
    ("Twenty-five per cent of the members are under thirty.", 25, None, None),
]


@pytest.mark.parametrize(("text", "value", "qualifier", "unit"), PERCENTS)
def test_percents(nlp, text, value, qualifier, unit):
    figure = only_figure(nlp, text)
    assert figure["kind"] == "percent"
    assert figure["value"] == pytest.approx(value, rel=1e-3)
    assert (figure["qualifier"], figure["unit"]) == (qualifier, unit)


QUALIFIED = [
    ("More than 300 volunteers joined the clean-up.", "more than", 300),
    ("At least 40 journalists have been detained.", "at least", 40),
    ("The hall can host up to 1,500 participants.", "up to", 1500),
    ("Nearly 2,000 schools were closed by the strike.", "nearly", 2000),
    ("Fewer than 50 groups are registered in the province.", "fewer than", 50),
    ("Some 600 families returned to the village.", "some", 600),
    ("Approximately 250 lawyers signed the appeal.", "approximately", 250),
]


@pytest.mark.parametrize(("text", "qualifier", "value"), QUALIFIED)
def test_qualifiers(nlp, text, qualifier, value):
    text_found, figure = figures(nlp, text)[0]
    assert figure["qualifier"] == qualifier
    assert figure["value"] == pytest.approx(value)
    assert text_found.lower().startswith(qualifier)


RANGES = [
    ("Between 10 and 20 percent of members pay fees.", "percent", 10, 20),
    ("The floods displaced 2-3 million people.", "count", 2e6, 3e6),
    ("Each district has 10–15 community groups.", "count", 10, 15),
    ("The grants range from $5,000 to $10,000 each.", None, None, None),
]


@pytest.mark.parametrize(("text", "kind", "low", "high"), RANGES)
def test_ranges(nlp, text, kind, low, high):
    found = figures(nlp, text)
    if kind is None:  # "from X to Y" reads as two figures, not a range
        assert [f["value"] for _, f in found] == [5000, 10000]
        return
    figure = found[0][1]
    assert figure["kind"] == kind
    assert (figure["value"], figure["value_max"]) == (pytest.approx(low), pytest.approx(high))


def test_conversion_points_to_the_original(nlp):
    found = figures(nlp, "Local donors raised 2 million somoni (approximately $180,000) for the hospital.")
    assert [(f["kind"], f["unit"]) for _, f in found] == [("money", "TJS"), ("money", "USD")]
    assert found[0][1]["equivalent_of"] is None
    assert found[1][1]["equivalent_of"] == 0
    assert found[1][1]["qualifier"] == "approximately"


OF_CASES = [
    ("The ministry registered 120 rural cooperatives last spring.", "rural cooperatives"),
    ("Volunteers delivered 9,000 boxes of winter clothing.", "boxes of winter clothing"),
    ("Women hold 30% of the seats in parliament.", "the seats"),
    ("The alliance of 25 associations met in the capital.", "associations"),
]


@pytest.mark.parametrize(("text", "of"), OF_CASES)
def test_of(nlp, text, of):
    assert only_figure(nlp, text)["of"].endswith(of.removeprefix("the "))


def test_subject_and_elliptic_percent(nlp):
    found = figures(nlp, "The World Bank provides 35% of the water grants and UNICEF 20%.")
    assert [f["value"] for _, f in found] == [35, 20]
    assert found[0][1]["subject"].endswith("World Bank")
    assert found[1][1]["subject"] == "UNICEF"
    assert found[1][1]["of"] == found[0][1]["of"]


def test_year_from_the_sentence(nlp):
    figure = only_figure(nlp, "In 2019 the union had 600 members in the south.")
    assert (figure["value"], figure["year"]) == (600, 2019)


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
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(nlp, text):
    assert figures(nlp, text) == []


def test_list_numbering_is_not_a_figure(nlp):
    doc = nlp("Contents\n\n1. Introduction\n\n2. Findings\n\nThe group has 80 members.")
    assert [span.text for span in doc.spans["figures"]] == ["80"]


def test_short_quoted_speech_keeps_its_figure(nlp):
    found = figures(nlp, "The director said: “We trained 300 women this year.”")
    assert [f["value"] for _, f in found] == [300]


def test_layout_numbers_are_not_figures(nlp):
    text = ("Top 10 Challenges for Young Activists\n\nIntroduction ........ 5\nMethods ........ 12\n\n"
            "Page 7 of 40\n\nThe network trained 450 mentors.")
    doc = nlp(text)
    assert [span.text for span in doc.spans["figures"]] == ["450"]


def test_money_ellipsis_names_each_donor(nlp):
    found = figures(nlp, "The European Union gave €3.4m, USAID $2.1 million and the UNDP around 1 million dollars.")
    assert [f["unit"] for _, f in found] == ["EUR", "USD", "USD"]
    assert found[1][1]["subject"] == "USAID"


def test_dates_group(nlp):
    doc = nlp("The office opened on 12 June 2018 and moved in March 2020.")
    assert [span._.date["iso"] for span in doc.spans["dates"]] == ["2018-06-12", "2020-03"]


def test_spans_serialize_plain_values(nlp):
    doc = nlp("About 1,000 activists and 12% of the staff took part.")
    for span in doc.spans["figures"]:
        assert set(span._.figure) == {"kind", "value", "value_max", "unit", "qualifier", "of", "subject",
                                      "year", "equivalent_of"}
    doc.to_bytes()


@pytest.mark.parametrize(("text", "dot", "value"), [
    ("14,000", False, 14000), ("2.5", False, 2.5), ("14.000", True, 14000),
    ("1.250.000", False, 1250000), ("1.250,5", True, 1250.5), ("v2", False, None),
])
def test_parse_digits(text, dot, value):
    assert parse_digits(text, dot_thousands=dot) == value


def test_number_words_use_text2num():
    assert parse_words(["twenty", "-", "five"]) == 25
    assert parse_words(["two", "thousand", "five", "hundred"]) == 2500


@pytest.mark.parametrize(("text", "iso"), [
    ("2018", "2018"), ("June 2018", "2018-06"), ("12 June 2018", "2018-06-12"), ("last year", None),
])
def test_iso_date(text, iso):
    assert iso_date(text) == iso


def test_currency_table_has_the_region():
    names = load_lexicon().currency_names
    assert names[("somoni",)] == "TJS"
    assert names[("tenge",)] == "KZT"
    assert names[("kazakhstani", "tenge")] == "KZT"
