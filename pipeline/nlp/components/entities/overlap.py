"""qalam_entity_overlap: settle ``doc.ents`` from the model's entities and the rule span groups.

The policy is a registered function (``qalam.entity_overlap.v1``, ``resolve_overlaps``):
the component reads the gazetteer and shape span groups and writes what the policy returns.
Overlaps are found with a map from token to span, as ``spacy.util.filter_spans`` does, so
the time grows with the number of tokens, not with the square of the number of matches.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from pipeline.nlp.components.entities.gazetteer import GAZETTEER_KEY
from pipeline.nlp.components.entities.shapes import RULE_ID, SHAPES_KEY
from pipeline.nlp.components.entities.vocabulary import VOCABULARY_FILE, EntityVocabulary
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.text.quote_marks import APOSTROPHES

STRONG_MODEL_LABELS = frozenset({"ORG", "PERSON", "FAC"})
PLACE_RULE_LABELS = frozenset({"GPE", "LOC"})
BRACKETS = frozenset("()[]")
POSSESSIVES = frozenset(f"{apostrophe}s" for apostrophe in APOSTROPHES)
OverlapPolicy = Callable[..., list[Span]]


def _has_person_cue(span: Span, words: EntityVocabulary) -> bool:
    """A title before the name or a speech verb right after it."""
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    two_before = doc[max(span.start - 2, 0): span.start].text.lower()
    titled = before in words.courtesy_titles or before in words.office_titles
    return titled or after in words.person_cue_verbs or two_before == "according to"


def _core(span: Span) -> tuple[int, int]:
    """Token range without a leading "the" or a trailing possessive/punctuation."""
    start, end = span.start, span.end
    brackets = [t.i for t in span if t.text in BRACKETS]
    end = brackets[0] if brackets else end
    while start < end and span.doc[start].lower_ == "the":
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space
                           or span.doc[end - 1].lower_ in POSSESSIVES):
        end -= 1
    return start, end


def _contains(outer: Span, inner: Span) -> bool:
    """Whether ``outer`` is a longer name around ``inner`` (articles and 's do not count)."""
    start, end = _core(outer)
    return start <= inner.start and inner.end <= end and end - start > len(inner)


def _model_keeps(model: Span, rule: Span, words: EntityVocabulary) -> bool:
    """Whether a model entity survives an overlapping rule match.

    - A model ORG/PERSON/FAC that strictly contains the rule match is a longer name
      ("Zürich University" over the city "Zürich"): the model wins, unless it names a law
      or an event after a gazetteer place, which then stands on its own.
    - A model PERSON on exactly a gazetteer place with a person cue ("Mr X", "X said")
      keeps its label: a place name can be a surname.
    - Otherwise the rule wins: gazetteer places and curated orgs are exact names, and a
      shape rule has lexical evidence the model lacks ("according to X", "X Union").
    """
    is_place_hit = rule.id_ != RULE_ID and rule.label_ in PLACE_RULE_LABELS
    if model.label_ in STRONG_MODEL_LABELS and _contains(model, rule):
        # A law or event named after a place keeps the place ("Help America Vote Act").
        return not (is_place_hit and model[-1].lower_ in words.thing_heads)
    same_span = (model.start, model.end) == (rule.start, rule.end)
    return same_span and model.label_ == "PERSON" and is_place_hit and _has_person_cue(model, words)


def _kept_shapes(shapes: list[Span], model_ents: list[Span], gazetteer: list[Span]) -> list[Span]:
    """Shapes less any person cue over a multi-word model ORG ("according to Human Rights
    Watch") and any shape over two curated organizations ("Council of Europe and USAID")."""
    model_org_tokens = {i for m in model_ents if m.label_ == "ORG" and len(m) > 1 for i in range(m.start, m.end)}
    orgs = sorted((g.start, g.end) for g in gazetteer if g.label_ == "ORG")
    org_starts = [start for start, _ in orgs]
    kept = []
    for shape in shapes:
        if shape.label_ == "PERSON" and any(i in model_org_tokens for i in range(shape.start, shape.end)):
            continue
        first = bisect_left(org_starts, shape.start)
        inside = 0
        for start, end in orgs[first:]:
            if start >= shape.end:
                break
            inside += end <= shape.end
        if inside < 2:
            kept.append(shape)
    return kept


def resolve_overlaps(model_ents: list[Span], gazetteer: list[Span], shapes: list[Span], *,
                     words: EntityVocabulary) -> list[Span]:
    """The final entities: rules first (longest wins, gazetteer before shapes on ties),
    then every model entity that no winning rule displaced (see ``_model_keeps``)."""
    ranked = sorted([*gazetteer, *_kept_shapes(shapes, model_ents, gazetteer)],
                    key=lambda s: (-len(s), s.id_ == RULE_ID, s.start))
    rules: list[Span] = []
    owner: dict[int, int] = {}  # token -> index in rules of the rule span covering it
    for span in ranked:
        if not any(i in owner for i in range(span.start, span.end)):
            owner.update((i, len(rules)) for i in range(span.start, span.end))
            rules.append(span)
    alive = [True] * len(rules)
    kept_model = []
    for ent in model_ents:
        hits = sorted({owner[i] for i in range(ent.start, ent.end) if i in owner and alive[owner[i]]})
        # Two rule names inside one model entity are a coordination the model merged.
        if len(hits) < 2 and all(_model_keeps(ent, rules[h], words) for h in hits):
            kept_model.append(ent)
            for h in hits:
                alive[h] = False
    return sorted([*kept_model, *(r for r, live in zip(rules, alive) if live)], key=lambda s: s.start)


@registry.misc("qalam.entity_overlap.v1")
def entity_overlap_v1() -> OverlapPolicy:
    """The overlap policy of ``resolve_overlaps``."""
    return resolve_overlaps


class EntityOverlap(RuleComponent):
    """Writes ``doc.ents`` from the model's entities and the rule span groups."""

    RULE_FILES = (VOCABULARY_FILE,)

    def __init__(self, name: str, policy: OverlapPolicy) -> None:
        self.name = name
        self.policy = policy

    def load_rules(self, rules: RuleData) -> None:
        self.words = EntityVocabulary.from_json(rules.json(VOCABULARY_FILE))

    def annotate(self, doc: Doc) -> Doc:
        gazetteer = list(doc.spans.get(GAZETTEER_KEY, []))
        shapes = list(doc.spans.get(SHAPES_KEY, []))
        doc.ents = self.policy(list(doc.ents), gazetteer, shapes, words=self.words)
        return doc


@Language.factory(
    "qalam_entity_overlap",
    default_config={"policy": {"@misc": "qalam.entity_overlap.v1"}},
    requires=["doc.ents", "doc.spans"],
    assigns=["doc.ents"],
)
def make_entity_overlap(nlp: Language, name: str, policy: OverlapPolicy) -> EntityOverlap:
    """Merges rule matches into doc.ents under ``policy``."""
    return EntityOverlap(name, policy)
