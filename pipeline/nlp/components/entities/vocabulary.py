"""The word lists of the entity rules (models/entities/vocabulary.json), as one typed object."""

from __future__ import annotations

from dataclasses import dataclass, fields

VOCABULARY_FILE = "entities/vocabulary.json"


@dataclass(frozen=True)
class EntityVocabulary:
    """Word lists of the shape rules, the overlap policy and the entity filters."""

    org_heads: tuple[str, ...]          # end an organization name: "Teachers Union"
    org_leads: tuple[str, ...]          # start one before of/for/on: "Ministry of Health"
    org_kinds: tuple[str, ...]          # kind nouns around a name: "an NGO called X"
    quoted_name_kinds: tuple[str, ...]  # registered forms before a quoted name: Public Foundation "X"
    person_cue_verbs: tuple[str, ...]   # "X observed", "As X noted"
    person_nouns: tuple[str, ...]       # apposition: "our participant, X, ..."
    conversation_words: tuple[str, ...]  # "an interview with X"
    role_titles: frozenset[str]         # office titles: "Committee President" is a role
    person_titles: frozenset[str]       # courtesy titles before a name: "Mr", "Dr."
    event_heads: frozenset[str]         # a last word that makes a name an event: "crisis"
    title_words: frozenset[str]         # words of a document title cited as an author: "Report"
    org_words: frozenset[str]           # words of an organization cited as an author: "Agency"
    name_connectors: frozenset[str]     # lower-case words inside a name: "of", "de"
    currency_nouns: frozenset[str]      # "US dollar": the place names a currency
    place_heads: frozenset[str]         # administrative heads: "Rasht Valley", "Tuzla Canton"

    @classmethod
    def from_json(cls, data: dict) -> "EntityVocabulary":
        """The lists of vocabulary.json; keys that are not fields (the comment) are ignored."""
        return cls(**{f.name: _typed(f.type, data[f.name]) for f in fields(cls)})


def _typed(annotation: str, values: list[str]):
    return frozenset(values) if annotation.startswith("frozenset") else tuple(values)
