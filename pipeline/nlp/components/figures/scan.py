"""Read figure candidates off the tokens: numeral, range, currency, percent sign, qualifier.

Our own code: a left-to-right reader over spaCy tokens. It only says what a stretch of
text *would* be as a figure; figures_filter.py decides whether it is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import IS_ALPHA, LOWER, ORTH
from spacy.tokens import Doc

from pipeline.nlp.components.figures.parse import (
    DASHES,
    Lexicon,
    is_thousands_group,
    parse_digits,
    parse_range_token,
    parse_suffixed,
    parse_words,
    resolve_currency,
)
from pipeline.nlp.doc_memo import doc_text, token_strings

NARROW_SPACES = frozenset({"\u00a0", "\u202f", "\u2009"})
DOTTED_THOUSANDS = re.compile(r"^\d{1,3}\.\d{3}$")
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
ARTICLES = frozenset({"a", "an"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
ROUND_WHOLES = frozenset({100.0, 1000.0})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MAX_CURRENCY_NAME = 4
MAX_UNIT_TOKENS = 3


@dataclass
class Numeral:
    """One number as written: tokens [start, end), its value and how it was written."""

    start: int
    end: int
    value: float
    words: bool = False
    letter_scale: bool = False
    scale: float = 1.0


@dataclass
class Candidate:
    """A stretch of tokens that reads as a figure, before filtering."""

    start: int
    end: int
    core_start: int
    core_end: int
    value: float
    value_max: float | None = None
    kind: str = "count"
    unit: str | None = None
    qualifier: str | None = None
    words: bool = False
    raw: str = ""
    anchor: int = 0  # the token the dependency parse hangs the figure on


class FigureReader:
    """Finds candidates in one Doc."""

    def __init__(self, doc: Doc, lexicon: Lexicon, *, dot_thousands: bool = False) -> None:
        self.doc = doc
        self.lex = lexicon
        self.dot_thousands = dot_thousands
        self.all_scales = {**lexicon.scales, **lexicon.money_scales}
        self.doc_text_lower = doc_text(doc).lower()
        # Each token's text and lower case, read once: a Token object is built on every doc[i].
        self.texts = token_strings(doc, ORTH)
        self.lowers = token_strings(doc, LOWER)
        self.doc_words = frozenset(lower for lower, alpha in zip(self.lowers, doc.to_array(IS_ALPHA).tolist()) if alpha)
        self.glued_symbols = sorted((s for s in lexicon.currency_symbols if not s.isalpha()), key=len, reverse=True)

    # -- numerals -------------------------------------------------------------------
    def numeral(self, i: int, *, money: bool = False) -> Numeral | None:
        """The number starting at token i, if any."""
        if i >= len(self.doc):
            return None
        return self._digits(i, money=money) or self._words(i)

    def _digits(self, i: int, *, money: bool) -> Numeral | None:
        doc, lex = self.doc, self.lex
        text = doc[i].text
        suffixed = parse_suffixed(text, self.all_scales)
        if suffixed is not None:
            value, suffix = suffixed
            letter = suffix in lex.money_scales and suffix not in lex.scales
            if letter and not money:
                return None
            return Numeral(i, i + 1, value, letter_scale=letter, scale=self.all_scales[suffix])
        value = parse_digits(text, dot_thousands=self.dot_thousands)
        if value is None:
            return None
        end = i + 1
        # "14 000": a space groups thousands in many house styles (common in reports
        # translated from Russian); the model's entities tell two numbers in a row apart
        # ("roughly 400 737 Max jets").
        while (end < len(doc) and len(text) <= 3 and text.isdigit() and is_thousands_group(doc[end].text)
               and (doc[end - 1].whitespace_ in NARROW_SPACES
                    or doc[end - 1].whitespace_ == " " and not self._split_by_entities(end - 1, end))):
            value = value * 1000 + float(doc[end].text)
            end += 1
        return self._scaled(Numeral(i, end, value), money=money)

    def _split_by_entities(self, a: int, b: int) -> bool:
        """Two numbers in a row by the model's account, unless the parse joins them."""
        first, second = self.doc[a], self.doc[b]
        if first.head == second:
            return False
        if second.ent_type_ and second.ent_type_ not in NUMBER_LABELS:
            return True
        return bool(first.ent_type_ and second.ent_type_) and second.ent_iob_ == "B"

    def _scaled(self, num: Numeral, *, money: bool) -> Numeral:
        """Apply a following scale word ("million", "bn", money-only "m" glued on)."""
        if num.end >= len(self.doc):
            return num
        token = self.doc[num.end]
        low = self._without_footnote_letter(token.lower_)
        if low in self.lex.scales:
            factor = self.lex.scales[low]
        elif money and low in self.lex.money_scales and not self.doc[num.end - 1].whitespace_:
            factor = self.lex.money_scales[low]
            num.letter_scale = True
        else:
            return num
        num.value *= factor
        num.scale *= factor
        num.end += 1
        return num

    def _without_footnote_letter(self, word: str) -> str:
        """"millionb": PDF text glues a table's footnote letter to the word before it."""
        if word not in self.all_scales and word[:-1] in self.lex.scales and word[-1:].isalpha() \
                and word[-1] not in self.lex.plural_endings:
            return word[:-1]
        return word

    def _words(self, i: int) -> Numeral | None:
        doc, lex = self.doc, self.lex
        low = doc[i].lower_
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if low == "half" and nxt in ARTICLES and i + 2 < len(doc) and doc[i + 2].lower_ in lex.scales:
            scale = lex.scales[doc[i + 2].lower_]
            return Numeral(i, i + 3, 0.5 * scale, words=True, scale=scale)
        if low in ARTICLES and nxt == "dozen":
            return Numeral(i, i + 2, 12.0, words=True)
        if low in ARTICLES and nxt in lex.scales and nxt in lex.number_words:
            return self._more_words(Numeral(i, i + 2, lex.scales[nxt], words=True))
        if low not in lex.number_words:
            return None
        end = i
        parts: list[str] = []
        while end < len(doc) and (doc[end].lower_ in lex.number_words or self._joins_words(end, parts)):
            parts.append(doc[end].lower_)
            end += 1
        value = parse_words(parts, lex) if parts[0] not in lex.scales else None  # "several thousand": vague
        if value is None:
            return None
        return self._more_words(Numeral(i, end, value, words=True))

    def _joins_words(self, i: int, parts: list[str]) -> bool:
        """A glued hyphen ("twenty-five") or an "and" after a scale ("a hundred and ten")."""
        doc = self.doc
        if not parts or i + 1 >= len(doc) or doc[i + 1].lower_ not in self.lex.number_words:
            return False
        if doc[i].text in DASHES:
            return not doc[i - 1].whitespace_ and not doc[i].whitespace_
        return doc[i].lower_ in self.lex.number_joiners and parts[-1] in self.lex.scales

    def _more_words(self, num: Numeral) -> Numeral:
        """"two dozen", "three mln": a multiplier after number words."""
        if num.end < len(self.doc) and self.doc[num.end].lower_ == "dozen":
            num.value *= 12
            num.end += 1
            return num
        return self._scaled(num, money=False)

    # -- phrases ----------------------------------------------------------------------
    def phrase_at(self, i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
        """Length of the longest phrase starting at token i, 0 if none."""
        for phrase in phrases:
            if tuple(self.lowers[i:i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def phrase_before(self, i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
        """Length of the longest phrase ending just before token i, 0 if none."""
        for phrase in phrases:
            start = i - len(phrase)
            if start >= 0 and tuple(self.lowers[start:i]) == phrase:
                return len(phrase)
        return 0

    def currency_prefix(self, i: int) -> tuple[int, str] | None:
        """A symbol or ISO code before a number: (tokens used, code)."""
        doc = self.doc
        if i >= len(doc):
            return None
        text = doc[i].text
        if text == "US" and i + 1 < len(doc) and doc[i + 1].text == "$":
            return 2, "USD"
        if text in self.lex.currency_symbols:
            # "Rs. 500": the tokenizer splits the abbreviation's full stop off
            dot = i + 1 < len(doc) and doc[i + 1].text == "." and not doc[i].whitespace_
            return (2 if dot else 1), self.lex.currency_symbols[text]
        if len(text) == 3 and text.isupper() and text in self.lex.currency_codes:
            return 1, text
        return None

    def currency_suffix(self, i: int) -> tuple[int, str] | None:
        """A currency name or code after a number: (tokens used, code)."""
        doc, lex = self.doc, self.lex
        if i >= len(doc):
            return None
        text = doc[i].text
        if len(text) == 3 and text.isupper() and text in lex.currency_codes:
            # "two AOA sensors": a code that modifies the noun after it is an acronym
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            return None if nxt is not None and nxt.is_alpha and nxt.pos_ in NOUN_POS else (1, text)
        for size in range(MAX_CURRENCY_NAME, 0, -1):
            words = tuple(t.lower_ for t in doc[i:i + size])
            if len(words) == size and words in lex.currency_names:
                return size, self._contextual(words, lex.currency_names[words])
        # "Tajik somoni", "Uzbek sum": a nationality word before a bare name.
        if doc[i].is_title and i + 1 < len(doc) and (doc[i + 1].lower_,) in lex.currency_names:
            return 2, self._contextual((doc[i + 1].lower_,), lex.currency_names[(doc[i + 1].lower_,)])
        return None

    def _contextual(self, words: tuple[str, ...], code: str) -> str:
        if len(words) != 1:
            return code
        return resolve_currency(words[0], code, lexicon=self.lex, doc_words=self.doc_words,
                                doc_text_lower=self.doc_text_lower)

    # -- candidates -------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        """Every stretch that reads as a figure, left to right, not overlapping."""
        found: list[Candidate] = []
        free = 0  # the first token after the last candidate
        for i in self._may_start():
            candidate = self.read_at(i) if i >= free else None
            if candidate is not None:
                found.append(candidate)
                free = candidate.end
        return found

    def _may_start(self) -> list[int]:
        """The tokens that pass a cheap test before the full read: digits, number words,
        currency marks (each distinct word tested once)."""
        words = set(zip(self.texts, self.lowers))
        starting = {word for word in words if self._may_start_word(*word)}
        return [i for i, word in enumerate(zip(self.texts, self.lowers)) if word in starting]

    def _may_start_word(self, text: str, lower: str) -> bool:
        return any(c.isdigit() for c in text) or lower in self.lex.number_words \
            or lower in ARTICLES or lower == "half" or text in self.lex.currency_symbols \
            or text == "US" or (len(text) == 3 and text.isupper())

    def read_at(self, i: int) -> Candidate | None:
        """The figure starting at token i (its number or currency symbol), if any."""
        glued = self._glued_money(i)
        if glued is not None:
            return self._finish(Candidate(start=i, end=glued[0].end, core_start=i, core_end=glued[0].end,
                                          value=glued[0].value, kind="money", unit=glued[1], anchor=glued[0].end - 1))
        prefix = self.currency_prefix(i)
        core = i + prefix[0] if prefix else i
        pair = self._value(core, opener=self.doc[i - 1].lower_ if i else "", money=prefix is not None)
        if pair is None:
            return None
        first, last, value_max = pair
        cand = Candidate(start=i, end=last.end, core_start=core, core_end=last.end, value=first.value,
                         value_max=value_max, words=first.words, anchor=last.end - 1)
        if prefix:
            cand.kind, cand.unit = "money", prefix[1]
        elif not self._fraction(cand, first):
            self._suffix(cand)
        if cand.kind != "money" and (first.letter_scale or last.letter_scale):
            return None
        if cand.kind == "count" and first is last and first.scale == 1 and cand.end < len(self.doc) \
                and DOTTED_THOUSANDS.match(self.doc[first.start].text) and self.doc[cand.end].tag_ in PLURAL_TAGS:
            cand.value *= 1000  # "1.000 lights": a count is never a three-place decimal ("21.199" is a section)
        return self._finish(cand)

    def _finish(self, cand: Candidate) -> Candidate:
        """Take in a plus sign after and a qualifier before; note the figure's own text."""
        doc = self.doc
        if cand.core_end < len(doc) and doc[cand.core_end].text == "+" and not doc[cand.core_end - 1].whitespace_:
            cand.end = cand.core_end = cand.core_end + 1  # "1000+ data sets"
            cand.qualifier = self.lex.plus_qualifier
        self._qualify(cand)
        cand.raw = doc[cand.core_start:cand.core_end].text
        return cand

    def _glued_money(self, i: int) -> tuple[Numeral, str] | None:
        """"AU$50.3 billion": a symbol the tokenizer left on the number."""
        text = self.texts[i]
        if text.isalpha():
            return None  # no digit after a symbol
        symbol = next((s for s in self.glued_symbols if text.startswith(s) and len(text) > len(s)), None)
        if symbol is None or not text[len(symbol)].isdigit():
            return None
        rest = text[len(symbol):]
        suffixed = parse_suffixed(rest, self.all_scales)
        value = suffixed[0] if suffixed else parse_digits(rest, dot_thousands=self.dot_thousands)
        if value is None:
            return None
        return self._scaled(Numeral(i, i + 1, value), money=True), self.lex.currency_symbols[symbol]

    def _value(self, i: int, *, opener: str, money: bool) -> tuple[Numeral, Numeral, float | None] | None:
        """A numeral or a range of two: (first, last, high end or None)."""
        doc = self.doc
        if i < len(doc):
            span = parse_range_token(doc[i].text, dot_thousands=self.dot_thousands)
            if span is not None:
                low = Numeral(i, i + 1, span[0])
                high = self._scaled(Numeral(i, i + 1, span[1]), money=money)
                low.value *= high.scale
                low.end = high.end
                return low, high, high.value
        first = self.numeral(i, money=money)
        if first is None:
            return None
        j = first.end
        echo = self.phrase_at(j, self.lex.percent_words)  # "10%-20%"
        joiner = doc[j + echo].lower_ if j + echo < len(doc) else ""
        if joiner in DASHES or (joiner == "to" and opener != "from") or (joiner == "and" and opener == "between"):
            k = j + echo + 1
            prefix = self.currency_prefix(k)
            second = self.numeral(k + (prefix[0] if prefix else 0), money=money)
            # "3.5 percent to $27.2 billion" is a change, not a range: both ends in one unit.
            same_unit = (prefix is None or money) and (
                not echo or second is not None and self.phrase_at(second.end, self.lex.percent_words))
            if second is not None and same_unit:
                low = first.value * (second.scale if first.scale == 1 and second.scale > 1 else 1)
                if second.value > low:
                    first.value = low
                    return first, second, second.value
        return first, first, None

    def _fraction(self, cand: Candidate, first: Numeral) -> bool:
        """"two-thirds", "one in five", "3 out of 10": a share, read as a percent."""
        doc, lex = self.doc, self.lex
        if cand.value_max is not None:
            return False
        j = first.end + (1 if first.end < len(doc) and doc[first.end].text in DASHES else 0)
        if j < len(doc) and doc[j].lower_ in lex.fractions and first.words:
            denominator = lex.fractions[doc[j].lower_]
            if 0 < first.value < denominator:
                self._set_percent(cand, 100 * first.value / denominator, end=j + 1)
                cand.anchor = j
                return True
        link = self.phrase_at(first.end, lex.fraction_links)
        if link:
            second = self.numeral(first.end + link)
            total = self.phrase_at(first.end, lex.total_links) == link
            if second is not None and self._share_base(first, second, total=total):
                self._set_percent(cand, 100 * first.value / second.value, end=second.end)
                cand.anchor = second.end - 1  # "three out of ten teachers": the whole names the noun
                return True
        return False

    def _share_base(self, part: Numeral, whole: Numeral, *, total: bool) -> bool:
        """"one in five", "3 out of 10" are shares; "23 out of 45 provinces" is a count and its
        total: "out of" makes a share only of a round whole (at most ten, or a power of ten)."""
        text = self.doc[whole.start].text
        if not part.value < whole.value <= 1000 or whole.letter_scale or (text.isdigit() and len(text) >= 4):
            return False
        return not total or whole.value <= 10 or whole.value in ROUND_WHOLES

    def _set_percent(self, cand: Candidate, value: float, *, end: int) -> None:
        cand.kind, cand.value, cand.end, cand.core_end = "percent", value, end, end

    def _suffix(self, cand: Candidate) -> None:
        """Percent sign or word, percentage points, a currency or a unit of measurement after the number."""
        j = cand.end
        points = self.phrase_at(j, self.lex.point_words)
        if points:
            cand.kind, cand.unit, cand.anchor = "percent", "pp", j + points - 1
            cand.end = cand.core_end = j + points
            return
        percent = self.phrase_at(j, self.lex.percent_words)
        if percent:
            cand.kind, cand.anchor = "percent", j + percent - 1
            cand.end = cand.core_end = j + percent
            return
        currency = self.currency_suffix(j)
        if currency:
            cand.kind, cand.unit, cand.anchor = "money", currency[1], j + currency[0] - 1
            cand.end = cand.core_end = j + currency[0]
            return
        unit = self.unit_at(j)
        if unit:
            cand.kind, cand.unit, cand.anchor = "measure", unit[1], j + unit[0] - 1
            cand.end = cand.core_end = j + unit[0]

    def unit_at(self, i: int) -> tuple[int, str] | None:
        """A unit of measurement starting at token i: (tokens used, unit symbol)."""
        if i >= len(self.doc):
            return None
        texts, lowers = self.texts[i:i + MAX_UNIT_TOKENS], self.lowers[i:i + MAX_UNIT_TOKENS]
        return next(((len(phrase), symbol) for phrase, symbol in self.lex.units.get(lowers[0], ())
                     if len(phrase) <= len(texts) and all(_unit_word(text, lower, form)
                                                          for text, lower, form in zip(texts, lowers, phrase))),
                    None)

    def _qualify(self, cand: Candidate) -> None:
        """Take in a qualifier ("about", "more than") or a range opener ("between") before."""
        doc = self.doc
        if cand.value_max is not None and cand.start > 0 and doc[cand.start - 1].lower_ in {"between", "from"}:
            cand.start -= 1
        size = self.phrase_before(cand.start, self.lex.qualifiers)
        if size:
            cand.qualifier = doc[cand.start - size:cand.start].text.lower()
            cand.start -= size


def _unit_word(text: str, lower: str, form: str) -> bool:
    """One-letter unit symbols are case-sensitive (g is a gram, 5G is not); words are not."""
    return text == form if len(form) == 1 else lower == form
