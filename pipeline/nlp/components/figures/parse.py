"""Numerals and currencies for qalam_figures: the word lists and the value of a numeral.

Number words ("fourteen", "two thousand five hundred") are read by text2num
(``text_to_num.text2num``). Everything else is our own code over the lists in
models/figures/: digit strings in both thousands conventions, scale words and suffixes
("1.5 million", "3bn", "€2.5m"), "a dozen", "half a million", fractions ("two-thirds")
and the currency table (ISO 4217 names and symbols built from pycountry and CLDR, plus
hand-kept bare names with document-context rules for ambiguous ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from pipeline.nlp.rule_data import RuleData

LEXICON_FILE = "figures/lexicon.json"
CURRENCIES_FILE = "figures/currencies.json"
CURRENCY_ALIASES_FILE = "figures/currency_aliases.json"
# 14,000 · 14000 · 2.5 · .5 — the English convention.
COMMA_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
# 14.000 · 1.250.000,5 — dots (or thin/no-break spaces) group thousands, the comma is decimal.
DOT_NUMBER = re.compile(r"^\d{1,3}(?:[.\u202f\u00a0]\d{3})+(?:,\d+)?$")
RANGE_TOKEN = re.compile(r"^(\d[\d,.]*)[–—-](\d[\d,.]*)$")
SUFFIXED = re.compile(r"^(\d[\d,.]*)([a-z]+)$", re.IGNORECASE)
THOUSANDS_GROUP = re.compile(r"^\d{3}$")


@dataclass(frozen=True)
class Lexicon:
    """Everything qalam_figures reads from models/figures/, lower-cased."""

    scales: dict[str, float]
    money_scales: dict[str, float]
    number_words: frozenset[str]
    fractions: dict[str, int]
    percent_words: tuple[tuple[str, ...], ...]
    point_words: tuple[tuple[str, ...], ...]
    qualifiers: tuple[tuple[str, ...], ...]
    duration_units: frozenset[str]
    measure_units: frozenset[str]
    time_markers: frozenset[str]
    reference_words: frozenset[str]
    age_words: frozenset[str]
    definite_determiners: frozenset[str]
    multipliers: frozenset[str]
    fraction_links: tuple[tuple[str, ...], ...]
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


def _currency_tables(rules: RuleData) -> tuple[dict[str, str], dict[tuple[str, ...], str], frozenset[str], dict]:
    generated = rules.json(CURRENCIES_FILE)
    aliases = rules.json(CURRENCY_ALIASES_FILE)
    ambiguous = set(aliases["ambiguous_words"])
    symbols: dict[str, str] = {}
    names: dict[tuple[str, ...], str] = {}
    for code, entry in generated.items():
        for symbol in entry["symbols"]:
            symbols.setdefault(symbol, code)
        for name in entry["names"]:
            if name not in ambiguous:
                names.setdefault(tuple(name.split()), code)
    symbols.update(aliases["symbols"])
    names.update({tuple(name.split()): code for name, code in aliases["names"].items()})
    context = {name: rules for name, rules in aliases["context"].items() if not name.startswith("_")}
    return symbols, names, frozenset(generated), context


def lexicon_from(rules: RuleData) -> Lexicon:
    """The word lists and currency tables of the figure rule files."""
    data = rules.json(LEXICON_FILE)
    symbols, names, codes, context = _currency_tables(rules)
    return Lexicon(
        scales=data["scales"],
        money_scales=data["money_scales"],
        number_words=frozenset(data["number_words"]),
        fractions=data["fractions"],
        percent_words=_phrases(data["percent_words"]),
        point_words=_phrases(data["point_words"]),
        qualifiers=_phrases(data["qualifiers"]),
        duration_units=frozenset(data["duration_units"]),
        measure_units=frozenset(data["measure_units"]),
        time_markers=frozenset(data["time_markers"]),
        reference_words=frozenset(data["reference_words"]),
        age_words=frozenset(data["age_words"]),
        definite_determiners=frozenset(data["definite_determiners"]),
        multipliers=frozenset(data["multipliers"]),
        fraction_links=_phrases(data["fraction_links"]),
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


def parse_words(words: list[str]) -> float | None:
    """The value of number words ("fourteen", "two thousand and five"), via text2num."""
    text = " ".join(words).lower().replace(" - ", "-")
    try:
        return float(text2num(text, "en"))
    except ValueError:
        return None


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
