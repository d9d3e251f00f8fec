"""Personal contact data in the text: found for the record's ``contacts`` list, masked on request.

Masking replaces characters one for one, so every offset into the text stays valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.phones import find_phones

EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
MASK = "•"


@dataclass(frozen=True)
class Contact:
    kind: str  # "email" | "phone"
    start: int
    end: int


def find_contacts(text: str) -> list[Contact]:
    """E-mail addresses and phone numbers with their offsets, in text order, without overlaps."""
    found = [Contact("email", m.start(), m.end()) for m in EMAIL.finditer(text)]
    found += [Contact("phone", start, end) for start, end in find_phones(text)]
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
