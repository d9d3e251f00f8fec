"""Name folding, entity ids and contract labels, shared by the entity components, the
gazetteer build script and corpus inspection."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.text.quote_marks import APOSTROPHE_LOOKALIKES, APOSTROPHES

# Labels of the output contract: every place label folds into PLACE.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "PLACE"})
POSSESSIVE_S = re.compile(rf"[{APOSTROPHES}{APOSTROPHE_LOOKALIKES}]s\b")


@lru_cache(maxsize=65536)  # pure and called many times on the same names
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name (for grouping mentions)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = POSSESSIVE_S.sub("", text.casefold())
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
