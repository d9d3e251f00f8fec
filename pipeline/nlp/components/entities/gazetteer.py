"""qalam_gazetteer: spaCy's span ruler with the place and organization phrase patterns.

Patterns come from models/entities/{places,orgs}.jsonl (generated, see README there) and
reach the ruler through its own ``initialize``/``add_patterns``. Matching is on exact token
text (ORTH), so the component needs only the tokenizer: it runs ahead of the model's own
components, and loading its tens of thousands of phrase patterns tokenizes them and nothing
more. Matches go to ``doc.spans["entity_gazetteer"]`` with the canonical id in ``span.id_``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.pipeline.span_ruler import SpanRuler

from pipeline.text.rule_files import read_jsonl

GAZETTEER_KEY = "entity_gazetteer"


class Gazetteer(SpanRuler):
    """A span ruler whose ``initialize`` reads the gazetteer files when given no patterns."""

    RULE_FILES = ("entities/places.jsonl", "entities/orgs.jsonl")

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   patterns: Sequence[dict] | None = None, rules_dir: str | Path | None = None) -> None:
        """Load ``patterns``, or the gazetteer files of ``rules_dir`` (places, then organizations)."""
        if patterns is None and rules_dir is not None:
            patterns = [p for name in self.RULE_FILES for p in read_jsonl(Path(rules_dir) / name)]
        super().initialize(get_examples or (lambda: []), nlp=nlp, patterns=patterns)


@Language.factory("qalam_gazetteer", default_config={"phrase_matcher_attr": "ORTH"}, assigns=["doc.spans"])
def make_gazetteer(nlp: Language, name: str, phrase_matcher_attr: str) -> Gazetteer:
    """Gazetteer names into doc.spans["entity_gazetteer"], matched on ``phrase_matcher_attr``
    (ORTH: exact case; a token attribute the tokenizer sets, as the ruler runs before the model)."""
    return Gazetteer(nlp, name, spans_key=GAZETTEER_KEY, annotate_ents=False, phrase_matcher_attr=phrase_matcher_attr,
                     validate=False, overwrite=True)
