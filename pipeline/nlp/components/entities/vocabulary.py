"""The word lists of the entity rules (models/entities/en/vocabulary.json), as one typed object.

Everything English about the entity rules is in that file: a second language adds a file
with the same keys in its own folder (models/entities/<language>/vocabulary.json).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

VOCABULARY_FILE = "entities/en/vocabulary.json"


@dataclass(frozen=True)
class EntityVocabulary:
    """Word lists of the shape rules, the overlap policy, the filters and the label evidence."""

    org_heads: tuple[str, ...]          # end an organization name: "Teachers Union"
    org_leads: tuple[str, ...]          # start one before of/for/on: "Ministry of Health"
    org_kinds: tuple[str, ...]          # kind nouns around a name: "an NGO called X", "outlet X"
    quoted_name_kinds: tuple[str, ...]  # registered forms before a quoted name: Public Foundation "X"
    person_cue_verbs: tuple[str, ...]   # "X observed", "As X noted"
    person_nouns: tuple[str, ...]       # apposition: "our participant, X, ...", "X, a poet"
    conversation_words: tuple[str, ...]  # "an interview with X"
    role_titles: frozenset[str]         # office titles after a body or a name: "Committee President"
    courtesy_titles: frozenset[str]     # before a name: "Mr", "Dr."
    office_titles: frozenset[str]       # before a name: "President", "Colonel"
    title_modifiers: frozenset[str]     # words of a longer title: "Prime" Minister, "Foreign" Minister
    thing_heads: frozenset[str]         # a last word that makes a name a law, document or event: "act"
    connector_thing_heads: frozenset[str]  # the same as a first word before of/on: "Statute of X"
    org_words: frozenset[str]           # words of an organization cited as an author: "Agency"
    org_name_suffixes: frozenset[str]   # last words of company and outlet names: "Inc.", "Tribune"
    name_connectors: frozenset[str]     # lower-case words inside a name: "of", "de"
    currency_nouns: frozenset[str]      # "US dollar": the place names a currency
    place_heads: frozenset[str]         # administrative heads: "Rasht Valley", "Tuzla Canton"
    org_suffix_shapes: frozenset[str]   # last words that make a capitalised run a company or outlet: "Tribune"
    local_nouns: frozenset[str]         # lower-case nouns after a place's name: "Ferguson police"
    seat_heads: frozenset[str]          # a mission named with its city after it: "Embassy Kabul"
    place_kinds: frozenset[str]         # "the port city of X": X is a place
    place_prepositions: frozenset[str]  # "in X", "across X": weak evidence of a place
    affiliation_roles: frozenset[str]   # "director of X", "members of X": X is an organization
    government_words: frozenset[str]    # "<place> Government", "<person> Administration": descriptions
    institution_names: frozenset[str]   # one-word names of bodies that are also common nouns
    sentence_openers: frozenset[str]    # capitalised at a sentence start, never part of a name

    @classmethod
    def from_json(cls, data: dict) -> "EntityVocabulary":
        """The lists of vocabulary.json; keys that are not fields (the comment) are ignored."""
        return cls(**{f.name: _typed(f.type, data[f.name]) for f in fields(cls)})


def _typed(annotation: str, values: list[str]):
    return frozenset(values) if annotation.startswith("frozenset") else tuple(values)
