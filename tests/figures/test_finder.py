"""qalam_figures: counts, money, percentages, qualifiers, ranges, conversions, the payload."""

from pathlib import Path

import pytest

from pipeline.nlp.components.figures.finder import FigureFinder
from pipeline.nlp.extensions import span_item
from pipeline.records import Figure

MODELS = Path(__file__).resolve().parents[2] / "models"

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
    # counts written as words, also after a possessive or "all"
    ("Four NGOs filed the complaint with the court.", 4),
    ("Floods hit nine provinces this spring.", 9),
    ("The minister met all five regional governors on Monday.", 5),
    ("The reporter and his two colleagues were detained.", 2),
    # a plus sign after the number
    ("Volunteers have mapped 1000+ water points so far.", 1000),
]


@pytest.mark.parametrize(("text", "value"), COUNTS)
def test_counts(figures, text, value):
    figure = figures(text)[0][1]
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
    ("The plan adds AU$50.3 billion to the budget.", 50.3e9, "AUD"),  # a symbol glued to the number
    ("Funding reached $454 millionb in 2024.", 454e6, "USD"),  # a table's footnote letter
]


@pytest.mark.parametrize(("text", "value", "unit"), MONEY)
def test_money(only_figure, text, value, unit):
    figure = only_figure(text)
    assert (figure["kind"], figure["unit"]) == ("money", unit)
    assert figure["value"] == pytest.approx(value)


def test_a_currency_code_before_a_noun_is_an_acronym(figures):
    found = figures("The jet has two AOA sensors on its nose.")
    assert [(f["kind"], f["unit"]) for _, f in found] == [("count", None)]


def test_plus_sign_is_a_qualifier(only_figure):
    assert only_figure("The cities have released 1000+ open data sets.")["qualifier"] == "or more"


def test_manat_follows_the_country_named(only_figure):
    figure = only_figure("In Turkmenistan the fee was raised to 300 manat for each applicant.")
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
    ("Three out of ten teachers left the profession.", 30, None, None),
    ("Seven out of every 100 children are out of school.", 7, None, None),
]


@pytest.mark.parametrize(("text", "value", "qualifier", "unit"), PERCENTS)
def test_percents(only_figure, text, value, qualifier, unit):
    figure = only_figure(text)
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
def test_qualifiers(figures, text, qualifier, value):
    text_found, figure = figures(text)[0]
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
def test_ranges(figures, text, kind, low, high):
    found = figures(text)
    if kind is None:  # "from X to Y" reads as two figures, not a range
        assert [f["value"] for _, f in found] == [5000, 10000]
        return
    figure = found[0][1]
    assert figure["kind"] == kind
    assert (figure["value"], figure["value_max"]) == (pytest.approx(low), pytest.approx(high))


def test_out_of_a_total_is_two_counts(figures):
    """"out of" a whole that is not a round base gives the part and the total, both counted."""
    found = figures("Only 23 out of 45 provinces reported on time.")
    assert [(f["kind"], f["value"], f["of"]) for _, f in found] == [
        ("count", 23, "provinces"), ("count", 45, "provinces")]


def test_share_names_what_it_shares(only_figure):
    assert only_figure("One in five women reported harassment at work.")["of"] == "women"


def test_conversion_points_to_the_original(figures):
    found = figures("Local donors raised 2 million somoni (approximately $180,000) for the hospital.")
    assert [(f["kind"], f["unit"]) for _, f in found] == [("money", "TJS"), ("money", "USD")]
    assert found[0][1]["equivalent_of"] is None
    assert found[1][1]["equivalent_of"] == 0
    assert found[1][1]["qualifier"] == "approximately"



def test_payload_is_the_record_item_without_its_place(nlp):
    doc = nlp("About 1,000 activists and 12% of the staff took part.")
    for span in doc.spans["figures"]:
        figure = span_item(Figure, span, span._.figure)
        assert (figure.text, figure.start, figure.end) == (span.text, span.start_char, span.end_char)
    assert doc.to_bytes()  # plain values serialise


def test_dot_thousands_follow_the_language_setting(nlp):
    doc = nlp("The town paid 14.000 euros.")
    assert [span._.figure["value"] for span in doc.spans["figures"]] == [14]
    finder = FigureFinder(dot_thousands_langs=("en",))
    finder.initialize(rules_dir=MODELS)
    doc = finder(nlp("The town paid 14.000 euros."))
    assert [span._.figure["value"] for span in doc.spans["figures"]] == [14000]
