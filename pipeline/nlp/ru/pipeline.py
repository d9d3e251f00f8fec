"""Build the Russian pipeline: ``spacy.blank("ru")`` with razdel's tokens, natasha's models,
spaCy's Russian lemmatizer (pymorphy3, remembering its answers) and qalam's components in ``RULE_COMPONENTS`` order."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.nlp import components  # noqa: F401 - registers the qalam factories
from pipeline.nlp.components.entities import russian as _entities  # noqa: F401 - registers qalam_ru_entities
from pipeline.nlp.components.figures import russian as _figures  # noqa: F401 - registers qalam_ru_figures
from pipeline.nlp.components.interview.analyzer import InterviewAnalyzer
from pipeline.nlp.components.quotes import russian as _quotes  # noqa: F401 - registers qalam_ru_quotes
from pipeline.nlp.ru import lemmatizer as _lemmatizer  # noqa: F401 - registers qalam_ru_lemmatizer
from pipeline.nlp.ru import slovnet_tagger  # noqa: F401 - registers qalam_ru_slovnet
from pipeline.nlp.ru.tokenizer import RazdelTokenizer
from pipeline.nlp.rule_data import initialize_rules

LANGUAGE = "ru"
# qalam's components after the model, each reading its rule files: entities (the place
# gazetteer), figures, the interview (English's component, its word lists merged over
# languages) and quotes. The interview comes before quotes so that answers are not taken
# for quotations.
RULE_COMPONENTS = ("qalam_ru_entities", "qalam_ru_figures", "qalam_interview", "qalam_ru_quotes")
RULE_CLASSES = {"qalam_ru_entities": _entities.RussianEntities, "qalam_ru_figures": _figures.RussianFigures,
                "qalam_interview": InterviewAnalyzer, "qalam_ru_quotes": _quotes.RussianQuotes}
# What a Russian record's annotations depend on besides qalam's own rule files.
PACKAGES = ("natasha", "slovnet", "navec", "razdel", "pymorphy3", "pymorphy3-dicts-ru")


def build_russian(rules_dir: Path) -> Language:
    """The Russian pipeline with its rule components' files read from ``rules_dir``."""
    nlp = spacy.blank(LANGUAGE)
    nlp.tokenizer = RazdelTokenizer(nlp.vocab)
    nlp.add_pipe("qalam_ru_slovnet")
    nlp.add_pipe("qalam_ru_lemmatizer", name="lemmatizer")
    nlp.get_pipe("lemmatizer").initialize()  # pymorphy3 mode reads no tables
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    initialize_rules(nlp, RULE_COMPONENTS, rules_dir=rules_dir)
    return nlp


def packages_version() -> str:
    """The installed versions of the packages the Russian pipeline runs on."""
    return " ".join(f"{name}=={version(name)}" for name in PACKAGES)


def rule_files() -> tuple[str, ...]:
    """The rule files the Russian components read (relative to the rules folder)."""
    return tuple(name for component in RULE_COMPONENTS for name in RULE_CLASSES[component].RULE_FILES)
