"""One phone detector for contacts and figures: shapes that are phones and numbers that are not."""

import pytest

from pipeline.text.phones import find_phones


@pytest.mark.parametrize(("text", "phones"), [
    ("Call +992 93 555 0101 or +44 (20) 7946 0958.", ["+992 93 555 0101", "+44 (20) 7946 0958"]),
    ("Phone: (555) 123-4567.", ["(555) 123-4567"]),
    ("Tel. 030 1234 5678", ["030 1234 5678"]),
    ("The desk is on (555) 123-4567 all week.", ["(555) 123-4567"]),
    ("Ring 030-1234-567 for help.", ["030-1234-567"]),
    ("Fax: (555) 493–2251.", ["(555) 493–2251"]),
    ("For copies call 555–231– 3195 today.", ["555–231– 3195"]),
    ("The fund reached 14 000 000 somoni in 2021.", []),
    ("Call us on 12 May.", []),
    ("Version 3.8.0 was released.", []),
    ("It happened on 12.05.2020 at noon.", []),
    ("As Novak (2019) 1 200 000 people moved.", []),
    ("See file 98-317.22 for details.", []),
    ("1.250.000 people", []),
])
def test_find_phones(text, phones):
    assert [text[start:end] for start, end in find_phones(text)] == phones
