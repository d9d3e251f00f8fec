"""Front matter: the YAML (``---``) or TOML (``+++``) block that static-site generators (Jekyll,
Hugo, Eleventy) put at the top of Markdown and HTML sources. It is metadata, never text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

import yaml

from pipeline.ingest.clean import normalize_line
from pipeline.ingest.metadata import clean_authors, iso_date

FENCES = {"---": re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M), "+++": re.compile(r"^\+\+\+[ \t]*$", re.M)}
OPENING = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n")
# A first line shaped like "key: value" or "key = value": front matter even when it fails to parse.
KEY_LINE = re.compile(r"^[\w-]+\s*[:=]")
TITLE_KEYS = ("title", "headline", "name")
AUTHOR_KEYS = ("authors", "author", "byline", "creator", "creators")
DATE_KEYS = ("date", "published", "publishdate", "publish_date", "published_time", "pubdate", "created")


@dataclass
class FrontMatter:
    """What the front matter says about the document."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    warnings: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The parsed front matter (None when there is none) and the text after it."""
    opening = OPENING.match(text)
    if not opening:
        return None, text
    closing = FENCES[opening.group(1)].search(text, opening.end())
    if not closing:
        return None, text
    source, rest = text[opening.end():closing.start()], text[closing.end():].lstrip("\r\n")
    try:
        data = tomllib.loads(source) if opening.group(1) == "+++" else yaml.safe_load(source)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        if not KEY_LINE.match(source.lstrip()):
            return None, text  # a Markdown rule, some text, another rule: not front matter
        first_line = str(exc).strip().splitlines()[0]
        return FrontMatter(warnings=[f"the front matter could not be parsed and was skipped ({first_line})"]), rest
    if not isinstance(data, dict):
        return None, text
    return _front_matter(data), rest


def _front_matter(data: dict) -> FrontMatter:
    keys = {str(k).lower(): v for k, v in data.items()}
    title = next((normalize_line(v) for k in TITLE_KEYS if isinstance(v := keys.get(k), str) and v.strip()), None)
    published = next((d for k in DATE_KEYS if (d := iso_date(keys.get(k)))), None)
    names: list[str] = []
    for key in AUTHOR_KEYS:
        names.extend(_names(keys.get(key)))
    return FrontMatter(title=title, authors=clean_authors(names), published=published)


def _names(value: object) -> list[str]:
    """Author names from a string, a list, or mappings with a ``name`` (as themes write them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []
