"""The entity ruler and its patterns (placeholder until the rules land)."""

from spacy.language import Language


def add_entity_rules(nlp: Language) -> None:
    """Add the rule-based entity layer after the statistical NER."""
