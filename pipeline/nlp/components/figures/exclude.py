"""Decide which candidates are statistics: years, dates, ages, durations, times, page and
section references, citation years, ordinals, list numbers, phone numbers, versions,
identifiers and numbers inside names or quoted titles are not.

Our own rules over the word lists in models/figures/ and spaCy's entity labels
(DATE, TIME, ORDINAL, QUANTITY and name labels) as one signal among others.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.figures.context import counted_noun, entity_at
from pipeline.nlp.components.figures.identifiers import (
    IdentifierRules,
    counts_plural_noun,
    has_leading_zero,
    in_dash_chain,
)
from pipeline.nlp.components.figures.parse import Lexicon, is_year_like
from pipeline.nlp.components.figures.scan import DASHES, Candidate
from pipeline.nlp.extensions import doc_quotes
from pipeline.text.date_words import month_words
from pipeline.text.phones import find_phones

MAX_TITLE_TOKENS = 10  # a quoted stretch this short is a title or a name, not speech
MONTH_WORDS = month_words()
BULLETS = frozenset("•·▪◦‣*-–—>")
TITLE_LABELS = frozenset({"WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})
LEADERS = re.compile(r"(?:\.\s?){3,}\s*$|…\s*$|\t\s*$")
LAST_WORD = re.compile(r"([^\W\d_]+\.?|[§#])\s*$")
MAX_HEADING_WORDS = 14
HEADING_CAPS_SHARE = 0.75
HEADING_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "for", "and", "or", "to", "at", "by",
                                 "from", "with", "about", "as", "vs"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
CELL_MARKS = frozenset({"|", "¦", "\t"})
# "28: 685-690", "7(2), 10-29": pages after a journal's volume (and issue)
VOLUME_BEFORE = re.compile(r"\d\s?\(\d+\)\s*[:;,]\s*$|\d\s*[:;]\s*$")
RANGE_DASH = re.compile(r"[–—-]")
LETTER_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class DocMarks:
    """Per-document facts the rules look up: short quotes, phone numbers, citations."""

    quoted: frozenset[int]     # token indices inside short quoted stretches
    phones: tuple[tuple[int, int], ...]  # character ranges, in order, not overlapping
    citations: frozenset[int]  # token indices inside citations

    def in_phone(self, start: int, end: int) -> bool:
        """Whether the character range [start, end) overlaps a phone number."""
        at = bisect_right(self.phones, (end,)) - 1  # the last phone starting before ``end``
        return at >= 0 and self.phones[at][1] > start


def doc_marks(doc: Doc, text: str, citations: frozenset[int]) -> DocMarks:
    """Find the stretches a figure must not come from."""
    return DocMarks(_short_quotes(doc), tuple(find_phones(text)), citations)


def _short_quotes(doc: Doc) -> frozenset[int]:
    """Tokens inside short quoted stretches without a finite verb: titles and names, not speech."""
    inside: set[int] = set()
    for quote in doc_quotes(doc):
        if quote.close_at is None:
            continue  # an unclosed mark is no title
        words = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if words is not None and len(words) <= MAX_TITLE_TOKENS and not any(t.tag_ in FINITE_TAGS for t in words):
            inside.update(range(words.start, words.end))
    return frozenset(inside)


class FigureFilter:
    """Says why a candidate is not a figure, or None when it is one."""

    def __init__(self, doc: Doc, lexicon: Lexicon, *, text: str, citations: frozenset[int]) -> None:
        self.doc = doc
        self.text = text
        self.lex = lexicon
        self.marks = doc_marks(doc, text, citations)
        self.identifiers = IdentifierRules(doc, lexicon, text=text)

    def reason(self, cand: Candidate) -> str | None:
        """The first rule that rejects the candidate."""
        rules = [self._anywhere] + ([self._count] if cand.kind == "count" else [])
        for rule in rules:
            reason = rule(cand)
            if reason:
                return reason
        return None

    # -- every kind ---------------------------------------------------------------------
    def _anywhere(self, cand: Candidate) -> str | None:
        doc = self.doc
        core = doc[cand.core_start]
        if cand.value <= 0 and cand.kind != "percent":
            return "nothing counted"
        if cand.core_start in self.marks.quoted:
            return "quoted title"
        start_char, end_char = doc[cand.start].idx, doc[cand.end - 1].idx + len(doc[cand.end - 1])
        if self.marks.in_phone(start_char, end_char):
            return "phone number"
        if cand.core_start in self.marks.citations:
            return "citation"
        if self._glued_to_word(cand) or has_leading_zero(doc, cand):
            return "identifier"
        if in_dash_chain(doc, cand):
            return "reference number"
        ent = self._entity(core)
        if ent is not None and ent.label_ in TITLE_LABELS and ent.start < cand.start:
            return "inside a title"
        if self._numbering(cand):
            return "list numbering"
        return None

    def _glued_to_word(self, cand: Candidate) -> bool:
        """"COVID-19", "Area51", "5G": a number that belongs to a word."""
        doc = self.doc
        before = doc[cand.start - 1] if cand.start > 0 else None
        after = doc[cand.end] if cand.end < len(doc) else None
        if before is not None and not before.whitespace_:
            if before.is_alpha or (before.text in DASHES and before.i > 0 and not doc[before.i - 1].whitespace_
                                   and doc[before.i - 1].is_alpha):
                return True
        if after is None or doc[cand.end - 1].whitespace_:
            return False
        return after.is_alpha and cand.kind == "count" and after.lower_ not in self.lex.scales

    def _numbering(self, cand: Candidate) -> bool:
        """A list or section number at the start of a line, or a number alone on its line."""
        doc = self.doc
        text = self.text
        line_start = text.rfind("\n", 0, doc[cand.start].idx) + 1
        prefix = text[line_start:doc[cand.start].idx]
        if LEADERS.search(prefix):
            return True  # a table of contents: "Methodology ..... 12"
        if prefix.strip(" \t" + "".join(BULLETS)):
            return False
        end_char = doc[cand.end - 1].idx + len(doc[cand.end - 1])
        line_end = text.find("\n", end_char)
        rest = text[end_char: len(text) if line_end < 0 else line_end]
        return not rest.strip() or rest[:1] in {".", ")", ":"} or (
            "." in doc[cand.core_start].text and cand.kind == "count")

    def _entity(self, token: Token) -> Span | None:
        return entity_at(self.doc, token.i)

    # -- counts -------------------------------------------------------------------------
    def _count(self, cand: Candidate) -> str | None:
        for rule in (self._number_shape, self._neighbours, self._entity_signal, self.identifiers.reason,
                     self._layout, self._bare_word, self._heading):
            reason = rule(cand)
            if reason:
                return reason
        return None

    def _number_shape(self, cand: Candidate) -> str | None:
        doc = self.doc
        if cand.value < 2:
            return "one or none"  # "one of the biggest", "1 cup": not a statistic
        if cand.value != int(cand.value):
            return "decimal count"
        before = doc[cand.start - 1].lower_ if cand.start > 0 else ""
        if cand.words and cand.value < 10 and before in self.lex.definite_determiners:
            return "definite reference"
        head = cand.raw.split()[0] if cand.raw else ""
        first = RANGE_DASH.split(head)[0]
        # "the 2020 elections", "their 2016 donations": a year before a plural noun after a determiner
        if first.isdigit() and is_year_like(first, float(first)) and (
                cand.value_max is not None or before in self.lex.definite_determiners | self.lex.possessives
                or not counts_plural_noun(doc, cand, self.lex)):
            return "year"
        return None

    def _neighbours(self, cand: Candidate) -> str | None:
        doc, lex = self.doc, self.lex
        nxt = doc[cand.end] if cand.end < len(doc) else None
        before = self._before(cand)
        if nxt is not None:
            unit = nxt
            if nxt.text in DASHES and not nxt.whitespace_ and cand.end + 1 < len(doc):
                unit = doc[cand.end + 1]
                if unit.is_alpha and not doc[cand.core_end - 1].whitespace_:
                    return "hyphenated compound"
            lemma = unit.lemma_.lower()
            if lemma in lex.duration_units or unit.lower_ in lex.duration_units or self._counts_time(cand):
                return "duration"
            if {unit.lower_, lemma} & (lex.other_units | lex.multipliers):
                return "multiplier or recipe unit"
            if unit.lower_ in lex.time_markers:
                return "time"
            if unit.lower_ in MONTH_WORDS:
                return "date"
            if nxt.lower_ == "of" and cand.words and cand.end + 1 < len(doc) and doc[cand.end + 1].pos_ == "PRON":
                return "pronoun"
        if self._reference_before(cand):
            return "reference"
        ref, number, of = self._before(cand, 3) if cand.start >= 3 else ("", "", "")
        if of == "of" and number.isdigit() and ref.rstrip(".") in lex.reference_words:
            return "reference"  # "page 7 of 40"
        if before in MONTH_WORDS:
            return "date"
        if before in lex.age_words or self._before(cand, 2) == ("age", "of"):
            return "age"
        return None

    def _counts_time(self, cand: Candidate) -> bool:
        """"90 work-hours", "three long years": the noun counted is a time unit."""
        noun = counted_noun(self.doc, cand)
        return noun is not None and noun.lemma_.lower() in self.lex.duration_units

    def _reference_before(self, cand: Candidate) -> bool:
        """"p. 44", "Table 3", "(Author, 2010,p. 24)": the word just before, read off the text
        because the tokenizer glues such words to their neighbours."""
        idx = self.doc[cand.start].idx
        match = LAST_WORD.search(self.text[max(0, idx - 20):idx])
        if not match:
            return False
        word = match.group(1).lower()
        return word in self.lex.reference_words or word.rstrip(".") in self.lex.reference_words

    def _before(self, cand: Candidate, size: int = 1) -> str | tuple[str, ...]:
        start = cand.start
        words = tuple(t.lower_ for t in self.doc[max(0, start - size):start])
        if size == 1:
            return words[0] if words else ""
        return words

    def _entity_signal(self, cand: Candidate) -> str | None:
        ent = self._entity(self.doc[cand.core_start])
        if ent is None:
            return None
        if ent.label_ == "ORDINAL":
            return "ordinal"
        if ent.label_ in self.lex.date_labels | {"QUANTITY"} and not counts_plural_noun(self.doc, cand, self.lex):
            return "date, time or measure"
        if ent.label_ in self.lex.name_labels and ent.start < cand.core_start:
            return "inside a name"
        return None

    def _layout(self, cand: Candidate) -> str | None:
        """A number among other numbers (a table row, a score) or alone in brackets ("(5)")."""
        doc = self.doc
        before = doc[cand.start - 1] if cand.start > 0 else None
        after = doc[cand.end] if cand.end < len(doc) else None
        if any(t is not None and (t.like_num and not t.is_alpha or t.text in CELL_MARKS) for t in (before, after)):
            return "table or list of numbers"
        if before is not None and after is not None and (before.text, after.text) in {("(", ")"), ("[", "]")}:
            return "number in brackets"
        if VOLUME_BEFORE.search(self.text[max(0, doc[cand.start].idx - 16):doc[cand.start].idx]):
            return "volume and pages"
        return None

    def _heading(self, cand: Candidate) -> str | None:
        """"Top 10 Challenges for Donors": a count in a title-case line is part of a title."""
        text = self.text
        idx = self.doc[cand.start].idx
        start = text.rfind("\n", 0, idx) + 1
        end = text.find("\n", idx)
        line = text[start: len(text) if end < 0 else end].strip()
        words = LETTER_WORD.findall(line)
        if not words or len(words) > MAX_HEADING_WORDS or line[-1:] in {".", "!", "?", ":", ";", ","}:
            return None
        capitalised = sum(w[0].isupper() for w in words if w.lower() not in HEADING_SMALL_WORDS)
        content = sum(w.lower() not in HEADING_SMALL_WORDS for w in words)
        return "heading" if content and capitalised / content >= HEADING_CAPS_SHARE else None

    def _bare_word(self, cand: Candidate) -> str | None:
        """"an app or two", "seating for four", "when I was 25": small numbers that count
        nothing named are ages, scores or pronouns far more often than statistics."""
        if cand.value >= 100 or cand.value_max is not None:
            return None
        doc = self.doc
        near = {doc[i].lower_ for i in (cand.start - 1, cand.end) if 0 <= i < len(doc)}
        if cand.words and "or" in near:
            return "vague number word"
        if counted_noun(doc, cand) is None and (cand.words or not cand.qualifier):
            return "small number without a noun"
        return None
