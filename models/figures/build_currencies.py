"""Build models/figures/currencies.json from ISO 4217 (pycountry) and CLDR English names (babel).

Run from the project root when either package updates:
    .venv/bin/python models/figures/build_currencies.py
Hand-kept bare names, symbols and their ambiguities live in currency_aliases.json, not here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
from babel.numbers import get_currency_name, get_currency_symbol

OUT = Path(__file__).with_name("currencies.json")
# Codes that are ordinary English words in capitals or not money at all (metals, funds, tests).
SKIP_CODES = {"ALL", "TOP", "CUP", "PEN", "SOS", "MAD", "BOB", "NIO", "CHE", "CHW", "CLF", "COU",
              "MXV", "USN", "UYI", "UYW", "BOV", "VED", "XXX", "XTS"}


def names_for(code: str, iso_name: str) -> list[str]:
    """The lower-cased ISO name, CLDR singular and CLDR plural (and the ISO name's plural when
    CLDR pluralizes with -s: "convertible marks"), without duplicates."""
    singular, plural = get_currency_name(code, locale="en"), get_currency_name(code, count=2, locale="en")
    forms = [iso_name, singular, plural]
    if plural.lower() == singular.lower() + "s" and not iso_name.endswith("s"):
        forms.append(iso_name + "s")
    seen: list[str] = []
    for form in forms:
        form = form.lower().strip()
        if form and "(" not in form and form not in seen:
            seen.append(form)
    return seen


def build() -> dict[str, dict]:
    table: dict[str, dict] = {}
    for currency in sorted(pycountry.currencies, key=lambda c: c.alpha_3):
        code = currency.alpha_3
        if code in SKIP_CODES or code.startswith("X") and code not in {"XAF", "XOF", "XCD", "XPF"}:
            continue
        symbol = get_currency_symbol(code, locale="en")
        table[code] = {
            "names": names_for(code, currency.name),
            "symbols": [symbol] if symbol != code else [],
        }
    return table


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
