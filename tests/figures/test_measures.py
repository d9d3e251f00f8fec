"""Measurements are figures of kind "measure" with a unit symbol, kept apart from counts."""

import pytest

MEASURES = [
    ("The new road will be 120 km long.", 120, None, "km"),
    ("Farmers lost 4,500 hectares of cotton to the flood.", 4500, None, "ha"),
    ("The mill processes 2.5 million tonnes of grain a year.", 2.5e6, None, "t"),
    ("The reserve covers 1,200 square kilometres of steppe.", 1200, None, "km2"),
    ("Temperatures reached 45 °C in the valley.", 45, None, "°C"),
    ("The two speeds disagreed by more than 5 knots.", 5, "more than", "kn"),
    ("Each household receives 20 litres of water a day.", 20, None, "l"),
    ("The dam will add 300 MW to the grid.", 300, None, "MW"),
    ("The new pipeline is 10–15 km shorter.", 10, None, "km"),
    ("The route runs for some three hundred miles along the border.", 300, "some", "mi"),
]


@pytest.mark.parametrize(("text", "value", "qualifier", "unit"), MEASURES)
def test_measures(only_figure, text, value, qualifier, unit):
    figure = only_figure(text)
    assert (figure["kind"], figure["unit"], figure["qualifier"]) == ("measure", unit, qualifier)
    assert figure["value"] == pytest.approx(value)


def test_measure_and_count_kept_apart(figures):
    found = figures("Volunteers planted 40,000 trees on 250 hectares.")
    assert [(f["kind"], f["value"], f["unit"]) for _, f in found] == [
        ("count", 40000, None), ("measure", 250, "ha")]


def test_a_measure_says_what_it_measures(only_figure):
    assert only_figure("Farmers lost 4,500 hectares of cotton to the flood.")["of"] == "cotton"


def test_a_unit_does_not_swallow_the_full_stop(figures):
    [(text, figure)] = figures("The trail is 5 km.")
    assert (text, figure["unit"]) == ("5 km", "km")


@pytest.mark.parametrize("text", ["The operator is building a 5G network.", "The 3D printer arrived."])
def test_a_capital_letter_after_a_number_is_no_unit(figures, text):
    assert figures(text) == []
