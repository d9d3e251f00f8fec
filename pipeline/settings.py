"""One frozen settings object: shipped defaults, then the user's file, then the environment."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

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
    ingest: IngestSettings
    language: LanguageSettings
    privacy: PrivacySettings

    def with_overrides(self, **sections: dict[str, Any]) -> "Settings":
        """A copy with some keys replaced, e.g. ``with_overrides(pipeline={"workers": 2})``."""
        data = self.model_dump()
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


def _validate(data: dict, *, source: str) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            if err["type"] == "extra_forbidden":
                section = err["loc"][0] if len(err["loc"]) > 1 else None
                model = Settings.model_fields[section].annotation if section in Settings.model_fields else Settings
                allowed = ", ".join(model.model_fields)
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
