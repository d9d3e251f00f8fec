"""Build the currency tables from ISO 4217 (pycountry) and CLDR (babel).

Writes models/figures/currencies.json (ISO code -> CLDR symbols, the same in every language)
and models/figures/<locale>/currency_names.json (ISO code -> CLDR names in that language,
singular and plural forms). Run from the project root when either package updates, once per
language the figures component reads:
    .venv/bin/python models/figures/build_currencies.py en
Hand-kept symbols are in currency_symbols.json, bare names and their ambiguities in
<locale>/currency_aliases.json, not here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry
from babel.core import Locale
from babel.numbers import get_currency_name, get_currency_symbol

HERE = Path(__file__).parent
# Codes that are ordinary English words in capitals or not money at all (metals, funds, tests).
SKIP_CODES = {"ALL", "TOP", "CUP", "PEN", "SOS", "MAD", "BOB", "NIO", "CHE", "CHW", "CLF", "COU",
              "MXV", "USN", "UYI", "UYW", "BOV", "VED", "XXX", "XTS"}
KEPT_X_CODES = {"XAF", "XOF", "XCD", "XPF"}  # CFA francs, East Caribbean dollar, CFP franc


def money_codes() -> list[str]:
    codes = sorted(c.alpha_3 for c in pycountry.currencies)
    return [c for c in codes if c not in SKIP_CODES and (not c.startswith("X") or c in KEPT_X_CODES)]


def names_for(code: str, locale: str) -> list[str]:
    """The lower-cased CLDR names of every plural category of the language (English: one and
    other; Russian: one, few, many, other), and the ISO name in English."""
    forms = [get_currency_name(code, locale=locale)]
    forms += [get_currency_name(code, count=n, locale=locale) for n in _plural_samples(locale)]
    if locale == "en":
        forms.insert(0, pycountry.currencies.get(alpha_3=code).name)
        singular, plural = forms[1], forms[-1]
        if plural.lower() == singular.lower() + "s" and not forms[0].endswith("s"):
            forms.append(forms[0] + "s")  # "convertible marks"
    seen: list[str] = []
    for form in forms:
        form = form.lower().strip()
        if form and "(" not in form and form not in seen:
            seen.append(form)
    return seen


def _plural_samples(locale: str) -> list[int]:
    """One number of each plural category of the language (1, 2, 5, 21, ... as CLDR needs)."""
    rule = Locale.parse(locale).plural_form
    samples: dict[str, int] = {}
    for n in range(1, 112):
        samples.setdefault(rule(n), n)
    return list(samples.values())


def symbols() -> dict[str, list[str]]:
    table = {}
    for code in money_codes():
        symbol = get_currency_symbol(code, locale="en")
        table[code] = [symbol] if symbol != code else []
    return table


def write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    write(HERE / "currencies.json", symbols())
    for language in sys.argv[1:] or ["en"]:
        write(HERE / language / "currency_names.json", {code: names_for(code, language) for code in money_codes()})
