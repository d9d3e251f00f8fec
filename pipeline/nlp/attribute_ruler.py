"""The statistical model's attribute rules, matched by array lookups.

spaCy's ``AttributeRuler`` (en_core_web_sm: 179 rules that map tags to parts of speech,
morphology and lemmas) finds its matches with the general token Matcher, which follows
every rule from every token: on qalam's samples about 12% of the model's time. Its rules are
one or two tokens of plain attribute tests, so ``IndexedAttributeRuler`` finds the same
matches with a few array comparisons per rule (a rule whose word or tag the Doc lacks is
skipped) and sets the attributes with spaCy's own ``set_annotations``, in spaCy's order:
the annotations are spaCy's. A rule it cannot read that way (an operator, an extension
attribute, another predicate) leaves the whole ruler to spaCy's Matcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

ATTRIBUTE_RULER = "attribute_ruler"
# Token attributes whose Doc array holds what the Matcher compares (TEXT is ORTH).
ARRAY_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE", "IS_PUNCT", "IS_ALPHA",
                         "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE"})
SET_TESTS = ("IN", "NOT_IN")


@dataclass(frozen=True)
class Test:
    """One attribute test of a token: equal to a value, in or not in a set, or a regex search
    of the value's string."""

    attr: int
    kind: str  # "EQ" | "IN" | "NOT_IN" | "REGEX"
    value: object

    def mask(self, values: numpy.ndarray, doc: Doc) -> numpy.ndarray:
        if self.kind == "EQ":
            return values == numpy.uint64(self.value)
        if self.kind in SET_TESTS:
            found = numpy.isin(values, numpy.fromiter(self.value, dtype=numpy.uint64))
            return found if self.kind == "IN" else ~found
        distinct, where = numpy.unique(values, return_inverse=True)
        found = [bool(self.value.search(doc.vocab.strings[value])) for value in distinct.tolist()]
        return numpy.array(found, dtype=bool)[where]


@dataclass(frozen=True)
class Rule:
    """One pattern of an attribute rule: its key (the rule's number and match id) and the tests
    of each of its tokens."""

    number: int
    match_id: int
    tokens: tuple[tuple[Test, ...], ...]

    def needs(self) -> list[Test]:
        """The tests for one value: a Doc without that value has no match."""
        return [test for tests in self.tokens for test in tests if test.kind == "EQ"]


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler, its matches found by array lookups where every rule allows."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rules: list[Rule] | None = []

    def clear(self) -> None:
        super().clear()
        self.rules = []

    def add(self, patterns, attrs: dict, index: int = 0) -> None:
        number = len(self.attrs)
        super().add(patterns, attrs, index)
        match_id = self.vocab.strings[str(number)]
        for pattern in patterns:
            tokens = _token_tests(pattern, self.vocab.strings) if self.rules is not None else None
            if tokens is None:
                self.rules = None  # spaCy's Matcher finds them all
                return
            self.rules.append(Rule(number, match_id, tokens))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches spaCy's ``match`` gives: (rule number, match id, start, end), sorted."""
        if self.rules is None or not len(doc):
            return super().match(doc)
        attrs = sorted({test.attr for rule in self.rules for tokens in rule.tokens for test in tokens})
        columns = dict(zip(attrs, doc.to_array(attrs).T)) if attrs else {}
        present = {attr: set(values.tolist()) for attr, values in columns.items()}
        masks: dict[Test, numpy.ndarray] = {}
        found = set()
        for rule in self.rules:
            size = len(rule.tokens)
            if size > len(doc) or any(test.value not in present[test.attr] for test in rule.needs()):
                continue
            at = numpy.ones(len(doc) - size + 1, dtype=bool)
            for offset, tests in enumerate(rule.tokens):
                for test in tests:
                    if test not in masks:
                        masks[test] = test.mask(columns[test.attr], doc)
                    at &= masks[test][offset:offset + len(at)]
            found.update((rule.number, rule.match_id, start, start + size) for start in numpy.flatnonzero(at).tolist())
        return sorted(found)


def _token_tests(pattern: list[dict], strings) -> tuple[tuple[Test, ...], ...] | None:
    """Each token's tests as the Matcher reads them, or None for a pattern they cannot say."""
    tokens = []
    for spec in pattern:
        tests = []
        for name, value in spec.items():
            attr = "ORTH" if name.upper() == "TEXT" else name.upper()
            test = _test(IDS[attr], value, strings) if attr in ARRAY_ATTRS else None
            if test is None:
                return None
            tests.append(test)
        tokens.append(tuple(tests))
    return tuple(tokens)


def _test(attr: int, value: object, strings) -> Test | None:
    if isinstance(value, str):
        return Test(attr, "EQ", strings.add(value))
    if isinstance(value, (bool, int)):
        return Test(attr, "EQ", int(value))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    [(kind, argument)] = value.items()
    if kind in SET_TESTS and all(isinstance(item, (str, int)) for item in argument):
        return Test(attr, kind, frozenset(get_string_id(item) for item in argument))
    if kind == "REGEX" and isinstance(argument, str):
        return Test(attr, kind, re.compile(argument))
    return None


@Language.factory("qalam_attribute_ruler", default_config={"validate": False}, assigns=["token.pos", "token.tag",
                                                                                      "token.morph", "token.lemma"])
def make_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


def index_attribute_rules(nlp: Language) -> None:
    """Swap the model's own attribute ruler (if it runs) for the indexed one, same rules."""
    if ATTRIBUTE_RULER not in nlp.pipe_names or nlp.get_pipe_meta(ATTRIBUTE_RULER).factory != ATTRIBUTE_RULER:
        return
    patterns = nlp.get_pipe(ATTRIBUTE_RULER).patterns
    nlp.replace_pipe(ATTRIBUTE_RULER, "qalam_attribute_ruler").add_patterns(patterns)
