"""A figure restating one given earlier is listed once; the same value for another fact stays."""

import pytest

RESTATED = [
    ("Phone companies received 1.3 million requests last year. Critics said the 1.3 million "
     "requests show the scale of the problem.", [1.3e6]),
    ("There are about 200 people on the first flight. As to the exact number, it is just over 200.",
     [200]),
    ("The grants totalled $454 million. Of this $454 million, $210 million went to cities.",
     [454e6, 210e6]),
]


@pytest.mark.parametrize(("text", "values"), RESTATED)
def test_restatements_are_listed_once(figures, text, values):
    assert [f["value"] for _, f in figures(text)] == values


KEPT = [
    # the same value counting other things
    ("The board has 12 members. The city has 12 libraries.", [12, 12]),
    # two facts in one sentence
    ("Seven employees were acquitted and four were convicted, with two receiving probation and "
     "two others receiving prison terms.", [7, 4, 2, 2]),
    # a table: the same amount in two years
    ("Fiscal year 2018 $60 million 2019 $60 million", [60e6, 60e6]),
]


@pytest.mark.parametrize(("text", "values"), KEPT)
def test_same_value_for_another_fact_stays(figures, text, values):
    assert [f["value"] for _, f in figures(text)] == values


def test_a_number_alone_counts_the_noun_counted_before_it(figures):
    found = figures("Seven employees were acquitted and four were convicted.")
    assert [(f["value"], f["of"]) for _, f in found] == [(7, "employees"), (4, "employees")]
