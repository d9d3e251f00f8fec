"""The pipeline's fingerprint: what decides whether a record made earlier is still current.

It hashes the statistical model's name and version, the model components switched off, the
chunk size the model reads (a long document's annotations depend on where it is cut), the
order and factory settings of qalam's components, the rule files they read (each
component's ``RULE_FILES``) and the rule lists ingest reads. Files that no step reads
(READMEs, build scripts) do not count, so documenting a list re-extracts nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from spacy.language import Language

from pipeline.ingest.clean import RULES_DIR as INGEST_RULES_DIR
from pipeline.ingest.language import CENTRAL_ASIAN_FILE
from pipeline.nlp.components import COMPONENTS
from pipeline.nlp.ru.pipeline import rule_files as russian_rule_files
from pipeline.settings import Settings

# Ingest reads its word lists (boilerplate vocabulary, Title Case words, ...) as .txt files.
INGEST_RULE_FILES = "*.txt"


def rule_files(settings: Settings) -> list[Path]:
    """The rule files that ingest, language detection and the components (English and Russian)
    read, in a fixed order."""
    folder = settings.pipeline.rules_path
    names = {name for component in settings.components.order for name in COMPONENTS[component].RULE_FILES}
    names |= set(russian_rule_files())
    return (sorted(INGEST_RULES_DIR.glob(INGEST_RULE_FILES)) + [CENTRAL_ASIAN_FILE]
            + [folder / name for name in sorted(names)])


def component_configs(settings: Settings) -> dict[str, dict]:
    """Each component's factory settings: the factory's defaults with the settings' overrides."""
    configs = {}
    for name in settings.components.order:
        defaults = dict(Language.get_factory_meta(name).default_config or {})
        configs[name] = {**defaults, **settings.components.config(name)}
    return configs


def rules_fingerprint(settings: Settings, *, model: str) -> str:
    """Hash of ``model`` (name==version), the disabled model components, the chunk size, the
    components' order and settings and the rule files they read."""
    digest = hashlib.sha256()
    described = {
        "model": model,
        "disable": sorted(settings.pipeline.disable),
        "chunk_chars": settings.pipeline.chunk_chars,
        "components": list(settings.components.order),
        "configs": component_configs(settings),
    }
    digest.update(json.dumps(described, sort_keys=True).encode())
    for path in rule_files(settings):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
