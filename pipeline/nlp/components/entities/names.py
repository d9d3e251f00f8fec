"""Name folding, entity ids and the generated gazetteer files shared by the entity components."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.paths import MODELS_DIR
from pipeline.text.rule_files import read_jsonl, read_list  # noqa: F401 - also used by scripts/build_gazetteers.py

ENTITIES_DIR = MODELS_DIR / "entities"
PATTERN_FILES = ("places.jsonl", "orgs.jsonl")
NAMES_FILE = "names.tsv"
NOT_ENTITIES_FILE = "not_entities.txt"
# Word lists of the shape rules and filters, keyed by the constants that hold them.
VOCABULARY: dict[str, list[str]] = json.loads((ENTITIES_DIR / "vocabulary.json").read_text(encoding="utf-8"))

# Labels of the output contract: every place label folds into PLACE.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "PLACE"})
APOSTROPHES = "'’‘`´"


@lru_cache(maxsize=65536)  # pure and called many times on the same names
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name (for grouping mentions)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(rf"[{APOSTROPHES}]s\b", "", text.casefold())
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def ascii_fold(text: str) -> str:
    """The name with diacritics removed ("Zürich" -> "Zurich"); other characters kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def contract_label(label: str) -> str:
    """ORG, PERSON or PLACE for a spaCy entity label (others pass through)."""
    return "PLACE" if label in PLACE_LABELS else label


def entity_id(label: str, name: str) -> str:
    """Stable slug of the contract label and canonical name, e.g. "org:united-nations"."""
    slug = re.sub(r"[\W_]+", "-", fold(name)).strip("-") or "unnamed"  # keeps non-Latin letters
    return f"{contract_label(label).lower()}:{slug}"


def load_patterns(directory: Path = ENTITIES_DIR) -> list[dict]:
    """All generated span-ruler patterns (places then organizations)."""
    return [p for name in PATTERN_FILES for p in read_jsonl(directory / name)]


@lru_cache(maxsize=4)
def canonical_names(directory: Path = ENTITIES_DIR) -> dict[str, str]:
    """Entity id -> canonical name for every gazetteer and curated entry."""
    names = {}
    for line in (directory / NAMES_FILE).read_text(encoding="utf-8").splitlines():
        key, _, name = line.partition("\t")
        names[key] = name
    return names


@lru_cache(maxsize=4)
def not_entities(directory: Path = ENTITIES_DIR) -> frozenset[str]:
    """Folded names that are kinds, adjectives or common nouns, never named entities."""
    return frozenset(fold(word) for word in read_list(directory / NOT_ENTITIES_FILE))
