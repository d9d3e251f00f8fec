"""Speakers and the document's entities (``doc._.entities``): the one place that links them.

A speaker found at a mention of an entity takes the entity's fuller name when that name
contains the mention's words ("Novak" -> "Jan Novak"), and the entity's id: the entity whose
mention the speaker overlaps, else the first PERSON or ORG whose names share a word with it.
"""

from __future__ import annotations

from bisect import bisect_left


class EntityIndex:
    """Lookups over ``doc._.entities`` (records.Entity dicts), built once per document."""

    def __init__(self, entities: list[dict] | None) -> None:
        self.entities = entities or []
        self.at_mention: dict[tuple[int, int], dict] = {}
        mentions = []
        self.first_with_word: dict[str, int] = {}
        for index, entity in enumerate(self.entities):
            for mention in entity["mentions"]:
                self.at_mention.setdefault((mention["start"], mention["end"]), entity)
                mentions.append((mention["start"], mention["end"], index))
            if entity["label"] in ("PERSON", "ORG"):
                for form in (entity["text"], *entity["aliases"]):
                    for word in form.casefold().split():
                        self.first_with_word.setdefault(word, index)
        self.mentions = sorted(mentions)  # mentions never overlap: they come from doc.ents
        self.mention_ends = [end for _, end, _ in self.mentions]

    def canonical(self, text: str, start: int, end: int) -> str:
        """The fuller name the entities give the mention at [start, end), else ``text``; a
        surname that is no entity mention takes the name of the person it belongs to."""
        entity = self.at_mention.get((start, end))
        if entity is None and " " not in text and text.casefold() in self.first_with_word:
            entity = self.entities[self.first_with_word[text.casefold()]]
            entity = entity if entity["label"] == "PERSON" else None
        if entity is None:
            return text
        name = entity["text"] or text
        return name if set(text.split()) <= set(name.split()) else text

    def entity_id(self, name: str | None, start: int | None, end: int | None) -> str | None:
        """The id of the speaker's entity: the one mentioned where the speaker was found, else
        the first person or organization whose names share a word with the speaker's."""
        if not name:
            return None
        if start is not None and end is not None:
            hits = []
            for m_start, m_end, index in self.mentions[bisect_left(self.mention_ends, start + 1):]:
                if m_start >= end:
                    break
                hits.append(index)
            if hits:
                return self.entities[min(hits)]["id"]
        found = [self.first_with_word[w] for w in name.casefold().split() if w in self.first_with_word]
        return self.entities[min(found)]["id"] if found else None
