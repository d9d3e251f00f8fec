"""Numbers that name rather than count: laws, orders, reports, models, addresses, citations,
dash-chained references and footnote markers left in PDF text."""

import pytest

NAMING_NUMBERS = [
    # law, order and report numbers
    ("The rule follows P.L. 116-283 and the budget act.", "law number"),
    ("The grants were paused under E.O. 14028 last spring.", "executive order"),
    ("Updated March 3, 2024\n\nhttps://reports.example.org 98-317\n\nThe hearing began late.", "report number"),
    # dash-chained references, also broken after a dash at a PDF line end
    ("The notice replaces directive 2017– 14–08 in full.", "directive number"),
    ("Comments go to docket ABC–2019– 0442 by June.", "docket number"),
    ("The new rule amends P.L. 108- 458 as proposed.", "law number across a line break"),
    # a leading zero
    ("The complaint was filed as 0073 in the archive.", "leading zero"),
    # model designations repeat with the same name
    ("Regulators grounded the 320 NEO fleet. Each 320 NEO was inspected and 320 NEO pilots "
     "were retrained.", "model number"),
    # addresses and legal citations
    ("Write to the office at 1450 Harbor Road, Springfield.", "street number"),
    ("The clinic moved to 77 North 5th Street last year.", "street number with an ordinal"),
    ("The duties are set out in 12 CFR 225.4 and in the handbook.", "code citation"),
    # footnote markers that PDF text keeps in the prose
    ("The sensors disagreed.\n\n4 The angle of attack is measured by a vane.", "footnote at a line start"),
    ("Data from the flight recorder 7 show the trim moved.", "footnote after a noun"),
    ("The software would limit 12 the size of each command.", "footnote before an article"),
    # section numbers with three decimals are not thousands in English
    ("See sections 91.213, 121.628 and 125.201 of the rules.", "section numbers"),
]


@pytest.mark.parametrize(("text", "case"), NAMING_NUMBERS)
def test_numbers_that_name_are_not_figures(figures, text, case):
    assert figures(text) == [], case


STILL_COUNTS = [
    ("The office at 1450 Harbor Road employs 35 lawyers.", 35),
    ("Some 300 NGOs signed the appeal.", 300),
    ("The inspectors checked 320 aircraft in May.", 320),
    ("Police detained 40 protesters near 12 Main Street.", 40),
]


@pytest.mark.parametrize(("text", "value"), STILL_COUNTS)
def test_counts_next_to_naming_numbers_stay(figures, text, value):
    assert [f["value"] for _, f in figures(text)] == [value]
