"""Numerals and currencies for qalam_figures: the word lists and the value of a numeral.

Language-neutral code over per-language data. models/figures/ holds what every language
shares (ISO 4217 codes and symbols); models/figures/<language>/ holds that language's words:
number words with their values, scale words, fractions, qualifiers, units, currency names.
Our own code reads digit strings in both thousands conventions, scale words and suffixes
("1.5 million", "3bn", "€2.5m"), number words ("two thousand five hundred", from the
values in the lexicon) and the currency tables (ISO 4217 names and symbols built from
pycountry and CLDR, plus hand-kept bare names with document-context rules for ambiguous ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.nlp.rule_data import RuleData

CURRENCIES_FILE = "figures/currencies.json"
CURRENCY_SYMBOLS_FILE = "figures/currency_symbols.json"
SHARED_FILES = (CURRENCIES_FILE, CURRENCY_SYMBOLS_FILE)
# Each language's files, under figures/<language>/.
LEXICON, CURRENCY_NAMES, CURRENCY_ALIASES, UNITS = "lexicon.json", "currency_names.json", "currency_aliases.json", \
    "units.json"
LANGUAGE_FILES = (LEXICON, CURRENCY_NAMES, CURRENCY_ALIASES, UNITS)
# 14,000 · 14000 · 2.5 · .5 — the English convention.
COMMA_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
# 14.000 · 1.250.000,5 — dots (or thin/no-break spaces) group thousands, the comma is decimal.
DOT_NUMBER = re.compile(r"^\d{1,3}(?:[.\u202f\u00a0]\d{3})+(?:,\d+)?$")
RANGE_TOKEN = re.compile(r"^(\d[\d,.]*)[–—-](\d[\d,.]*)$")
SUFFIXED = re.compile(r"^(\d[\d,.]*)([a-z]+)$", re.IGNORECASE)
THOUSANDS_GROUP = re.compile(r"^\d{3}$")
DASHES = frozenset({"-", "–", "—"})
BIG_SCALE = 1000  # scale words from here on close a group ("thousand"); smaller ones multiply it ("hundred")


@dataclass(frozen=True)
class Lexicon:
    """Everything qalam_figures reads from models/figures/, lower-cased."""

    scales: dict[str, float]
    money_scales: dict[str, float]
    plural_endings: frozenset[str]
    number_words: dict[str, float]
    number_joiners: frozenset[str]
    fractions: dict[str, int]
    percent_words: tuple[tuple[str, ...], ...]
    point_words: tuple[tuple[str, ...], ...]
    qualifiers: tuple[tuple[str, ...], ...]
    plus_qualifier: str
    duration_units: frozenset[str]
    other_units: frozenset[str]
    units: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # unit_key of the first word -> (phrase, symbol), longest first
    time_markers: frozenset[str]
    reference_words: frozenset[str]
    street_words: frozenset[str]
    age_words: frozenset[str]
    definite_determiners: frozenset[str]
    possessives: frozenset[str]
    demonstratives: frozenset[str]
    articles: frozenset[str]
    multipliers: frozenset[str]
    fraction_links: tuple[tuple[str, ...], ...]
    total_links: tuple[tuple[str, ...], ...]
    equivalent_links: frozenset[str]
    name_labels: frozenset[str]
    date_labels: frozenset[str]
    elliptic_of_labels: frozenset[str]
    currency_symbols: dict[str, str]
    currency_names: dict[tuple[str, ...], str]
    currency_codes: frozenset[str]
    currency_context: dict[str, dict[str, list[str]]]


def _phrases(items: list) -> tuple[tuple[str, ...], ...]:
    """Phrases as token tuples, longest first so the longest match wins."""
    out = [tuple(item) if isinstance(item, list) else tuple(item.split()) for item in items]
    return tuple(sorted(out, key=len, reverse=True))


def _unit_phrases(units: dict[str, list[str]]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Every written form of every unit as a token tuple with its symbol, longest first, by the
    ``unit_key`` of its first word (so a token is compared with the units it can start only)."""
    pairs = [(tuple(form.split()), symbol) for symbol, forms in units.items() for form in forms]
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, symbol in sorted(pairs, key=lambda pair: len(pair[0]), reverse=True):
        by_first.setdefault(unit_key(phrase[0]), []).append((phrase, symbol))
    return {key: tuple(phrases) for key, phrases in by_first.items()}


def unit_key(form: str) -> str:
    """The lower-case word a unit's form matches: one-letter symbols are case-sensitive (g is a
    gram, G is not), so they are looked up by their lower case and then compared exactly."""
    return form.lower() if len(form) == 1 else form


def language_files(language: str) -> tuple[str, ...]:
    """The rule files of one language, relative to the rules folder."""
    return tuple(f"figures/{language}/{name}" for name in LANGUAGE_FILES)


def _currency_tables(rules: RuleData, language: str) -> tuple[dict[str, str], dict[tuple[str, ...], str],
                                                               frozenset[str], dict]:
    generated_symbols = rules.json(CURRENCIES_FILE)
    generated_names = rules.json(f"figures/{language}/{CURRENCY_NAMES}")
    aliases = rules.json(f"figures/{language}/{CURRENCY_ALIASES}")
    ambiguous = set(aliases["ambiguous_words"])
    symbols: dict[str, str] = {}
    names: dict[tuple[str, ...], str] = {}
    for code, code_symbols in generated_symbols.items():
        for symbol in code_symbols:
            symbols.setdefault(symbol, code)
    for code, code_names in generated_names.items():
        for name in code_names:
            if name not in ambiguous:
                names.setdefault(tuple(name.split()), code)
    symbols.update(rules.json(CURRENCY_SYMBOLS_FILE)["symbols"])
    names.update({tuple(name.split()): code for name, code in aliases["names"].items()})
    context = {name: rules for name, rules in aliases["context"].items() if not name.startswith("_")}
    return symbols, names, frozenset(generated_symbols), context


def lexicon_from(rules: RuleData, language: str = "en") -> Lexicon:
    """The word lists and currency tables of one language's figure rule files."""
    data = rules.json(f"figures/{language}/{LEXICON}")
    symbols, names, codes, context = _currency_tables(rules, language)
    return Lexicon(
        scales=data["scales"],
        money_scales=data["money_scales"],
        plural_endings=frozenset(data["plural_endings"]),
        number_words=data["number_words"],
        number_joiners=frozenset(data["number_joiners"]),
        fractions=data["fractions"],
        percent_words=_phrases(data["percent_words"]),
        point_words=_phrases(data["point_words"]),
        qualifiers=_phrases(data["qualifiers"]),
        plus_qualifier=data["plus_qualifier"],
        duration_units=frozenset(data["duration_units"]),
        other_units=frozenset(data["other_units"]),
        units=_unit_phrases(rules.json(f"figures/{language}/{UNITS}")["units"]),
        time_markers=frozenset(data["time_markers"]),
        reference_words=frozenset(data["reference_words"]),
        street_words=frozenset(data["street_words"]),
        age_words=frozenset(data["age_words"]),
        definite_determiners=frozenset(data["definite_determiners"]),
        possessives=frozenset(data["possessives"]),
        demonstratives=frozenset(data["demonstratives"]),
        articles=frozenset(data["articles"]),
        multipliers=frozenset(data["multipliers"]),
        fraction_links=_phrases(data["fraction_links"]),
        total_links=_phrases(data["total_links"]),
        equivalent_links=frozenset(data["equivalent_links"]),
        name_labels=frozenset(data["name_labels"]),
        date_labels=frozenset(data["date_labels"]),
        elliptic_of_labels=frozenset(data["elliptic_of_labels"]),
        currency_symbols=symbols,
        currency_names=names,
        currency_codes=codes,
        currency_context=context,
    )


def parse_digits(text: str, *, dot_thousands: bool = False) -> float | None:
    """The value of a digit string, or None if it is not a plain number.

    "14,000" and "2.5" always read the English way; "14.000" reads as fourteen thousand
    only when ``dot_thousands`` (the document's language groups with dots) or when there
    are several groups ("1.250.000"), which cannot be a decimal.
    """
    if DOT_NUMBER.match(text) and (dot_thousands or text.count(".") > 1 or "," in text):
        return float(re.sub(r"[.\u202f\u00a0]", "", text).replace(",", "."))
    if COMMA_NUMBER.match(text):
        return float(text.replace(",", ""))
    return None


def parse_range_token(text: str, *, dot_thousands: bool = False) -> tuple[float, float] | None:
    """A range written as one token ("2–3", "10-20"), low end below the high end."""
    match = RANGE_TOKEN.match(text)
    if not match:
        return None
    low = parse_digits(match.group(1), dot_thousands=dot_thousands)
    high = parse_digits(match.group(2), dot_thousands=dot_thousands)
    if low is None or high is None or high <= low:
        return None
    return low, high


def parse_suffixed(text: str, scales: dict[str, float]) -> tuple[float, str] | None:
    """A number with a scale glued on ("3bn", "10k", "2.5m"): (value, suffix)."""
    match = SUFFIXED.match(text)
    if not match or match.group(2).lower() not in scales:
        return None
    value = parse_digits(match.group(1))
    if value is None:
        return None
    return value * scales[match.group(2).lower()], match.group(2).lower()


def parse_words(words: list[str], lexicon: Lexicon) -> float | None:
    """The value of number words ("fourteen", "two thousand and five", "twenty-five") from the
    lexicon's values, or None when they do not make one number ("two three", "thousand million").

    Any language whose numbers add up from units, tens and hundreds and multiply by scale
    words reads this way; the words and their values are data.
    """
    total, group = 0.0, 0.0
    place = float("inf")  # each word added to a group is smaller than the place of the one before
    last_scale = float("inf")
    for word in words:
        if word in lexicon.number_joiners or word in DASHES:
            continue
        scale = lexicon.scales.get(word)
        if scale is not None and word not in lexicon.number_words:
            return None  # an abbreviation ("mln") follows digits, not words
        if scale is not None and scale < BIG_SCALE:  # "hundred" multiplies its group
            if group >= scale:
                return None
            group, place = (group or 1) * scale, scale
        elif scale is not None:
            if scale >= last_scale:
                return None
            total, group, place, last_scale = total + (group or 1) * scale, 0.0, float("inf"), scale
        elif word in lexicon.number_words:
            value = lexicon.number_words[word]
            if value >= place or value >= last_scale:
                return None
            group, place = group + value, _place(value)
        else:
            return None
    return total + group if words else None


def _place(value: float) -> float:
    """The smallest place a number word fills: 20 -> 10 (a unit may follow), 13 -> 1, 500 -> 100."""
    place = 1.0
    while value and value % (place * 10) == 0:  # zero fills no place beyond the units
        place *= 10
    return place


def is_thousands_group(text: str) -> bool:
    """A bare group of three digits, the tail of "14 000"."""
    return bool(THOUSANDS_GROUP.match(text))


def is_year_like(text: str, value: float) -> bool:
    """A four-digit integer that reads as a calendar year."""
    return text.isdigit() and len(text) == 4 and 1500 <= value <= 2100


def resolve_currency(name: str, default: str, *, lexicon: Lexicon, doc_words: frozenset[str],
                     doc_text_lower: str) -> str:
    """Switch an ambiguous bare currency name to another code when the document says so."""
    for code, cues in lexicon.currency_context.get(name, {}).items():
        for cue in cues:
            if (" " in cue and cue in doc_text_lower) or cue in doc_words:
                return code
    return default
