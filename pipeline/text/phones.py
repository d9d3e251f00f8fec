"""Phone numbers: one detector for the record's contacts and for the figures that are not
statistics.

International numbers (+992 93 555 0101) are phones anywhere; a number after a phone word
("Tel.", "mobile") is one; so is a local number with an area code in brackets or with
one separator between uneven digit groups ("(555) 123-4567", "030-1234-56"). Even groups of
three ("14 000 000") are statistics and a year with a month and day is a date.
"""

from __future__ import annotations

import re

MIN_DIGITS = 7
INTERNATIONAL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?!\w)")
CUED = re.compile(
    r"\b(?:tel|telephone|phone|mobile|cell|fax|whatsapp|call)\b[.:]?\s*(?:no\.?|number)?[:\s]*"
    r"(?P<number>\(?\d[\d\s().–-]{5,}\d)",
    re.IGNORECASE,
)
# One separator throughout: "98-317.22" is a file or section number, not a phone. PDFs set
# hyphens in phone numbers as en dashes ("(555) 123–4567").
LOCAL = re.compile(r"\((?P<area>0?\d{1,4})\)\s?\d[\d\s().–-]{6,}\d|\b\d{2,4}(?P<sep>[-.])\d{2,4}(?P=sep)\d{2,4}(?:(?P=sep)\d{2,4})?\b")
DIGIT_GROUP = re.compile(r"\d+")
YEAR = re.compile(r"1[5-9]\d\d|20\d\d")


def find_phones(text: str) -> list[tuple[int, int]]:
    """(start, end) of every phone number, in text order, without overlaps."""
    found = [m.span() for m in INTERNATIONAL.finditer(text) if _digits(m.group()) >= MIN_DIGITS]
    found += [m.span("number") for m in CUED.finditer(text) if _digits(m.group("number")) >= MIN_DIGITS]
    found += [m.span() for m in LOCAL.finditer(text) if _local_number(m)]
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _local_number(match: re.Match) -> bool:
    """Enough digits in uneven groups, not a bracketed year and not a date."""
    groups = DIGIT_GROUP.findall(match.group())
    if _digits(match.group()) < MIN_DIGITS or all(len(g) == 3 for g in groups[1:]):
        return False
    if match.group("area") and YEAR.fullmatch(match.group("area")):
        return False  # "(2019) 1 200 000": a citation year before a figure
    return not (len(groups) == 3 and any(YEAR.fullmatch(g) for g in groups)
                and all(len(g) <= 2 for g in groups if not YEAR.fullmatch(g)))


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)
