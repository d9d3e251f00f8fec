"""The rule-based entity layer that runs right after the statistical NER.

Three components, added by ``add_entity_rules``:

* ``qalam_gazetteer``: spaCy's built-in ``span_ruler`` with the phrase patterns of
  models/entities/{places,orgs}.jsonl (exact-case ORTH matching, so "Nice" at the start
  of a sentence is the only risk left, and the stoplist handles such homonyms). Matches
  go to ``doc.spans["entity_gazetteer"]`` with the canonical id in ``span.id_``.
* ``qalam_entity_shapes``: token patterns for organization names (``Ministry of X``,
  ``X Union``, ``an NGO called X``) and person cues (``according to X``, ``X said``).
  Matches go to ``doc.spans["entity_shapes"]``.
* ``qalam_entity_overlap``: settles ``doc.ents`` from the model's entities and both
  rule groups under the policy of ``resolve_overlaps`` (documented there).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.components.entities.names import ENTITIES_DIR, VOCABULARY, load_patterns

GAZETTEER_KEY = "entity_gazetteer"
SHAPES_KEY = "entity_shapes"
RULE_ID = "rule"  # span id of shape matches (gazetteer matches carry "place:..."/"org:...")

# Words that end an organization name: "Teachers Union", "X Youth Network".
ORG_HEADS = tuple(VOCABULARY["org_heads"])
# Words that start one when followed by of/for/against/on: "Ministry of Health".
ORG_LEADS = tuple(VOCABULARY["org_leads"])
LEAD_PREPOSITIONS = ("of", "for", "against", "on", "to")
# Lowercase words allowed inside a name when a capitalised word follows ("the" only
# after one of them: "Office of the High Commissioner").
CONNECTORS = ("of", "for", "and", "against", "on", "to", "&")
# "A and the B", "Ministry of X and Ministry of Y": two names, not one.
SPLITTING_AFTER_AND = frozenset({"the", "The", *ORG_LEADS})
MAX_CONNECTED_GROUPS = 3
# Kind nouns that introduce or follow an organization's name.
ORG_KINDS = tuple(VOCABULARY["org_kinds"])
NAMING_VERBS = ("called", "named")
QUOTED_NAME_KINDS = tuple(VOCABULARY["quoted_name_kinds"])
OPEN_QUOTE = {"ORTH": {"IN": ['"', "“", "«", "'", "‘"]}}
CLOSE_QUOTE = {"ORTH": {"IN": ['"', "”", "»", "'", "’"]}}
# Verbs that say someone spoke or wrote: "X observed", "As X noted".
PERSON_CUE_VERBS = tuple(VOCABULARY["person_cue_verbs"])
# Nouns that introduce a person by apposition: "our participant, X, ...".
PERSON_NOUNS = tuple(VOCABULARY["person_nouns"])
CONVERSATION_WORDS = tuple(VOCABULARY["conversation_words"])
BYLINE_CUES = (("Written", "by"), ("Written", "by", ":"), ("Author", ":"), ("Interview", "by"),
               ("Interviewed", "by"), ("Posted", "by"), ("Text", "by"))

# Capitalised titles that, right after an organization shape, make it a role.
ROLE_TITLES = frozenset(VOCABULARY["role_titles"])
CAP = {"TEXT": {"REGEX": r"^[A-Z][\w'’\-&.]*$"}, "IS_STOP": False}
NAME = {"IS_TITLE": True, "IS_STOP": False, "POS": "PROPN", "TEXT": {"REGEX": r"^[A-Z][a-z]"}}
POSSESSIVE = {"ORTH": {"IN": ["'s", "’s"]}}
LOWER_WORD = {"IS_ALPHA": True, "IS_LOWER": True}
# Optional whitespace token (a non-breaking space after a comma); stripped from the entity.
SPACE = {"IS_SPACE": True, "OP": "?"}


@dataclass(frozen=True)
class ShapeRule:
    """A token pattern whose entity is the match minus ``skip_start``/``skip_end`` tokens."""

    name: str
    label: str
    pattern: list[dict]
    skip_start: int = 0
    skip_end: int = 0


def _name_run(token: dict, *, groups: int) -> list[dict]:
    """Capitalised words, then ``groups`` times a connector run and more capitalised words."""
    run = [dict(token, OP="+")]
    for _ in range(groups):
        run += [{"LOWER": {"IN": list(CONNECTORS)}}, {"LOWER": "the", "OP": "?"}, dict(token, OP="+")]
    return run


def org_shape_rules() -> list[ShapeRule]:
    """Organization name shapes, each with 0..MAX_CONNECTED_GROUPS connector groups."""
    rules = []
    head = {"ORTH": {"IN": list(ORG_HEADS)}}
    lead = {"ORTH": {"IN": list(ORG_LEADS)}}
    prep = {"LOWER": {"IN": list(LEAD_PREPOSITIONS)}}
    kind = {"ORTH": {"IN": list(ORG_KINDS)}}
    for groups in range(MAX_CONNECTED_GROUPS + 1):
        tail = _name_run(CAP, groups=groups)
        rules += [
            ShapeRule("org_lead", "ORG", [dict(CAP, OP="*"), lead, prep, {"LOWER": "the", "OP": "?"}, *tail]),
            ShapeRule("org_called", "ORG", [kind, {"LOWER": {"IN": list(NAMING_VERBS)}}, *tail], skip_start=2),
            ShapeRule("org_called_the", "ORG", [kind, {"LOWER": {"IN": list(NAMING_VERBS)}}, {"LOWER": "the"}, *tail],
                      skip_start=3),
            ShapeRule("org_apposition", "ORG", [kind, {"ORTH": ","}, SPACE, *tail, {"ORTH": ","}],
                      skip_start=2, skip_end=1),
            ShapeRule("org_apposition", "ORG", [kind, LOWER_WORD, {"ORTH": ","}, SPACE, *tail, {"ORTH": ","}],
                      skip_start=3, skip_end=1),
        ]
    rules += [
        ShapeRule("org_head", "ORG", [dict(CAP, OP="+"), dict(POSSESSIVE, OP="?"), dict(CAP, OP="*"), head]),
        ShapeRule("org_the_kind", "ORG", [{"LOWER": "the"}, dict(CAP, OP="+"), kind], skip_start=1, skip_end=1),
        ShapeRule("org_the_kind", "ORG", [{"LOWER": "the"}, dict(CAP, OP="+"), LOWER_WORD, kind],
                  skip_start=1, skip_end=2),
        ShapeRule("org_kind_name", "ORG", [{"LOWER": "the"}, {"ORTH": {"IN": ["organization", "organisation", "NGO"]}},
                                            dict(CAP, OP="+")], skip_start=2),
        # Central Asian and Russian-style registered names: Public Foundation "Nasl".
        ShapeRule("org_quoted", "ORG", [{"ORTH": {"IN": list(QUOTED_NAME_KINDS)}}, OPEN_QUOTE,
                                         dict(CAP, OP="+"), CLOSE_QUOTE], skip_start=2, skip_end=1),
        # "Nurafshon, a local NGO": the name before an indefinite kind phrase.
        ShapeRule("org_is_kind", "ORG", [dict(CAP, OP="+"), {"ORTH": ","}, {"LOWER": {"IN": ["a", "an"]}}, kind],
                  skip_end=3),
        ShapeRule("org_is_kind", "ORG", [dict(CAP, OP="+"), {"ORTH": ","}, {"LOWER": {"IN": ["a", "an"]}},
                                          LOWER_WORD, kind], skip_end=4),
    ]
    return rules


def person_shape_rules() -> list[ShapeRule]:
    """Person cues: according to X, As X observed, X said, "person, X,", bylines."""
    name = [dict(NAME, OP="{1,3}")]
    cue = {"LOWER": {"IN": list(PERSON_CUE_VERBS)}}
    rules = [
        ShapeRule("person_according", "PERSON", [{"LOWER": "according"}, {"LOWER": "to"}, *name], skip_start=2),
        ShapeRule("person_as", "PERSON", [{"ORTH": "As"}, *name, cue], skip_start=1, skip_end=1),
        ShapeRule("person_said", "PERSON", [*name, cue], skip_end=1),
        ShapeRule("person_interview", "PERSON", [{"LOWER": {"IN": list(CONVERSATION_WORDS)}}, {"LOWER": "with"}, *name],
                  skip_start=2),
        ShapeRule("person_apposition", "PERSON", [{"LOWER": {"IN": list(PERSON_NOUNS)}}, {"ORTH": ","},
                                                  SPACE, *name, {"IS_PUNCT": True}], skip_start=2, skip_end=1),
    ]
    for cue_words in BYLINE_CUES:
        prefix = [{"ORTH": word} for word in cue_words]
        rules.append(ShapeRule("person_byline", "PERSON", [*prefix, *name], skip_start=len(prefix)))
    return rules


def _split_at_and(doc: Doc, start: int, end: int) -> int:
    """End of the first name when "and" joins two names inside a match."""
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in ("and", "&") and doc[i + 1].text in SPLITTING_AFTER_AND:
            return i
    return end


def _is_role(doc: Doc, span: Span) -> bool:
    """"Committee President", "Union Chair": an office holder's title, not the body."""
    return span.end < len(doc) and doc[span.end].text in ROLE_TITLES


def _names_of_span(span: Span) -> bool:
    """A usable entity span: not empty, starts and ends with a capitalised word."""
    return len(span) > 0 and span[0].text[:1].isupper() and span[-1].text[:1].isupper()


def _with_hyphen_prefix(doc: Doc, start: int) -> int:
    """Extend a name start over a glued hyphenated prefix: "X-AID Network" is one name."""
    while (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
           and not doc[start - 2].whitespace_ and doc[start - 2].text[:1].isupper()):
        start -= 2
    return start


class EntityShapes:
    """Finds organization and person name shapes and stores them as a span group."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.rules: dict[str, ShapeRule] = {}
        for index, rule in enumerate(org_shape_rules() + person_shape_rules()):
            key = f"{rule.name}_{index}"
            self.rules[key] = rule
            self.matcher.add(key, [rule.pattern], greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            rule = self.rules[doc.vocab.strings[match_id]]
            begin, stop = start + rule.skip_start, end - rule.skip_end
            while begin < stop and doc[begin].is_space:
                begin += 1
            begin = _with_hyphen_prefix(doc, begin)
            stop = _split_at_and(doc, begin, stop)
            span = Span(doc, begin, stop, label=rule.label, span_id=RULE_ID)
            if _names_of_span(span) and not (rule.label == "ORG" and _is_role(doc, span)):
                spans.append(span)
        doc.spans[SHAPES_KEY] = filter_spans(spans)
        return doc


@Language.factory("qalam_entity_shapes", assigns=["doc.spans"])
def make_entity_shapes(nlp: Language, name: str) -> EntityShapes:
    """Organization and person name shapes (see EntityShapes)."""
    return EntityShapes(nlp)


# --- overlap policy -----------------------------------------------------------------

STRONG_MODEL_LABELS = frozenset({"ORG", "PERSON", "FAC"})
PLACE_RULE_LABELS = frozenset({"GPE", "LOC"})
BRACKETS = frozenset("()[]")
PERSON_TITLES = frozenset(VOCABULARY["person_titles"])


def _has_person_cue(span: Span) -> bool:
    """A title before the name or a speech verb right after it."""
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    two_before = doc[max(span.start - 2, 0): span.start].text.lower()
    return before in PERSON_TITLES or after in PERSON_CUE_VERBS or two_before == "according to"


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _core(span: Span) -> tuple[int, int]:
    """Token range without a leading "the" or a trailing possessive/punctuation."""
    start, end = span.start, span.end
    brackets = [t.i for t in span if t.text in BRACKETS]
    end = brackets[0] if brackets else end
    while start < end and span.doc[start].lower_ == "the":
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return start, end


def _contains(outer: Span, inner: Span) -> bool:
    """Whether ``outer`` is a longer name around ``inner`` (articles and 's do not count)."""
    start, end = _core(outer)
    return start <= inner.start and inner.end <= end and end - start > len(inner)


def _model_keeps(model: Span, rule: Span) -> bool:
    """Whether a model entity survives an overlapping rule match.

    - A model ORG/PERSON/FAC that strictly contains the rule match is a longer name
      ("Zürich University" over the city "Zürich"): the model wins.
    - A model PERSON on exactly a gazetteer place with a person cue ("Mr X", "X said")
      keeps its label: a place name can be a surname.
    - Otherwise the rule wins: gazetteer places and curated orgs are exact names, and a
      shape rule has lexical evidence the model lacks ("according to X", "X Union").
    """
    if model.label_ in STRONG_MODEL_LABELS and _contains(model, rule):
        return True
    is_place_hit = rule.id_ != RULE_ID and rule.label_ in PLACE_RULE_LABELS
    same_span = (model.start, model.end) == (rule.start, rule.end)
    return same_span and model.label_ == "PERSON" and is_place_hit and _has_person_cue(model)


def _person_shape_loses(shape: Span, model_ents: list[Span]) -> bool:
    """A person cue does not relabel a multi-word model ORG ("according to Human Rights Watch")."""
    return shape.label_ == "PERSON" and any(
        m.label_ == "ORG" and _overlaps(m, shape) and len(m) > 1 for m in model_ents)


def _joins_names(shape: Span, gazetteer: list[Span]) -> bool:
    """A shape over two curated organizations is a coordination ("Council of Europe and USAID")."""
    inside = [g for g in gazetteer if g.label_ == "ORG" and shape.start <= g.start and g.end <= shape.end]
    return len(inside) > 1


def resolve_overlaps(model_ents: list[Span], gazetteer: list[Span], shapes: list[Span]) -> list[Span]:
    """The final entities: rules first (longest wins, gazetteer before shapes on ties),
    then every model entity that no winning rule displaced (see ``_model_keeps``)."""
    shapes = [s for s in shapes if not _person_shape_loses(s, model_ents) and not _joins_names(s, gazetteer)]
    ranked = sorted([*gazetteer, *shapes], key=lambda s: (-len(s), s.id_ == RULE_ID, s.start))
    rules: list[Span] = []
    for span in ranked:
        if not any(_overlaps(span, kept) for kept in rules):
            rules.append(span)
    kept_model = []
    for ent in model_ents:
        hits = [r for r in rules if _overlaps(ent, r)]
        # Two rule names inside one model entity are a coordination the model merged.
        if len(hits) < 2 and all(_model_keeps(ent, r) for r in hits):
            kept_model.append(ent)
            rules = [r for r in rules if r not in hits]
    return sorted([*kept_model, *rules], key=lambda s: s.start)


class EntityOverlap:
    """Writes ``doc.ents`` from the model's entities and the rule span groups."""

    def __call__(self, doc: Doc) -> Doc:
        gazetteer = list(doc.spans.get(GAZETTEER_KEY, []))
        shapes = list(doc.spans.get(SHAPES_KEY, []))
        doc.ents = resolve_overlaps(list(doc.ents), gazetteer, shapes)
        return doc


@Language.factory("qalam_entity_overlap", requires=["doc.ents"], assigns=["doc.ents"])
def make_entity_overlap(nlp: Language, name: str) -> EntityOverlap:
    """Merges rule matches into doc.ents (policy: resolve_overlaps)."""
    return EntityOverlap()


def add_entity_rules(nlp: Language) -> None:
    """Add the gazetteer ruler, the shape rules and the overlap policy after "ner"."""
    ruler = nlp.add_pipe(
        "span_ruler", name="qalam_gazetteer", after="ner",
        config={"spans_key": GAZETTEER_KEY, "annotate_ents": False, "phrase_matcher_attr": "ORTH",
                "validate": False, "overwrite": True},
    )
    # Only the tokenizer is needed for phrase patterns; add_patterns would otherwise run
    # every earlier pipe (tagger, parser, ner) over tens of thousands of patterns.
    with nlp.select_pipes(enable=["qalam_gazetteer"]):
        ruler.add_patterns(load_patterns(ENTITIES_DIR))
    nlp.add_pipe("qalam_entity_shapes", after="qalam_gazetteer")
    nlp.add_pipe("qalam_entity_overlap", after="qalam_entity_shapes")
