"""Numbers that name rather than count: law, order and report numbers, model designations,
street numbers, legal citations ("14 CFR 39.13"), dash-chained references ("AD 2018-23-51")
and footnote markers that PDF text leaves in the running prose.

Our own rules over spaCy's tags and parse; each looks at the shape of the text around the
number, never at what the number or its neighbours say.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from pipeline.nlp.components.figures.context import counted_noun
from pipeline.nlp.components.figures.parse import Lexicon
from pipeline.nlp.components.figures.scan import DASHES, Candidate
from pipeline.text.quote_marks import CLOSING_MARKS

# "P.L.", "E.O.", "U.S.C.": an abbreviation with inner full stops names a document series.
DOTTED_ABBREVIATION = re.compile(r"^(?:[A-Za-z]{1,4}\.){2,}$")
MIN_DESIGNATION_REPEATS = 3  # "737 MAX" three times over is a model, not three counts
MAX_FOOTNOTE = 100
MAX_STREET_NAME = 4
ORDINAL_NUMBER = re.compile(r"^\d+(?:st|nd|rd|th)$")
SENTENCE_END = frozenset(".!?")
CLOSERS = CLOSING_MARKS + ")]"
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
SINGULAR_NAME_TAGS = frozenset({"NNP"})
NAME_POS = frozenset({"NOUN", "PROPN"})


def designations(doc: Doc) -> frozenset[tuple[str, str]]:
    """(digits, next word) pairs that recur in the document: a number used as a name."""
    pairs = Counter((t.text, doc[t.i + 1].text) for t in doc[:-1]
                    if t.is_digit and doc[t.i + 1].is_alpha and (doc[t.i + 1].is_title or doc[t.i + 1].is_upper))
    return frozenset(pair for pair, seen in pairs.items() if seen >= MIN_DESIGNATION_REPEATS)


def counts_plural_noun(doc: Doc, cand: Candidate, lexicon: Lexicon) -> bool:
    """The figure counts a plural noun ("2600 groups", "1000+ open data sets"), not a time unit."""
    noun = counted_noun(doc, cand)
    if noun is None and cand.end < len(doc):
        noun = doc[cand.end]
    return noun is not None and noun.tag_ in PLURAL_TAGS and noun.lemma_.lower() not in lexicon.duration_units


def in_dash_chain(doc: Doc, cand: Candidate) -> bool:
    """"206-231- 3195", "FAA-2020- 0686", "P.L. 108- 458": number groups joined by dashes (PDFs
    put a space after a dash at a line end) are one reference, never a figure or a range."""
    before = doc[cand.start - 1] if cand.start > 0 else None
    if before is not None:
        if before.text[-1:] in DASHES and len(before) > 1 and before.text[-2].isdigit():
            return True
        if before.text in DASHES and before.i > 0 and not doc[before.i - 1].whitespace_ \
                and any(c.isdigit() for c in doc[before.i - 1].text):
            return True
    last = doc[cand.end - 1]
    after = doc[cand.end] if cand.end < len(doc) else None
    return after is not None and after.text in DASHES and not last.whitespace_ \
        and cand.end + 1 < len(doc) and doc[cand.end + 1].text[:1].isdigit()


def has_leading_zero(doc: Doc, cand: Candidate) -> bool:
    """"0686": a count or an amount is never written with a leading zero."""
    text = doc[cand.core_start].text
    return len(text) > 1 and text[0] == "0" and text[1].isdigit()


class IdentifierRules:
    """Say why a count candidate is a number that names something, or None."""

    def __init__(self, doc: Doc, lexicon: Lexicon, *, text: str) -> None:
        self.doc = doc
        self.text = text
        self.lex = lexicon
        self.designations = designations(doc)

    def reason(self, cand: Candidate) -> str | None:
        for rule in (self._after_name, self._designation, self._names_singular, self._street_number,
                     self._footnote_marker):
            reason = rule(cand)
            if reason:
                return reason
        return None

    def _after_name(self, cand: Candidate) -> str | None:
        """"Resolution 1325", "P.L. 118-159", "E.O. 14347", a report number after a web address."""
        if cand.start == 0 or cand.qualifier:
            return None
        before = self.doc[cand.start - 1]
        if before.like_url or DOTTED_ABBREVIATION.match(before.text):
            return "identifier"
        if before.is_sent_start or not before.is_alpha or not (before.is_title or before.is_upper):
            return None
        if before.pos_ in NAME_POS and not counts_plural_noun(self.doc, cand, self.lex):
            return "identifier"
        return None

    def _designation(self, cand: Candidate) -> str | None:
        """"the 737 MAX": the same number before the same name again and again."""
        if cand.end >= len(self.doc) or cand.words:
            return None
        pair = (self.doc[cand.core_start].text, self.doc[cand.end].text)
        return "model or series number" if pair in self.designations else None

    def _names_singular(self, cand: Candidate) -> str | None:
        """"901 Locust", "1200 New Jersey Avenue", "14 CFR 25.173": a number before a singular
        name is an address, a designation or a citation, not a count of that name."""
        noun = counted_noun(self.doc, cand)
        if noun is not None and noun.tag_ in SINGULAR_NAME_TAGS and noun.i >= cand.end:
            return "address or designation"
        return None

    def _street_number(self, cand: Candidate) -> str | None:
        """"2600 Westminster Blvd.", "2200 South 216th St.": capitalised words up to a street word."""
        doc = self.doc
        for token in doc[cand.end:min(len(doc), cand.end + MAX_STREET_NAME + 1)]:
            if not (token.is_title or token.is_upper or ORDINAL_NUMBER.match(token.text)):
                return None
            if token.lower_.rstrip(".") in self.lex.street_words and not token.is_upper:
                return "street number"
        return None

    def _footnote_marker(self, cand: Candidate) -> str | None:
        """Footnote numbers that PDF text keeps inline: at a sentence start before a capital
        ("4 The angle of attack is ..."), right after a noun ("the sensor 4 input"), or before
        an article ("limit 12 the magnitude")."""
        doc = self.doc
        if cand.words or cand.value_max is not None or cand.qualifier:
            return None
        after = doc[cand.end] if cand.end < len(doc) else None
        if after is not None and after.tag_ == "DT" and after.lower_ in self.lex.articles:
            return "footnote marker"
        if self._opens_sentence(cand) and after is not None and after.is_alpha \
                and (after.is_title or after.is_upper) and not counts_plural_noun(doc, cand, self.lex):
            return "footnote marker"
        before = doc[cand.start - 1] if cand.start > 0 else None
        if before is not None and cand.value < MAX_FOOTNOTE and before.pos_ == "NOUN" and before.is_lower \
                and before.is_alpha and before.lower_ not in self.lex.reference_words:
            return "footnote marker"
        return None

    def _opens_sentence(self, cand: Candidate) -> bool:
        """Nothing before the number on its line, or a sentence end just before it."""
        idx = self.doc[cand.start].idx
        before = self.text[max(0, idx - 8):idx].rstrip(" \t").rstrip(CLOSERS)
        return idx == 0 or not before or before[-1] == "\n" or before[-1] in SENTENCE_END
