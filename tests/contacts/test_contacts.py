import pytest

from pipeline.ingest.contacts import find_contacts, redact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Write to maria.lopez@example.org today.", [("email", "maria.lopez@example.org")]),
        ("Call +992 93 555 0101 or +44 (20) 7946 0958.", [("phone", "+992 93 555 0101"),
                                                         ("phone", "+44 (20) 7946 0958")]),
        ("Phone: (555) 123-4567.", [("phone", "(555) 123-4567")]),
        ("Tel. 030 1234 5678", [("phone", "030 1234 5678")]),
        ("The fund reached 14 000 000 somoni in 2021.", []),
        ("Call us on 12 May.", []),
        ("Version 3.8.0 was released.", []),
        ("The desk answers on (555) 123-4567.", [("phone", "(555) 123-4567")]),
    ],
)
def test_finds_emails_and_phones_not_figures(text, expected):
    assert [(c.kind, text[c.start:c.end]) for c in find_contacts(text)] == expected


def test_redaction_keeps_length_and_offsets():
    text = "Reach Ana at ana@example.org or +1 202 555 0143, thanks."
    contacts = find_contacts(text)
    masked = redact(text, contacts)
    assert len(masked) == len(text)
    assert "ana@example.org" not in masked and "555" not in masked
    assert masked[contacts[0].start:contacts[0].end].count("@") == 1
    assert masked.startswith("Reach Ana at ") and masked.endswith(", thanks.")
