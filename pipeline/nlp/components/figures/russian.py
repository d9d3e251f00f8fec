"""qalam_ru_figures: counts, money and percentages in Russian text.

Numbers are read from digits (decimal comma, thousands grouped by spaces, no-break or thin
spaces, or dots: "76,4", "2 500", "1.250") and from number words in any case, by their
pymorphy3 lemmas ("двадцати трёх" -> 23, "пятеро", "полтора миллиона"), with a scale word or
its abbreviation after them ("35 тыс.", "2,2 трлн"). A percent sign or "процент(ов)",
percentage points ("п.п."), or a currency word, code or symbol after the number (сомони, сом,
тенге, сум, рубль/руб., доллар, евро; TJS, KGS, ...) sets the kind. Not figures: years and
dates, durations and ages ("4 месяца", "56 лет"), multipliers ("в два раза"), measures,
rates ("на 1000"), references ("статья 5", "ЦУР 1"), numbers glued to words ("45-е",
"41-летний"), times ("19:04"), and small counts that count no noun, unless the noun is
elided: "15 из них", an enumeration of counts in brackets ("в Москве (46), в Оше (12)"), or a
count after a dash that goes on from a count of the same sentence ("8 кандидатов, 5 — женщины").
A range "от 200 до 800" is one figure, its lower bound; a sum of money or a count of the same
noun told again in a later sentence is listed once.
Word lists: models/figures/ru/lexicon.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.figures.finder import SPAN_GROUP
from pipeline.nlp.extensions import span_payload
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.nlp.ru.morph import parses
from pipeline.records import Figure

LEXICON_FILE = "figures/ru/lexicon.json"
DIGITS = re.compile(r"^\d+(?:,\d+)?$|^\d{1,3}(?:\.\d{3})+$|^\d+\.\d{1,2}$")
RANGE = re.compile(r"^(\d+(?:,\d+)?)[-–—](\d+(?:,\d+)?)$")
GROUP = re.compile(r"^\d{3}$")
GROUP_SPACES = frozenset({" ", "\u00a0", "\u202f", "\u2009"})
YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
COUNTED_POS = frozenset({"NOUN", "PROPN"})
NOUN_WINDOW = 3
MIN_COUNT = 2
DASHES = frozenset({"—", "–", "-"})
PARTITIVE = "из"  # "15 из них": fifteen of them
RANGE_FROM, RANGE_TO = "от", "до"  # "от 200 до 800"
BRACKET_WINDOW = 6
MIN_UNDOTTED_REFERENCE = 3  # "ЦУР 1", "стр 5"; "с 46", "п 3" without a full stop are not references


@dataclass(frozen=True)
class RuLexicon:
    number_words: dict[str, float]
    scales: dict[str, float]
    percent_words: frozenset[str]
    point_words: tuple[tuple[str, ...], ...]
    currency_words: dict[str, str]
    currency_symbols: dict[str, str]
    qualifiers: tuple[tuple[str, ...], ...]
    duration_words: frozenset[str]
    measure_words: frozenset[str]
    reference_words: frozenset[str]
    months: frozenset[str]
    year_words: frozenset[str]

    @classmethod
    def from_json(cls, data: dict) -> "RuLexicon":
        phrases = lambda items: tuple(sorted((tuple(i) if isinstance(i, list) else tuple(i.split()) for i in items),
                                             key=len, reverse=True))
        return cls(
            number_words=data["number_words"], scales=data["scales"], percent_words=frozenset(data["percent_words"]),
            point_words=phrases(data["point_words"]), currency_words=data["currency_words"],
            currency_symbols=data["currency_symbols"], qualifiers=phrases(data["qualifiers"]),
            duration_words=frozenset(data["duration_words"]), measure_words=frozenset(data["measure_words"]),
            reference_words=frozenset(data["reference_words"]), months=frozenset(data["months"]),
            year_words=frozenset(data["year_words"]),
        )


def lemmas(token: Token) -> frozenset[str]:
    """The word as written and every dictionary form pymorphy3 gives it, lower-cased."""
    low = token.lower_
    return frozenset({low, *(p.normal_form for p in parses(low))})


def read_digits(text: str) -> float | None:
    """A Russian digit string: decimal comma ("76,4"), dot-grouped thousands ("1.250")."""
    if not DIGITS.match(text):
        return None
    if re.match(r"^\d{1,3}(?:\.\d{3})+$", text):
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))


@dataclass
class RuCandidate:
    start: int
    end: int
    value: float
    value_max: float | None = None
    kind: str = "count"
    unit: str | None = None
    qualifier: str | None = None
    words: bool = False
    digits: str = ""
    scale: float = 1.0  # the scale word's factor ("тыс." 1000)


class RussianFigureReader:
    """Reads figure candidates off one Doc's tokens and keeps the statistics among them."""

    def __init__(self, doc: Doc, lexicon: RuLexicon) -> None:
        self.doc, self.lex = doc, lexicon

    def figures(self) -> list[RuCandidate]:
        found, i = [], 0
        while i < len(self.doc):
            cand = self.read_at(i)
            if cand is None:
                i += 1
                continue
            cand = self.with_range_end(cand)
            if self.reason(cand) is None:
                found.append(cand)
            i = cand.end
        return found

    # -- reading ------------------------------------------------------------------------
    def number_at(self, i: int) -> tuple[int, float, bool, str] | None:
        """(end, value, written in words, digits as written) of the number at token i."""
        doc = self.doc
        token = doc[i]
        value = read_digits(token.text)
        if value is not None:
            end = i + 1
            while (end < len(doc) and len(doc[end - 1].text) <= 3 and doc[end - 1].text.isdigit()
                   and doc[end - 1].whitespace_ in GROUP_SPACES and GROUP.match(doc[end].text)):
                value = value * 1000 + float(doc[end].text)  # "2 500", "500 000"
                end += 1
            return end, value, False, doc[i:end].text
        total, end = self._words(i)
        return (end, total, True, "") if end > i else None

    def _words(self, i: int) -> tuple[float, int]:
        """Number words from token i: units summed ("двадцати трёх"), a scale multiplies."""
        doc, total, part, end = self.doc, 0.0, 0.0, i
        while end < len(doc):
            forms = lemmas(doc[end])
            value = next((self.lex.number_words[f] for f in forms if f in self.lex.number_words), None)
            if value is None:
                break
            part += value
            end += 1
        return total + part, end

    def scaled(self, end: int, value: float) -> tuple[int, float]:
        """A scale word or abbreviation after the number ("тыс.", "млн", "миллиона")."""
        doc = self.doc
        if end < len(doc):
            scale = next((self.lex.scales[f] for f in lemmas(doc[end]) if f in self.lex.scales), None)
            if scale is not None:
                end += 1
                if end < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_:
                    end += 1  # the abbreviation's full stop
                return end, value * scale
        return end, value

    def phrase_at(self, i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
        for phrase in phrases:
            if tuple(t.lower_ for t in self.doc[i:i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def read_at(self, i: int) -> RuCandidate | None:
        doc, lex = self.doc, self.lex
        symbol = lex.currency_symbols.get(doc[i].text)
        core = i + 1 if symbol else i
        if core >= len(doc):
            return None
        span = RANGE.match(doc[core].text)
        if span:
            end, low = self.scaled(core + 1, float(span.group(1).replace(",", ".")))
            factor = low / float(span.group(1).replace(",", "."))
            cand = RuCandidate(i, end, low, float(span.group(2).replace(",", ".")) * factor, digits=doc[core].text,
                               scale=factor)
        else:
            number = self.number_at(core)
            if number is None:
                return None
            end, value, words, digits = number
            end, scaled = self.scaled(end, value)
            cand = RuCandidate(i, end, scaled, words=words, digits=digits, scale=scaled / value if value else 1.0)
        if symbol:
            cand.kind, cand.unit = "money", symbol
        else:
            self._suffix(cand)
        self._qualify(cand)
        return cand

    def with_range_end(self, cand: RuCandidate) -> RuCandidate:
        """"от 200 до 800 человек", "от 2 до 3 млн рублей": one figure, the lower bound, with the
        upper one as ``value_max`` and the scale, kind and unit written after the upper one."""
        doc, at = self.doc, cand.end
        if (cand.start < 1 or doc[cand.start - 1].lower_ != RANGE_FROM or cand.value_max is not None
                or at + 1 >= len(doc) or doc[at].lower_ != RANGE_TO):
            return cand
        upper = self.read_at(at + 1)
        if upper is None or upper.value_max is not None or (cand.kind != "count" and upper.kind != cand.kind):
            return cand
        scale = upper.scale if cand.scale == 1.0 else 1.0
        kind, unit = (upper.kind, upper.unit) if cand.kind == "count" else (cand.kind, cand.unit)
        return RuCandidate(cand.start, upper.end, cand.value * scale, upper.value, kind=kind, unit=unit,
                           qualifier=cand.qualifier, words=cand.words, digits=cand.digits, scale=cand.scale * scale)

    def _suffix(self, cand: RuCandidate) -> None:
        doc, lex, j = self.doc, self.lex, cand.end
        if j >= len(doc):
            return
        points = self.phrase_at(j, lex.point_words)
        if points:
            cand.kind, cand.unit, cand.end = "percent", "pp", j + points
        elif lemmas(doc[j]) & lex.percent_words:
            cand.kind, cand.end = "percent", j + 1
        elif doc[j].text in lex.currency_symbols or doc[j].text in lex.currency_symbols.values():
            cand.kind, cand.unit, cand.end = "money", lex.currency_symbols.get(doc[j].text, doc[j].text), j + 1
        else:
            code = next((lex.currency_words[f] for f in lemmas(doc[j]) if f in lex.currency_words), None)
            if code is not None:
                cand.kind, cand.unit, cand.end = "money", code, j + 1

    def _qualify(self, cand: RuCandidate) -> None:
        for size in range(3, 0, -1):
            start = cand.start - size
            words = tuple(t.lower_ for t in self.doc[max(start, 0):cand.start])
            if start >= 0 and words in self.lex.qualifiers:
                cand.qualifier, cand.start = " ".join(words), start
                return

    # -- filtering ----------------------------------------------------------------------
    def reason(self, cand: RuCandidate) -> str | None:
        """Why a candidate is not a figure, or None."""
        doc, lex = self.doc, self.lex
        core = cand.start + (len(cand.qualifier.split()) if cand.qualifier else 0)
        before = doc[core - 1] if core > 0 else None
        after = doc[cand.end] if cand.end < len(doc) else None
        if before is not None and not before.whitespace_ and (before.is_alpha or before.text in {"-", ":", "/", "."}):
            return "glued to a word"
        if after is not None and not doc[cand.end - 1].whitespace_ and (after.is_alpha or after.text in {"-", ":", "/"}):
            return "glued to a word"  # "45-е", "41-летний", "19:04"
        if self._reference_before(core):
            return "reference"
        if cand.kind != "count":
            return None
        if cand.value < MIN_COUNT or cand.value != int(cand.value):
            return "not a count"
        following = lemmas(after) if after is not None else frozenset()
        if YEAR.match(cand.digits) and (not self._counts_noun(cand) or following & lex.year_words):
            return "year"
        if following & (lex.duration_words | lex.measure_words | lex.months) or self._range_of_measures(cand):
            return "date, duration or measure"
        if following & {"на"} or (before is not None and before.lower_ == "на" and cand.value in {100, 1000, 10000, 100000}):
            return "rate"
        if before is not None and before.is_alpha and (before.is_upper or before.is_title) and not before.is_sent_start \
                and before.pos_ in COUNTED_POS:
            return "identifier"
        if not self._counts_noun(cand) and cand.value < 100 and not self._elided_noun(cand):
            return "counts no noun"
        return None

    def _elided_noun(self, cand: RuCandidate) -> bool:
        """A count whose noun is left out (see module docstring)."""
        doc = self.doc
        after = doc[cand.end] if cand.end < len(doc) else None
        if after is None:
            return False
        if after.lower_ == PARTITIVE:
            return True
        earlier = [t for t in doc[doc[cand.start].sent.start:cand.start] if read_digits(t.text) is not None]
        if self._bracketed(cand.start, cand.end):
            return any(self._bracketed(t.i, t.i + 1) for t in earlier) or any(
                self._bracketed(t.i, t.i + 1) for t in doc[cand.end:doc[cand.start].sent.end] if read_digits(t.text) is not None)
        # "8 кандидатов, 5 — женщины", "110 глобальных и 61 национальный": the noun counted before
        return (after.text in DASHES or after.pos_ == "ADJ") and any(
            self._counts_noun(RuCandidate(t.i, t.i + 1, 0)) for t in earlier)

    def _reference_before(self, core: int) -> bool:
        """A reference word before the number: "статья 5", "ЦУР 1", an abbreviation with its
        full stop ("ст. 5", "с. 46"); a short word without one is a preposition ("с 46 тыс.")."""
        doc = self.doc
        if core < 1:
            return False
        word, dotted = doc[core - 1], False
        if word.text == "." and core >= 2 and doc[core - 2].is_alpha and not doc[core - 2].whitespace_:
            word, dotted = doc[core - 2], True
        return bool(lemmas(word) & self.lex.reference_words) and (
            dotted or not word.is_alpha or len(word.text) >= MIN_UNDOTTED_REFERENCE)  # "№ 5"

    def _range_of_measures(self, cand: RuCandidate) -> bool:
        """The first number of "от 700 до 2 500 м": the measure after the second one counts for both."""
        doc = self.doc
        if cand.end + 1 >= len(doc) or doc[cand.end].lower_ != "до":
            return False
        second = self.number_at(cand.end + 1)
        return second is not None and second[0] < len(doc) and bool(
            lemmas(doc[second[0]]) & (self.lex.duration_words | self.lex.measure_words | self.lex.months))

    def _bracketed(self, start: int, end: int) -> bool:
        """The number alone in brackets right after a word: "Оше (12)"."""
        doc = self.doc
        return (start >= 2 and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")"
                and doc[start - 2].is_alpha)

    def _counts_noun(self, cand: RuCandidate) -> bool:
        return self.counted_noun(cand) is not None

    def counted_noun(self, cand: RuCandidate) -> Token | None:
        """The noun right after the number, past adjectives and a bracketed aside ("1784 (76%) школах")."""
        doc, start = self.doc, cand.end
        if start < len(doc) and doc[start].text == "(":
            close = next((t.i for t in doc[start:start + BRACKET_WINDOW] if t.text == ")"), None)
            start = close + 1 if close is not None else start
        for token in doc[start:start + NOUN_WINDOW]:
            if token.pos_ in COUNTED_POS:
                return token
            if token.is_punct or token.is_space or token.pos_ not in {"ADJ", "DET"}:
                return None
        return None
        return False


def without_restatements(reader: RussianFigureReader, found: list[RuCandidate]) -> list[RuCandidate]:
    """The figures, less those that restate one of an earlier sentence: the same sum of money
    in the same currency ("500 млрд руб." ... "500 млрд рублей"), the same count of the same
    noun ("Задержали 15 человек" in the title, "задержаны 15 человек" in the text)."""
    doc = reader.doc
    seen: dict[tuple, int] = {}
    kept = []
    for cand in found:
        noun = reader.counted_noun(cand) if cand.kind == "count" else None
        key = (cand.kind, cand.value, cand.value_max, cand.unit, noun.lemma_ if noun is not None else None)
        sentence = doc[cand.start].sent.start
        if (cand.kind == "money" or noun is not None) and seen.get(key, sentence) != sentence:
            continue
        seen.setdefault(key, sentence)
        kept.append(cand)
    return kept


def sentence_year(doc: Doc, cand: RuCandidate, year_words: frozenset[str]) -> int | None:
    """A year the figure's sentence names ("в 2022 году")."""
    sent = doc[cand.start].sent
    for token in sent:
        if YEAR.match(token.text) and token.i + 1 < len(doc) and lemmas(doc[token.i + 1]) & year_words:
            return int(token.text)
    return None


class RussianFigures(RuleComponent):
    """Finds Russian figures and stores them as ``doc.spans["figures"]`` with their records."""

    RULE_FILES = (LEXICON_FILE,)

    def __init__(self, name: str) -> None:
        self.name = name

    def load_rules(self, rules: RuleData) -> None:
        self.lexicon = RuLexicon.from_json(rules.json(LEXICON_FILE))

    def annotate(self, doc: Doc) -> Doc:
        spans = []
        reader = RussianFigureReader(doc, self.lexicon)
        for cand in without_restatements(reader, reader.figures()):
            span = Span(doc, cand.start, cand.end, label=cand.kind)
            span._.figure = span_payload(Figure(
                text=span.text, start=span.start_char, end=span.end_char, kind=cand.kind, value=round(cand.value, 6),
                value_max=cand.value_max, unit=cand.unit, qualifier=cand.qualifier,
                year=sentence_year(doc, cand, self.lexicon.year_words),
            ))
            spans.append(span)
        doc.spans[SPAN_GROUP] = spans
        return doc


@Language.factory("qalam_ru_figures", requires=["token.pos", "token.lemma", "doc.sents"],
                  assigns=["doc.spans", "span._.figure"])
def make_ru_figures(nlp: Language, name: str) -> RussianFigures:
    """Russian figures; the word lists are read in ``initialize``."""
    return RussianFigures(name)
