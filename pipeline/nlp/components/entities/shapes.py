"""qalam_entity_shapes: token patterns for organization names and person cues.

Organization shapes (``Ministry of X``, ``X Union``, ``an NGO called X``) and person cues
(``according to X``, ``X said``, bylines) over the word lists of
models/entities/vocabulary.json. Matches go to ``doc.spans["entity_shapes"]`` with the span
id ``rule``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.components.entities.gazetteer import GAZETTEER_KEY
from pipeline.nlp.components.entities.vocabulary import VOCABULARY_FILE, EntityVocabulary
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.text.bylines import byline_cues
from pipeline.text.quote_marks import APOSTROPHES, CLOSING_MARKS, OPENING_MARKS

SHAPES_KEY = "entity_shapes"
RULE_ID = "rule"  # span id of shape matches (gazetteer matches carry "place:..."/"org:...")
LEAD_PREPOSITIONS = ("of", "for", "against", "on", "to")
# Lowercase words allowed inside a name when a capitalised word follows ("the" only
# after one of them: "Office of the High Commissioner").
CONNECTORS = ("of", "for", "and", "against", "on", "to", "&")
NAMING_VERBS = ("called", "named")
OPEN_QUOTE = {"ORTH": {"IN": list(OPENING_MARKS)}}
CLOSE_QUOTE = {"ORTH": {"IN": list(CLOSING_MARKS)}}
CAP = {"TEXT": {"REGEX": rf"^[A-Z][\w{APOSTROPHES}\-&.]*$"}, "IS_STOP": False}
NAME = {"IS_TITLE": True, "IS_STOP": False, "POS": "PROPN", "TEXT": {"REGEX": r"^[A-Z][a-z]"}}
POSSESSIVE = {"ORTH": {"IN": [f"{apostrophe}s" for apostrophe in APOSTROPHES]}}
LOWER_WORD = {"IS_ALPHA": True, "IS_LOWER": True}
# Optional whitespace token (a non-breaking space after a comma); stripped from the entity.
SPACE = {"IS_SPACE": True, "OP": "?"}
MAX_LIST_ITEMS = 4
# "City of Boston": the city's government, a body (the other place kinds name places).
MUNICIPAL = frozenset({"City", "Town"})


@dataclass(frozen=True)
class ShapeRule:
    """A token pattern whose entity is the match minus ``skip_start``/``skip_end`` tokens.

    ``needs``: words (as written) one of which every match holds, for a token the pattern
    requires; a Doc without any of them is not matched against the rule (empty: always)."""

    name: str
    label: str
    pattern: list[dict]
    skip_start: int = 0
    skip_end: int = 0
    needs: frozenset[str] = frozenset()


def _name_run(token: dict, *, groups: int) -> list[dict]:
    """Capitalised words, then ``groups`` times a connector run and more capitalised words."""
    run = [dict(token, OP="+")]
    for _ in range(groups):
        run += [{"LOWER": {"IN": list(CONNECTORS)}}, {"LOWER": "the", "OP": "?"}, dict(token, OP="+")]
    return run


def org_shape_rules(words: EntityVocabulary, *, max_connected_groups: int) -> list[ShapeRule]:
    """Organization name shapes, each with 0..``max_connected_groups`` connector groups."""
    rules = []
    head = {"ORTH": {"IN": list(words.org_heads)}}
    lead = {"ORTH": {"IN": list(words.org_leads)}}
    prep = {"LOWER": {"IN": list(LEAD_PREPOSITIONS)}}
    kind = {"ORTH": {"IN": list(words.org_kinds)}}
    kinds, leads = frozenset(words.org_kinds), frozenset(words.org_leads)
    naming = {"LOWER": {"IN": list(NAMING_VERBS)}}
    for groups in range(max_connected_groups + 1):
        tail = _name_run(CAP, groups=groups)
        rules += [
            ShapeRule("org_lead", "ORG", [dict(CAP, OP="*"), lead, prep, {"LOWER": "the", "OP": "?"}, *tail],
                      needs=leads),
            ShapeRule("org_called", "ORG", [kind, naming, *tail], skip_start=2, needs=kinds),
            ShapeRule("org_called_the", "ORG", [kind, naming, {"LOWER": "the"}, *tail], skip_start=3, needs=kinds),
            ShapeRule("org_apposition", "ORG", [kind, {"ORTH": ","}, SPACE, *tail, {"ORTH": ","}],
                      skip_start=2, skip_end=1, needs=kinds),
            ShapeRule("org_apposition", "ORG", [kind, LOWER_WORD, {"ORTH": ","}, SPACE, *tail, {"ORTH": ","}],
                      skip_start=3, skip_end=1, needs=kinds),
        ]
    for items in range(1, MAX_LIST_ITEMS):
        # "Bureau of Population, Refugees, and Migration": a lead's list of fields is one name
        # (with the comma before "and": without it, "X, Y and Z" may list two bodies).
        listed = [part for _ in range(items) for part in ({"ORTH": ","}, dict(CAP, OP="+"))]
        rules.append(ShapeRule("org_lead_list", "ORG", [dict(CAP, OP="*"), lead, prep, dict(CAP, OP="+"), *listed,
                                                         {"ORTH": ","}, {"LOWER": "and"}, dict(CAP, OP="+")],
                               needs=leads))
    seat = {"ORTH": {"IN": list(words.seat_heads)}}
    rules += [
        # "U.S. Embassy Kabul": a mission named with its city.
        ShapeRule("org_seat", "ORG", [dict(CAP, OP="*"), seat, dict(NAME, OP="{1,2}")],
                  needs=frozenset(words.seat_heads)),
        ShapeRule("org_suffix", "ORG", [dict(NAME, OP="+"), {"ORTH": {"IN": list(words.org_suffix_shapes)}}]),
        ShapeRule("place_head", "GPE", [dict(NAME, OP="+"), {"ORTH": {"IN": list(words.place_heads)}}]),
        ShapeRule("org_head", "ORG", [dict(CAP, OP="+"), dict(POSSESSIVE, OP="?"), dict(CAP, OP="*"), head]),
        ShapeRule("org_the_kind", "ORG", [{"LOWER": "the"}, dict(CAP, OP="+"), kind], skip_start=1, skip_end=1,
                  needs=kinds),
        ShapeRule("org_the_kind", "ORG", [{"LOWER": "the"}, dict(CAP, OP="+"), LOWER_WORD, kind],
                  skip_start=1, skip_end=2, needs=kinds),
        ShapeRule("org_kind_name", "ORG", [{"LOWER": "the"}, {"ORTH": {"IN": ["organization", "organisation", "NGO"]}},
                                            dict(CAP, OP="+")], skip_start=2),
        # Central Asian and Russian-style registered names: Public Foundation "Nasl".
        ShapeRule("org_quoted", "ORG", [{"ORTH": {"IN": list(words.quoted_name_kinds)}}, OPEN_QUOTE,
                                         dict(CAP, OP="+"), CLOSE_QUOTE], skip_start=2, skip_end=1),
        # "organisations such as the RSPCA", "companies like Meta".
        ShapeRule("org_such_as", "ORG", [kind, {"LOWER": {"IN": ["such", "like", "including"]}},
                                          {"LOWER": "as", "OP": "?"}, {"LOWER": "the", "OP": "?"}, dict(CAP, OP="+")],
                  skip_start=2, needs=kinds),
        # "Nurafshon, a local NGO": the name before an indefinite kind phrase.
        ShapeRule("org_is_kind", "ORG", [dict(CAP, OP="+"), {"ORTH": ","}, {"LOWER": {"IN": ["a", "an"]}}, kind],
                  skip_end=3, needs=kinds),
        ShapeRule("org_is_kind", "ORG", [dict(CAP, OP="+"), {"ORTH": ","}, {"LOWER": {"IN": ["a", "an"]}},
                                          LOWER_WORD, kind], skip_end=4, needs=kinds),
    ]
    return rules


def person_shape_rules(words: EntityVocabulary) -> list[ShapeRule]:
    """Person cues: according to X, As X observed, X said, "person, X,", bylines."""
    name = [dict(NAME, OP="{1,3}")]
    cue = {"ORTH": {"IN": list(words.person_cue_verbs)}}  # lower case: "States" in a name is no verb
    rules = [
        ShapeRule("person_according", "PERSON", [{"LOWER": "according"}, {"LOWER": "to"}, *name], skip_start=2),
        ShapeRule("person_as", "PERSON", [{"ORTH": "As"}, *name, cue], skip_start=1, skip_end=1),
        ShapeRule("person_said", "PERSON", [*name, cue], skip_end=1),
        ShapeRule("person_interview", "PERSON", [{"LOWER": {"IN": list(words.conversation_words)}},
                                                 {"LOWER": "with"}, *name], skip_start=2),
        ShapeRule("person_apposition", "PERSON", [{"LOWER": {"IN": list(words.person_nouns)}}, {"ORTH": ","},
                                                  SPACE, *name, {"IS_PUNCT": True}], skip_start=2, skip_end=1),
    ]
    # "Colonel North testified", "Mr. Meese": a title before a proper noun.
    title = {"ORTH": {"IN": sorted(words.courtesy_titles | words.office_titles)}}
    titled_name = dict(NAME, ORTH={"NOT_IN": sorted(words.org_heads + tuple(words.office_titles))})
    rules.append(ShapeRule("person_titled", "PERSON", [title, dict(titled_name, OP="{1,3}")], skip_start=1))
    bylines = byline_cues()
    byline_starts = frozenset(cue_words[0] for cue_words in bylines)
    for cue_words in bylines:
        prefix = [{"ORTH": word} for word in cue_words]
        rules.append(ShapeRule("person_byline", "PERSON", [*prefix, *name], skip_start=len(prefix),
                               needs=byline_starts))
    return rules


def _split_at_and(doc: Doc, start: int, end: int, second_name_starts: frozenset[str],
                  gazetteer_starts: frozenset[int]) -> int:
    """End of the first name when "and" joins two names inside a match ("A and the B",
    "Ministry of X and Ministry of Y", "Corps of Engineers and North Dakota")."""
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in ("and", "&") and (doc[i + 1].text in second_name_starts or i + 1 in gazetteer_starts):
            return i
    return end


def _names_of_span(span: Span) -> bool:
    """A usable entity span: not empty, starts and ends with a capitalised word."""
    return len(span) > 0 and span[0].text[:1].isupper() and span[-1].text[:1].isupper()


def _with_hyphen_prefix(doc: Doc, start: int) -> int:
    """Extend a name start over a glued hyphenated prefix: "X-AID Network" is one name."""
    while (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
           and not doc[start - 2].whitespace_ and doc[start - 2].text[:1].isupper()):
        start -= 2
    return start


class EntityShapes(RuleComponent):
    """Finds organization and person name shapes and stores them as a span group."""

    RULE_FILES = (VOCABULARY_FILE,)

    def __init__(self, nlp: Language, name: str = "qalam_entity_shapes", *, max_connected_groups: int = 3) -> None:
        self.vocab = nlp.vocab
        self.name = name
        self.max_connected_groups = max_connected_groups

    def load_rules(self, rules: RuleData) -> None:
        self.words = EntityVocabulary.from_json(rules.json(VOCABULARY_FILE))
        self.second_name_starts = frozenset({"the", "The", *self.words.org_leads})
        self.shapes: dict[str, ShapeRule] = {}
        rules = org_shape_rules(self.words, max_connected_groups=self.max_connected_groups)
        for index, rule in enumerate(rules + person_shape_rules(self.words)):
            self.shapes[f"{rule.name}_{index}"] = rule
        # Each distinct ``needs`` word set by the ORTH ids of its words.
        self.needs = {needs: frozenset(self.vocab.strings.add(word) for word in needs)
                      for needs in {rule.needs for rule in self.shapes.values() if rule.needs}}
        self.matchers: dict[frozenset[frozenset[str]], Matcher] = {}

    def matcher_for(self, doc: Doc) -> Matcher:
        """A matcher of the rules that can match in ``doc``: those whose ``needs`` it meets.
        A rule left out has no match here, and the Matcher follows each pattern on its own, so
        the others' matches come out the same and in the same order as with every rule."""
        present = set(doc.to_array(ORTH).tolist())
        met = frozenset(needs for needs, ids in self.needs.items() if not present.isdisjoint(ids))
        if met not in self.matchers:
            matcher = self.matchers[met] = Matcher(self.vocab)
            for key, rule in self.shapes.items():
                if not rule.needs or rule.needs in met:
                    matcher.add(key, [rule.pattern], greedy="LONGEST")
        return self.matchers[met]

    def annotate(self, doc: Doc) -> Doc:
        spans = []
        gazetteer_starts = frozenset(s.start for s in doc.spans.get(GAZETTEER_KEY, []))
        for match_id, start, end in self.matcher_for(doc)(doc):
            rule = self.shapes[doc.vocab.strings[match_id]]
            begin, stop = start + rule.skip_start, end - rule.skip_end
            while begin < stop and (doc[begin].is_space or doc[begin].is_lower):
                begin += 1  # "such as the X": optional words before the name
            begin = _with_hyphen_prefix(doc, begin)
            stop = _split_at_and(doc, begin, stop, self.second_name_starts, gazetteer_starts)
            span = Span(doc, begin, stop, label=rule.label, span_id=RULE_ID)
            if _names_of_span(span) and not (rule.label == "ORG" and self._is_role(doc, span)):
                spans.append(span)
        spans += self._bodies_of_places(doc)
        doc.spans[SHAPES_KEY] = filter_spans(spans)
        return doc

    def _bodies_of_places(self, doc: Doc) -> list[Span]:
        """ "Code for America", "City of Boston": capitalised words joined to a gazetteer place by
        "for" or "of" name a body, unless they are a place's own head ("Strait of Hormuz") or a
        title ("King of Spain"), or a person the model found ("Ana Lima of Brazil")."""
        found = []
        person_ends = {ent.end for ent in doc.ents if ent.label_ == "PERSON"}
        for place in doc.spans.get(GAZETTEER_KEY, []):
            if not place.id_.startswith("place:"):
                continue
            connector = place.start - 1
            if connector > 0 and doc[connector].lower_ == "the":
                connector -= 1
            if connector < 1 or doc[connector].lower_ not in ("for", "of") or connector in person_ends:
                continue
            start = connector
            while start > 0 and (doc[start - 1].is_title or doc[start - 1].is_upper) and not doc[start - 1].is_stop \
                    and doc[start - 1].is_alpha:
                start -= 1
            words = [t.text for t in doc[start:connector]]
            if not words or doc[start].is_sent_start or any(self._not_a_body_word(w) for w in words):
                continue
            found.append(Span(doc, start, place.end, label="ORG", span_id=RULE_ID))
        return found

    def _not_a_body_word(self, word: str) -> bool:
        """A place's own head ("Strait"), a title ("King") or a polity ("Republic", "People")."""
        w = self.words
        titles = word in w.office_titles or word in w.courtesy_titles or word in w.title_modifiers
        polity = word in w.government_words or (word.lower() in w.place_kinds and word not in MUNICIPAL)
        return word in w.place_heads or titles or polity

    def _is_role(self, doc: Doc, span: Span) -> bool:
        """"Committee President", "Union Chair": an office holder's title, not the body."""
        return span.end < len(doc) and doc[span.end].text in self.words.role_titles


@Language.factory("qalam_entity_shapes", default_config={"max_connected_groups": 3}, requires=["token.pos"],
                  assigns=["doc.spans"])
def make_entity_shapes(nlp: Language, name: str, max_connected_groups: int) -> EntityShapes:
    """Organization and person name shapes; a name may hold up to ``max_connected_groups``
    lower-case connector runs ("Office of the High Commissioner for Human Rights")."""
    return EntityShapes(nlp, name, max_connected_groups=max_connected_groups)
