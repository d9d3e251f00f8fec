"""Personal contact data in the text: found for the record's ``contacts`` list, masked on request.

Masking replaces characters one for one, so every offset into the text stays valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# International numbers (+992 93 555 0101) anywhere; other numbers only after a phone cue,
# so statistics such as "14 000 000" are never taken for phone numbers.
INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?!\w)")
CUED_PHONE = re.compile(
    r"\b(?:tel|telephone|phone|mobile|cell|fax|whatsapp|call)\b[.:]?\s*(?:no\.?|number)?[:\s]*"
    r"(?P<number>\(?\d[\d\s().-]{5,}\d)",
    re.IGNORECASE,
)
MIN_PHONE_DIGITS = 7
MASK = "•"


@dataclass(frozen=True)
class Contact:
    kind: str  # "email" | "phone"
    start: int
    end: int


def find_contacts(text: str) -> list[Contact]:
    """E-mail addresses and phone numbers with their offsets, in text order, without overlaps."""
    found = [Contact("email", m.start(), m.end()) for m in EMAIL.finditer(text)]
    found += [Contact("phone", m.start(), m.end()) for m in INTERNATIONAL_PHONE.finditer(text)
              if _digits(m.group()) >= MIN_PHONE_DIGITS]
    found += [Contact("phone", m.start("number"), m.end("number")) for m in CUED_PHONE.finditer(text)
              if _digits(m.group("number")) >= MIN_PHONE_DIGITS]
    kept: list[Contact] = []
    for contact in sorted(found, key=lambda c: (c.start, -c.end)):
        if not kept or contact.start >= kept[-1].end:
            kept.append(contact)
    return kept


def redact(text: str, contacts: list[Contact]) -> str:
    """Mask each contact character by character, keeping '@' so a masked e-mail still reads as one."""
    chars = list(text)
    for contact in contacts:
        for i in range(contact.start, contact.end):
            if not (contact.kind == "email" and chars[i] == "@"):
                chars[i] = MASK
    return "".join(chars)


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)
