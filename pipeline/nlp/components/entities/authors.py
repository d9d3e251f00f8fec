"""Authors named in a document's metadata or byline, as entity mentions.

Ingest takes bylines and meta-tag authors out of the text into ``doc._.authors``. An author
is an entity of the document like any other (the reader sees the byline), so:
- where the name is written in the text (any case: "LAURIE OAKES IS ..."), each occurrence
  becomes a mention with the byline's evidence;
- where it is not, the entity still exists, with no mention (records need offsets into the
  text, and there are none to give): its source says "metadata".
An author whose name has an organization word ("Statistics Committee") is an organization.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.nlp.components.entities.evidence import SOURCE_WEIGHTS
from pipeline.nlp.components.entities.mentions import Mention
from pipeline.nlp.components.entities.vocabulary import EntityVocabulary
from pipeline.text.bylines import NAME_PARTICLES

MAX_NAME_WORDS = 6
NAME_WORD = re.compile(r"^[^\W\d_][\w.'’\-]*$")


def author_label(name: str, words: EntityVocabulary) -> str | None:
    """PERSON or ORG for a name as metadata gives it; None for what is not a name."""
    parts = name.split()
    if not 1 < len(parts) <= MAX_NAME_WORDS or not all(NAME_WORD.match(p) for p in parts):
        return None
    if any(p in words.org_heads or p in words.org_name_suffixes or p.title() in words.org_heads for p in parts):
        return "ORG"
    names = [p for p in parts if p not in NAME_PARTICLES]
    return "PERSON" if all(p[0].isupper() for p in names) else None


def author_mentions(text: str, authors: list[str], words: EntityVocabulary) -> list[Mention]:
    """Mentions of the metadata authors: their occurrences in the text, else one without offsets."""
    mentions = []
    for name in dict.fromkeys(a.strip() for a in authors or []):
        label = author_label(name, words)
        if label is None:
            continue
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", re.IGNORECASE)
        found = [Mention(start=m.start(), end=m.end(), text=m.group(), label=label, source="rule",
                         votes=Counter({label: SOURCE_WEIGHTS["metadata"]}))
                 for m in pattern.finditer(text) if "\n" not in m.group()]
        mentions += found or [Mention(start=0, end=0, text=name, label=label, source="metadata",
                                      votes=Counter({label: SOURCE_WEIGHTS["metadata"]}))]
    return mentions
