"""What a figure is about, from the parse: what it counts, whose it is, its year."""

import pytest


OF_CASES = [
    ("The ministry registered 120 rural cooperatives last spring.", "rural cooperatives"),
    ("Volunteers delivered 9,000 boxes of winter clothing.", "boxes of winter clothing"),
    ("Women hold 30% of the seats in parliament.", "the seats"),
    ("The alliance of 25 associations met in the capital.", "associations"),
]


@pytest.mark.parametrize(("text", "of"), OF_CASES)
def test_of(only_figure, text, of):
    assert only_figure(text)["of"].endswith(of.removeprefix("the "))


def test_subject_and_elliptic_percent(figures):
    found = figures("The World Bank provides 35% of the water grants and UNICEF 20%.")
    assert [f["value"] for _, f in found] == [35, 20]
    assert found[0][1]["subject"].endswith("World Bank")
    assert found[1][1]["subject"] == "UNICEF"
    assert found[1][1]["of"] == found[0][1]["of"]


def test_year_from_the_sentence(only_figure):
    figure = only_figure("In 2019 the union had 600 members in the south.")
    assert (figure["value"], figure["year"]) == (600, 2019)


def test_money_ellipsis_names_each_donor(figures):
    found = figures("The European Union gave €3.4m, USAID $2.1 million and the UNDP around 1 million dollars.")
    assert [f["unit"] for _, f in found] == ["EUR", "USD", "USD"]
    assert found[1][1]["subject"] == "USAID"




def test_year_subject_and_noun_come_from_the_figure_s_own_line(figures):
    text = ("Results of the programme:\n"
            "• The ministry repaired 40 schools in 2019\n"
            "• 12 new clinics opened\n"
            "• Training reached 300 nurses")
    found = {f["value"]: f for _, f in figures(text)}
    assert found[40]["year"] == 2019
    assert (found[12]["year"], found[12]["subject"], found[12]["of"]) == (None, None, "new clinics")
    assert (found[300]["year"], found[300]["of"]) == (None, "nurses")


def test_a_bullet_does_not_lend_its_noun_to_the_next(figures):
    found = figures("Cases by region:\n- North: 14 families\n- South: 9")
    assert [(f["value"], f["of"]) for _, f in found if f["value"] == 14] == [(14, "families")]
    assert all(f["of"] != "families" for _, f in found if f["value"] == 9)
