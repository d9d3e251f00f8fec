"""Rule data of the qalam components: read in ``initialize``, saved and restored with the pipeline.

Each component names the files it reads (``RULE_FILES``, relative to the rules folder,
``models/`` by default). ``initialize`` reads exactly those files; ``to_disk``/``from_disk``
and ``to_bytes``/``from_bytes`` carry their text with the pipeline, so ``nlp.to_disk(p)``
then ``spacy.load(p)`` needs no rules folder. The fingerprint of a record hashes the same
files (pipeline.nlp.fingerprint).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList, ensure_path

from pipeline.text.rule_files import jsonl_records, list_entries, tsv_pairs


def initialize_rules(nlp, names: tuple[str, ...], *, rules_dir: Path) -> None:
    """Let each of the components ``names`` of ``nlp`` read its rule files from ``rules_dir``
    (never ``nlp.initialize()``, which would reset trained components)."""
    for name in names:
        nlp.get_pipe(name).initialize(lambda: [], nlp=nlp, rules_dir=rules_dir)


class RuleData:
    """The text of the rule files one component read, by path relative to the rules folder."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    @classmethod
    def read(cls, folder: Path, names: Iterable[str]) -> "RuleData":
        return cls({name: (folder / name).read_text(encoding="utf-8") for name in names})

    def entries(self, name: str) -> list[str]:
        """A curated list: one entry per line, ``#`` comments skipped."""
        return list_entries(self.texts[name])

    def records(self, name: str) -> list[dict]:
        """A JSON-lines file."""
        return jsonl_records(self.texts[name])

    def json(self, name: str) -> Any:
        return json.loads(self.texts[name])

    def pairs(self, name: str) -> dict[str, str]:
        """A two-column tab-separated table."""
        return tsv_pairs(self.texts[name])


class RulesNotRead(RuntimeError):
    """A component ran before its rule files were read (no initialize, no from_disk)."""


class RuleComponent:
    """Base of the qalam components whose rules are files: subclasses name the files in
    ``RULE_FILES``, turn them into lookup structures in ``load_rules`` and annotate a Doc in
    ``annotate``."""

    RULE_FILES: ClassVar[tuple[str, ...]] = ()
    name: str
    rules: RuleData | None = None

    def load_rules(self, rules: RuleData) -> None:
        raise NotImplementedError

    def annotate(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise RulesNotRead(f"{self.name} has not read its rule files: call its initialize(rules_dir=...) "
                               f"(pipeline.nlp.build does), or load a saved pipeline with spacy.load")
        return self.annotate(doc)

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp=None,
                   rules_dir: str | Path) -> None:
        """Read the rule files from ``rules_dir`` (spaCy's initialize step; never at import)."""
        self.rules = RuleData.read(Path(rules_dir), self.RULE_FILES)
        self.load_rules(self.rules)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        path = ensure_path(path)
        for name, text in self.rules.texts.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()):
        self.initialize(rules_dir=ensure_path(path))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return srsly.msgpack_dumps(self.rules.texts)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()):
        self.rules = RuleData(srsly.msgpack_loads(data))
        self.load_rules(self.rules)
        return self
