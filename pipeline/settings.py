"""One frozen settings object: shipped defaults, then the user's file, then the environment.

The layers are read with pydantic-settings: the shipped defaults (``config.toml`` in the rules
folder, ``models/`` in a checkout), the user's TOML file (``--config FILE`` or
``QALAM_CONFIG``) and ``QALAM_<SECTION>__<KEY>`` variables (``QALAM_PIPELINE__BATCH_SIZE=16``;
a list as ``QALAM_PIPELINE__DISABLE=parser,ner`` or JSON). Each later layer overrides keys of
the earlier ones; the merged result is validated once (types, ranges, unknown keys), and an
error names the layer the wrong value came from: the variable, the file and key.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, NoDecode, SettingsConfigDict

from pipeline.paths import MODELS_DIR

DEFAULTS_FILE = MODELS_DIR / "config.toml"
ENV_CONFIG = "QALAM_CONFIG"
ENV_PREFIX = "QALAM_"
ENV_NESTING = "__"


class SettingsError(ValueError):
    """The configuration cannot be used; the message says which key, where it was set, and why."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PipelineSettings(_Section):
    model: str = Field(min_length=1)
    batch_size: int = Field(ge=1)
    task_batch: int = Field(ge=1)
    workers: int = Field(ge=1)
    # spaCy's own ceiling for one Doc (nlp.max_length) is 1,000,000 characters.
    chunk_chars: int = Field(ge=1_000, le=1_000_000)
    dask_address: str = ""
    disable: Annotated[tuple[str, ...], NoDecode] = ()
    rules_dir: str = ""

    @field_validator("disable", mode="before")
    @classmethod
    def _list_from_text(cls, value: Any) -> Any:
        """A variable holds text: ``parser,ner`` or ``["parser", "ner"]`` (empty: none)."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("["):
            return json.loads(value)
        return [name.strip() for name in value.split(",") if name.strip()]

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
    max_connected_groups: int | None = Field(default=None, ge=1)


class EntityOverlapSettings(_Overrides):
    policy: Policy | None = None


class FiguresSettings(_Overrides):
    dot_thousands_langs: tuple[str, ...] | None = None


class InterviewSettings(_Overrides):
    cues: Policy | None = None


class QuotesSettings(_Overrides):
    cues: Policy | None = None
    min_words: int | None = Field(default=None, ge=1)
    max_context_tokens: int | None = Field(default=None, ge=1)


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
    max_bytes: int = Field(ge=1)
    max_pdf_pages: int = Field(ge=1)
    timeout_seconds: float = Field(gt=0)
    html_include_comments: bool


class LanguageSettings(_Section):
    min_chars: int = Field(ge=0)
    seed: int


class PrivacySettings(_Section):
    redact: bool


class Settings(BaseSettings):
    """Every setting, validated once; built by ``load_settings`` (or from a dump, by a task)."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True, env_prefix=ENV_PREFIX,
                                      env_nested_delimiter=ENV_NESTING)

    pipeline: PipelineSettings
    components: ComponentsSettings
    ingest: IngestSettings
    language: LanguageSettings
    privacy: PrivacySettings

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, **sources):
        """Only the values given: the layers are read by ``load_settings``, which knows their names."""
        return (init_settings,)

    def with_overrides(self, **sections: dict[str, Any]) -> "Settings":
        """A copy with some keys replaced, e.g. ``with_overrides(pipeline={"workers": 2})``."""
        data = self.model_dump(by_alias=True)
        for name, values in sections.items():
            data[name] = {**data[name], **values}
        return _validate([Layer("the command line", data)])


class _Environment(EnvSettingsSource):
    """``QALAM_<SECTION>__<KEY>`` variables, from ``environ`` instead of the process's own."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(Settings)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {name.lower(): value for name, value in self._environ.items()}


class Layer:
    """One source of settings: its name in messages and the values it sets."""

    def __init__(self, name: str, values: dict, *, variables: bool = False) -> None:
        self.name, self.values, self.variables = name, values, variables

    def sets(self, loc: tuple[str, ...]) -> bool:
        node: Any = self.values
        for part in loc:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    def key(self, loc: tuple[str, ...]) -> str:
        """The key at ``loc`` as the user wrote it: the variable, or the file's key and the file."""
        if self.variables:
            return ENV_PREFIX + ENV_NESTING.join(loc).upper()
        return f"'{'.'.join(loc)}' in {self.name}"


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


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


def _problem(error: dict, layers: list[Layer]) -> str:
    """One error, with the layer that set the value (the last one that sets it wins)."""
    loc = tuple(str(part) for part in error["loc"])
    setter = next((layer for layer in reversed(layers) if layer.sets(loc)), None)
    key = setter.key(loc) if setter else f"'{'.'.join(loc)}'"
    if error["type"] == "extra_forbidden":
        allowed = ", ".join(f.alias or name for name, f in _model_at(loc).model_fields.items())
        return f"unknown key {key} (allowed: {allowed})"
    # pydantic starts the messages of validators with "Value error, ": noise here
    return f"{key} = {error['input']!r}: {error['msg'].removeprefix('Value error, ')}"


def _validate(layers: list[Layer]) -> Settings:
    data: dict = {}
    for layer in layers:
        data = _merge(data, layer.values)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_problem(error, layers) for error in exc.errors())
        raise SettingsError(f"invalid settings: {problems}") from None


def _toml(path: Path, what: str) -> Layer:
    try:
        return Layer(f"{what} {path}", tomllib.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read {what} {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _variables(environ: Mapping[str, str]) -> Layer:
    """The QALAM_<SECTION>__<KEY> variables; a variable naming no section is an error, not ignored."""
    sections = Settings.model_fields
    unknown = sorted(name for name in environ if name.upper().startswith(ENV_PREFIX) and ENV_NESTING in name
                     and name[len(ENV_PREFIX):].split(ENV_NESTING)[0].lower() not in sections)
    if unknown:
        raise SettingsError(f"invalid settings: unknown section in {', '.join(unknown)} "
                            f"(sections: {', '.join(sections)})")
    try:
        return Layer("the environment", _Environment(environ)(), variables=True)
    except ValueError as exc:  # pydantic-settings could not parse a value
        raise SettingsError(f"invalid settings from the environment: {exc}") from None


def load_settings(config: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the shipped defaults, then ``config`` (or $QALAM_CONFIG), then QALAM_* variables."""
    environ = os.environ if environ is None else environ
    layers = [_toml(DEFAULTS_FILE, "the shipped defaults")]
    config = config or (Path(environ[ENV_CONFIG]) if environ.get(ENV_CONFIG) else None)
    if config is not None:
        layers.append(_toml(config, "settings file"))
    layers.append(_variables(environ))
    return _validate(layers)
