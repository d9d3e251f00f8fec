"""One frozen settings object: shipped defaults, then the user's file, then the environment."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.paths import MODELS_DIR

DEFAULTS_FILE = MODELS_DIR / "config.toml"
ENV_CONFIG = "QALAM_CONFIG"
ENV_PREFIX = "QALAM_"


class SettingsError(ValueError):
    """The configuration cannot be used; the message says which key and why."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PipelineSettings(_Section):
    model: str
    batch_size: int
    task_batch: int
    workers: int
    dask_address: str = ""
    disable: tuple[str, ...] = ()
    rules_dir: str = ""

    @property
    def rules_path(self) -> Path:
        """The folder the components read their rule files from (``models/`` unless set)."""
        return Path(self.rules_dir) if self.rules_dir else MODELS_DIR


class Policy(_Section):
    """A registered function, named as spaCy's config names it: ``{"@misc": "qalam.quote_cues.v1"}``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    misc: str = Field(alias="@misc")


class _Overrides(_Section):
    """Factory settings of one component; a key left unset keeps the factory's default."""

    def config(self) -> dict[str, Any]:
        """The keys that are set, as spaCy's ``add_pipe(config=...)`` takes them."""
        return self.model_dump(by_alias=True, exclude_none=True)


class GazetteerSettings(_Overrides):
    phrase_matcher_attr: str | None = None


class EntityShapesSettings(_Overrides):
    max_connected_groups: int | None = None


class EntityOverlapSettings(_Overrides):
    policy: Policy | None = None


class FiguresSettings(_Overrides):
    dot_thousands_langs: tuple[str, ...] | None = None


class InterviewSettings(_Overrides):
    cues: Policy | None = None


class QuotesSettings(_Overrides):
    cues: Policy | None = None
    min_words: int | None = None
    max_context_tokens: int | None = None


class ComponentsSettings(_Section):
    """qalam's components in the order they run, and their factory settings."""

    before_model: tuple[str, ...]
    after_model: tuple[str, ...]
    qalam_gazetteer: GazetteerSettings = GazetteerSettings()
    qalam_entity_shapes: EntityShapesSettings = EntityShapesSettings()
    qalam_entity_overlap: EntityOverlapSettings = EntityOverlapSettings()
    qalam_figures: FiguresSettings = FiguresSettings()
    qalam_interview: InterviewSettings = InterviewSettings()
    qalam_quotes: QuotesSettings = QuotesSettings()

    @property
    def order(self) -> tuple[str, ...]:
        return self.before_model + self.after_model

    def config(self, name: str) -> dict[str, Any]:
        """The factory settings ``name`` is added with (empty: the factory's defaults)."""
        overrides = getattr(self, name, None)
        return overrides.config() if isinstance(overrides, _Overrides) else {}


class IngestSettings(_Section):
    max_bytes: int
    max_pdf_pages: int
    timeout_seconds: float
    html_include_comments: bool


class LanguageSettings(_Section):
    min_chars: int
    seed: int


class PrivacySettings(_Section):
    redact: bool


class Settings(_Section):
    pipeline: PipelineSettings
    components: ComponentsSettings
    ingest: IngestSettings
    language: LanguageSettings
    privacy: PrivacySettings

    def with_overrides(self, **sections: dict[str, Any]) -> "Settings":
        """A copy with some keys replaced, e.g. ``with_overrides(pipeline={"workers": 2})``."""
        data = self.model_dump(by_alias=True)
        for name, values in sections.items():
            data[name] = {**data[name], **values}
        return _validate(data, source="overrides")


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _env_overrides(environ: dict[str, str]) -> dict:
    """``QALAM_PIPELINE__MODEL=en_core_web_md`` sets ``pipeline.model``."""
    found: dict[str, dict] = {}
    for key, value in environ.items():
        if key.startswith(ENV_PREFIX) and "__" in key:
            section, _, name = key[len(ENV_PREFIX):].lower().partition("__")
            found.setdefault(section, {})[name] = value
    return found


def _model_at(loc: tuple) -> type[BaseModel]:
    """The settings model that holds the key at ``loc`` (the error's location)."""
    model: type[BaseModel] = Settings
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        inner = next((a for a in getattr(annotation, "__args__", (annotation,))
                      if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if inner is None:
            break
        model = inner
    return model


def _validate(data: dict, *, source: str) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            if err["type"] == "extra_forbidden":
                allowed = ", ".join(f.alias or name for name, f in _model_at(err["loc"]).model_fields.items())
                problems.append(f"unknown key '{where}' (allowed: {allowed})")
            else:
                problems.append(f"{where}: {err['msg']}")
        raise SettingsError(f"invalid settings from {source}: " + "; ".join(problems)) from None


def load_settings(config: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read the shipped defaults, then ``config`` (or $QALAM_CONFIG), then QALAM_* variables."""
    environ = dict(os.environ if environ is None else environ)
    data = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    config = config or (Path(environ[ENV_CONFIG]) if environ.get(ENV_CONFIG) else None)
    source = str(DEFAULTS_FILE)
    if config is not None:
        try:
            user = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {config}: {exc}") from None
        data = _merge(data, user)
        source = str(config)
    data = _merge(data, _env_overrides(environ))
    return _validate(data, source=source)
